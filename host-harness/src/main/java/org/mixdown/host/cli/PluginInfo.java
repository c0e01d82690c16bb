package org.mixdown.host.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mixdown.api.AudioPlugin;
import org.mixdown.api.ChannelLayout;
import org.mixdown.api.MeterSpec;
import org.mixdown.api.ParameterSpec;
import org.mixdown.api.PluginDescriptor;
import org.mixdown.api.PluginFactory;
import org.mixdown.api.ProcessSetup;

/** What `plugins` and `describe` print about a plugin, as ordered maps ready for JSON or text. */
final class PluginInfo {
    /** The sample rate at which the latency shown is measured. */
    static final double REFERENCE_RATE = 48_000;

    private PluginInfo() {
    }

    static Map<String, Object> summary(PluginFactory factory) {
        PluginDescriptor d = factory.descriptor();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", d.id());
        m.put("name", d.name());
        m.put("kind", d.kind());
        m.put("category", d.category());
        m.put("channels", d.layouts().stream().map(ChannelLayout::toString).toList());
        m.put("latency", latency(factory));
        List<Map<String, Object>> params = new ArrayList<>();
        for (ParameterSpec p : d.parameters()) {
            params.add(parameter(p));
        }
        m.put("parameters", params);
        return m;
    }

    static Map<String, Object> details(PluginFactory factory) {
        PluginDescriptor d = factory.descriptor();
        Map<String, Object> m = summary(factory);
        m.put("vendor", d.vendor());
        m.put("version", d.version());
        m.put("stateVersion", d.stateVersion());
        List<Map<String, Object>> meters = new ArrayList<>();
        for (MeterSpec s : d.meters()) {
            Map<String, Object> meter = new LinkedHashMap<>();
            meter.put("id", s.id());
            meter.put("name", s.name());
            meter.put("unit", s.unit());
            meters.add(meter);
        }
        m.put("meters", meters);
        return m;
    }

    static Map<String, Object> parameter(ParameterSpec p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", p.id());
        m.put("name", p.name());
        m.put("kind", p.kind().name().toLowerCase());
        m.put("unit", p.unit());
        m.put("min", p.min());
        m.put("max", p.max());
        m.put("default", p.defaultValue());
        m.put("scale", p.scale().name().toLowerCase());
        m.put("range", p.rangeText());
        m.put("defaultText", p.format(p.defaultValue()));
        if (p.isChoice()) {
            m.put("choices", p.choices());
            m.put("defaultChoice", p.choices().get((int) p.defaultValue()));
        }
        return m;
    }

    /**
     * The latency in samples at 48 kHz for the first layout, or null when the plugin cannot be prepared
     * here (a native plugin that fails to load is reported elsewhere).
     */
    static Integer latency(PluginFactory factory) {
        PluginDescriptor d = factory.descriptor();
        ChannelLayout layout = d.layouts().get(0);
        try (AudioPlugin plugin = factory.create()) {
            plugin.prepare(new ProcessSetup(REFERENCE_RATE, 512, layout.inputs(), layout.outputs()));
            return plugin.latencySamples();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** One line per parameter: id, range and unit, default. */
    static String parameterLine(ParameterSpec p) {
        return String.format("    %-18s %-34s default %s", p.id(), p.rangeText(), p.format(p.defaultValue()));
    }

    /** The same line from a parameter's summary map. */
    static String parameterLine(Map<String, Object> p) {
        return String.format("    %-18s %-34s default %s", p.get("id"), p.get("range"), p.get("defaultText"));
    }
}
