package org.mixdown.host.bridge.vst2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mixdown.api.AudioPlugin;
import org.mixdown.api.ParameterSpec;
import org.mixdown.api.PluginDescriptor;
import org.mixdown.api.ProcessSetup;
import org.mixdown.host.bridge.NativePluginFactory;
import org.mixdown.host.bridge.NativeTestSupport;
import org.mixdown.testkit.Measure;
import org.mixdown.testkit.PluginChecks;
import org.mixdown.testkit.PluginRunner;
import org.mixdown.testkit.Signals;

/**
 * Real VST 2 plugins from the Debian packages (the tests FAIL when they are missing): LSP's limiter and
 * multiband compressor load, name their parameters, report a latency and process audio; Zam's ZaMaximX2
 * shipped as LADSPA and as VST 2 gives the same output through both adapters.
 */
class Vst2RealPluginsTest {
    private static final int RATE = 48_000;

    @Test
    void lspLimiterLoadsReportsLatencyAndLimits() {
        Path file = NativeTestSupport.requireFile("/usr/lib/vst/lsp-plugins/limiter-stereo.so", "lsp-plugins-vst");
        NativePluginFactory f = NativeTestSupport.load(file, "vst2:limiter-stereo");
        PluginDescriptor d = f.descriptor();
        assertNamedParameters(d, 20);
        float[][] loud = {Signals.sine(220, RATE, RATE, 2.0), Signals.sine(330, RATE, RATE, 2.0)};  // +6 dBFS
        try (AudioPlugin plugin = f.create()) {
            plugin.prepare(ProcessSetup.of(RATE, 512, 2));
            System.out.println("LSP limiter VST latency " + plugin.latencySamples() + " samples, "
                    + d.parameters().size() + " parameters");
            assertTrue(plugin.latencySamples() > 0, "the lookahead limiter must report its latency");
            float[][] y = PluginRunner.process(plugin, loud, 2, 512);
            PluginChecks.assertFinite(y, d.id());
            double peak = Measure.peak(y[0], RATE / 2, RATE);
            assertTrue(peak < 1.05 && peak > 0.1, "a +6 dBFS tone must come out limited near 0 dBFS, peak " + peak);
        }
    }

    /** Below its threshold the limiter is a pure delay of exactly the latency it reports. */
    @Test
    void lspLimiterLatencyIsExact() {
        Path file = NativeTestSupport.requireFile("/usr/lib/vst/lsp-plugins/limiter-stereo.so", "lsp-plugins-vst");
        NativePluginFactory f = NativeTestSupport.load(file, "vst2:limiter-stereo");
        float[][] quiet = {Signals.sine(220, RATE, RATE, 0.1), Signals.sine(330, RATE, RATE, 0.1)};  // -20 dBFS
        try (AudioPlugin plugin = f.create()) {
            plugin.prepare(ProcessSetup.of(RATE, 512, 2));
            int latency = plugin.latencySamples();
            float[][] y = PluginRunner.process(plugin, quiet, 2, 512);
            for (int c = 0; c < 2; c++) {
                float[] delayed = new float[RATE / 2];
                float[] out = new float[RATE / 2];
                System.arraycopy(quiet[c], RATE / 4, delayed, 0, RATE / 2);
                System.arraycopy(y[c], RATE / 4 + latency, out, 0, RATE / 2);
                double db = Measure.differenceDb(delayed, out);
                System.out.printf("LSP limiter VST vs input delayed by %d: %.1f dB%n", latency, db);
                assertTrue(db < -60, "channel " + c + ": output is not the input delayed by " + latency + " (" + db + " dB)");
            }
        }
    }

    @Test
    void lspMultibandCompressorLoadsReportsLatencyAndProcesses() {
        Path file = NativeTestSupport.requireFile("/usr/lib/vst/lsp-plugins/mb-compressor-stereo.so", "lsp-plugins-vst");
        NativePluginFactory f = NativeTestSupport.load(file, "vst2:mb-compressor-stereo");
        PluginDescriptor d = f.descriptor();
        assertNamedParameters(d, 100);
        float[][] x = {Signals.pinkNoise(RATE, 0.5, 1), Signals.pinkNoise(RATE, 0.5, 2)};
        try (AudioPlugin plugin = f.create()) {
            plugin.prepare(ProcessSetup.of(RATE, 512, 2));
            System.out.println("LSP multiband compressor VST latency " + plugin.latencySamples() + " samples, "
                    + d.parameters().size() + " parameters");
            assertTrue(plugin.latencySamples() >= 0);
            float[][] y = PluginRunner.process(plugin, x, 2, 512);
            PluginChecks.assertFinite(y, d.id());
            assertTrue(Measure.rms(y[0], RATE / 2, RATE) > 0.01, "the compressor must pass audio");
        }
    }

    private static void assertNamedParameters(PluginDescriptor d, int atLeast) {
        assertTrue(d.parameters().size() >= atLeast, d.id() + " has only " + d.parameters().size() + " parameters");
        for (ParameterSpec p : d.parameters()) {
            assertTrue(!p.name().isBlank() && !p.id().startsWith("param_"), d.id() + ": unnamed parameter " + p);
        }
    }

    /**
     * The same DSP behind two ABIs: ZaMaximX2's LADSPA build through our LADSPA adapter and its VST 2
     * build through our VST 2 adapter, with the same settings (VST values are the LADSPA values
     * normalised over the same ranges, checked through the plugin's own display strings), must null
     * to below -90 dB RMS.
     */
    @Test
    void zaMaximX2NullsAcrossLadspaAndVst2() {
        Path ladspaFile = NativeTestSupport.requireFile("/usr/lib/ladspa/ZaMaximX2-ladspa.so", "zam-plugins");
        Path vstFile = NativeTestSupport.requireFile("/usr/lib/vst/ZaMaximX2-vst.so", "zam-plugins");
        NativePluginFactory ladspa = NativeTestSupport.load(ladspaFile, "ladspa:ZaMaximX2");
        NativePluginFactory vst = NativeTestSupport.load(vstFile, "vst2:ZaMaximX2-vst");
        Map<String, Double> plain = Map.of("release", 25.0, "output_ceiling", -1.0, "threshold", -9.0);
        float[][] x = new float[2][];
        for (int c = 0; c < 2; c++) {
            x[c] = Signals.sine(150 + 100 * c, RATE, RATE * 2, 0.8);
            float[] noise = Signals.whiteNoise(RATE * 2, 0.3, 5 + c);
            for (int n = 0; n < x[c].length; n++) {
                x[c][n] += (n / 6000) % 2 == 0 ? noise[n] : 0f;
            }
        }
        float[][] viaLadspa;
        float[][] viaVst;
        int ladspaLatency;
        int vstLatency;
        try (AudioPlugin l = ladspa.create(); AudioPlugin v = vst.create()) {
            for (var e : plain.entrySet()) {
                ParameterSpec spec = l.descriptor().parameter(e.getKey());
                l.setParameter(e.getKey(), e.getValue());
                v.setParameter(e.getKey(), (e.getValue() - spec.min()) / (spec.max() - spec.min()));
            }
            viaLadspa = PluginRunner.run(l, x, RATE, 256);
            viaVst = PluginRunner.run(v, x, RATE, 256);
            for (var e : plain.entrySet()) {
                String display = ((Vst2Plugin) v).parameterDisplay(e.getKey()).replaceAll("[^0-9.\\-]", " ").trim();
                double shown = Double.parseDouble(display.split("\\s+")[0]);
                assertEquals(e.getValue(), shown, 0.01, "the VST shows " + e.getKey() + " as " + display);
            }
            ladspaLatency = l.latencySamples();
            vstLatency = v.latencySamples();
        }
        assertEquals(ladspaLatency, vstLatency, "both builds report the same latency");
        assertTrue(vstLatency > 0, "ZaMaximX2 looks ahead");
        for (int c = 0; c < 2; c++) {
            double db = Measure.differenceDb(viaLadspa[c], viaVst[c]);
            System.out.printf("ZaMaximX2 LADSPA vs VST 2 channel %d: %.1f dB RMS (latency %d)%n", c, db, vstLatency);
            assertTrue(db < -90, "channel " + c + " differs by " + db + " dB");
            assertTrue(Measure.peak(viaVst[c], RATE, 2 * RATE) < 0.9, "the maximiser must act on the signal");
        }
    }
}
