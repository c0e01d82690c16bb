package org.mixdown.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.mixdown.api.AudioPlugin;
import org.mixdown.host.PluginRegistry;

/**
 * Realistic settings per plugin, so each benchmark measures the plugin at work (a compressor compressing,
 * a limiter limiting) rather than idling at its defaults; and the programme signal it works on.
 */
public final class BenchSettings {
    /** Parameter values by plugin id; plugins not listed run at their defaults. */
    static final Map<String, Map<String, Object>> SETTINGS = Map.ofEntries(
            Map.entry("mix.gain", Map.of("gain", -3.0)),
            Map.entry("mix.pan", Map.of("pan", 30.0)),
            Map.entry("mix.filter", Map.of("hpf.on", true, "hpf.freq", 80.0, "hpf.slope", "24",
                    "lpf.on", true, "lpf.freq", 12000.0, "lpf.slope", "12")),
            Map.entry("mix.eq", Map.ofEntries(
                    Map.entry("b1.type", "lowcut"), Map.entry("b1.freq", 40.0), Map.entry("b1.q", 0.7071),
                    Map.entry("b2.type", "lowshelf"), Map.entry("b2.freq", 120.0), Map.entry("b2.gain", 3.0),
                    Map.entry("b3.type", "peak"), Map.entry("b3.freq", 400.0), Map.entry("b3.gain", -4.0),
                    Map.entry("b3.q", 1.5),
                    Map.entry("b4.type", "notch"), Map.entry("b4.freq", 3150.0), Map.entry("b4.q", 8.0),
                    Map.entry("b5.type", "highshelf"), Map.entry("b5.freq", 8000.0), Map.entry("b5.gain", 4.0),
                    Map.entry("b6.type", "highcut"), Map.entry("b6.freq", 18000.0), Map.entry("output", -2.0))),
            Map.entry("mix.delay", Map.of("sync", true, "bpm", 120.0, "note", "1/8.", "feedback", 45.0,
                    "hicut", 6000.0, "pingpong", true, "mix", 30.0)),
            Map.entry("mix.reverb", Map.of("decay", 2.0, "size", 60.0, "predelay", 20.0, "damping", 6000.0,
                    "width", 100.0, "mix", 25.0)),
            // about 6 dB of gain reduction on the programme
            Map.entry("mix.compressor", Map.of("threshold", -20.0, "ratio", 4.0, "knee", 6.0, "attack", 10.0,
                    "release", 100.0, "detector", "rms")),
            Map.entry("mix.gate", Map.of("threshold", -40.0, "range", -80.0, "attack", 0.5, "hold", 20.0,
                    "release", 100.0, "hysteresis", 6.0)),
            Map.entry("mix.saturator", Map.of("drive", 12.0, "type", "tanh", "oversampling", "4", "output", -6.0)),
            // a typical vocal/instrument strip: every section at work, the unused EQ bands off
            Map.entry("mix.strip", Map.ofEntries(Map.entry("trim", -2.0), Map.entry("filter.hpf.on", true),
                    Map.entry("filter.hpf.freq", 80.0), Map.entry("eq.enabled", true), Map.entry("eq.b1.gain", 2.0),
                    Map.entry("eq.b3.gain", -3.0), Map.entry("eq.b3.q", 1.5), Map.entry("eq.b5.gain", 3.0),
                    Map.entry("eq.b2.on", false), Map.entry("eq.b4.on", false), Map.entry("eq.b6.on", false),
                    Map.entry("gate.enabled", true), Map.entry("gate.threshold", -50.0),
                    Map.entry("comp.enabled", true), Map.entry("comp.threshold", -16.0), Map.entry("comp.ratio", 3.0),
                    Map.entry("comp.attack", 10.0), Map.entry("comp.release", 120.0), Map.entry("sat.enabled", true),
                    Map.entry("sat.drive", 6.0), Map.entry("sat.oversampling", "2"), Map.entry("sat.mix", 50.0),
                    Map.entry("fader", -3.0), Map.entry("pan", -20.0))),
            // four LR4 bands, every one compressing (about 3-4 dB each on the programme)
            Map.entry("master.multiband", Map.ofEntries(Map.entry("bands", 4), Map.entry("xover1", 120.0),
                    Map.entry("xover2", 800.0), Map.entry("xover3", 5000.0), Map.entry("link", 100.0),
                    Map.entry("b1.threshold", -20.0), Map.entry("b2.threshold", -28.0),
                    Map.entry("b3.threshold", -30.0), Map.entry("b4.threshold", -32.0),
                    Map.entry("b1.ratio", 3.0), Map.entry("b2.ratio", 3.0), Map.entry("b3.ratio", 3.0),
                    Map.entry("b4.ratio", 3.0), Map.entry("b1.attack", 5.0), Map.entry("b2.attack", 5.0),
                    Map.entry("b3.attack", 5.0), Map.entry("b4.attack", 5.0), Map.entry("b1.release", 80.0),
                    Map.entry("b2.release", 80.0), Map.entry("b3.release", 80.0), Map.entry("b4.release", 80.0))),
            Map.entry("master.eq", Map.ofEntries(
                    Map.entry("b1.type", "lowcut"), Map.entry("b1.freq", 25.0), Map.entry("b1.on", true),
                    Map.entry("b2.type", "lowshelf"), Map.entry("b2.freq", 90.0), Map.entry("b2.gain", 2.5),
                    Map.entry("b2.on", true),
                    Map.entry("b3.type", "peak"), Map.entry("b3.freq", 250.0), Map.entry("b3.gain", -2.0),
                    Map.entry("b3.q", 1.4), Map.entry("b3.on", true),
                    Map.entry("b4.type", "peak"), Map.entry("b4.freq", 700.0), Map.entry("b4.gain", 1.0),
                    Map.entry("b4.on", true),
                    Map.entry("b5.type", "peak"), Map.entry("b5.freq", 3000.0), Map.entry("b5.gain", 1.5),
                    Map.entry("b5.q", 0.8), Map.entry("b5.on", true),
                    Map.entry("b6.type", "peak"), Map.entry("b6.freq", 140.0), Map.entry("b6.gain", -3.0),
                    Map.entry("b6.q", 4.0), Map.entry("b6.on", true),
                    Map.entry("b7.type", "highshelf"), Map.entry("b7.freq", 10000.0), Map.entry("b7.gain", 1.5),
                    Map.entry("b7.on", true), Map.entry("tilt", -1.0), Map.entry("output", -1.5))),
            // about 6 dB of limiting on the programme
            Map.entry("master.limiter", Map.of("gain", 8.0)),
            Map.entry("master.imager", Map.of("width", 120.0, "low.width", 60.0, "high.width", 140.0,
                    "monobass", 100.0)),
            Map.entry("master.dither", Map.of("bits", "16", "shaping", "f-weighted")));

    /** Extra benchmarks of a plugin in another mode: {@code id@variant} -> settings on top of the id's. */
    static final Map<String, Map<String, Object>> VARIANTS = Map.of(
            "master.eq@linear", Map.of("phase", "linear"),
            "master.multiband@linear", Map.of("phase", "linear"));

    private static final PluginRegistry REGISTRY = PluginRegistry.javaPlugins();

    private BenchSettings() {
    }

    public static PluginRegistry registry() {
        return REGISTRY;
    }

    /** Every Java plugin id, plus the named variants (such as {@code master.eq@linear}) of {@link #VARIANTS}. */
    public static List<String> benchmarkIds() {
        List<String> ids = new ArrayList<>();
        for (var factory : REGISTRY.list()) {
            if (factory.descriptor().kind().equals("java")) {
                ids.add(factory.descriptor().id());
            }
        }
        for (String variant : VARIANTS.keySet()) {
            if (REGISTRY.find(variant.substring(0, variant.indexOf('@'))).isPresent()) {
                ids.add(variant);
            }
        }
        return ids;
    }

    /** A new instance of {@code id} with its realistic settings. */
    public static AudioPlugin create(String benchmarkId) {
        int at = benchmarkId.indexOf('@');
        String id = at < 0 ? benchmarkId : benchmarkId.substring(0, at);
        AudioPlugin plugin = REGISTRY.create(id);
        apply(plugin, SETTINGS.getOrDefault(id, Map.of()));
        apply(plugin, VARIANTS.getOrDefault(benchmarkId, Map.of()));
        return plugin;
    }

    private static void apply(AudioPlugin plugin, Map<String, Object> settings) {
        for (Map.Entry<String, Object> e : settings.entrySet()) {
            var spec = plugin.descriptor().parameter(e.getKey());
            double value = e.getValue() instanceof String name ? spec.choiceIndex(name)
                    : e.getValue() instanceof Boolean on ? (on ? 1 : 0) : ((Number) e.getValue()).doubleValue();
            plugin.setParameter(e.getKey(), value);
        }
    }

    /**
     * A loud, dynamic programme: pink-ish noise at about -12 dBFS RMS with 120 BPM kick-like bursts, so
     * dynamics processors move and filters see a full spectrum.
     */
    public static float[][] programme(int channels, int frames, double sampleRate) {
        float[][] out = new float[channels][frames];
        SplittableRandom random = new SplittableRandom(42);
        int beat = (int) (sampleRate / 2);
        for (int c = 0; c < channels; c++) {
            double b0 = 0, b1 = 0, b2 = 0;
            for (int n = 0; n < frames; n++) {
                double white = 2 * random.nextDouble() - 1;
                b0 = 0.99765 * b0 + white * 0.0990460;  // Voss-McCartney style pinking (three poles)
                b1 = 0.96300 * b1 + white * 0.2965164;
                b2 = 0.57000 * b2 + white * 1.0526913;
                double pink = (b0 + b1 + b2 + white * 0.1848) * 0.08;
                double t = (n % beat) / sampleRate;
                double kick = 0.6 * Math.sin(2 * Math.PI * 55 * t) * Math.exp(-t * 12);
                out[c][n] = (float) (pink + kick);
            }
        }
        return out;
    }
}
