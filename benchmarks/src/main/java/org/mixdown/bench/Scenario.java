package org.mixdown.bench;

import java.util.Map;
import org.mixdown.api.ParameterSpec;
import org.mixdown.api.PluginDescriptor;

/**
 * What a benchmark feeds a plugin. {@code steady}: the programme, no automation (the budget figure).
 * {@code automation}: the programme with one parameter moving every block, an event in mid-block, so
 * coefficients are recomputed and the block is split every time. {@code silence-after-loud}: a short loud
 * burst then a long digital silence, again and again, so most blocks process a decaying tail; a plugin
 * whose state drifts into the subnormal range (the denormal trap) is slow there.
 */
public enum Scenario {
    STEADY("steady"), AUTOMATION("automation"), SILENCE_AFTER_LOUD("silence-after-loud");

    /** The parameter automated per plugin id; plugins not listed get their first continuous parameter. */
    static final Map<String, String> AUTOMATED = Map.ofEntries(
            Map.entry("mix.gain", "gain"), Map.entry("mix.pan", "pan"), Map.entry("mix.filter", "hpf.freq"),
            Map.entry("mix.eq", "b3.freq"), Map.entry("mix.compressor", "threshold"),
            Map.entry("mix.gate", "threshold"), Map.entry("mix.saturator", "drive"),
            Map.entry("mix.delay", "feedback"), Map.entry("mix.reverb", "damping"),
            Map.entry("mix.strip", "eq.b3.freq"), Map.entry("master.eq", "b3.gain"),
            Map.entry("master.multiband", "b2.threshold"), Map.entry("master.imager", "width"),
            Map.entry("master.limiter", "gain"));

    /** Seconds of the loud burst and of the silence after it in {@link #SILENCE_AFTER_LOUD}. */
    static final double LOUD_SECONDS = 0.25;
    static final double SILENCE_SECONDS = 30;

    private final String id;

    Scenario(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Scenario of(String id) {
        for (Scenario s : values()) {
            if (s.id.equals(id)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown scenario " + id + " (steady, automation, silence-after-loud)");
    }

    /** The index of the parameter the automation scenario moves, or -1 when the plugin has none to move. */
    static int automatedParameter(String pluginId, PluginDescriptor descriptor) {
        String named = AUTOMATED.get(pluginId);
        if (named != null && descriptor.parameterIndex(named) >= 0) {
            return descriptor.parameterIndex(named);
        }
        var parameters = descriptor.parameters();
        for (int i = 0; i < parameters.size(); i++) {
            if (parameters.get(i).kind() == ParameterSpec.Kind.CONTINUOUS) {
                return i;
            }
        }
        return -1;
    }
}
