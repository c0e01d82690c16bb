package org.mixdown.host.session;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.BiFunction;
import org.mixdown.api.ParameterEvents;
import org.mixdown.host.MixdownException;
import org.mixdown.host.chain.Json;

/**
 * A breakpoint curve over time: values at sample positions, interpolated between them per sample, held
 * before the first and after the last. Two breakpoints at the same time make a step. Read it either per
 * sample ({@link #fill}, for faders and pans the mixer applies itself) or as parameter events for a plugin
 * ({@link #emit}); both allocate nothing.
 */
public final class Automation {
    /** How values between two breakpoints are found. */
    public enum Shape {
        /** A straight line in the value's own unit (dB for gains, % for pan, ms...). */
        LINEAR,
        /** A straight line in log(value): frequencies glide evenly in octaves. */
        GEOMETRIC,
        /** The earlier breakpoint's value until the next breakpoint (switches, choices, whole numbers). */
        STEP
    }

    /** Frames between events on a ramp, at least: the plugin's own smoothing joins them (0.7 ms at 48 kHz). */
    public static final int EVENT_SPACING = 32;

    private final long[] times;
    private final double[] values;
    private final Shape shape;
    /** Cursor of {@link #emit}: the value last sent, so a held value is not sent again. */
    private double lastEmitted = Double.NaN;

    public Automation(long[] times, double[] values, Shape shape) {
        if (times.length == 0 || times.length != values.length) {
            throw new IllegalArgumentException("an automation curve needs breakpoints");
        }
        for (int i = 1; i < times.length; i++) {
            if (times[i] < times[i - 1]) {
                throw new IllegalArgumentException("breakpoint times must not decrease");
            }
        }
        this.times = times.clone();
        this.values = values.clone();
        this.shape = shape;
    }

    /**
     * Parses {@code [[seconds, value], ...]}: times in seconds from the start of the session, never
     * decreasing; {@code toValue} turns a JSON value at a path into a number (and checks its range).
     */
    public static Automation parse(JsonNode node, String file, String path, double sampleRate, Shape shape,
                                   BiFunction<JsonNode, String, Double> toValue) {
        if (!node.isArray() || node.isEmpty()) {
            throw Json.expected(file, path, "a non-empty array of [seconds, value] breakpoints", node);
        }
        long[] times = new long[node.size()];
        double[] values = new double[node.size()];
        double previous = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < node.size(); i++) {
            String at = path + "[" + i + "]";
            JsonNode point = node.get(i);
            if (!point.isArray() || point.size() != 2 || !point.get(0).isNumber()) {
                throw Json.expected(file, at, "a breakpoint [seconds, value]", point);
            }
            double seconds = point.get(0).asDouble();
            if (!(seconds >= 0) || !Double.isFinite(seconds)) {
                throw Json.expected(file, at + "[0]", "a time in seconds, 0 or more", point.get(0));
            }
            if (seconds < previous) {
                throw new MixdownException(file + ": " + at + "[0]: automation times must not go backwards ("
                        + seconds + " s after " + previous + " s)");
            }
            previous = seconds;
            times[i] = Math.round(seconds * sampleRate);
            values[i] = toValue.apply(point.get(1), at + "[1]");
        }
        return new Automation(times, values, shape);
    }

    /** The curve's value at {@code sample}. */
    public double valueAt(long sample) {
        int n = times.length;
        if (sample < times[0]) {
            return values[0];
        }
        if (sample >= times[n - 1]) {
            return values[n - 1];
        }
        int lo = 0;
        int hi = n - 1;   // invariant: times[lo] <= sample < times[hi]
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (times[mid] <= sample) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return interpolate(lo, sample);
    }

    private double interpolate(int segment, long sample) {
        long t0 = times[segment];
        long t1 = times[segment + 1];
        double a = values[segment];
        double b = values[segment + 1];
        if (shape == Shape.STEP || t1 == t0) {
            return a;
        }
        double x = (sample - t0) / (double) (t1 - t0);
        if (shape == Shape.GEOMETRIC && a > 0 && b > 0) {
            return a * Math.pow(b / a, x);
        }
        return a + (b - a) * x;
    }

    /** Writes the value of every sample {@code start .. start + frames - 1} into {@code out[0 .. frames)}. */
    public void fill(long start, double[] out, int frames) {
        for (int i = 0; i < frames; i++) {
            out[i] = valueAt(start + i);
        }
    }

    /** True when the value does not change over samples {@code [start, start + frames)}. */
    public boolean isConstant(long start, int frames) {
        long end = start + frames - 1;
        if (end < times[0] || start >= times[times.length - 1]) {
            return true;
        }
        for (int i = 0; i < times.length; i++) {
            // a breakpoint inside, or a ramp crossing the range, changes the value
            if (times[i] > start && times[i] <= end) {
                return false;
            }
        }
        return valueAt(start) == valueAt(end);
    }

    /**
     * Adds events for parameter {@code parameter} over the block {@code [start, start + frames)} of the
     * curve: at every breakpoint inside the block and every {@code spacing} frames along a ramp, each with the
     * curve's exact value at its sample, and only when the value differs from the last one sent. Stops quietly
     * when {@code events} is full rather than throwing on the audio thread.
     */
    public void emit(long start, int frames, int parameter, ParameterEvents events) {
        emit(start, frames, EVENT_SPACING, parameter, events);
    }

    /** {@link #emit(long, int, int, ParameterEvents)} with events {@code spacing} frames apart on ramps. */
    public void emit(long start, int frames, int spacing, int parameter, ParameterEvents events) {
        int next = firstBreakpointAfter(start);
        int offset = 0;
        while (offset < frames) {
            send(start, offset, parameter, events);
            int step = Math.min(frames, offset + spacing);
            // breakpoints before the next regular position are sent at their exact sample
            while (next < times.length && times[next] - start < step) {
                int at = (int) (times[next] - start);
                if (at > offset) {
                    send(start, at, parameter, events);
                }
                next++;
            }
            offset = step;
        }
    }

    private void send(long start, int offset, int parameter, ParameterEvents events) {
        double v = valueAt(start + offset);
        if (v != lastEmitted && events.size() < events.capacity()) {
            events.add(offset, parameter, v);
            lastEmitted = v;
        }
    }

    private int firstBreakpointAfter(long sample) {
        int i = 0;
        while (i < times.length && times[i] <= sample) {
            i++;
        }
        return i;
    }

    /** Forgets what was sent, so the next {@link #emit} sends the current value again. */
    public void rewind() {
        lastEmitted = Double.NaN;
    }

    public Shape shape() {
        return shape;
    }

    /** The time of the last breakpoint, in samples. */
    public long end() {
        return times[times.length - 1];
    }
}
