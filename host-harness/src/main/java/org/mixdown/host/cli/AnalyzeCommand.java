package org.mixdown.host.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.mixdown.host.analysis.AnalysisResult;
import org.mixdown.host.analysis.Analyzer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "analyze", description = "Measure loudness (BS.1770-4 / EBU R128), true peak, RMS and correlation.")
final class AnalyzeCommand implements Callable<Integer> {
    @Option(names = "--json", description = "Print JSON: one object for one file, an array for several.")
    boolean json;

    @Parameters(paramLabel = "IN.wav", arity = "1..*", description = "Files to analyse.")
    List<Path> files;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<AnalysisResult> results = new ArrayList<>();
        for (Path file : files) {
            results.add(Analyzer.analyze(file));
        }
        if (json) {
            out.println(JsonOutput.write(results.size() == 1 ? results.get(0) : results));
            return 0;
        }
        for (AnalysisResult r : results) {
            print(out, r);
        }
        return 0;
    }

    static void print(PrintWriter out, AnalysisResult r) {
        out.println(r.file());
        out.printf(Locale.ROOT, "  integrated     %s LUFS%n", number(r.integratedLufs()));
        out.printf(Locale.ROOT, "  loudness range %s LU%n", number(r.loudnessRange()));
        out.printf(Locale.ROOT, "  short-term max %s LUFS%n", number(r.shortTermMaxLufs()));
        out.printf(Locale.ROOT, "  momentary max  %s LUFS%n", number(r.momentaryMaxLufs()));
        out.printf(Locale.ROOT, "  true peak      %s dBTP%n", number(r.truePeakDbtp()));
        out.printf(Locale.ROOT, "  sample peak    %s dBFS%n", number(r.samplePeakDbfs()));
        out.printf(Locale.ROOT, "  rms            %s dBFS%n", number(r.rmsDbfs()));
        out.printf(Locale.ROOT, "  correlation    %s%n", number(r.correlation()));
        out.printf(Locale.ROOT, "  %.3f s, %d Hz, %d channel%s%n", r.durationSeconds(), r.sampleRate(), r.channels(),
                r.channels() == 1 ? "" : "s");
    }

    private static String number(Double value) {
        return value == null ? "   -inf" : String.format(Locale.ROOT, "%7.2f", value);
    }
}
