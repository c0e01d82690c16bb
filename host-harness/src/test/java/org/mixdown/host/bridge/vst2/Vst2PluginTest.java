package org.mixdown.host.bridge.vst2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.NativeLibrary;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mixdown.api.AudioBuffer;
import org.mixdown.api.AudioPlugin;
import org.mixdown.api.ChannelLayout;
import org.mixdown.api.ParameterEvents;
import org.mixdown.api.ParameterSpec;
import org.mixdown.api.PluginDescriptor;
import org.mixdown.api.ProcessSetup;
import org.mixdown.host.bridge.BridgeWarmUp;
import org.mixdown.host.bridge.NativeFormatException;
import org.mixdown.host.bridge.NativeModules;
import org.mixdown.host.bridge.NativePluginFactory;
import org.mixdown.host.bridge.NativeTestSupport;
import org.mixdown.testkit.PluginChecks;
import org.mixdown.testkit.PluginRunner;
import org.mixdown.testkit.Signals;

/** The VST 2 adapter on a gcc-built effect that records what the host told it. */
class Vst2PluginTest {
    private static final String ID = "vst2:testvst";

    @TempDir
    static Path dir;
    private static Path library;

    @BeforeAll
    static void build() {
        library = NativeTestSupport.compile(dir, "test_vst2.c", "testvst");
    }

    private static NativePluginFactory factory() {
        return NativeTestSupport.load(library, ID);
    }

    private static NativeLibrary native_() throws NativeFormatException {
        return NativeModules.open(library);
    }

    private static double seenDouble(String symbol) throws NativeFormatException {
        return native_().getGlobalVariableAddress(symbol).getDouble(0);
    }

    private static long seenInt(String symbol) throws NativeFormatException {
        return native_().getGlobalVariableAddress(symbol).getInt(0);
    }

    private static String trace() throws NativeFormatException {
        String t = native_().getFunction("mixdown_trace").invokeString(new Object[0], false);
        native_().getFunction("mixdown_trace_reset").invokeVoid(new Object[0]);
        return t.trim();
    }

    @Test
    void descriptorComesFromTheDispatcher() {
        PluginDescriptor d = factory().descriptor();
        assertEquals("Mixdown Test VST", d.name());
        assertEquals("Mixdown tests", d.vendor());
        assertEquals("7", d.version());
        assertEquals("vst2", d.kind());
        assertEquals(List.of(ChannelLayout.STEREO), d.layouts());
        assertEquals(List.of("gain", "spare"), d.parameters().stream().map(ParameterSpec::id).toList());
        assertEquals("x", d.parameters().get(0).unit());
        assertEquals(0.5, d.parameters().get(0).defaultValue());
        assertEquals(0.25, d.parameters().get(1).defaultValue());
    }

    @Test
    void hostOrderAnswersAndLatency() throws NativeFormatException {
        NativePluginFactory f = factory();
        trace();
        AudioPlugin plugin = f.create();
        plugin.prepare(ProcessSetup.of(44_100, 256, 2));
        assertEquals("op10 op11 op0 op12 op71 op72 op12 op12 op71", trace(), "effSetSampleRate, effSetBlockSize,"
                + " effOpen, effMainsChanged(1), effStartProcess; one latency probe block, then suspend and resume");
        assertEquals(2400, seenInt("mixdown_seen_version"));
        assertEquals(44_100, native_().getGlobalVariableAddress("mixdown_seen_host_rate").getLong(0));
        assertEquals(256, native_().getGlobalVariableAddress("mixdown_seen_block").getLong(0));
        assertEquals(1, native_().getGlobalVariableAddress("mixdown_seen_can_do_time").getLong(0));
        assertEquals("Mixdown", native_().getGlobalVariableAddress("mixdown_seen_vendor").getString(0));
        assertEquals(64, plugin.latencySamples(), "initialDelay read after effMainsChanged(1)");
        plugin.reset();
        assertEquals("op72 op12 op12 op71", trace(), "reset suspends and resumes");
        plugin.close();
        assertEquals("op72 op12 op1", trace(), "close: effStopProcess, effMainsChanged(0), effClose");
    }

    @Test
    void processesAndSeesARunningTransport() throws NativeFormatException {
        AudioPlugin plugin = factory().create();
        plugin.setParameter("gain", 0.75);
        plugin.prepare(ProcessSetup.of(48_000, 256, 2));
        float[][] x = {Signals.sine(440, 48_000, 768, 0.5), Signals.whiteNoise(768, 0.5, 4)};
        float[][] y = PluginRunner.process(plugin, x, 2, 256);
        for (int c = 0; c < 2; c++) {
            for (int n = 0; n < 768; n++) {
                assertEquals(x[c][n] * 1.5f, y[c][n], 1e-6, "out = in * 2 * gain");
            }
        }
        assertEquals(512, seenDouble("mixdown_seen_sample_pos"), "the third block starts at sample 512");
        assertEquals(120, seenDouble("mixdown_seen_tempo"));
        assertEquals(48_000, seenDouble("mixdown_seen_rate"));
        assertEquals(512 / 48_000.0 * 2, seenDouble("mixdown_seen_ppq"), 1e-12, "quarter notes at 120 BPM");
        assertEquals(44, seenInt("mixdown_seen_signature"));
        long flags = seenInt("mixdown_seen_flags");
        assertEquals(0x2 | 0x200 | 0x400 | 0x800 | 0x2000, flags & (0x2 | 0x200 | 0x400 | 0x800 | 0x2000),
                "playing, ppq, tempo, bars and time signature valid");
        assertEquals(0, flags & 0x1, "transport changed only on the first block");
        assertEquals(2, seenInt("mixdown_seen_level"), "kVstProcessLevelRealtime inside processReplacing");
        assertEquals("0.75 x", ((Vst2Plugin) plugin).parameterDisplay("gain"));
        assertEquals(0.75f, ((Vst2Plugin) plugin).nativeParameter("gain"));
        plugin.close();
    }

    @Test
    void automationEventsReachThePluginAtTheirOffset() {
        AudioPlugin plugin = factory().create();
        plugin.prepare(ProcessSetup.of(48_000, 100, 2));
        AudioBuffer in = new AudioBuffer(new float[][] {filled(100, 1f), filled(100, 1f)});
        AudioBuffer out = AudioBuffer.allocate(2, 100);
        ParameterEvents events = new ParameterEvents(2);
        events.add(40, 0, 0.25);
        plugin.process(in, out, events);
        assertEquals(1f, out.channel(0)[39], 1e-7);
        assertEquals(0.5f, out.channel(0)[40], 1e-7);
        plugin.close();
    }

    private static float[] filled(int n, float v) {
        float[] x = new float[n];
        java.util.Arrays.fill(x, v);
        return x;
    }

    @Test
    void contractChecks() {
        NativePluginFactory f = factory();
        for (ProcessSetup setup : List.of(ProcessSetup.of(48_000, 64, 2), ProcessSetup.of(48_000, 256, 2))) {
            try (AudioPlugin plugin = BridgeWarmUp.warm(f.create(), setup, 60_000)) {
                assertTrue(((Vst2Plugin) plugin).processesThroughLibffi(), "zero allocation is proven on the libffi path");
                PluginChecks.assertZeroAllocation(plugin, setup, 10_000);
            }
        }
        PluginChecks.assertFiniteOutput(f::create, p -> p.setParameter("gain", 1), 2, 48_000);
        PluginChecks.assertBlockSizeIndependent(f::create, p -> p.setParameter("gain", 0.3), 2, 48_000, 1e-6, 1, 7, 64, 1000);
        PluginChecks.assertStateRoundTrip(f::create);
    }
}
