package org.mixdown.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The saved state of a plugin: its id, the version of the state format, and every parameter value in
 * plain units, in descriptor order.
 */
public record PluginState(String pluginId, int version, Map<String, Double> values) {

    public PluginState {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }
}
