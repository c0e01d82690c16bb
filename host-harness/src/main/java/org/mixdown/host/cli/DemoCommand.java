package org.mixdown.host.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.mixdown.host.MixdownException;
import org.mixdown.host.album.MasterJob;
import org.mixdown.host.album.Mastering;
import org.mixdown.host.analysis.AnalysisResult;
import org.mixdown.host.demo.Demo;
import org.mixdown.host.demo.DemoSong;
import org.mixdown.host.session.MixJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

// description lines are kept under 80 columns so picocli never wraps inside a file name
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"The whole story in one command: synthesise a song, mix it, master it.",
            "  1. stems/: six stems of a short song in A minor (kick, snare, hats, bass,",
            "     chords, lead), synthesised.",
            "  2. session.json: every track through mix.strip (filter, gate, EQ,",
            "     compressor, saturation), sends to a mix.reverb bus, the lead fading in;",
            "     mixed as `mixdown mix` does into mix.wav, mix-stems/ and mix-report/.",
            "  3. album.json: master.eq -> master.multiband -> master.imager ->",
            "     master.limiter, a fade-out, 16-bit dither; mastered as `mixdown master`",
            "     does to the streaming target (-14 LUFS, -1 dBTP) into master/ and",
            "     report/report.html.",
            "Edit session.json or album.json and run `mixdown mix` or `mixdown master` on",
            "them to hear the difference (the demo prints both command lines)."})
final class DemoCommand implements Callable<Integer> {
    static final double MIN_SECONDS = 10;
    static final double MAX_SECONDS = 300;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", defaultValue = "mixdown-demo",
            description = "Where to write the files (default ${DEFAULT-VALUE}); existing demo files are replaced.")
    Path directory;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "30",
            description = "About how long the song is, 10..300 (default ${DEFAULT-VALUE}); rounded to whole "
                    + "passes of the four-bar progression plus a closing bar.")
    double seconds;

    @Option(names = {"-q", "--quiet"}, description = "No progress bar.")
    boolean quiet;

    @Spec
    CommandSpec spec;

    private long started;
    private long stepStarted;

    @Override
    public Integer call() throws Exception {
        if (!(seconds >= MIN_SECONDS && seconds <= MAX_SECONDS)) {
            throw new MixdownException("--seconds " + seconds + ": expected " + (int) MIN_SECONDS + ".."
                    + (int) MAX_SECONDS);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        started = System.nanoTime();
        stepStarted = started;
        Demo demo = new Demo(directory, seconds, Registries.all());
        Demo.Layout files = demo.layout();
        out.printf(Locale.ROOT, "Mixdown demo: a %.0f-second song (%d bars at %.0f BPM, Am - F - C - G) into %s%n",
                demo.song().seconds(), demo.song().bars(), DemoSong.BPM, directory);

        step(out, 1, "synthesising the stems");
        List<Path> stems = demo.synthesise();
        stems.forEach(s -> out.println("      " + s));
        took(out);

        step(out, 2, "mixing: channel strips (filter, gate, eq, comp, saturation), a reverb send, the lead fading in");
        out.println("      " + demo.writeSession());
        Progress mixing = Progress.start("mix", quiet);
        MixJob.Outcome mix;
        try {
            mix = demo.mix(mixing::update);
        } finally {
            mixing.finish();
        }
        out.println("      " + files.mix());
        out.println("      " + files.mixedStems() + "/  (every track and the reverb bus as mixed)");
        out.println("      " + files.mixReport().resolve("report.html"));
        mix.warnings().forEach(w -> err.println("mixdown: warning: " + w));
        took(out);

        step(out, 3, "mastering: " + String.join(" -> ", Demo.MASTER_CHAIN) + ", fade-out, 16-bit dither");
        out.println("      " + demo.writeAlbum());
        out.flush();
        MasterJob.Outcome master = demo.master(track -> printTrack(out, track));
        Mastering.Result result = master.result();
        if (result.albumFile() != null) {
            out.println("      " + result.albumFile() + "  (the album file)");
        }
        out.println("      " + files.masterReport().resolve("report.html"));
        master.warnings().forEach(w -> err.println("mixdown: warning: " + w));
        took(out);

        // the job measured both ends: the mix on the way in ("before"), the master as written
        Mastering.TrackResult track = result.tracks().get(0);
        Path masterFile = track.output();
        AnalysisResult mixed = track.report().before();
        AnalysisResult mastered = track.measured();
        out.println();
        out.printf(Locale.ROOT, "The mix measures %.2f LUFS integrated, %.2f dBTP true peak.%n",
                orNaN(mixed.integratedLufs()), orNaN(mixed.truePeakDbtp()));
        out.printf(Locale.ROOT, "The master measures %.2f LUFS integrated, %.2f dBTP true peak: %s %s.%n",
                orNaN(mastered.integratedLufs()), orNaN(mastered.truePeakDbtp()),
                track.onTarget() ? "on target" : "OFF TARGET", Demo.TARGET);
        out.printf(Locale.ROOT, "Done in %.1f s.%n", (System.nanoTime() - started) / 1e9);
        out.println();
        out.println("Listen: " + masterFile + "  (before mastering: " + files.mix() + ")");
        out.println("Open:   " + files.masterReport().resolve("report.html") + "  (the master; the mix's: "
                + files.mixReport().resolve("report.html") + ")");
        out.println("Change: edit " + files.session() + " or " + files.album() + ", then");
        out.println("        mixdown mix " + files.session() + " -o " + files.mix() + " --bits 24 --stems "
                + files.mixedStems() + " --report " + files.mixReport());
        out.println("        mixdown master " + files.album() + " -o " + files.masters() + " --report "
                + files.masterReport());
        return 0;
    }

    private static void step(PrintWriter out, int number, String what) {
        out.println("[" + number + "/3] " + what);
        out.flush();
    }

    /** Prints how long the step took, so a slow machine shows where the time goes. */
    private void took(PrintWriter out) {
        long now = System.nanoTime();
        out.printf(Locale.ROOT, "      (%.1f s)%n", (now - stepStarted) / 1e9);
        out.flush();
        stepStarted = now;
    }

    private static void printTrack(PrintWriter out, Mastering.TrackResult track) {
        out.println("      " + track.output() + levels(track.measured())
                + (track.onTarget() ? "  on target" : "  OFF TARGET"));
        out.flush();
    }

    private static String levels(AnalysisResult a) {
        return String.format(Locale.ROOT, "  %.2f LUFS  %.2f dBTP", orNaN(a.integratedLufs()), orNaN(a.truePeakDbtp()));
    }

    private static double orNaN(Double v) {
        return v == null ? Double.NaN : v;
    }
}
