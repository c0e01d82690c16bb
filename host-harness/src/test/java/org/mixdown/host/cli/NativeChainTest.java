package org.mixdown.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mixdown.host.io.SampleEncoding;
import org.mixdown.testkit.Measure;
import org.mixdown.testkit.Signals;

/**
 * Native plugins (CI installs swh-plugins and lsp-plugins-vst; these tests fail without them) in chains
 * between Java plugins, through the command line.
 */
class NativeChainTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void ladspaAmpBetweenJavaGainsCancelsThem() throws Exception {
        Path in = dir.resolve("in.wav");
        float[][] audio = {Signals.whiteNoise(48000, 0.25, 4), Signals.whiteNoise(48000, 0.25, 5)};
        Cli.writeWav(in, audio, 48000, SampleEncoding.FLOAT_32);
        Path chain = dir.resolve("chain.json");
        Files.writeString(chain, "{\"chain\": [{\"plugin\": \"mix.gain\", \"params\": {\"gain\": 6}},"
                + " {\"plugin\": \"ladspa:amp\", \"params\": {\"amps_gain_db\": -12}},"
                + " {\"plugin\": \"mix.gain\", \"params\": {\"gain\": 6}}]}");
        Path out = dir.resolve("out.wav");
        Cli cli = Cli.run("render", "-c", chain.toString(), "-o", out.toString(), in.toString());
        assertEquals(0, cli.status, cli.toString());
        float[][] result = Cli.readWav(out);
        for (int c = 0; c < 2; c++) {
            assertTrue(Measure.differenceDb(audio[c], result[c]) < -120, "channel " + c + " differs by "
                    + Measure.differenceDb(audio[c], result[c]) + " dB");
        }
    }

    @Test
    void lspVstLimiterInAJavaChainAddsItsLatencyAndTheRenderRemovesIt() throws Exception {
        Path in = dir.resolve("quiet.wav");
        float[][] audio = {Signals.sine(440, 48000, 48000, 0.1), Signals.sine(660, 48000, 48000, 0.1)};
        Cli.writeWav(in, audio, 48000, SampleEncoding.FLOAT_32);
        Cli describe = Cli.run("describe", "vst2:limiter-stereo", "--json");
        assertEquals(0, describe.status, describe.toString());
        JsonNode limiter = JSON.readTree(describe.out);
        int latency = limiter.get("latency").asInt();
        assertTrue(latency > 0, "LSP's limiter reports its lookahead: " + latency);
        assertTrue(limiter.get("parameters").size() > 10);
        Path chain = dir.resolve("chain.json");
        Files.writeString(chain, "{\"chain\": [{\"plugin\": \"mix.gain\"}, {\"plugin\": \"vst2:limiter-stereo\"},"
                + " {\"plugin\": \"mix.pan\"}]}");
        Path out = dir.resolve("out.wav");
        Cli cli = Cli.run("render", "-c", chain.toString(), "-o", out.toString(), in.toString());
        assertEquals(0, cli.status, cli.toString());
        float[][] result = Cli.readWav(out);
        assertEquals(audio[0].length, result[0].length, "latency removed: same length as the input");
        for (int c = 0; c < 2; c++) {
            assertTrue(Measure.differenceDb(audio[c], result[c]) < -90, "a signal below the threshold passes "
                    + "aligned; channel " + c + " differs by " + Measure.differenceDb(audio[c], result[c]) + " dB");
        }
    }

    @Test
    void pluginsListsNativeKindsAndFiltersThem() throws Exception {
        Cli nativeOnly = Cli.run("plugins", "--native", "--json");
        assertEquals(0, nativeOnly.status, nativeOnly.err);
        JsonNode list = JSON.readTree(nativeOnly.out);
        boolean ladspa = false;
        boolean vst2 = false;
        for (JsonNode p : list) {
            String kind = p.get("kind").asText();
            assertTrue(kind.equals("ladspa") || kind.equals("vst2"), p.get("id").asText());
            ladspa |= p.get("id").asText().equals("ladspa:amp") && kind.equals("ladspa");
            vst2 |= p.get("id").asText().equals("vst2:limiter-stereo") && kind.equals("vst2");
        }
        assertTrue(ladspa && vst2, "SWH amp and LSP's VST limiter are listed");
        JsonNode javaOnly = JSON.readTree(Cli.run("plugins", "--java", "--json").out);
        for (JsonNode p : javaOnly) {
            assertEquals("java", p.get("kind").asText());
        }
    }
}
