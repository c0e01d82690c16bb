package org.mixdown.api;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Who a plugin is and what it offers: id, name, vendor, version, kind, category, the channel layouts
 * it accepts, its parameters and meters, and the version of its saved state.
 *
 * @param kind  where it comes from: {@code java}, {@code ladspa}, {@code vst2}
 * @param stateVersion incremented whenever the meaning of saved parameter values changes
 */
public record PluginDescriptor(String id, String name, String vendor, String version, String kind, String category,
                               List<ChannelLayout> layouts, List<ParameterSpec> parameters, List<MeterSpec> meters,
                               int stateVersion) {

    public PluginDescriptor {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("a plugin needs an id");
        }
        layouts = List.copyOf(layouts);
        parameters = List.copyOf(parameters);
        meters = List.copyOf(meters);
        if (layouts.isEmpty()) {
            throw new IllegalArgumentException(id + ": a plugin needs at least one channel layout");
        }
        Map<String, Boolean> seen = new HashMap<>();
        for (ParameterSpec p : parameters) {
            if (seen.put(p.id(), true) != null) {
                throw new IllegalArgumentException(id + ": parameter id '" + p.id() + "' is used twice");
            }
        }
    }

    /** A Java plugin with the default vendor. */
    public static PluginDescriptor java(String id, String name, String category, List<ChannelLayout> layouts,
                                        List<ParameterSpec> parameters, List<MeterSpec> meters, int stateVersion) {
        return new PluginDescriptor(id, name, "Mixdown", "0.1", "java", category, layouts, parameters, meters,
                stateVersion);
    }

    /** The index of a parameter, or -1. */
    public int parameterIndex(String parameterId) {
        for (int i = 0; i < parameters.size(); i++) {
            if (parameters.get(i).id().equals(parameterId)) {
                return i;
            }
        }
        return -1;
    }

    /** The parameter spec with that id; throws naming the plugin and the known ids when there is none. */
    public ParameterSpec parameter(String parameterId) {
        int index = parameterIndex(parameterId);
        if (index < 0) {
            throw new IllegalArgumentException("plugin " + id + " has no parameter '" + parameterId + "'");
        }
        return parameters.get(index);
    }

    /** Whether the plugin accepts {@code inputs} -> {@code outputs}. */
    public boolean supports(int inputs, int outputs) {
        for (ChannelLayout l : layouts) {
            if (l.inputs() == inputs && l.outputs() == outputs) {
                return true;
            }
        }
        return false;
    }

    /** The number of output channels for {@code inputs} main channels, or -1 when no layout takes them. */
    public int outputsFor(int inputs) {
        for (ChannelLayout l : layouts) {
            if (l.inputs() == inputs) {
                return l.outputs();
            }
        }
        return -1;
    }
}
