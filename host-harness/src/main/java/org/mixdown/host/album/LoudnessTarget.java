package org.mixdown.host.album;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.mixdown.host.MixdownException;
import org.mixdown.host.chain.Json;

/**
 * Where a master must land: an integrated loudness (LUFS, BS.1770-4) and a true-peak ceiling (dBTP).
 * Presets: {@code streaming} -14/-1, {@code apple} -16/-1, {@code broadcast} (EBU R128) -23/-1, {@code cd}
 * -9/-0.3.
 */
public record LoudnessTarget(String name, double lufs, double truePeakDbtp) {
    /** How close the integrated loudness must come to count as on target. */
    public static final double TOLERANCE_LU = 0.5;

    public static final List<LoudnessTarget> PRESETS = List.of(
            new LoudnessTarget("streaming", -14, -1),
            new LoudnessTarget("apple", -16, -1),
            new LoudnessTarget("broadcast", -23, -1),
            new LoudnessTarget("cd", -9, -0.3));

    /** A preset by name (case-insensitive), or an error listing them. */
    public static LoudnessTarget preset(String name) {
        for (LoudnessTarget t : PRESETS) {
            if (t.name.equalsIgnoreCase(name.trim())) {
                return t;
            }
        }
        throw new MixdownException("unknown loudness preset '" + name + "' (presets: "
                + String.join(", ", PRESETS.stream().map(LoudnessTarget::name).toList()) + ")");
    }

    /**
     * Parses {@code {"preset": "streaming"}}, {@code {"lufs": -14, "truePeak": -1}}, or a preset with either
     * value overridden.
     */
    public static LoudnessTarget parse(JsonNode node, String file, String path) {
        if (node == null || node.isNull()) {
            throw new MixdownException(file + ": " + path + ": missing (give {\"preset\": \"streaming\"} or "
                    + "{\"lufs\": -14, \"truePeak\": -1})");
        }
        if (!node.isObject()) {
            throw Json.expected(file, path, "an object with \"preset\" or \"lufs\" and \"truePeak\"", node);
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!List.of("preset", "lufs", "truePeak").contains(field)) {
                throw new MixdownException(file + ": " + path + "." + field
                        + ": unknown field (expected preset, lufs, truePeak)");
            }
        }
        String name = "custom";
        Double lufs = null;
        Double peak = null;
        if (node.has("preset")) {
            JsonNode p = node.get("preset");
            if (!p.isTextual()) {
                throw Json.expected(file, path + ".preset", "a preset name", p);
            }
            try {
                LoudnessTarget preset = preset(p.asText());
                name = preset.name;
                lufs = preset.lufs;
                peak = preset.truePeakDbtp;
            } catch (MixdownException e) {
                throw new MixdownException(file + ": " + path + ".preset: " + e.getMessage(), e);
            }
        }
        if (node.has("lufs")) {
            lufs = number(node.get("lufs"), file, path + ".lufs", -70, 0, "an integrated loudness in LUFS");
        }
        if (node.has("truePeak")) {
            peak = number(node.get("truePeak"), file, path + ".truePeak", -30, 0, "a true-peak ceiling in dBTP");
        }
        if (lufs == null || peak == null) {
            throw new MixdownException(file + ": " + path + ": give a \"preset\" or both \"lufs\" and \"truePeak\"");
        }
        return new LoudnessTarget(name, lufs, peak);
    }

    private static double number(JsonNode v, String file, String path, double min, double max, String what) {
        if (!v.isNumber() || v.asDouble() < min || v.asDouble() > max) {
            throw Json.expected(file, path, what + " (" + (int) min + ".." + (int) max + ")", v);
        }
        return v.asDouble();
    }

    /** Whether {@code integrated} and {@code truePeak} meet this target. */
    public boolean met(double integrated, double truePeak) {
        return Math.abs(integrated - lufs) <= TOLERANCE_LU && truePeak <= truePeakDbtp + 1e-9;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s (%.1f LUFS, %.1f dBTP)", name, lufs, truePeakDbtp);
    }
}
