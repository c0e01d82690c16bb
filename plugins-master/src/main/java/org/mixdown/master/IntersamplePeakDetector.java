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
     * Kaiser beta: with 128 taps the pass band is flat within 0.01 dB to 0.475 fs (-0.02 dB at 0.48 fs,
     * -1.7 dB at 0.49 fs), so even content just under fs/2 (differentiated noise, aliased squares) is
     * measured, not missed. (A 48-tap kernel, flat only to 0.46 fs, let pink noise overshoot by 0.14 dB.)
     */
    private static final double BETA = 9.0;
    /** [factor index][phase 1..factor-1][tap]; phase 0 is the sample itself (a sinc is 0 at nonzero integers). */
    private static final double[][][] KERNELS = new double[FACTORS.length][][];

    /**
     * Per factor index, a bound on reading / max|x| over the taps: an interpolated point is at most
     * max|x| sum|h_p| (largest over the phases, and at least 1 for the samples themselves), and the
     * parabola's vertex adds at most 1/8 of the point it refines (|a - c| &lt;= curvature, |a - c| &lt;= |b|).
     * A hair more for rounding.
     */
    private static final double[] BOUND = new double[FACTORS.length];

    static {
        for (int f = 0; f < FACTORS.length; f++) {
            int factor = FACTORS[f];
            KERNELS[f] = new double[factor][];
            double largestGain = 1;
            for (int p = 1; p < factor; p++) {
                KERNELS[f][p] = kernel(p / (double) factor);
                double gain = 0;
                for (double h : KERNELS[f][p]) {
                    gain += Math.abs(h);
                }
                largestGain = Math.max(largestGain, gain);
            }
            BOUND[f] = 1.125 * largestGain * (1 + 1e-9);
        }
    }

    /** Samples interpolated per pass: the accumulators of every phase stay in the L1 cache. */
    static final int CHUNK = 256;

    /**
     * The input in time order: the previous {@code TAPS - 1} samples, then the chunk being measured, so
     * every tap of every output reads one contiguous run (the tap loop is outside, the sample loop inside,
     * which the JIT turns into SIMD multiply-adds).
     */
    private final double[] line = new double[TAPS - 1 + CHUNK];
    /** phasePoints[p][i]: the interpolated point at phase p of output i of the chunk. */
    private final double[][] phasePoints = new double[FACTORS[FACTORS.length - 1]][CHUNK];
    private final double[] one = new double[1];
    private final double[] onePeak = new double[1];
    private int factorIndex = 2;
    private double previousPoint;
    private long skippedChunks;

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
        java.util.Arrays.fill(line, 0);
        previousPoint = 0;
    }

    /** Takes x[n]; returns the peak magnitude of the interval starting at x[n - DELAY]. */
    double push(double x) {
        one[0] = x;
        process(one, 0, 1, onePeak, 0);
        return onePeak[0];
    }

    /**
     * Takes {@code x[from .. from + count)}; writes to {@code peaks[at + i]} the peak magnitude of the
     * interval starting {@link #DELAY} samples before {@code x[from + i]} (what {@link #push} would return
     * sample by sample).
     */
    void process(double[] x, int from, int count, double[] peaks, int at) {
        process(x, from, count, peaks, at, -1);
    }

    /**
     * Like {@link #process(double[], int, int, double[], int)}, for a caller that only needs the peaks above
     * {@code threshold}: a reading above it is exact; a reading at or below it may be any value at or below
     * it. A chunk whose every interpolated point is provably under the threshold (see {@link #BOUND}) skips
     * the interpolation: exact, not an approximation, and most of the work on quiet passages.
     */
    void process(double[] x, int from, int count, double[] peaks, int at, double threshold) {
        for (int done = 0; done < count; done += CHUNK) {
            processChunk(x, from + done, Math.min(CHUNK, count - done), peaks, at + done, threshold);
        }
    }

    private void processChunk(double[] x, int from, int n, double[] peaks, int at, double threshold) {
        final int head = TAPS - 1;  // line[head + i] is x[from + i]
        double[] ln = line;
        System.arraycopy(x, from, ln, head, n);
        if (factorIndex == 0) {
            for (int i = 0; i < n; i++) {
                peaks[at + i] = Math.abs(ln[head + i - DELAY]);
            }
        } else if (threshold > 0 && largestMagnitude(head + n) * BOUND[factorIndex] <= threshold) {
            for (int i = 0; i < n; i++) {
                peaks[at + i] = Math.abs(ln[head + i - DELAY]);  // a sample of the interval: under the threshold
            }
            int factor = FACTORS[factorIndex];
            previousPoint = dot(KERNELS[factorIndex][factor - 1], n - 1);  // the next chunk's refinement needs it
            skippedChunks++;
        } else {
            int factor = FACTORS[factorIndex];
            interpolate(KERNELS[factorIndex], factor, n);
            pickPeaks(factor, n, peaks, at);
        }
        System.arraycopy(ln, n, ln, 0, head);  // keep the newest TAPS - 1 samples for the next chunk
    }

    /** The largest |x| of {@code line[0 .. end)}: every sample the chunk's interpolation reads. */
    private double largestMagnitude(int end) {
        double max = 0;
        for (int i = 0; i < end; i++) {
            max = Math.max(max, Math.abs(line[i]));
        }
        return max;
    }

    /** Chunks whose interpolation the threshold let {@link #process} skip (tests). */
    long skippedChunks() {
        return skippedChunks;
    }

    /**
     * phasePoints[p][i] = sum over j of kernel_p[j] x[n_i - j]. Phases go three at a time and outputs four
     * at a time, so each tap loads one new sample and three coefficients for twelve independent
     * multiply-adds in registers (JDK 17 does not vectorise this loop: it cannot prove the arrays apart).
     */
    private void interpolate(double[][] kernels, int factor, int n) {
        int p = 1;
        for (; p + 2 < factor; p += 3) {
            interpolateThree(kernels[p], kernels[p + 1], kernels[p + 2], phasePoints[p], phasePoints[p + 1],
                    phasePoints[p + 2], n);
        }
        for (; p < factor; p++) {
            interpolateOne(kernels[p], phasePoints[p], n);
        }
    }

    private void interpolateThree(double[] k1, double[] k2, double[] k3, double[] y1, double[] y2, double[] y3,
                                  int n) {
        double[] ln = line;
        int i = 0;
        for (; i + 4 <= n; i += 4) {
            int top = TAPS - 1 + i;  // tap j of output i + m reads ln[top - j + m]
            double x1 = ln[top + 1], x2 = ln[top + 2], x3 = ln[top + 3];
            double a0 = 0, a1 = 0, a2 = 0, a3 = 0, b0 = 0, b1 = 0, b2 = 0, b3 = 0, c0 = 0, c1 = 0, c2 = 0, c3 = 0;
            for (int j = 0; j < TAPS; j++) {
                double x0 = ln[top - j];
                double h1 = k1[j], h2 = k2[j], h3 = k3[j];
                a0 = Math.fma(h1, x0, a0);
                a1 = Math.fma(h1, x1, a1);
                a2 = Math.fma(h1, x2, a2);
                a3 = Math.fma(h1, x3, a3);
                b0 = Math.fma(h2, x0, b0);
                b1 = Math.fma(h2, x1, b1);
                b2 = Math.fma(h2, x2, b2);
                b3 = Math.fma(h2, x3, b3);
                c0 = Math.fma(h3, x0, c0);
                c1 = Math.fma(h3, x1, c1);
                c2 = Math.fma(h3, x2, c2);
                c3 = Math.fma(h3, x3, c3);
                x3 = x2;  // the window slides one sample back for the next tap
                x2 = x1;
                x1 = x0;
            }
            y1[i] = a0; y1[i + 1] = a1; y1[i + 2] = a2; y1[i + 3] = a3;
            y2[i] = b0; y2[i + 1] = b1; y2[i + 2] = b2; y2[i + 3] = b3;
            y3[i] = c0; y3[i + 1] = c1; y3[i + 2] = c2; y3[i + 3] = c3;
        }
        for (; i < n; i++) {
            y1[i] = dot(k1, i);
            y2[i] = dot(k2, i);
            y3[i] = dot(k3, i);
        }
    }

    private void interpolateOne(double[] k, double[] y, int n) {
        double[] ln = line;
        int i = 0;
        for (; i + 4 <= n; i += 4) {
            int top = TAPS - 1 + i;
            double x1 = ln[top + 1], x2 = ln[top + 2], x3 = ln[top + 3];
            double a0 = 0, a1 = 0, a2 = 0, a3 = 0;
            for (int j = 0; j < TAPS; j++) {
                double x0 = ln[top - j];
                double h = k[j];
                a0 = Math.fma(h, x0, a0);
                a1 = Math.fma(h, x1, a1);
                a2 = Math.fma(h, x2, a2);
                a3 = Math.fma(h, x3, a3);
                x3 = x2;
                x2 = x1;
                x1 = x0;
            }
            y[i] = a0; y[i + 1] = a1; y[i + 2] = a2; y[i + 3] = a3;
        }
        for (; i < n; i++) {
            y[i] = dot(k, i);
        }
    }

    /** One output of one phase (the last outputs of a chunk that is not a multiple of four). */
    private double dot(double[] k, int i) {
        double[] ln = line;
        int top = TAPS - 1 + i;
        double a0 = 0, a1 = 0, a2 = 0, a3 = 0;  // four sums break the add latency chain
        for (int j = 0; j < TAPS; j += 4) {
            a0 = Math.fma(k[j], ln[top - j], a0);
            a1 = Math.fma(k[j + 1], ln[top - j - 1], a1);
            a2 = Math.fma(k[j + 2], ln[top - j - 2], a2);
            a3 = Math.fma(k[j + 3], ln[top - j - 3], a3);
        }
        return (a0 + a1) + (a2 + a3);
    }

    /** Per output: the grid point of largest magnitude in its interval, refined by a parabola. */
    private void pickPeaks(int factor, int n, double[] peaks, int at) {
        double[] ln = line;
        double[][] pts = phasePoints;
        double previous = previousPoint;
        for (int i = 0; i < n; i++) {
            double start = ln[TAPS - 1 + i - DELAY];  // x[n - DELAY]: phase 0 of the interval
            double next = ln[TAPS + i - DELAY];  // x[n - DELAY + 1]: phase 0 of the next interval
            int best = 0;
            double bestMagnitude = Math.abs(start);
            for (int p = 1; p < factor; p++) {
                double m = Math.abs(pts[p][i]);
                if (m > bestMagnitude) {
                    bestMagnitude = m;
                    best = p;
                }
            }
            double left = best == 0 ? previous : best == 1 ? start : pts[best - 1][i];
            double mid = best == 0 ? start : pts[best][i];
            double right = best == factor - 1 ? next : pts[best + 1][i];
            peaks[at + i] = refine(left, mid, right);
            previous = pts[factor - 1][i];
        }
        previousPoint = previous;
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
        for (int i = 0; i < TAPS - 1; i++) {
            max = Math.max(max, Math.abs(line[i]));
        }
        return max;
    }
}
