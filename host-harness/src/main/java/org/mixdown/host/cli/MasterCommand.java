package org.mixdown.host.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.mixdown.host.album.Album;
import org.mixdown.host.album.Mastering;
import org.mixdown.host.report.Report;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "master", mixinStandardHelpOptions = true,
        description = {"Master an album: every track to a loudness target under a true-peak "
        + "ceiling, with fades, gaps and crossfades, and the continuous album file.",
    "The album file is checked before any audio is processed; each master appears only when complete."})
final class MasterCommand implements Callable<Integer> {
    @Parameters(paramLabel = "ALBUM.json", description = "The album file.")
    Path albumFile;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUTDIR",
            description = "Directory for the masters (created if needed).")
    Path output;

    @Option(names = "--report", paramLabel = "DIR", description = "Write report.html and plots into DIR.")
    Path report;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing but errors.")
    boolean quiet;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (Album album = Album.read(albumFile, Registries.all())) {
            Mastering mastering = new Mastering(album, Registries.all(), report != null);
            Mastering.Result result = mastering.run(output, track -> {
                if (!quiet) {
                    out.println(String.format(Locale.ROOT, "%s  %6.2f LUFS  %6.2f dBTP  %s", track.output(),
                            orNaN(track.measured().integratedLufs()), orNaN(track.measured().truePeakDbtp()),
                            track.onTarget() ? "on target" : "OFF TARGET"));
                    out.flush();
                }
            });
            if (!quiet) {
                if (result.albumFile() != null) {
                    out.println(String.format(Locale.ROOT, "%s  %6.2f LUFS  %6.2f dBTP  (album file)",
                            result.albumFile(), orNaN(result.albumMeasured().integratedLufs()),
                            orNaN(result.albumMeasured().truePeakDbtp())));
                }
                out.println("target: " + album.target() + ", dither: " + result.dither());
                result.notes().forEach(n -> out.println("note: " + n));
            }
            if (report != null) {
                List<Report.Section> sections = new ArrayList<>();
                for (Mastering.TrackResult t : result.tracks()) {
                    List<String> notes = new ArrayList<>(t.notes());
                    notes.add("before = " + t.track().file().getFileName() + " as mixed, after = the master");
                    sections.add(new Report.Section(t.output().getFileName().toString(), t.report(), notes));
                }
                List<String> notes = new ArrayList<>();
                if (result.albumMeasured() != null) {
                    notes.add(String.format(Locale.ROOT, "Album file %s: %.2f LUFS integrated, %.2f LU range, "
                            + "%.2f dBTP true peak.", result.albumFile().getFileName(),
                            orNaN(result.albumMeasured().integratedLufs()),
                            orNaN(result.albumMeasured().loudnessRange()),
                            orNaN(result.albumMeasured().truePeakDbtp())));
                }
                notes.add("Mode: " + album.mode().name().toLowerCase(Locale.ROOT) + "; dither: " + result.dither()
                        + ".");
                notes.addAll(result.notes());
                Report.write(report, "Master of " + albumFile.getFileName(), album.target(), sections, notes)
                        .forEach(w -> err.println("mixdown: warning: " + w));
                if (!quiet) {
                    out.println("report: " + report.resolve("report.html"));
                }
            }
        }
        return 0;
    }

    private static double orNaN(Double v) {
        return v == null ? Double.NaN : v;
    }
}
