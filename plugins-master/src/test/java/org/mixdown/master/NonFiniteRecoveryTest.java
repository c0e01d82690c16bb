package org.mixdown.master;

import java.util.Arrays;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.mixdown.api.AudioPlugin;
import org.mixdown.testkit.PluginChecks;
import org.mixdown.testkit.PluginRunner;

/** A NaN or infinity from a broken upstream plugin must not poison the state for good. */
class NonFiniteRecoveryTest {
    private static final double FS = 48_000;

    private static void assertRecovers(Supplier<AudioPlugin> factory) {
        AudioPlugin plugin = factory.get();
        float[][] input = PluginChecks.noise(2, 48_000, 12);
        input[0][1000] = Float.NaN;
        input[1][1001] = Float.POSITIVE_INFINITY;
        float[][] out = PluginRunner.run(plugin, input, FS, 256);
        float[][] tail = {Arrays.copyOfRange(out[0], 24_000, 48_000), Arrays.copyOfRange(out[1], 24_000, 48_000)};
        PluginChecks.assertFinite(tail, plugin.descriptor().id() + " half a second after a NaN");
    }

    @Test
    void multibandRecovers() {
        assertRecovers(() -> {
            MultibandCompressor p = new MultibandCompressor();
            MultibandCompressorTest.compressing(p);
            p.setParameter("lookahead", 2);
            return p;
        });
        assertRecovers(() -> {
            MultibandCompressor p = new MultibandCompressor();
            MultibandCompressorTest.compressing(p);
            p.setParameter("phase", 1);
            return p;
        });
    }

    @Test
    void masteringEqRecovers() {
        assertRecovers(() -> {
            MasteringEq p = new MasteringEq();
            MasteringEqTest.masteringCurve(p);
            return p;
        });
        assertRecovers(() -> {
            MasteringEq p = new MasteringEq();
            MasteringEqTest.masteringCurve(p);
            p.setParameter("phase", 1);
            return p;
        });
    }
}
