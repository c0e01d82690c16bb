package org.mixdown.mix.reverb;

import org.mixdown.dsp.DelayLine;

/**
 * Schroeder all-passes in series (Schroeder 1962; the input diffusers of Dattorro 1997): each turns one
 * impulse into a dense, decaying train without colouring the long-term spectrum, so the network is fed
 * smeared input and its echo density builds up fast. One instance filters one channel.
 */
public final class AllpassDiffuser {
    private static final double TINY = 1e-30;

    private final double[] lengthMs;
    private final double[] coefficient;
    private final DelayLine[] lines;
    private final int[] delays;

    /** All-passes of the given lengths (ms) and coefficients, applied in that order. */
    public AllpassDiffuser(double[] lengthMs, double[] coefficient) {
        if (lengthMs.length != coefficient.length) {
            throw new IllegalArgumentException("one coefficient per all-pass");
        }
        this.lengthMs = lengthMs.clone();
        this.coefficient = coefficient.clone();
        this.lines = new DelayLine[lengthMs.length];
        this.delays = new int[lengthMs.length];
        for (int k = 0; k < lines.length; k++) {
            lines[k] = new DelayLine();
        }
    }

    /** Sizes the lines for {@code sampleRate} and clears them. */
    public void prepare(double sampleRate) {
        for (int k = 0; k < lines.length; k++) {
            delays[k] = Math.max(1, (int) Math.round(lengthMs[k] * sampleRate / 1000));
            lines[k].allocate(delays[k]);
        }
    }

    public void reset() {
        for (DelayLine line : lines) {
            line.clear();
        }
    }

    /** Filters one sample: per stage w[n] = x[n] + g w[n-M], y[n] = w[n-M] - g w[n]. */
    public double process(double x) {
        double signal = x;
        for (int k = 0; k < lines.length; k++) {
            double g = coefficient[k];
            double delayed = lines[k].read(delays[k]);
            double w = signal + g * delayed;
            lines[k].push(Math.abs(w) < TINY ? 0f : (float) w);
            signal = delayed - g * w;
        }
        return signal;
    }

    /** The largest magnitude stored in any stage (tests use it to prove silence reaches 0). */
    public double stateMagnitude() {
        double max = 0;
        for (DelayLine line : lines) {
            for (int d = 0; d <= line.maxDelay(); d++) {
                max = Math.max(max, Math.abs(line.read(d)));
            }
        }
        return max;
    }
}
