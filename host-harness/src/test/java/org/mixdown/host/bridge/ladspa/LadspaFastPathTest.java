package org.mixdown.host.bridge.ladspa;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.mixdown.api.AudioPlugin;
import org.mixdown.api.ProcessSetup;
import org.mixdown.host.bridge.AutomatedRun;
import org.mixdown.host.bridge.BridgeWarmUp;
import org.mixdown.host.bridge.NativePluginFactory;
import org.mixdown.host.bridge.NativeTestSupport;
import org.mixdown.host.bridge.PreparedCall;
import org.mixdown.testkit.Measure;
import org.mixdown.testkit.PluginChecks;
import org.mixdown.testkit.Signals;

/**
 * LADSPA {@code run} through libffi ({@link PreparedCall}) against JNA's generic dispatch on real plugins
 * (FAIL when the Debian packages are missing): the same samples, bit for bit, and no garbage.
 */
class LadspaFastPathTest {
    private static final int RATE = 48_000;

    private static float[][] programme() {
        float[][] x = new float[2][];
        for (int c = 0; c < 2; c++) {
            x[c] = Signals.sine(110 + 330 * c, RATE, RATE, 0.5);
            float[] noise = Signals.whiteNoise(RATE, 0.25, 11 + c);
            for (int n = 0; n < x[c].length; n++) {
                x[c][n] += noise[n];
            }
        }
        return x;
    }

    /** Both paths on fresh instances with the same settings and automation; asserts which path each took. */
    private static void assertSameOutput(NativePluginFactory factory, String id, double a, double b,
                                         java.util.function.Consumer<AudioPlugin> settings) {
        float[][] input = programme();
        float[][] viaLibffi;
        float[][] viaGeneric;
        try (AudioPlugin fast = factory.create(); AudioPlugin generic = factory.create()) {
            settings.accept(fast);
            settings.accept(generic);
            ((LadspaPlugin) generic).useGenericCalls(true);
            viaLibffi = AutomatedRun.run(fast, input, RATE, 256, id, a, b);
            viaGeneric = AutomatedRun.run(generic, input, RATE, 256, id, a, b);
            assertTrue(((LadspaPlugin) fast).runsThroughLibffi(), "the default path is libffi");
            assertFalse(((LadspaPlugin) generic).runsThroughLibffi(), "the comparison runs JNA's generic path");
        }
        for (int c = 0; c < input.length; c++) {
            assertTrue(Measure.rms(viaLibffi[c]) > 1e-3, "silent output would make the comparison void");
            assertArrayEquals(viaGeneric[c], viaLibffi[c], factory.id() + " channel " + c + " differs between paths");
        }
    }

    @Test
    void fastPathIsLive() {
        assertTrue(PreparedCall.isFastPathLive(), "libffi fast path not live: " + PreparedCall.fastPathUnavailableReason());
    }

    @Test
    void tapEqualizerIsBitIdenticalThroughBothPaths() {
        Path library = NativeTestSupport.requireFile("/usr/lib/ladspa/tap_eq.so", "tap-plugins");
        NativePluginFactory factory = NativeTestSupport.load(library, "ladspa:tap_equalizer");
        assertSameOutput(factory, "band_1_gain_db", 6, -9, p -> {
            double[] freq = {120, 400, 800, 2800, 3150, 8000, 12000, 18000};
            double[] gain = {3, -4, 1, -2, -6, 4, 2, -3};
            for (int band = 0; band < 8; band++) {
                p.setParameter("band_" + (band + 1) + "_freq_hz", freq[band]);
                p.setParameter("band_" + (band + 1) + "_gain_db", gain[band]);
            }
        });
    }

    @Test
    void swhAmpDualMonoIsBitIdenticalThroughBothPaths() {
        Path library = NativeTestSupport.requireFile("/usr/lib/ladspa/amp_1181.so", "swh-plugins");
        assertSameOutput(NativeTestSupport.load(library, "ladspa:amp"), "amps_gain_db", -7.5, 3, p -> { });
    }

    @Test
    void steadyStateThroughLibffiAllocatesNothing() {
        Path library = NativeTestSupport.requireFile("/usr/lib/ladspa/amp_1181.so", "swh-plugins");
        NativePluginFactory factory = NativeTestSupport.load(library, "ladspa:amp");
        for (ProcessSetup setup : new ProcessSetup[] {ProcessSetup.of(RATE, 64, 1), ProcessSetup.of(RATE, 256, 2)}) {
            try (AudioPlugin plugin = BridgeWarmUp.warm(factory.create(), setup, 60_000)) {
                assertTrue(((LadspaPlugin) plugin).runsThroughLibffi(), "the default path is libffi");
                PluginChecks.assertZeroAllocation(plugin, setup, 10_000);
            }
        }
    }
}
