package org.mixdown.host.bridge.ladspa;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.mixdown.api.AudioPlugin;
import org.mixdown.api.ProcessSetup;
import org.mixdown.host.bridge.NativePluginFactory;
import org.mixdown.host.bridge.NativeTestSupport;
import org.mixdown.testkit.PluginRunner;
import org.mixdown.testkit.Signals;

/**
 * A real plugin's NaN and infinities never leave the adapter, on both output paths: the LADSPA SDK's
 * stereo amplifier (one instance, both channels checked in one loop) and its mono amplifier hosted as
 * dual mono on stereo (two instances, their outputs checked together). At unity gain the amplifiers pass
 * the non-finite input samples through, so those samples must come out as 0 and every other sample as is.
 */
class LadspaNonFiniteOutputTest {
    private static final float[] NON_FINITE = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};

    private static NativePluginFactory sdkAmp(String label) {
        Path amp = NativeTestSupport.requireFile("/usr/lib/ladspa/amp.so", "ladspa-sdk");
        return NativeTestSupport.load(amp, "ladspa:" + label);
    }

    /** Noise with a non-finite sample every {@code stride} frames, at a different place in each channel. */
    private static float[][] poisoned(int frames, int stride) {
        float[][] x = new float[2][];
        for (int c = 0; c < 2; c++) {
            x[c] = Signals.whiteNoise(frames, 0.5, 3 + c);
            for (int n = 5 + 3 * c, k = 0; n < frames; n += stride, k++) {
                x[c][n] = NON_FINITE[k % NON_FINITE.length];
            }
        }
        return x;
    }

    private static void assertFiniteCopy(float[][] x, float[][] y, String what) {
        for (int c = 0; c < 2; c++) {
            for (int n = 0; n < x[c].length; n++) {
                float expected = Float.isFinite(x[c][n]) ? x[c][n] : 0f;
                assertEquals(expected, y[c][n], 0f, what + ", channel " + c + ", frame " + n);
            }
        }
    }

    @Test
    void nonFiniteOutputIsZeroedOnTheStereoAndTheDualMonoPath() {
        for (String label : new String[] {"amp_stereo", "amp_mono"}) {
            for (int block : new int[] {1, 7, 64, 256}) {
                for (int stride : new int[] {3, 97}) {
                    float[][] x = poisoned(1500, stride);
                    String what = label + ", block " + block + ", a non-finite sample every " + stride;
                    try (AudioPlugin plugin = sdkAmp(label).create()) {
                        plugin.setParameter(plugin.descriptor().parameters().get(0).id(), 1.0);
                        assertFiniteCopy(x, PluginRunner.run(plugin, x, 48_000, block), what);
                        plugin.prepare(new ProcessSetup(48_000, block, 2, 2));
                        assertFiniteCopy(x, PluginRunner.processInPlace(plugin, x, block), what + ", in place");
                    }
                }
            }
        }
    }
}
