package org.mixdown.host.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mixdown.host.album.LoudnessTarget;
import org.mixdown.host.analysis.AnalysisResult;
import org.mixdown.host.analysis.Analyzer;

/** Runs one short demo (10 s) and checks every file it promises, measuring the master independently. */
class DemoCommandTest {
    private static final List<String> STEMS = List.of("kick", "snare", "hats", "bass", "chords", "lead");

    @TempDir
    static Path dir;

    private static Path demo;
    private static Cli cli;

    @BeforeAll
    static void runTheDemo() {
        demo = dir.resolve("demo");
        cli = Cli.run("demo", "--seconds", "10", "-o", demo.toString());
        System.out.println(cli.out);
    }

    @Test
    void succeedsAndPrintsWhereToLook() {
        assertEquals(0, cli.status, cli.toString());
        assertTrue(cli.out.contains("on target"), cli.out);
        assertTrue(cli.out.contains(demo.resolve("report").resolve("report.html").toString()), cli.out);
        assertTrue(cli.out.contains(demo.resolve("master").resolve("01-mix.wav").toString()), cli.out);
        assertEquals("", cli.err, "no warnings");
    }

    @Test
    void synthesisesMonoStemsThatAreNotSilent() throws Exception {
        for (String name : STEMS) {
            Path stem = demo.resolve("stems").resolve(name + ".wav");
            AnalysisResult a = Analyzer.analyze(stem);
            assertEquals(1, a.channels(), name);
            assertEquals(48_000, a.sampleRate(), name);
            assertTrue(a.durationSeconds() >= 10, name + " lasts " + a.durationSeconds() + " s");
            assertTrue(a.samplePeakDbfs() > -30 && a.samplePeakDbfs() < 0, name + " peaks at " + a.samplePeakDbfs());
        }
    }

    @Test
    void writesASessionOfChannelStripsWithAReverbSendThatMixAcceptsAgain() throws Exception {
        JsonNode session = new ObjectMapper().readTree(demo.resolve("session.json").toFile());
        assertEquals(STEMS.size(), session.get("tracks").size());
        int sends = 0;
        for (JsonNode track : session.get("tracks")) {
            assertTrue(track.get("strip").size() >= 4, "strip settings of " + track.get("name"));
            sends += track.has("sends") ? track.get("sends").size() : 0;
        }
        assertTrue(sends >= 4, "sends to the room");
        JsonNode room = session.get("buses").get(0);
        assertEquals("room", room.get("name").asText());
        assertEquals("mix.reverb", room.get("chain").get(0).get("plugin").asText());
        assertEquals(100, room.get("chain").get(0).get("params").get("mix").asDouble());
        assertTrue(session.get("tracks").get(5).get("automation").has("fader"), "the lead fades in");

        // what the user would run after editing it: the same session gives the same mix
        Path again = dir.resolve("again.wav");
        Cli mix = Cli.run("mix", demo.resolve("session.json").toString(), "-o", again.toString(), "--bits", "24",
                "--quiet");
        assertEquals(0, mix.status, mix.toString());
        float[][] first = Cli.readWav(demo.resolve("mix.wav"));
        float[][] second = Cli.readWav(again);
        assertEquals(2, first.length);
        for (int c = 0; c < 2; c++) {
            assertArrayEquals(first[c], second[c], "channel " + c);
        }
    }

    @Test
    void mastersTheMixToMinus14LufsUnderMinus1Dbtp() throws Exception {
        JsonNode album = new ObjectMapper().readTree(demo.resolve("album.json").toFile());
        List<String> chain = new ArrayList<>();
        album.get("chain").forEach(p -> chain.add(p.get("plugin").asText()));
        assertEquals(List.of("master.eq", "master.multiband", "master.imager", "master.limiter"), chain);
        assertEquals("streaming", album.get("target").get("preset").asText());

        LoudnessTarget streaming = LoudnessTarget.preset("streaming");
        for (String file : List.of("01-mix.wav", "album.wav")) {
            AnalysisResult master = Analyzer.analyze(demo.resolve("master").resolve(file));
            System.out.printf("%s: %.2f LUFS, %.2f dBTP%n", file, master.integratedLufs(), master.truePeakDbtp());
            assertEquals(2, master.channels());
            assertEquals(streaming.lufs(), master.integratedLufs(), LoudnessTarget.TOLERANCE_LU, file + " loudness");
            assertTrue(master.truePeakDbtp() <= streaming.truePeakDbtp() + 1e-9, file + " true peak "
                    + master.truePeakDbtp());
        }
        AnalysisResult mix = Analyzer.analyze(demo.resolve("mix.wav"));
        assertTrue(mix.integratedLufs() < streaming.lufs() - 3, "the master is louder than the mix: "
                + mix.integratedLufs());
    }

    @Test
    void writesReportsWhosePlotsExist() throws IOException {
        for (String report : List.of("report", "mix-report")) {
            Path directory = demo.resolve(report);
            String html = Files.readString(directory.resolve("report.html"));
            assertTrue(html.contains("PASS") || report.equals("mix-report"), report + " verdict");
            Matcher plot = Pattern.compile("alt=\"([^\"]+)\" src=\"data:image/png").matcher(html);
            int plots = 0;
            while (plot.find()) {
                plots++;
                Path png = directory.resolve("01-" + plot.group(1) + ".png");
                assertTrue(Files.exists(png), png + " referenced by " + report);
                assertNotNull(ImageIO.read(png.toFile()), png + " is a picture");
            }
            assertTrue(plots >= 3, report + " has " + plots + " plots");
            try (Stream<Path> files = Files.list(directory)) {
                assertEquals(plots, files.filter(p -> p.toString().endsWith(".png")).count(), "a file per plot");
            }
        }
    }

    @Test
    void helpDescribesTheOptions() {
        Cli help = Cli.run("demo", "--help");
        assertEquals(0, help.status, help.toString());
        for (String option : List.of("--output", "--seconds", "--quiet", "-14 LUFS")) {
            assertTrue(help.out.contains(option), option + " in\n" + help.out);
        }
    }

    @Test
    void refusesASongLengthOutOfRange() {
        Cli bad = Cli.run("demo", "--seconds", "2", "-o", dir.resolve("never").toString());
        assertEquals(Main.BAD_INPUT, bad.status, bad.toString());
        assertTrue(bad.err.contains("--seconds"), bad.err);
        assertFalse(Files.exists(dir.resolve("never")), "nothing written");
    }
}
