package org.mixdown.host.report;

import java.util.Arrays;

/** A named curve of values at evenly spaced times (one per report window), grown as audio streams in. */
public final class Series {
    private final String name;
    private final double secondsPerPoint;
    private double[] values = new double[256];
    private int size;

    public Series(String name, double secondsPerPoint) {
        this.name = name;
        this.secondsPerPoint = secondsPerPoint;
    }

    void add(double value) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = value;
    }

    public String name() {
        return name;
    }

    public int size() {
        return size;
    }

    /** The time of point {@code i}: the end of its window, in seconds. */
    public double time(int i) {
        return (i + 1) * secondsPerPoint;
    }

    public double value(int i) {
        return values[i];
    }

    /** The largest finite value, or -infinity. */
    public double max() {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < size; i++) {
            if (Double.isFinite(values[i])) {
                max = Math.max(max, values[i]);
            }
        }
        return max;
    }
}
