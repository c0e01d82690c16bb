package org.mixdown.host.chain;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.mixdown.api.AudioPlugin;
import org.mixdown.api.ParameterSpec;
import org.mixdown.host.MixdownException;
import org.mixdown.host.PluginRegistry;

/**
 * Builds a {@link Chain} from JSON: {@code {"chain": [{"plugin": "mix.gain", "params": {"gain": 6.0}},
 * {"plugin": "mix.pan", "params": {"pan": -30}, "bypass": false}]}}. Values are in plain units; choices by
 * name ({@code "type": "peak"}) or index; switches as true/false. Every error names the file and JSON path.
 */
public final class ChainFile {
    private ChainFile() {
    }

    /** Reads {@code file} and builds its chain. */
    public static Chain read(Path file, PluginRegistry registry) {
        JsonNode root = Json.read(file);
        if (!root.isObject()) {
            throw Json.expected(file.toString(), "$", "an object with a \"chain\" array", root);
        }
        return build(Json.require(root, "chain", file.toString(), "$"), file.toString(), "$.chain", registry);
    }

    /** Builds a chain from a JSON array of slots found at {@code path} of {@code file} (used by session files too). */
    public static Chain build(JsonNode array, String file, String path, PluginRegistry registry) {
        if (!array.isArray()) {
            throw Json.expected(file, path, "an array of plugins", array);
        }
        List<Chain.Slot> slots = new ArrayList<>();
        try {
            for (int i = 0; i < array.size(); i++) {
                slots.add(slot(array.get(i), file, path + "[" + i + "]", registry));
            }
        } catch (RuntimeException e) {
            slots.forEach(s -> s.plugin().close());
            throw e;
        }
        return new Chain(slots);
    }

    private static Chain.Slot slot(JsonNode node, String file, String path, PluginRegistry registry) {
        if (!node.isObject()) {
            throw Json.expected(file, path, "an object like {\"plugin\": \"mix.gain\"}", node);
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!List.of("plugin", "params", "bypass").contains(field)) {
                throw new MixdownException(file + ": " + path + "." + field
                        + ": unknown field (a slot has plugin, params, bypass)");
            }
        }
        JsonNode id = Json.require(node, "plugin", file, path);
        if (!id.isTextual()) {
            throw Json.expected(file, path + ".plugin", "a plugin id string", id);
        }
        AudioPlugin plugin;
        try {
            plugin = registry.create(id.asText());
        } catch (MixdownException e) {
            throw new MixdownException(file + ": " + path + ".plugin: " + e.getMessage(), e);
        }
        try {
            JsonNode params = node.get("params");
            if (params != null && !params.isNull()) {
                if (!params.isObject()) {
                    throw Json.expected(file, path + ".params", "an object of parameter values", params);
                }
                for (Iterator<Map.Entry<String, JsonNode>> it = params.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    setParameter(plugin, e.getKey(), e.getValue(), file, path + ".params." + e.getKey());
                }
            }
            JsonNode bypass = node.get("bypass");
            if (bypass != null && !bypass.isBoolean()) {
                throw Json.expected(file, path + ".bypass", "true or false", bypass);
            }
            return new Chain.Slot(plugin, bypass != null && bypass.asBoolean());
        } catch (RuntimeException e) {
            plugin.close();
            throw e;
        }
    }

    /**
     * Sets one parameter from a JSON value: a number in plain units, a boolean for switches, or a choice
     * name. Errors name the file, the JSON path, and what the parameter accepts.
     */
    public static void setParameter(AudioPlugin plugin, String parameterId, JsonNode value, String file, String path) {
        int index = plugin.descriptor().parameterIndex(parameterId);
        if (index < 0) {
            List<String> ids = plugin.descriptor().parameters().stream().map(ParameterSpec::id).toList();
            String known = ids.size() > 12 ? String.join(", ", ids.subList(0, 12)) + ", ..." : String.join(", ", ids);
            throw new MixdownException(file + ": " + path + ": plugin " + plugin.descriptor().id()
                    + " has no parameter '" + parameterId + "' (it has " + known + ")");
        }
        ParameterSpec spec = plugin.descriptor().parameters().get(index);
        double number = toNumber(spec, value, file, path);
        try {
            plugin.setParameter(parameterId, number);
        } catch (IllegalArgumentException e) {
            throw new MixdownException(file + ": " + path + ": " + value + " is not accepted: expected "
                    + spec.rangeText(), e);
        }
    }

    /** The plain-unit number a JSON value stands for under {@code spec}. */
    public static double toNumber(ParameterSpec spec, JsonNode value, String file, String path) {
        if (value.isNumber() && spec.isChoice()) {
            return choiceForNumber(spec, value, file, path);
        }
        if (value.isNumber()) {
            return value.asDouble();
        }
        if (value.isBoolean()) {
            if (!spec.isSwitch()) {
                throw Json.expected(file, path, spec.rangeText(), value);
            }
            return value.asBoolean() ? 1 : 0;
        }
        if (value.isTextual() && spec.isChoice()) {
            int choice = spec.choiceIndex(value.asText());
            if (choice < 0) {
                throw Json.expected(file, path, spec.rangeText(), value);
            }
            return choice;
        }
        throw Json.expected(file, path, spec.rangeText(), value);
    }

    /**
     * A number given for a choice: where the choices are numbers ("1", "2", "4", "8" for oversampling,
     * "16", "24" for bits), the choice with that value, since {@code "oversampling": 2} means 2x, never the
     * third entry; where they are names, the number is taken as the choice's position (0-based).
     */
    private static double choiceForNumber(ParameterSpec spec, JsonNode value, String file, String path) {
        boolean numericChoices = true;
        for (int i = 0; i < spec.choices().size(); i++) {
            String label = spec.choices().get(i);
            try {
                if (Double.parseDouble(label) == value.asDouble()) {
                    return i;
                }
            } catch (NumberFormatException e) {
                numericChoices = false;
            }
        }
        double position = value.asDouble();
        if (numericChoices || position != Math.rint(position) || position < 0 || position >= spec.choices().size()) {
            throw Json.expected(file, path, spec.rangeText(), value);
        }
        return position;
    }
}
