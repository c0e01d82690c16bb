package org.mixdown.dsp;

/**
 * The largest |x| over the last {@code window} samples (a sliding maximum, no allocation after
 * {@link #prepare}). A steady tone whose half period fits in the window reads its true peak without ripple,
 * which a one-pole peak follower cannot do; a level detector for compressors and gates. After
 * {@code window} samples of silence the level is exactly 0.
 *
 * <p>Van Herk / Gil-Werman: time is cut into runs of {@code window} samples. A window ending inside the
 * current run is the tail of the previous run plus the head of this one, so its maximum is
 * {@code max(suffix max of the previous run from that point, running max of this run)}; the suffix maxima
 * of a run are computed once when it ends. Three comparisons per sample and no data-dependent branch (a
 * monotonic queue's pops mispredict on noise-like input).
 */
public final class PeakHold {
    /** |x| of the current run so far. */
    private double[] run = new double[1];
    /** suffix[i]: the largest |x| of the previous run from its position i to its end. */
    private double[] suffix = new double[1];
    private int window = 1;
    private int position;
    private double runMax;
    private double level;

    /** Allocates for a window of {@code windowSamples} (>= 1) and clears. */
    public void prepare(int windowSamples) {
        if (windowSamples < 1) {
            throw new IllegalArgumentException("window must be at least 1 sample, not " + windowSamples);
        }
        window = windowSamples;
        run = new double[windowSamples];
        suffix = new double[windowSamples + 1];  // suffix[window] = 0: a window that is all current run
        reset();
    }

    /** The window in samples. */
    public int window() {
        return window;
    }

    /** Takes one sample and returns the largest |x| among the last {@code window} samples, this one included. */
    public double process(double x) {
        double a = Math.abs(x);
        int p = position;
        run[p] = a;
        // plain compares, not Math.max (whose NaN and -0 rules cost branches per sample): |x| is never -0
        double m = runMax >= a ? runMax : a;
        double later = suffix[p + 1];
        double out = later >= m ? later : m;
        if (p == window - 1) {  // the run is complete: its suffix maxima serve the next run
            double s = 0;
            for (int i = p; i >= 0; i--) {
                s = Math.max(s, run[i]);
                suffix[i] = s;
            }
            position = 0;
            runMax = 0;
        } else {
            position = p + 1;
            runMax = m;
        }
        level = out;
        return out;
    }

    /**
     * {@link #process(double)} over a block, bit for bit: {@code out[i]} is the level after {@code in[i]}
     * ({@code out} may be {@code in}). Runs from one run boundary to the next with the running maximum in a
     * register; the suffix maxima are rebuilt at each boundary as before.
     */
    public void process(double[] in, double[] out, int frames) {
        double[] run = this.run;
        double[] suffix = this.suffix;
        int p = position;
        double m = runMax;
        double last = level;
        int i = 0;
        while (i < frames) {
            int end = Math.min(frames, i + window - p);
            for (; i < end; i++, p++) {
                double a = Math.abs(in[i]);
                run[p] = a;
                m = m >= a ? m : a;
                double later = suffix[p + 1];
                last = later >= m ? later : m;
                out[i] = last;
            }
            if (p == window) {  // the run is complete: its suffix maxima serve the next run
                double s = 0;
                for (int k = p - 1; k >= 0; k--) {
                    double a = run[k];
                    s = s >= a ? s : a;  // a plain compare: Math.max's NaN and -0 handling is a long chain here
                    suffix[k] = s;
                }
                p = 0;
                m = 0;
            }
        }
        position = p;
        runMax = m;
        level = last;
    }

    /** The current level (the maximum over the window up to the last sample). */
    public double level() {
        return level;
    }

    public void reset() {
        java.util.Arrays.fill(run, 0);
        java.util.Arrays.fill(suffix, 0);
        position = 0;
        runMax = 0;
        level = 0;
    }
}
