package org.mixdown.mix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mixdown.api.AudioBuffer;
import org.mixdown.api.ParameterEvents;
import org.mixdown.api.ProcessSetup;
import org.mixdown.testkit.PluginChecks;
import org.mixdown.testkit.PluginRunner;
import org.mixdown.testkit.Signals;

class GainTest {

    @Test
    void plus6dbDoublesEverySample() {
        Gain gain = new Gain();
        gain.setParameter("gain", 20 * Math.log10(2));
        float[][] in = {Signals.whiteNoise(4800, 0.4, 1)};
        float[][] out = PluginRunner.run(gain, in, 48000, 256);
        for (int n = 0; n < in[0].length; n++) {
            assertEquals(2 * in[0][n], out[0][n], Math.abs(in[0][n]) * 2e-7 + 1e-12);
        }
    }

    @Test
    void invertFlipsPolarity() {
        Gain gain = new Gain();
        gain.setParameter("invert", 1);
        float[][] in = {Signals.whiteNoise(1000, 0.4, 2), Signals.whiteNoise(1000, 0.4, 3)};
        float[][] out = PluginRunner.run(gain, in, 44100, 100);
        for (int c = 0; c < 2; c++) {
            for (int n = 0; n < 1000; n++) {
                assertEquals(-in[c][n], out[c][n]);
            }
        }
    }

    /** A change from another thread mid-stream ramps over 20 ms: no step larger than the ramp allows. */
    @Test
    void aChangeFromAnotherThreadIsSmoothed() throws Exception {
        Gain gain = new Gain();
        double fs = 48000;
        gain.prepare(ProcessSetup.of(fs, 64, 1));
        AudioBuffer buffer = AudioBuffer.allocate(1, 64);
        float[] dc = new float[64];
        java.util.Arrays.fill(dc, 1f);
        float previous = 1f;
        double maxStep = 0;
        for (int block = 0; block < 100; block++) {
            if (block == 10) {
                Thread t = new Thread(() -> gain.setParameter("gain", 6));
                t.start();
                t.join();
            }
            System.arraycopy(dc, 0, buffer.channel(0), 0, 64);
            gain.process(buffer, buffer, ParameterEvents.NONE);
            for (float y : buffer.channel(0)) {
                maxStep = Math.max(maxStep, Math.abs(y - previous));
                previous = y;
            }
        }
        double rampSamples = fs * 0.020;
        double bound = (Math.pow(10, 6 / 20.0) - 1) / rampSamples;
        assertTrue(maxStep <= bound * 1.0001, "largest step " + maxStep + " above the ramp's " + bound);
        assertEquals(Math.pow(10, 6 / 20.0), previous, 1e-6);
    }

    @Test
    void contract() {
        PluginChecks.assertZeroAllocation(new Gain(), ProcessSetup.of(48000, 256, 2), 10_000);
        PluginChecks.assertFiniteOutput(Gain::new, g -> g.setParameter("gain", 24), 2, 48000);
        PluginChecks.assertBlockSizeIndependent(Gain::new, g -> g.setParameter("gain", -7.5), 2, 48000, 1e-6,
                1, 7, 64, 1000);
        PluginChecks.assertStateRoundTrip(Gain::new);
    }
}
