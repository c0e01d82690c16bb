package org.mixdown.host.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mixdown.host.album.Album;
import org.mixdown.host.album.LoudnessTarget;
import org.mixdown.host.album.Mastering;
import org.mixdown.host.session.TestAudio;
import org.mixdown.testkit.Signals;

class ReportTest {
    static final int RATE = 48000;

    @TempDir
    static Path dir;

    /** One loud master (the limiter works hard), shared by the tests. */
    private static Mastering.Result loud;

    @BeforeAll
    static void masterOnce() throws Exception {
        loud = master("cd");
    }

    /** Masters one dynamic track through the limiter and gathers the report's measurements. */
    private static Mastering.Result master(String preset) throws Exception {
        float[] l = Signals.pinkNoise(4 * RATE, 0.5, 1);
        float[] r = Signals.pinkNoise(4 * RATE, 0.5, 2);
        for (int n = 0; n < l.length; n++) {
            float swell = (float) (0.3 + 0.7 * Math.abs(Math.sin(Math.PI * n / (3.0 * RATE))));
            l[n] *= swell;
            r[n] = 0.6f * l[n] + 0.4f * r[n] * swell;
        }
        TestAudio.write(dir.resolve("song.wav"), new float[][] {l, r}, RATE);
        Path file = dir.resolve("album.json");
        Files.writeString(file, "{\"target\": {\"preset\": \"" + preset + "\"}, \"chain\": [{\"plugin\": "
                + "\"master.limiter\"}], \"tracks\": [{\"file\": \"song.wav\", \"fadeOut\": 1}]}");
        try (Album album = Album.read(file, TestAudio.registry())) {
            return new Mastering(album, TestAudio.registry(), true).run(dir.resolve("out"), t -> { });
        }
    }

    private static List<Report.Section> sections(Mastering.Result result) {
        return result.tracks().stream().map(t -> new Report.Section(t.output().getFileName().toString(), t.report(),
                t.notes())).toList();
    }

    @Test
    void aReportHasAVerdictTheFiguresAndReadablePlots() throws Exception {
        Mastering.Result result = loud;
        Path out = Path.of(System.getProperty("mixdown.report.dir", dir.resolve("report").toString()));
        List<String> warnings = Report.write(out, "Test master", LoudnessTarget.preset("cd"),
                sections(result));
        assertEquals(List.of(), warnings);
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("class=\"verdict pass\">PASS"), "on target: PASS");
        assertTrue(html.contains("integrated loudness (LUFS)") && html.contains("true peak (dBTP)")
                && html.contains("loudness range (LU)") && html.contains("L/R correlation"), "the figures");
        for (String plot : List.of("loudness", "truepeak", "gainreduction", "spectrum", "waveform")) {
            BufferedImage image = ImageIO.read(out.resolve("01-" + plot + ".png").toFile());
            assertEquals(900, image.getWidth(), plot);
            assertEquals(320, image.getHeight(), plot);
            assertTrue(html.contains("alt=\"" + plot + "\" src=\"data:image/png;base64,"), plot + " embedded");
        }
        Recorder.Measurements m = result.tracks().get(0).report();
        assertTrue(m.gainReduction().get(0).max() > 1, "the limiter's gain reduction is recorded");
        assertEquals(40, m.momentaryAfter().size(), "a point every 100 ms");
    }

    @Test
    void aMasterOffTargetFails() throws Exception {
        Report.write(dir.resolve("wrong"), "judged against the wrong target", LoudnessTarget.preset("broadcast"),
                sections(loud));
        String html = Files.readString(dir.resolve("wrong/report.html"));
        assertTrue(html.contains("class=\"verdict fail\">FAIL"), "a -9 LUFS master is not a -23 LUFS one");
        assertTrue(html.contains("LU off target"), "says why");
    }

    @Test
    void withoutAWorkingGraphicsStackTheReportIsStillWrittenWithAWarning() throws Exception {
        Mastering.Result result = loud;
        Report.Drawer working = Report.drawer;
        Report.drawer = (m, t) -> {
            throw new InternalError("Fontconfig head is null, check your fonts or fonts configuration");
        };
        try {
            List<String> warnings = Report.write(dir.resolve("r"), "no fonts", LoudnessTarget.preset("cd"),
                    sections(result));
            assertEquals(1, warnings.size());
            assertTrue(warnings.get(0).contains("plots skipped"), warnings.get(0));
        } finally {
            Report.drawer = working;
        }
        String html = Files.readString(dir.resolve("r/report.html"));
        assertTrue(html.contains("PASS") && html.contains("plots skipped"), "figures and the warning");
        try (Stream<Path> files = Files.list(dir.resolve("r"))) {
            assertFalse(files.anyMatch(p -> p.toString().endsWith(".png")), "no plots");
        }
    }
}
