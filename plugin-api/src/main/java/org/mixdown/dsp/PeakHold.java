package org.mixdown.dsp;

/**
 * The largest |x| over the last {@code window} samples (a sliding maximum, kept in a monotonic queue:
 * O(1) amortised per sample, no allocation after {@link #prepare}). A steady tone whose half period fits
 * in the window reads its true peak without ripple, which a one-pole peak follower cannot do; a level
 * detector for compressors and gates. After {@code window} samples of silence the level is exactly 0.
 */
public final class PeakHold {
    private double[] values = new double[1];
    private long[] times = new long[1];
    private int mask;
    private int head;
    private int size;
    private int window = 1;
    private long now;

    /** Allocates for a window of {@code windowSamples} (>= 1) and clears. */
    public void prepare(int windowSamples) {
        if (windowSamples < 1) {
            throw new IllegalArgumentException("window must be at least 1 sample, not " + windowSamples);
        }
        int capacity = Integer.highestOneBit(windowSamples);
        if (capacity < windowSamples) {
            capacity <<= 1;
        }
        values = new double[capacity];
        times = new long[capacity];
        mask = capacity - 1;
        window = windowSamples;
        reset();
    }

    /** The window in samples. */
    public int window() {
        return window;
    }

    /** Takes one sample and returns the largest |x| among the last {@code window} samples, this one included. */
    public double process(double x) {
        double a = Math.abs(x);
        if (size > 0 && times[head] <= now - window) {
            head = (head + 1) & mask;  // at most one value leaves the window per sample
            size--;
        }
        while (size > 0 && values[(head + size - 1) & mask] <= a) {
            size--;  // an older, smaller value can never be the maximum again
        }
        int tail = (head + size) & mask;
        values[tail] = a;
        times[tail] = now;
        size++;
        now++;
        return values[head];
    }

    /** The current level (the maximum over the window up to the last sample). */
    public double level() {
        return size == 0 ? 0 : values[head];
    }

    public void reset() {
        head = 0;
        size = 0;
        now = 0;
    }
}
