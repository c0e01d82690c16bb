package org.mixdown.host.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.mixdown.host.album.Album;
import org.mixdown.host.album.MasterJob;
import org.mixdown.host.album.Mastering;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "master", mixinStandardHelpOptions = true,
        description = {"Master an album: every track to a loudness target under a true-peak ceiling, with fades, "
            + "gaps and crossfades, and the continuous album file.",
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
        Progress progress = Progress.start("mastering", quiet);
        MasterJob.Outcome outcome = MasterJob.run(albumFile, output, report, Registries.all(),
                new Mastering.Listener() {
                    @Override
                    public void trackDone(Mastering.TrackResult track) {
                        progress.finish();
                        if (!quiet) {
                            out.println(line(track.output(), track.measured().integratedLufs(),
                                    track.measured().truePeakDbtp(), track.onTarget() ? "on target" : "OFF TARGET"));
                            out.flush();
                        }
                    }

                    @Override
                    public void rendering(Album.Track track, long done, long total) {
                        progress.update(done, total);   // one bar per pass: measuring, then correcting
                    }
                });
        progress.finish();
        var result = outcome.result();
        if (!quiet) {
            if (result.albumMeasured() != null) {
                out.println(line(result.albumFile(), result.albumMeasured().integratedLufs(),
                        result.albumMeasured().truePeakDbtp(), "(album file)"));
            }
            out.println("target: " + outcome.target() + ", mode: " + outcome.mode().name().toLowerCase(Locale.ROOT)
                    + ", dither: " + result.dither());
            result.notes().forEach(n -> out.println("note: " + n));
            if (report != null) {
                out.println("report: " + report.resolve("report.html"));
            }
        }
        outcome.warnings().forEach(w -> err.println("mixdown: warning: " + w));
        return 0;
    }

    private static String line(Path file, Double lufs, Double peak, String verdict) {
        return String.format(Locale.ROOT, "%s  %6.2f LUFS  %6.2f dBTP  %s", file, lufs == null ? Double.NaN : lufs,
                peak == null ? Double.NaN : peak, verdict);
    }
}
