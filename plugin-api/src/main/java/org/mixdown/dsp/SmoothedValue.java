package org.mixdown.dsp;

/**
 * A value that glides linearly to a new target over a fixed time, so a parameter change does not click.
 * The slope is fixed per change: a step of size d moves at most d / rampSamples per sample. Audio thread
 * only; no allocation.
 */
public final class SmoothedValue {
    /** The ramp time the plugins use unless they have reason to differ. */
    public static final double DEFAULT_RAMP_SECONDS = 0.020;

    private double current;
    private double target;
    private double step;
    private int remaining;
    private int rampSamples = 1;

    public SmoothedValue(double initial) {
        current = initial;
        target = initial;
    }

    /** Sets the ramp length for a sample rate; call from prepare. */
    public void prepare(double sampleRate, double rampSeconds) {
        rampSamples = Math.max(1, (int) Math.round(sampleRate * rampSeconds));
        snap();
    }

    /** Starts a ramp from the current value to {@code value}. */
    public void setTarget(double value) {
        if (value == target) {
            return;
        }
        target = value;
        remaining = rampSamples;
        step = (target - current) / rampSamples;
    }

    /** Jumps to {@code value} at once (prepare, reset). */
    public void setImmediate(double value) {
        target = value;
        snap();
    }

    /** Ends any ramp at the target. */
    public void snap() {
        current = target;
        remaining = 0;
        step = 0;
    }

    /** Advances one sample and returns the value for it. */
    public double next() {
        if (remaining > 0) {
            if (--remaining == 0) {
                current = target;
            } else {
                current += step;
            }
        }
        return current;
    }

    /** Advances {@code samples} samples at once (for parameters read once per block). */
    public double skip(int samples) {
        if (remaining > 0) {
            if (samples >= remaining) {
                remaining = 0;
                current = target;
            } else {
                remaining -= samples;
                current += step * samples;
            }
        }
        return current;
    }

    public boolean isSmoothing() {
        return remaining > 0;
    }

    public double current() {
        return current;
    }

    public double target() {
        return target;
    }

    /** Samples a full ramp takes. */
    public int rampSamples() {
        return rampSamples;
    }
}
