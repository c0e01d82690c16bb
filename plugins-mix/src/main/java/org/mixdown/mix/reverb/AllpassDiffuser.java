package org.mixdown.mix.reverb;

import java.util.Arrays;
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
    /** Scratch for one chunk of a stage: the delayed samples, then the values written back. */
    private float[] delayedChunk = new float[0];
    private float[] writtenChunk = new float[0];

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
        int shortest = Arrays.stream(delays).min().orElse(1);
        delayedChunk = new float[shortest];
        writtenChunk = new float[shortest];
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

    /**
     * Filters {@code signal[0, count)} in place, stage after stage. A stage's delay is never shorter than a
     * chunk ({@link #delayedChunk}'s length), so a chunk's delayed samples were all written before it and the
     * stage runs as a loop without feedback inside the chunk, which the JIT vectorises. The same arithmetic
     * as {@link #process(double)} sample by sample, except that a chunk is stored as zeros only when all of
     * it has died away below 1e-30 (never denormals), not sample by sample.
     */
    public void process(double[] signal, int count) {
        float[] delayed = delayedChunk;
        float[] written = writtenChunk;
        for (int k = 0; k < lines.length; k++) {
            DelayLine line = lines[k];
            double g = coefficient[k];
            int delay = delays[k];
            for (int from = 0; from < count; from += delayed.length) {
                int n = Math.min(delayed.length, count - from);
                line.read(delay, delayed, 0, n);
                for (int i = 0; i < n; i++) {
                    double d = delayed[i];
                    double w = signal[from + i] + g * d;
                    written[i] = (float) w;
                    signal[from + i] = d - g * w;
                }
                if (belowTiny(written, n)) {
                    Arrays.fill(written, 0, n, 0f);
                }
                line.write(written, 0, n);
            }
        }
    }

    /** Whether all values are below 1e-30 (returns at the first that is not: normally the first). */
    private static boolean belowTiny(float[] values, int count) {
        for (int i = 0; i < count; i++) {
            if (Math.abs(values[i]) >= TINY) {
                return false;
            }
        }
        return true;
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
