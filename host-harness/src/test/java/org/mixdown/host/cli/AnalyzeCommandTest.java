package org.mixdown.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mixdown.host.io.SampleEncoding;
import org.mixdown.testkit.EbuSignals;

/**
 * `mixdown analyze` against the EBU test signals (Tech 3341 and 3342), written to WAV files and read back
 * through the command, at 48 and 44.1 kHz.
 */
class AnalyzeCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> KEYS = List.of("integratedLufs", "loudnessRange", "shortTermMaxLufs",
            "momentaryMaxLufs", "truePeakDbtp", "samplePeakDbfs", "rmsDbfs", "correlation", "durationSeconds",
            "sampleRate", "channels");

    @TempDir
    Path dir;

    private JsonNode analyze(float[][] audio, int sampleRate, String name) throws Exception {
        Path file = dir.resolve(name + "-" + sampleRate + ".wav");
        Cli.writeWav(file, audio, sampleRate, SampleEncoding.FLOAT_32);
        Cli cli = Cli.run("analyze", "--json", file.toString());
        assertEquals(0, cli.status, cli.toString());
        JsonNode result = JSON.readTree(cli.out);
        for (String key : KEYS) {
            assertTrue(result.has(key), key + " missing from " + cli.out);
        }
        return result;
    }

    private static void assertLufs(double expected, JsonNode result, String key, String what) {
        assertEquals(expected, result.get(key).asDouble(), EbuSignals.LOUDNESS_TOLERANCE_LU, what + " " + key);
    }

    @ParameterizedTest
    @ValueSource(ints = {48000, 44100})
    void tech3341LoudnessCases(int fs) throws Exception {
        for (int c : new int[] {1, 2, 3, 4, 5}) {
            JsonNode r = analyze(EbuSignals.tech3341(c, fs), fs, "3341-" + c);
            double expected = EbuSignals.tech3341Expected(c);
            assertLufs(expected, r, "integratedLufs", "case " + c);
            if (c <= 2) {
                assertLufs(expected, r, "shortTermMaxLufs", "case " + c);
                assertLufs(expected, r, "momentaryMaxLufs", "case " + c);
            }
        }
        assertLufs(-23, analyze(EbuSignals.tech3341(9, fs), fs, "3341-9"), "shortTermMaxLufs", "case 9");
        assertLufs(-23, analyze(EbuSignals.tech3341(12, fs), fs, "3341-12"), "momentaryMaxLufs", "case 12");
    }

    @ParameterizedTest
    @ValueSource(ints = {48000, 44100})
    void tech3341TruePeakCases(int fs) throws Exception {
        for (int c = 15; c <= 19; c++) {
            JsonNode r = analyze(EbuSignals.tech3341TruePeak(c, fs, 2), fs, "3341-" + c);
            double expected = EbuSignals.tech3341ExpectedDbtp(c);
            double tp = r.get("truePeakDbtp").asDouble();
            assertTrue(tp <= expected + EbuSignals.TRUE_PEAK_OVER_DB && tp >= expected - EbuSignals.TRUE_PEAK_UNDER_DB,
                    "case " + c + ": " + tp + " dBTP, expected " + expected);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {48000, 44100})
    void tech3342LoudnessRangeCases(int fs) throws Exception {
        for (int c = 1; c <= 4; c++) {
            JsonNode r = analyze(EbuSignals.tech3342(c, fs), fs, "3342-" + c);
            assertEquals(EbuSignals.tech3342Expected(c), r.get("loudnessRange").asDouble(),
                    EbuSignals.RANGE_TOLERANCE_LU, "Tech 3342 case " + c);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {48000, 44100})
    void calibrationAndTheOtherFigures(int fs) throws Exception {
        JsonNode r = analyze(EbuSignals.calibration(fs, 10), fs, "calibration");
        assertLufs(-18, r, "integratedLufs", "calibration");
        assertEquals(-18, r.get("samplePeakDbfs").asDouble(), 0.01);
        assertEquals(-18 - 3.0103, r.get("rmsDbfs").asDouble(), 0.01, "a sine's RMS is 3.01 dB below its peak");
        assertEquals(1.0, r.get("correlation").asDouble(), 1e-6, "in-phase stereo");
        assertEquals(10.0, r.get("durationSeconds").asDouble(), 1e-9);
        assertEquals(fs, r.get("sampleRate").asInt());
        assertEquals(2, r.get("channels").asInt());
    }

    @org.junit.jupiter.api.Test
    void silenceHasNoLoudnessAndSeveralFilesGiveAnArray() throws Exception {
        Path quiet = dir.resolve("quiet.wav");
        Cli.writeWav(quiet, new float[2][48000], 48000, SampleEncoding.PCM_16);
        Path tone = dir.resolve("tone.wav");
        Cli.writeWav(tone, EbuSignals.calibration(48000, 5), 48000, SampleEncoding.PCM_24);
        Cli cli = Cli.run("analyze", "--json", quiet.toString(), tone.toString());
        assertEquals(0, cli.status, cli.toString());
        JsonNode list = JSON.readTree(cli.out);
        assertEquals(2, list.size());
        assertTrue(list.get(0).get("integratedLufs").isNull(), "silence has no loudness: " + list.get(0));
        assertLufs(-18, list.get(1), "integratedLufs", "tone");
        Cli text = Cli.run("analyze", tone.toString());
        assertTrue(text.out.contains("integrated") && text.out.contains("LUFS"), text.out);
    }
}
