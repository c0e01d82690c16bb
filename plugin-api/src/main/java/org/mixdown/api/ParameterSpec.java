package org.mixdown.api;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Describes one parameter. Values always travel in plain units (dB, Hz, ms, %); a switch is 0/1 and a
 * choice is the index into {@link #choices()}.
 *
 * @param id       stable identifier, e.g. {@code gain}, {@code b1.freq}, {@code comp.threshold}
 * @param name     what a person reads
 * @param unit     "dB", "Hz", "ms", "%", "" ...
 * @param min      smallest accepted value
 * @param max      largest accepted value
 * @param defaultValue value after construction
 * @param scale    how a control should map its travel to the value
 * @param step     0 for continuous values, 1 for integers, switches and choices
 * @param choices  names of the choices, empty unless {@link Kind#CHOICE}
 * @param kind     continuous, integer, switch or choice
 */
public record ParameterSpec(String id, String name, String unit, double min, double max, double defaultValue,
                            Scale scale, double step, List<String> choices, Kind kind) {

    /** How a control maps its travel to the value. */
    public enum Scale { LINEAR, LOG, DB }

    public enum Kind { CONTINUOUS, INTEGER, SWITCH, CHOICE }

    private static final Pattern ID = Pattern.compile("[A-Za-z_][A-Za-z0-9_.\\-]*");

    public ParameterSpec {
        requireId(id);
        choices = List.copyOf(choices);
        if (!(min <= max) || !Double.isFinite(min) || !Double.isFinite(max)) {
            throw new IllegalArgumentException("parameter " + id + ": bad range " + min + ".." + max);
        }
        if (!(defaultValue >= min && defaultValue <= max)) {
            throw new IllegalArgumentException("parameter " + id + ": default " + defaultValue + " outside range");
        }
        if (scale == Scale.LOG && min <= 0) {
            throw new IllegalArgumentException("parameter " + id + ": a log scale needs a positive minimum");
        }
        if (kind == Kind.CHOICE && choices.size() != (int) max + 1) {
            throw new IllegalArgumentException("parameter " + id + ": choices do not match the range");
        }
    }

    static void requireId(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("bad id '" + id + "': use letters, digits, '.', '_' or '-'");
        }
    }

    /** A continuous value in {@code unit}. */
    public static ParameterSpec continuous(String id, String name, String unit, double min, double max,
                                           double defaultValue, Scale scale) {
        return new ParameterSpec(id, name, unit, min, max, defaultValue, scale, 0, List.of(), Kind.CONTINUOUS);
    }

    /** A continuous value in decibels. */
    public static ParameterSpec decibels(String id, String name, double min, double max, double defaultValue) {
        return continuous(id, name, "dB", min, max, defaultValue, Scale.DB);
    }

    /** A whole number. */
    public static ParameterSpec integer(String id, String name, String unit, int min, int max, int defaultValue) {
        return new ParameterSpec(id, name, unit, min, max, defaultValue, Scale.LINEAR, 1, List.of(), Kind.INTEGER);
    }

    /** An on/off switch: 0 is off, 1 is on. */
    public static ParameterSpec toggle(String id, String name, boolean defaultOn) {
        return new ParameterSpec(id, name, "", 0, 1, defaultOn ? 1 : 0, Scale.LINEAR, 1, List.of(), Kind.SWITCH);
    }

    /** One of named choices; the value is the index of the choice. */
    public static ParameterSpec choice(String id, String name, List<String> choices, int defaultIndex) {
        return new ParameterSpec(id, name, "", 0, choices.size() - 1, defaultIndex, Scale.LINEAR, 1, choices,
                Kind.CHOICE);
    }

    /** The same parameter under another id and name (for composite plugins that prefix their sections). */
    public ParameterSpec withId(String newId, String newName) {
        return new ParameterSpec(newId, newName, unit, min, max, defaultValue, scale, step, choices, kind);
    }

    /** The same parameter with another default value. */
    public ParameterSpec withDefault(double newDefault) {
        return new ParameterSpec(id, name, unit, min, max, newDefault, scale, step, choices, kind);
    }

    public boolean isChoice() {
        return kind == Kind.CHOICE;
    }

    public boolean isSwitch() {
        return kind == Kind.SWITCH;
    }

    public boolean isDiscrete() {
        return step > 0;
    }

    /** The index of a choice by name (case-insensitive), or -1. */
    public int choiceIndex(String choiceName) {
        for (int i = 0; i < choices.size(); i++) {
            if (choices.get(i).equalsIgnoreCase(choiceName)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Checks a value and snaps discrete values to their step.
     *
     * @throws IllegalArgumentException naming the parameter, the value and the accepted range
     */
    public double validate(double value) {
        if (Double.isNaN(value) || value < min || value > max) {
            throw new IllegalArgumentException("parameter '" + id + "': " + format(value) + " is outside "
                    + rangeText());
        }
        if (step > 0) {
            double snapped = min + Math.rint((value - min) / step) * step;
            if (Math.abs(snapped - value) > 1e-9) {
                throw new IllegalArgumentException("parameter '" + id + "': " + value + " is not a whole step of "
                        + step + " (" + rangeText() + ")");
            }
            return snapped;
        }
        return value;
    }

    /** The accepted values in words, e.g. {@code -96..24 dB} or {@code one of peak, lowshelf}. */
    public String rangeText() {
        if (kind == Kind.CHOICE) {
            return "one of " + String.join(", ", choices);
        }
        if (kind == Kind.SWITCH) {
            return "true/false";
        }
        return format(min) + ".." + format(max) + (unit.isEmpty() ? "" : " " + unit);
    }

    /** A value as a person reads it: the choice name, on/off, or the number. */
    public String format(double value) {
        if (kind == Kind.CHOICE && value >= 0 && value < choices.size() && value == Math.rint(value)) {
            return choices.get((int) value);
        }
        if (kind == Kind.SWITCH) {
            return value >= 0.5 ? "on" : "off";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return String.format(Locale.ROOT, "%.4g", value);
    }

    /** Maps a value to 0..1 along the scale (log scales geometrically). */
    public double toNormalized(double value) {
        if (max == min) {
            return 0;
        }
        if (scale == Scale.LOG) {
            return Math.log(value / min) / Math.log(max / min);
        }
        return (value - min) / (max - min);
    }

    /** The inverse of {@link #toNormalized}, snapped to the step. */
    public double fromNormalized(double normalized) {
        double n = Math.min(1, Math.max(0, normalized));
        double v = scale == Scale.LOG ? min * Math.pow(max / min, n) : min + n * (max - min);
        if (step > 0) {
            v = min + Math.rint((v - min) / step) * step;
        }
        return Math.min(max, Math.max(min, v));
    }
}
