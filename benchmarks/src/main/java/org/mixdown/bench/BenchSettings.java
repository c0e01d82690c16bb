package org.mixdown.bench;

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
    static final Map<String, Map<String, Object>> SETTINGS = Map.of(
            "mix.gain", Map.of("gain", -3.0),
            "mix.pan", Map.of("pan", 30.0));

    private static final PluginRegistry REGISTRY = PluginRegistry.javaPlugins();

    private BenchSettings() {
    }

    public static PluginRegistry registry() {
        return REGISTRY;
    }

    /** A new instance of {@code id} with its realistic settings. */
    public static AudioPlugin create(String id) {
        AudioPlugin plugin = REGISTRY.create(id);
        for (Map.Entry<String, Object> e : SETTINGS.getOrDefault(id, Map.of()).entrySet()) {
            var spec = plugin.descriptor().parameter(e.getKey());
            double value = e.getValue() instanceof String name ? spec.choiceIndex(name)
                    : e.getValue() instanceof Boolean on ? (on ? 1 : 0) : ((Number) e.getValue()).doubleValue();
            plugin.setParameter(e.getKey(), value);
        }
        return plugin;
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
