package org.mixdown.master;

/**
 * The limiter's low-pass for content its detector cannot measure: a linear-phase {@value #TAPS}-tap
 * Kaiser-windowed sinc, flat to {@value #PASS_EDGE} fs within {@value #PASS_RIPPLE} and down to at most
 * {@value #STOP_LEAK} of the input from {@value #STOP_EDGE} fs on, where the detector's half-band stage
 * starts to under-read (see {@link IntersamplePeakDetector#CHECKED_BAND}).
 *
 * <p>Why: no detector of finite length measures content near fs/2 (a tone just under fs/2 can have small
 * samples for many periods while its band-limited waveform peaks at full amplitude). Measured by exact
 * band-limited reconstruction, content above 0.475 fs let true peaks through by up to 0.9 dB (aliased
 * squares at 96 kHz; 0.2 dB on pink noise, 0.6 dB on drums with differentiated-noise hats). So the limiter
 * detects on this filter's output and, while it is near the ceiling, outputs it in place of the input: the
 * output then has only content the detector measures exactly. Above 0.44 fs (19.4 kHz at 44.1 kHz) the
 * loss is out of hearing, and away from the ceiling the input passes untouched.
 *
 * <p>{@link #process} gives the filtered signal {@link #DELAY} samples late. The convolution is
 * {@link GuardFir}'s, in floats. No allocation after construction.
 */
final class NyquistGuard {
    /** Taps of the low-pass (odd: a whole-sample delay, so it lines up with the input it replaces). */
    static final int TAPS = 121;
    /** Samples between an input sample and its filtered counterpart. */
    static final int DELAY = (TAPS - 1) / 2;
    /** The pass band's edge, in cycles per sample, and the most its gain departs from 1 up to there. */
    static final double PASS_EDGE = 0.44;
    static final double PASS_RIPPLE = 1e-3;
    /** The stop band's edge, and the most a sine there comes through, as a fraction of its amplitude. */
    static final double STOP_EDGE = 0.475;
    static final double STOP_LEAK = 1e-3;
    /**
     * A bound on the float convolution's rounding, as a fraction of the largest input it reads: at most
     * 121 roundings of 2^-24 on sums no larger than sum|h| (2.32) times that input, 1.7e-5, rounded up.
     */
    static final double ROUNDING = 2e-5;
    /** The cut-off of the sinc, between the edges, and the window's beta (about 60 dB of stop band). */
    private static final double CUTOFF = 0.458;
    private static final double BETA = 6.0;
    /** The kernel, symmetric about tap {@link #DELAY}. */
    static final double[] KERNEL = kernel();
    /** Samples filtered per call, at most. */
    static final int CHUNK = IntersamplePeakDetector.CHUNK;
    /** The input history the next call's first outputs read. */
    private static final int HEAD = TAPS - 1;

    /** The previous {@link #HEAD} inputs, then the inputs of the call. */
    private final float[] line = new float[HEAD + CHUNK];
    private final float[] filtered = new float[CHUNK];
    private final GuardFir fir = new GuardFir(KERNEL, CHUNK);

    private static double[] kernel() {
        double[] k = new double[TAPS];
        double sum = 0;
        for (int m = 0; m < TAPS; m++) {
            double d = m - DELAY;
            double sinc = d == 0 ? 1 : Math.sin(2 * Math.PI * CUTOFF * d) / (2 * Math.PI * CUTOFF * d);
            double x = d / DELAY;
            k[m] = 2 * CUTOFF * sinc * IntersamplePeakDetector.besselI0(BETA * Math.sqrt(Math.max(0, 1 - x * x)))
                    / IntersamplePeakDetector.besselI0(BETA);
            sum += k[m];
        }
        for (int m = 0; m < TAPS; m++) {
            k[m] /= sum;  // unity gain at DC
        }
        return k;
    }

    /** The kernel's gain at {@code f} cycles per sample (real: the kernel is symmetric about its centre). */
    static double response(double f) {
        double h = 0;
        for (int m = 0; m < TAPS; m++) {
            h += KERNEL[m] * Math.cos(2 * Math.PI * f * (m - DELAY));
        }
        return h;
    }

    /**
     * Takes {@code x[0 .. n)} ({@code n <= CHUNK}, float values); writes to {@code out[0 .. n)} the input
     * {@link #DELAY} samples earlier, filtered or (when {@code filter} is false) as it is.
     */
    void process(double[] x, double[] out, int n, boolean filter) {
        float[] ln = line;
        for (int i = 0; i < n; i++) {
            ln[HEAD + i] = (float) x[i];  // exact: the limiter's input is float values
        }
        if (filter) {
            float[] y = filtered;
            fir.filter(ln, 0, n, y, 0);  // y[j] reads line[j .. j + 120]: centred on line[j + 60], x[j - 60]
            for (int i = 0; i < n; i++) {
                out[i] = y[i];
            }
        } else {
            for (int i = 0; i < n; i++) {
                out[i] = ln[DELAY + i];
            }
        }
        System.arraycopy(ln, n, ln, 0, HEAD);
    }

    void reset() {
        java.util.Arrays.fill(line, 0);
    }

    /** The largest magnitude in the history (for the silence test). */
    double stateMagnitude() {
        double max = 0;
        for (int i = 0; i < HEAD; i++) {
            max = Math.max(max, Math.abs(line[i]));
        }
        return max;
    }
}
