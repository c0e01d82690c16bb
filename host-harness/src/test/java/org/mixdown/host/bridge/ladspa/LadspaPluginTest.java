package org.mixdown.host.bridge.ladspa;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.NativeLibrary;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mixdown.api.AudioPlugin;
import org.mixdown.api.ChannelLayout;
import org.mixdown.api.ParameterSpec;
import org.mixdown.api.ProcessSetup;
import org.mixdown.host.bridge.BridgeWarmUp;
import org.mixdown.host.bridge.NativeFormatException;
import org.mixdown.host.bridge.NativeModules;
import org.mixdown.host.bridge.NativePluginFactory;
import org.mixdown.host.bridge.NativeTestSupport;
import org.mixdown.testkit.Measure;
import org.mixdown.testkit.PluginChecks;
import org.mixdown.testkit.PluginRunner;
import org.mixdown.testkit.Signals;

/** The LADSPA adapter on a gcc-built test plugin whose behaviour and life-cycle trace are known exactly. */
class LadspaPluginTest {
    private static final String ID = "ladspa:mixdown_test_gain";

    @TempDir
    static Path dir;
    private static Path library;
    private static Path brokenInPlace;

    @BeforeAll
    static void build() {
        library = NativeTestSupport.compile(dir, "test_ladspa.c", "gain");
        brokenInPlace = NativeTestSupport.compile(dir, "test_ladspa.c", "gain_inplace_broken", "INPLACE_BROKEN");
    }

    private static NativePluginFactory factory(Path lib) {
        return NativeTestSupport.load(lib, ID);
    }

    private static String trace(Path lib) throws NativeFormatException {
        NativeLibrary l = NativeModules.open(lib);
        String t = l.getFunction("mixdown_trace").invokeString(new Object[0], false);
        l.getFunction("mixdown_trace_reset").invokeVoid(new Object[0]);
        return t.trim();
    }

    @Test
    void portsBecomeParametersMetersChannelsAndLatency() {
        var d = factory(library).descriptor();
        assertEquals(List.of("gain_db", "cutoff_hz", "invert", "mode"), d.parameters().stream().map(ParameterSpec::id).toList());
        ParameterSpec gain = d.parameters().get(0);
        assertEquals(-60, gain.min());
        assertEquals(12, gain.max());
        assertEquals(0, gain.defaultValue());
        assertEquals("dB", gain.unit());
        assertEquals(ParameterSpec.Scale.DB, gain.scale());
        ParameterSpec cutoff = d.parameters().get(1);  // 0.0001..0.5 x fs, stated at 48 kHz, default middle (geometric)
        assertEquals(0.0001f * 48_000, cutoff.min(), 1e-3);
        assertEquals(24_000, cutoff.max(), 1e-9);
        assertEquals(Math.sqrt(0.0001f * 48_000 * 24_000.0), cutoff.defaultValue(), 1e-2);
        assertEquals(ParameterSpec.Scale.LOG, cutoff.scale());
        assertEquals("Hz", cutoff.unit());
        assertEquals(ParameterSpec.Kind.SWITCH, d.parameters().get(2).kind());
        assertEquals(0, d.parameters().get(2).defaultValue());
        ParameterSpec mode = d.parameters().get(3);
        assertEquals(ParameterSpec.Kind.INTEGER, mode.kind());
        assertEquals(1, mode.defaultValue());
        assertEquals(3, mode.max());
        assertEquals(List.of("peak"), d.meters().stream().map(m -> m.id()).toList());
        assertEquals(List.of(ChannelLayout.MONO, ChannelLayout.STEREO), d.layouts());
        assertEquals("ladspa", d.kind());
        try (AudioPlugin plugin = factory(library).create()) {
            plugin.prepare(ProcessSetup.of(48_000, 64, 1));
            assertEquals(17, plugin.latencySamples());
        }
    }

    @Test
    void sampleRateRelativeBoundsFollowTheRealRate() throws NativeFormatException {
        LadspaMapping mapping = LadspaMapping.of(((LadspaPluginFactory) factory(library)).ladspa());
        assertEquals(22_050f, mapping.portValue(1, 24_000, 44_100), "clamped to 0.5 x 44.1 kHz");
        assertEquals(1_000f, mapping.portValue(1, 1_000, 44_100));
        assertEquals(1f, mapping.portValue(2, 1, 48_000), "toggled on");
        assertEquals(0f, mapping.portValue(2, 0, 48_000), "toggled off");
    }

    @Test
    void processesWithTheRightGainAndMeters() {
        float[] x = Signals.sine(1000, 48_000, 4800, 0.5);
        AudioPlugin plugin = factory(library).create();
        plugin.setParameter("gain_db", -6);
        plugin.setParameter("invert", 1);
        float[][] y = PluginRunner.run(plugin, new float[][] {x}, 48_000, 480);
        float k = (float) -Math.pow(10, -6 / 20.0);
        for (int n = 0; n < x.length; n++) {
            assertEquals(x[n] * k, y[0][n], 1e-6, "sample " + n);
        }
        assertEquals(Measure.peak(y[0], 4320, 4800), plugin.meters().get(0).value(), 1e-7, "peak meter of the last block");
        plugin.close();
    }

    @Test
    void lifeCycleFollowsLadspaOrder() throws NativeFormatException {
        trace(library);
        AudioPlugin plugin = factory(library).create();
        plugin.prepare(ProcessSetup.of(44_100, 64, 1));
        assertEquals("instantiate(44100) activate deactivate cleanup instantiate(44100) activate", trace(library),
                "a throw-away instance reads the latency, then the real one is activated");
        plugin.reset();
        assertEquals("deactivate activate", trace(library), "reset re-activates, which resets LADSPA state");
        plugin.prepare(ProcessSetup.of(48_000, 64, 2));
        assertEquals("deactivate cleanup instantiate(48000) activate deactivate cleanup instantiate(48000) activate"
                + " instantiate(48000) activate", trace(library), "stereo runs two mono instances");
        plugin.close();
        assertEquals("deactivate cleanup deactivate cleanup", trace(library));
    }

    @Test
    void monoPluginRunsDualMonoOnStereo() {
        float[][] x = {Signals.whiteNoise(1000, 0.5, 1), Signals.whiteNoise(1000, 0.5, 2)};
        AudioPlugin plugin = factory(library).create();
        plugin.setParameter("gain_db", 6);
        float[][] y = PluginRunner.run(plugin, x, 48_000, 128);
        float k = (float) Math.pow(10, 6 / 20.0);
        for (int c = 0; c < 2; c++) {
            for (int n = 0; n < 1000; n++) {
                assertEquals(x[c][n] * k, y[c][n], 1e-6);
            }
        }
        plugin.close();
    }

    @Test
    void inPlaceBrokenPluginsGetSeparateBuffers() {
        float[] x = Signals.sine(440, 48_000, 1000, 0.5);
        AudioPlugin broken = factory(brokenInPlace).create();
        AudioPlugin normal = factory(library).create();
        float[][] fromBroken = PluginRunner.processInPlace(prepared(broken), new float[][] {x}, 100);
        float[][] fromNormal = PluginRunner.processInPlace(prepared(normal), new float[][] {x}, 100);
        assertArrayEquals(x, fromNormal[0], 1e-7f);
        assertArrayEquals(x, fromBroken[0], 1e-7f, "a plugin that clears its output first must not share buffers");
        broken.close();
        normal.close();
    }

    private static AudioPlugin prepared(AudioPlugin plugin) {
        plugin.prepare(ProcessSetup.of(48_000, 100, 1));
        return plugin;
    }

    @Test
    void contractChecks() {
        NativePluginFactory f = factory(library);
        zeroAllocation(f, ProcessSetup.of(48_000, 64, 1));
        zeroAllocation(f, ProcessSetup.of(48_000, 256, 2));
        PluginChecks.assertFiniteOutput(f::create, p -> p.setParameter("gain_db", 12), 1, 48_000);
        PluginChecks.assertBlockSizeIndependent(f::create, p -> p.setParameter("gain_db", -3), 2, 48_000, 1e-6, 1, 7, 64, 1000);
        PluginChecks.assertStateRoundTrip(f::create);
    }

    @Test
    void swhAmpIsAllocationFreeThroughTheBridge() {
        Path amp = NativeTestSupport.requireFile("/usr/lib/ladspa/amp_1181.so", "swh-plugins");
        NativePluginFactory f = NativeTestSupport.load(amp, "ladspa:amp");
        assertTrue(org.mixdown.host.bridge.NativeFunction.isAllocationFree(), "the allocation-free JNA path must be bound");
        assertTrue(org.mixdown.host.bridge.PreparedCall.isFastPathLive(), "run() goes through libffi");
        zeroAllocation(f, ProcessSetup.of(48_000, 64, 1));
        zeroAllocation(f, ProcessSetup.of(48_000, 256, 2));
    }

    private static void zeroAllocation(NativePluginFactory f, ProcessSetup setup) {
        try (AudioPlugin plugin = BridgeWarmUp.warm(f.create(), setup, 60_000)) {
            PluginChecks.assertZeroAllocation(plugin, setup, 10_000);
        }
    }
}
