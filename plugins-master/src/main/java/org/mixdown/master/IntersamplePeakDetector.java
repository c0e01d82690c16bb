package org.mixdown.master;

/**
 * Estimates the largest magnitude of the band-limited signal between consecutive samples, for a limiter's
 * detector. Each input sample is interpolated at {@code factor} evenly spaced points by a polyphase
 * Kaiser-windowed sinc ({@value #TAPS} taps per phase, cut off at fs/2), and the largest point of each
 * interval is refined by a parabola through it and its neighbours (the grid's under-read of a peak falls
 * from O(1/factor^2) to O(1/factor^4)).
 *
 * <p>{@link #push} returns the peak of the interval {@code [n - DELAY, n - DELAY + 1)}; the delay is the
 * same for every factor, so a change of factor does not change a plugin's latency. With factor 1 the
 * detector returns the sample peak. No allocation after construction; the kernels are shared.
 */
final class IntersamplePeakDetector {
    /** Taps per phase of the interpolator. */
    static final int TAPS = 128;
    /** Samples between an input sample and the report of the interval it starts. */
    static final int DELAY = TAPS / 2;
    /** The oversampling factors offered. */
    static final int[] FACTORS = {1, 2, 4, 8, 16};

    /**
     * Kaiser beta: with 128 taps the pass band is flat within 0.01 dB to 0.475 fs (-0.1 dB at 0.48 fs), so
     * even content just under fs/2 (differentiated noise, aliased squares) is measured, not missed.
     */
    private static final double BETA = 9.0;
    /** [factor index][phase 1..factor-1][tap]; phase 0 is the sample itself (a sinc is 0 at nonzero integers). */
    private static final double[][][] KERNELS = new double[FACTORS.length][][];

    static {
        for (int f = 0; f < FACTORS.length; f++) {
            int factor = FACTORS[f];
            KERNELS[f] = new double[factor][];
            for (int p = 1; p < factor; p++) {
                KERNELS[f][p] = kernel(p / (double) factor);
            }
        }
    }

    private final double[] history = new double[2 * TAPS];  // each sample written twice: a contiguous window
    private final double[] points = new double[FACTORS[FACTORS.length - 1] + 1];
    private int position;
    private int factorIndex = 2;
    private double previousPoint;

    /** Taps for the point {@code fraction} of a sample after x[n - DELAY]: tap j multiplies x[n - j]. */
    private static double[] kernel(double fraction) {
        double[] k = new double[TAPS];
        double sum = 0;
        for (int j = 0; j < TAPS; j++) {
            double d = j - DELAY + fraction;  // distance from x[n - j] to the interpolated point, in samples
            double sinc = Math.sin(Math.PI * d) / (Math.PI * d);
            k[j] = sinc * kaiser(d / DELAY);
            sum += k[j];
        }
        for (int j = 0; j < TAPS; j++) {
            k[j] /= sum;  // unity gain at DC
        }
        return k;
    }

    private static double kaiser(double x) {
        return x * x >= 1 ? 0 : besselI0(BETA * Math.sqrt(1 - x * x)) / besselI0(BETA);
    }

    private static double besselI0(double x) {
        double sum = 1, term = 1;
        for (int k = 1; k < 50; k++) {
            term *= (x / (2 * k)) * (x / (2 * k));
            sum += term;
        }
        return sum;
    }

    /** Sets the oversampling factor by its index in {@link #FACTORS}. */
    void setFactorIndex(int index) {
        factorIndex = index;
    }

    int factor() {
        return FACTORS[factorIndex];
    }

    void reset() {
        java.util.Arrays.fill(history, 0);
        previousPoint = 0;
        position = 0;
    }

    /** Takes x[n]; returns the peak magnitude of the interval starting at x[n - DELAY]. */
    double push(double x) {
        position = position == 0 ? TAPS - 1 : position - 1;
        history[position] = x;
        history[position + TAPS] = x;
        double start = history[position + DELAY];
        if (factorIndex == 0) {
            return Math.abs(start);
        }
        int factor = FACTORS[factorIndex];
        double[][] kernels = KERNELS[factorIndex];
        double[] pts = points;
        pts[0] = start;
        for (int p = 1; p < factor; p++) {
            double[] k = kernels[p];
            double a0 = 0, a1 = 0, a2 = 0, a3 = 0;  // four sums break the add latency chain
            for (int j = 0, h = position; j < TAPS; j += 4, h += 4) {
                a0 += k[j] * history[h];
                a1 += k[j + 1] * history[h + 1];
                a2 += k[j + 2] * history[h + 2];
                a3 += k[j + 3] * history[h + 3];
            }
            pts[p] = (a0 + a1) + (a2 + a3);
        }
        pts[factor] = history[position + DELAY - 1];  // the next sample, x[n - DELAY + 1]
        int best = 0;
        double bestMagnitude = Math.abs(start);
        for (int p = 1; p < factor; p++) {
            double m = Math.abs(pts[p]);
            if (m > bestMagnitude) {
                bestMagnitude = m;
                best = p;
            }
        }
        double left = best == 0 ? previousPoint : pts[best - 1];
        double peak = refine(left, pts[best], pts[best + 1]);
        previousPoint = pts[factor - 1];
        return peak;
    }

    /** The vertex of the parabola through three points around a local maximum of |x| (same signs), else |b|. */
    private static double refine(double a, double b, double c) {
        double mb = Math.abs(b);
        if (a * b <= 0 || c * b <= 0) {
            return mb;
        }
        double ma = Math.abs(a), mc = Math.abs(c);
        double curvature = 2 * mb - ma - mc;
        if (ma > mb || mc > mb || curvature <= 0) {
            return mb;
        }
        double slope = ma - mc;
        return mb + slope * slope / (8 * curvature);
    }

    /** The largest magnitude held (for the silence test). */
    double stateMagnitude() {
        double max = Math.abs(previousPoint);
        for (double h : history) {
            max = Math.max(max, Math.abs(h));
        }
        return max;
    }
}
