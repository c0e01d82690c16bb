package org.mixdown.host.bridge.vst2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.mixdown.api.AudioPlugin;
import org.mixdown.host.bridge.AutomatedRun;
import org.mixdown.host.bridge.NativePluginFactory;
import org.mixdown.host.bridge.NativeTestSupport;
import org.mixdown.testkit.Measure;
import org.mixdown.testkit.Signals;

/**
 * VST 2 {@code processReplacing} and automated {@code setParameter} through libffi against JNA's generic
 * dispatch on a real plugin (FAILS when zam-plugins is missing): the same samples, bit for bit. (Zero
 * allocation on the libffi path: {@code Vst2PluginTest.contractChecks}.)
 */
class Vst2FastPathTest {
    private static final int RATE = 48_000;

    private static NativePluginFactory zaMaximX2() {
        Path file = NativeTestSupport.requireFile("/usr/lib/vst/ZaMaximX2-vst.so", "zam-plugins");
        return NativeTestSupport.load(file, "vst2:ZaMaximX2-vst");
    }

    @Test
    void zaMaximX2IsBitIdenticalThroughBothPaths() {
        NativePluginFactory factory = zaMaximX2();
        float[][] input = new float[2][];
        for (int c = 0; c < 2; c++) {
            input[c] = Signals.sine(150 + 100 * c, RATE, RATE, 0.8);
            float[] noise = Signals.whiteNoise(RATE, 0.3, 5 + c);
            for (int n = 0; n < input[c].length; n++) {
                input[c][n] += noise[n];
            }
        }
        float[][] viaLibffi;
        float[][] viaGeneric;
        try (AudioPlugin fast = factory.create(); AudioPlugin generic = factory.create()) {
            ((Vst2Plugin) generic).useGenericCalls(true);
            // the threshold moves inside most blocks: setParameter on the audio thread, split blocks
            viaLibffi = AutomatedRun.run(fast, input, RATE, 256, "threshold", 0.2, 0.6);
            viaGeneric = AutomatedRun.run(generic, input, RATE, 256, "threshold", 0.2, 0.6);
            assertTrue(((Vst2Plugin) fast).processesThroughLibffi(), "the default path is libffi");
            assertFalse(((Vst2Plugin) generic).processesThroughLibffi(), "the comparison runs JNA's generic path");
        }
        for (int c = 0; c < 2; c++) {
            assertTrue(Measure.rms(viaLibffi[c]) > 1e-3, "silent output would make the comparison void");
            assertArrayEquals(viaGeneric[c], viaLibffi[c], "channel " + c + " differs between paths");
        }
    }
}
