package org.mixdown.host.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mixdown.host.io.SampleEncoding;
import org.mixdown.testkit.Signals;

/**
 * Every bad input: exit status 2, one line on stderr naming the file (and the JSON path), no stack trace,
 * and no output file left behind (an existing output is not clobbered).
 */
class BadInputTest {
    @TempDir
    Path dir;
    Path goodWav;
    Path goodChain;
    Path out;

    @BeforeEach
    void files() throws Exception {
        goodWav = dir.resolve("good.wav");
        Cli.writeWav(goodWav, new float[][] {Signals.sine(440, 48000, 4800, 0.5)}, 48000, SampleEncoding.PCM_16);
        goodChain = dir.resolve("good.json");
        Files.writeString(goodChain, "{\"chain\": [{\"plugin\": \"mix.gain\", \"params\": {\"gain\": -3}}]}");
        out = dir.resolve("out.wav");
    }

    private Cli render(Path chain, Path input) {
        return Cli.run("render", "-c", chain.toString(), "-o", out.toString(), input.toString());
    }

    private Path chain(String json) throws Exception {
        Path file = dir.resolve("chain.json");
        Files.writeString(file, json);
        return file;
    }

    private static void assertOneLineError(Cli cli, String... fragments) {
        assertEquals(2, cli.status, cli.toString());
        String[] lines = cli.err.strip().split("\n");
        assertEquals(1, lines.length, "exactly one line on stderr: " + cli.err);
        for (String fragment : fragments) {
            assertTrue(lines[0].contains(fragment), "'" + fragment + "' missing from: " + lines[0]);
        }
        assertFalse(cli.err.contains("\tat "), "no stack trace without --debug");
    }

    private void assertNoOutput() throws Exception {
        assertFalse(Files.exists(out), "no output may be left");
        try (Stream<Path> files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().contains(".part")), "no temp file left");
        }
    }

    @Test
    void missingInput() throws Exception {
        assertOneLineError(render(goodChain, dir.resolve("nope.wav")), "nope.wav");
        assertNoOutput();
    }

    @Test
    void notAWavFile() throws Exception {
        Path text = dir.resolve("notes.wav");
        Files.writeString(text, "these are not the samples you are looking for");
        assertOneLineError(render(goodChain, text), "notes.wav", "WAV");
        assertNoOutput();
    }

    @Test
    void truncatedWav() throws Exception {
        byte[] bytes = Files.readAllBytes(goodWav);
        Path cut = dir.resolve("cut.wav");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertOneLineError(render(goodChain, cut), "cut.wav", "truncated");
        assertNoOutput();
    }

    @Test
    void unsupportedEncoding() throws Exception {
        byte[] bytes = Files.readAllBytes(goodWav);
        bytes[20] = 0x55;  // format tag: MPEG layer 3
        bytes[21] = 0;
        Path mp3 = dir.resolve("mp3.wav");
        Files.write(mp3, bytes);
        assertOneLineError(render(goodChain, mp3), "mp3.wav", "unsupported");
        assertNoOutput();
    }

    @Test
    void malformedJson() throws Exception {
        assertOneLineError(render(chain("{\"chain\": [ {\"plugin\": \"mix.gain\", }"), goodWav), "chain.json",
                "malformed JSON", "line 1");
        assertNoOutput();
    }

    @Test
    void unknownPlugin() throws Exception {
        assertOneLineError(render(chain("{\"chain\": [{\"plugin\": \"mix.nothing\"}]}"), goodWav), "chain.json",
                "$.chain[0].plugin", "mix.nothing");
        assertNoOutput();
    }

    @Test
    void unknownParameter() throws Exception {
        assertOneLineError(render(chain("{\"chain\": [{\"plugin\": \"mix.gain\", \"params\": {\"gian\": 1}}]}"),
                goodWav), "chain.json", "$.chain[0].params.gian", "gian");
        assertNoOutput();
    }

    @Test
    void valueOutOfRange() throws Exception {
        assertOneLineError(render(chain("{\"chain\": [{\"plugin\": \"mix.gain\"}, "
                + "{\"plugin\": \"mix.gain\", \"params\": {\"gain\": 40}}]}"), goodWav),
                "chain.json", "$.chain[1].params.gain", "-96..24 dB");
        assertNoOutput();
    }

    @Test
    void wrongTypeOfValue() throws Exception {
        assertOneLineError(render(chain("{\"chain\": [{\"plugin\": \"mix.pan\", \"params\": {\"law\": \"-9dB\"}}]}"),
                goodWav), "$.chain[0].params.law", "-3dB");
        assertNoOutput();
    }

    @Test
    void unwritableOutput() throws Exception {
        Path blocked = dir.resolve("file-not-dir");
        Files.writeString(blocked, "x");
        Path target = blocked.resolve("out.wav");
        Cli cli = Cli.run("render", "-c", goodChain.toString(), "-o", target.toString(), goodWav.toString());
        assertOneLineError(cli, "out.wav");
        assertFalse(Files.exists(target));
    }

    @Test
    void aFailedRenderDoesNotClobberAnExistingOutput() throws Exception {
        byte[] previous = {1, 2, 3, 4};
        Files.write(out, previous);
        Cli cli = render(chain("{\"chain\": [{\"plugin\": \"mix.gain\", \"params\": {\"gain\": 99}}]}"), goodWav);
        assertEquals(2, cli.status);
        assertArrayEquals(previous, Files.readAllBytes(out));
    }

    @Test
    void debugShowsTheStackTrace() throws Exception {
        Cli cli = Cli.run("--debug", "render", "-c", goodChain.toString(), "-o", out.toString(),
                dir.resolve("nope.wav").toString());
        assertEquals(2, cli.status);
        assertTrue(cli.err.contains("\tat "), cli.err);
    }

    @Test
    void badOptionsAreBadInputToo() {
        Cli cli = Cli.run("render", "--block", "0", "-c", goodChain.toString(), "-o", out.toString(),
                goodWav.toString());
        assertOneLineError(cli, "--block");
        assertOneLineError(Cli.run("describe", "mix.nothing"), "mix.nothing");
        assertOneLineError(Cli.run("render", "--bits", "12", "-c", goodChain.toString(), "-o", out.toString(),
                goodWav.toString()), "--bits");
    }
}
