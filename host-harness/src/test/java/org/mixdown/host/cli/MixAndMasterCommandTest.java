package org.mixdown.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mixdown.host.analysis.AnalysisResult;
import org.mixdown.host.analysis.Analyzer;
import org.mixdown.host.io.SampleEncoding;
import org.mixdown.testkit.Signals;

/** `mixdown mix` and `mixdown master` end to end, and their bad input: exit 2, one line, no output. */
class MixAndMasterCommandTest {
    @TempDir
    Path dir;

    private void stems() throws Exception {
        Cli.writeWav(dir.resolve("bass.wav"), new float[][] {Signals.sine(55, 48000, 96000, 0.4)}, 48000,
                SampleEncoding.PCM_16);
        Cli.writeWav(dir.resolve("keys.wav"), new float[][] {Signals.pinkNoise(120000, 0.3, 1),
            Signals.pinkNoise(120000, 0.3, 2)}, 48000, SampleEncoding.PCM_24);
    }

    @Test
    void mixWritesTheMixStemsAndAReport() throws Exception {
        stems();
        Path session = dir.resolve("session.json");
        Files.writeString(session, "{\"tracks\": [{\"name\": \"bass\", \"file\": \"bass.wav\", \"fader\": -3},"
                + " {\"name\": \"keys\", \"file\": \"keys.wav\", \"pan\": 20, \"sends\": [{\"bus\": \"fx\", \"level\": -10}],"
                + " \"automation\": {\"fader\": [[0, -20], [1, 0]]}}],"
                + " \"buses\": [{\"name\": \"fx\", \"chain\": [{\"plugin\": \"mix.gain\", \"params\": {\"gain\": -3}}]}],"
                + " \"master\": {\"chain\": [{\"plugin\": \"master.limiter\", \"params\": {\"ceiling\": -1}}]}}");
        Path stems = Files.createDirectories(dir.resolve("stems"));
        Cli cli = Cli.run("mix", session.toString(), "-o", dir.resolve("mix.wav").toString(), "--stems",
                stems.toString(), "--bits", "24", "--report", dir.resolve("report").toString(), "-q");
        assertEquals(0, cli.status, cli.toString());
        AnalysisResult mix = Analyzer.analyze(dir.resolve("mix.wav"));
        assertEquals(2.5, mix.durationSeconds(), 1e-9, "the longest stem");
        assertTrue(mix.truePeakDbtp() <= -1.0 + 0.05, "the master limiter holds: " + mix.truePeakDbtp());
        for (String stem : new String[] {"bass.wav", "keys.wav", "bus-fx.wav"}) {
            assertEquals(2.5, Analyzer.analyze(stems.resolve(stem)).durationSeconds(), 1e-9, stem);
        }
        String html = Files.readString(dir.resolve("report/report.html"));
        assertTrue(html.contains("PASS") || html.contains("FAIL"), "a verdict");
        assertTrue(Files.size(dir.resolve("report/01-loudness.png")) > 1000);
        assertTrue(Files.exists(dir.resolve("report/01-gainreduction.png")), "the limiter's gain reduction");
    }

    @Test
    void masterWritesEveryTrackTheAlbumAndAReport() throws Exception {
        stems();
        Path album = dir.resolve("album.json");
        Files.writeString(album, "{\"target\": {\"preset\": \"streaming\"}, \"chain\": [{\"plugin\": \"master.limiter\"}],"
                + " \"tracks\": [{\"file\": \"keys.wav\", \"fadeOut\": 0.5}, {\"file\": \"bass.wav\", \"gap\": 1}],"
                + " \"output\": {\"bits\": 16, \"dither\": true, \"album\": \"album.wav\"}}");
        Path out = dir.resolve("masters");
        Cli cli = Cli.run("master", album.toString(), "-o", out.toString(), "--report", dir.resolve("r").toString());
        assertEquals(0, cli.status, cli.toString());
        assertTrue(cli.out.contains("on target"), cli.out);
        assertTrue(cli.out.contains("dither: master.dither plugin"), cli.out);
        for (String file : new String[] {"01-keys.wav", "02-bass.wav"}) {
            AnalysisResult a = Analyzer.analyze(out.resolve(file));
            assertEquals(-14, a.integratedLufs(), 0.5, file);
            assertTrue(a.truePeakDbtp() <= -1, file + " " + a.truePeakDbtp());
        }
        assertEquals(2.5 + 1 + 2, Analyzer.analyze(out.resolve("album.wav")).durationSeconds(), 1e-9);
        String html = Files.readString(dir.resolve("r/report.html"));
        assertTrue(html.contains("class=\"verdict pass\">PASS"), "both masters on target");
        assertTrue(html.contains("data:image/png;base64,"), "plots embedded");
    }

    @Test
    void badSessionsAndAlbumsExitWithStatus2AndOneLineBeforeAnyAudio() throws Exception {
        stems();
        Path session = dir.resolve("session.json");
        Files.writeString(session, "{\"tracks\": [{\"file\": \"bass.wav\", \"sends\": [{\"bus\": \"nope\"}]}]}");
        Path mix = dir.resolve("mix.wav");
        Cli cli = Cli.run("mix", session.toString(), "-o", mix.toString());
        assertEquals(2, cli.status, cli.toString());
        assertEquals(1, cli.err.strip().lines().count(), cli.err);
        assertTrue(cli.err.contains("$.tracks[0].sends[0].bus: no bus named 'nope'"), cli.err);
        assertFalse(Files.exists(mix), "no mix written");

        Path album = dir.resolve("album.json");
        Files.writeString(album, "{\"target\": {\"preset\": \"spotify\"}, \"tracks\": [{\"file\": \"bass.wav\"}]}");
        cli = Cli.run("master", album.toString(), "-o", dir.resolve("m").toString());
        assertEquals(2, cli.status, cli.toString());
        assertTrue(cli.err.contains("$.target.preset: unknown loudness preset 'spotify'"), cli.err);
        assertFalse(Files.exists(dir.resolve("m")), "nothing created");

        Files.writeString(album, "{\"target\": {\"lufs\": -14, \"truePeak\": -1}, \"tracks\": [{\"file\": \"gone.wav\"}]}");
        cli = Cli.run("master", album.toString(), "-o", dir.resolve("m").toString());
        assertEquals(2, cli.status, cli.toString());
        assertTrue(cli.err.contains("$.tracks[0].file") && cli.err.contains("gone.wav"), cli.err);
    }
}
