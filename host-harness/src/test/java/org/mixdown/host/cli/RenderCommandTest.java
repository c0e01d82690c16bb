package org.mixdown.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mixdown.host.io.SampleEncoding;
import org.mixdown.testkit.Signals;

class RenderCommandTest {
    @TempDir
    Path dir;

    @Test
    void gainOf6Point0206DbDoublesEverySample() throws Exception {
        Path in = dir.resolve("in.wav");
        float[][] audio = {Signals.whiteNoise(48000, 0.4, 1), Signals.sine(997, 48000, 48000, 0.3)};
        Cli.writeWav(in, audio, 48000, SampleEncoding.FLOAT_32);
        Path chain = dir.resolve("chain.json");
        Files.writeString(chain, "{\"chain\": [{\"plugin\": \"mix.gain\", \"params\": {\"gain\": 6.0206}}]}");
        Path out = dir.resolve("out.wav");
        Cli cli = Cli.run("render", "-c", chain.toString(), "-o", out.toString(), "--block", "333", in.toString());
        assertEquals(0, cli.status, cli.toString());
        float[][] result = Cli.readWav(out);
        double worst = 0;
        for (int c = 0; c < 2; c++) {
            assertEquals(audio[c].length, result[c].length);
            for (int n = 0; n < audio[c].length; n++) {
                if (audio[c][n] != 0) {
                    worst = Math.max(worst, Math.abs(result[c][n] / (2.0 * audio[c][n]) - 1));
                }
            }
        }
        assertTrue(worst < 1e-6, "worst relative error " + worst);
    }

    @Test
    void monoThroughPanBecomesStereoIn16Bits() throws Exception {
        Path in = dir.resolve("mono.wav");
        Cli.writeWav(in, new float[][] {Signals.sine(1000, 44100, 44100, 0.5)}, 44100, SampleEncoding.PCM_24);
        Path chain = dir.resolve("chain.json");
        Files.writeString(chain, "{\"chain\": [{\"plugin\": \"mix.pan\", \"params\": {\"pan\": -100, \"law\": \"-3dB\"}}]}");
        Path out = dir.resolve("out.wav");
        Cli cli = Cli.run("render", "-c", chain.toString(), "-o", out.toString(), "--bits", "16", in.toString());
        assertEquals(0, cli.status, cli.toString());
        float[][] result = Cli.readWav(out);
        assertEquals(2, result.length);
        assertEquals(0.5, org.mixdown.testkit.Measure.peak(result[0]), 1e-3);
        assertEquals(0, org.mixdown.testkit.Measure.peak(result[1]), 1e-9);
    }
}
