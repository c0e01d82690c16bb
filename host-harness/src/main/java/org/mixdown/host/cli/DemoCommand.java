package org.mixdown.host.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.mixdown.host.analysis.AnalysisResult;
import org.mixdown.host.demo.Demo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "demo", description = "Synthesise a short song, mix it through Mixdown's plugins, write the WAVs and analyse the mix.")
final class DemoCommand implements Callable<Integer> {
    @Option(names = {"-o", "--output"}, paramLabel = "DIR", defaultValue = "mixdown-demo",
            description = "Where to write the files (default ${DEFAULT-VALUE}).")
    Path directory;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        out.println("Mixdown demo: synthesising 8 bars, mixing through mix.gain and mix.pan...");
        AnalysisResult mix = Demo.run(directory, Registries.all(), out);
        out.println();
        AnalyzeCommand.print(out, mix);
        out.println();
        out.println("Listen to " + directory.resolve("mix.wav") + "; the stems are beside it.");
        return 0;
    }
}
