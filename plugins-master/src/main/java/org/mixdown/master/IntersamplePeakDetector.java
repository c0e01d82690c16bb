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
     * The cheap estimate of a point uses the taps within this many samples of it; the other taps are
     * bounded by their absolute sum times the largest |x| in the window ({@link #TAIL}).
     */
    static final int ESTIMATE_REACH = 16;
    /** Omitted taps within this many samples of the point are bounded by the nearer window's largest |x|. */
    static final int NEAR_REACH = 32;
    /**
     * Per factor index: the largest over the phases of the sum of |h| over the omitted taps within
     * {@link #NEAR_REACH} of the point (NEAR_TAIL), and beyond it (FAR_TAIL).
     */
    private static final double[] NEAR_TAIL = new double[FACTORS.length];
    private static final double[] FAR_TAIL = new double[FACTORS.length];
    /** A reading is at most 1.125 times the largest point of its interval (see {@link #BOUND}), plus rounding. */
    private static final double VERTEX_BOUND = 1.125 * (1 + 1e-9);

    static {
        for (int f = 1; f < FACTORS.length; f++) {
            double near = 0, far = 0;
            for (int p = 1; p < FACTORS[f]; p++) {
                double nearSum = 0, farSum = 0;
                for (int j = 0; j < TAPS; j++) {
                    if (j >= DELAY - ESTIMATE_REACH && j < DELAY + ESTIMATE_REACH) {
                        continue;
                    }
                    if (j >= DELAY - NEAR_REACH && j < DELAY + NEAR_REACH) {
                        nearSum += Math.abs(KERNELS[f][p][j]);
                    } else {
                        farSum += Math.abs(KERNELS[f][p][j]);
                    }
                }
                near = Math.max(near, nearSum);
                far = Math.max(far, farSum);
            }
            NEAR_TAIL[f] = near * (1 + 1e-9);
            FAR_TAIL[f] = far * (1 + 1e-9);
        }
    }

    /** History samples kept before the chunk: every tap of output -1 (the previous chunk's last) is in the line. */
    private static final int HEAD = TAPS;

    /**
     * The input in time order: the previous {@link #HEAD} samples, then the chunk being measured, so every
     * tap of every output reads one contiguous run.
     */
    private final double[] line = new double[HEAD + CHUNK];
    /** phasePoints[p][i + 1]: the interpolated point at phase p of output i of the chunk (i from -1). */
    private final double[][] phasePoints = new double[FACTORS[FACTORS.length - 1]][CHUNK + 1];
    /** estimates[p][i + 1]: the short-kernel estimate of the same point. */
    private final double[][] estimates = new double[FACTORS[FACTORS.length - 1]][CHUNK + 1];
    /** Running maxima of |line| from the start (prefix) and to the end (suffix) of each NEAR_SPAN-long block. */
    private final double[] prefixMax = new double[HEAD + CHUNK];
    private final double[] suffixMax = new double[HEAD + CHUNK];
    /** needed[i + 1]: output i's reading may exceed the threshold, so its points (and i - 1's) are computed. */
    private final boolean[] needed = new boolean[CHUNK + 1];
    /** bounds[i + 1]: no reading of output i exceeds it (set with {@link #needed} when skipping). */
    private final double[] bounds = new double[CHUNK + 1];
    /** Scratch of {@link #measureLeadersFirst}: the first candidates, the leader of each block, the second round. */
    private final boolean[] candidate = new boolean[CHUNK + 1];
    private final boolean[] second = new boolean[CHUNK + 1];
    private final int[] leaders = new int[CHUNK];
    /** computed[i + 1]: output i's points are exact in {@link #phasePoints}. */
    private final boolean[] computed = new boolean[CHUNK + 1];
    /** The needed outputs in order, then (in {@link #pickPeaks}) those waiting for their left neighbour. */
    private final int[] outputs = new int[CHUNK];
    private final double[] one = new double[1];
    private final double[] onePeak = new double[1];
    private int factorIndex = 2;
    private long skippedChunks;
    private long interpolatedOutputs;
    private long measuredOutputs;
    /** Whether a threshold lets outputs skip the full interpolation (tests switch it off to compare). */
    private boolean skipping = true;

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

    /** Switches the per-output skip below a threshold (on by default; the readings that matter are the same). */
    void setSkipping(boolean skipping) {
        this.skipping = skipping;
    }

    void reset() {
        java.util.Arrays.fill(line, 0);
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
     * {@code threshold}: a reading above it is exact (bit for bit what no threshold gives); a reading at or
     * below it may be any value at or below it. An output whose every interpolated point is provably under
     * the threshold skips the full interpolation: a short-kernel estimate of each point plus a bound on the
     * omitted taps (their absolute sum times the window's largest |x|) decides, so the skip is exact, not an
     * approximation. A chunk that is quiet throughout (see {@link #BOUND}) skips even the estimate.
     */
    void process(double[] x, int from, int count, double[] peaks, int at, double threshold) {
        process(x, from, count, peaks, at, threshold, null, 0);
    }

    /**
     * Like {@link #process(double[], int, int, double[], int, double)} with a threshold per output:
     * {@code max(threshold, floors[at + i])} (a caller that takes the largest of several readings passes the
     * others, which this one need not beat).
     */
    void process(double[] x, int from, int count, double[] peaks, int at, double threshold, double[] floors) {
        process(x, from, count, peaks, at, threshold, floors, 0);
    }

    /**
     * As above, for a caller that only uses the largest reading over any {@code span} consecutive outputs
     * (a sliding maximum: the limiter's hold, fully linked, at a fixed ceiling): an output whose reading is
     * provably at most the exact readings of an earlier and a later output within {@code span} of each
     * other cannot change any such maximum, so it is skipped too. The leader of each third of a span (the
     * largest bound) is measured first; the others only where the leaders around them do not cover them.
     * 0 switches this off.
     */
    void process(double[] x, int from, int count, double[] peaks, int at, double threshold, double[] floors,
                 int span) {
        for (int done = 0; done < count; done += CHUNK) {
            processChunk(x, from + done, Math.min(CHUNK, count - done), peaks, at + done, threshold, floors, span);
        }
    }

    private void processChunk(double[] x, int from, int n, double[] peaks, int at, double threshold,
                              double[] floors, int span) {
        double[] ln = line;
        System.arraycopy(x, from, ln, HEAD, n);  // ln[HEAD + i] is x[from + i]
        measuredOutputs += n;
        if (factorIndex == 0) {
            for (int i = 0; i < n; i++) {
                peaks[at + i] = Math.abs(ln[HEAD + i - DELAY]);
            }
        } else if (threshold > 0 && skipping && quietChunk(HEAD + n, threshold)) {
            for (int i = 0; i < n; i++) {
                peaks[at + i] = Math.abs(ln[HEAD + i - DELAY]);  // a sample of the interval: under the threshold
            }
            skippedChunks++;
        } else {
            int factor = FACTORS[factorIndex];
            double[][] kernels = KERNELS[factorIndex];
            boolean all = !(threshold > 0 && skipping);
            for (int i = 0; i < n; i++) {
                peaks[at + i] = Math.abs(ln[HEAD + i - DELAY]);  // what a skipped output reads: under its bound
            }
            java.util.Arrays.fill(computed, 0, n + 1, false);
            if (all) {
                java.util.Arrays.fill(needed, 1, n + 1, true);
            } else {
                markNeeded(kernels, factor, n, threshold, floors, at);
            }
            if (!all && span >= 3) {
                measureLeadersFirst(kernels, factor, n, peaks, at, span / 3);
            } else {
                interpolateNeeded(kernels, factor, n, all);
                pickPeaks(factor, n, peaks, at);
            }
        }
        System.arraycopy(ln, n, ln, 0, HEAD);  // keep the newest HEAD samples for the next chunk
    }

    /**
     * needed[i + 1] for each output i of the chunk whose reading may exceed its threshold: its largest point
     * is at most max(|x at phase 0|, |estimate| + the omitted taps' bound), the reading at most 1.125 times that.
     */
    private void markNeeded(double[][] kernels, int factor, int n, double threshold, double[] floors, int at) {
        points(kernels, factor, 0, n, DELAY - ESTIMATE_REACH, DELAY + ESTIMATE_REACH, estimates);  // window maxima: quietChunk
        double[] ln = line;
        double near = NEAR_TAIL[factorIndex], far = FAR_TAIL[factorIndex];
        double[][] est = estimates;
        double[] pre = prefixMax, suf = suffixMax;
        double[] e1 = est[1], e2 = est[Math.min(2, factor - 1)], e3 = est[Math.min(3, factor - 1)];
        for (int i = 0; i < n; i++) {
            // output i reads ln[i + 1 .. i + TAPS]; its near taps lie in ln[i + 1 + DELAY - NEAR_REACH ..) (NEAR_SPAN long)
            int first = i + 1, middle = first + NEAR_SPAN;
            double farWindow = Math.max(Math.max(suf[first], pre[first + NEAR_SPAN - 1]),
                    Math.max(suf[middle], pre[middle + NEAR_SPAN - 1]));
            int nearFirst = first + DELAY - NEAR_REACH;
            double nearWindow = Math.max(suf[nearFirst], pre[nearFirst + NEAR_SPAN - 1]);
            double largest = Math.max(Math.abs(e1[i + 1]), Math.max(Math.abs(e2[i + 1]), Math.abs(e3[i + 1])));
            for (int p = 4; p < factor; p++) {
                largest = Math.max(largest, Math.abs(est[p][i + 1]));
            }
            double bound = Math.max(Math.abs(ln[HEAD + i - DELAY]), largest + near * nearWindow + far * farWindow);
            double limit = floors == null ? threshold : Math.max(threshold, floors[at + i]);
            double reach = bound * VERTEX_BOUND;  // no reading of output i exceeds this
            bounds[i + 1] = reach;
            needed[i + 1] = reach > limit;
        }
    }

    /**
     * Of the candidates (the needed outputs), measures the one of largest bound in each block of
     * {@code block} outputs, then the others whose bound is above the smaller of the largest exact readings
     * on either side within the blocks around them (each side's reading comes from at most 3 block - 1
     * outputs away from the other's, within the caller's span).
     */
    private void measureLeadersFirst(double[][] kernels, int factor, int n, double[] peaks, int at, int block) {
        int blocks = (n + block - 1) / block;
        System.arraycopy(needed, 1, candidate, 1, n);
        for (int b = 0; b < blocks; b++) {
            int leader = -1;
            double largest = -1;
            for (int i = b * block, end = Math.min(n, i + block); i < end; i++) {
                if (candidate[i + 1] && bounds[i + 1] > largest) {
                    largest = bounds[i + 1];
                    leader = i;
                }
            }
            leaders[b] = leader;
        }
        java.util.Arrays.fill(needed, 1, n + 1, false);
        for (int b = 0; b < blocks; b++) {
            if (leaders[b] >= 0) {
                needed[leaders[b] + 1] = true;
            }
        }
        interpolateNeeded(kernels, factor, n, false);
        pickPeaks(factor, n, peaks, at);
        for (int i = 0; i < n; i++) {
            boolean wanted = false;
            if (candidate[i + 1] && !needed[i + 1]) {
                int b = i / block;
                int own = leaders[b];
                double ownReading = own >= 0 ? peaks[at + own] : 0;
                double before = b > 0 && leaders[b - 1] >= 0 ? peaks[at + leaders[b - 1]] : 0;
                double after = b + 1 < blocks && leaders[b + 1] >= 0 ? peaks[at + leaders[b + 1]] : 0;
                double left = own >= 0 && own < i ? max(before, ownReading) : before;
                double right = own > i ? max(after, ownReading) : after;
                wanted = bounds[i + 1] > Math.min(left, right);
            }
            second[i + 1] = wanted;
        }
        System.arraycopy(second, 1, needed, 1, n);
        interpolateNeeded(kernels, factor, n, false);
        pickPeaks(factor, n, peaks, at);
    }

    /**
     * The larger of two finite magnitudes, as a branch: cheaper than Math.max's branch-free NaN and -0 care
     * where one side nearly always wins (running maxima); Math.max where the winner is random.
     */
    private static double max(double a, double b) {
        return a > b ? a : b;
    }

    /** Length of the near taps' window, and of the blocks of the running maxima (two make the whole window). */
    private static final int NEAR_SPAN = 2 * NEAR_REACH;

    /** Van Herk: prefix and suffix maxima of |line| within blocks of NEAR_SPAN, so any such window's max is two reads. */
    private void windowMaxima(int end) {
        double[] ln = line;
        for (int block = 0; block < end; block += NEAR_SPAN) {
            int stop = Math.min(end, block + NEAR_SPAN);
            double m = 0;
            for (int q = block; q < stop; q++) {
                m = max(m, Math.abs(ln[q]));
                prefixMax[q] = m;
            }
            m = 0;
            for (int q = stop - 1; q >= block; q--) {
                m = max(m, Math.abs(ln[q]));
                suffixMax[q] = m;
            }
        }
    }

    /**
     * The exact points of every needed output: all of them (and output -1, the parabola's left neighbour of
     * output 0) as one contiguous run, or, when only some are needed, those gathered four at a time.
     */
    private void interpolateNeeded(double[][] kernels, int factor, int n, boolean all) {
        if (all) {
            points(kernels, factor, -1, n + 1, 0, TAPS, phasePoints);
            java.util.Arrays.fill(computed, 0, n + 1, true);
            return;
        }
        int count = 0;
        for (int i = 0; i < n; i++) {
            if (needed[i + 1]) {
                outputs[count++] = i;
            }
        }
        for (int g = 0; g < count; g += 4) {
            int o0 = outputs[g];
            int o1 = outputs[Math.min(g + 1, count - 1)];  // a short last group repeats its last output
            int o2 = outputs[Math.min(g + 2, count - 1)];
            int o3 = outputs[Math.min(g + 3, count - 1)];
            int p = 1;
            for (; p + 2 < factor; p += 3) {
                gatherThree(kernels[p], kernels[p + 1], kernels[p + 2], phasePoints[p], phasePoints[p + 1],
                        phasePoints[p + 2], o0, o1, o2, o3);
            }
            for (; p < factor; p++) {
                gatherOne(kernels[p], phasePoints[p], o0, o1, o2, o3);
            }
            computed[o0 + 1] = computed[o1 + 1] = computed[o2 + 1] = computed[o3 + 1] = true;
        }
        interpolatedOutputs += count;
    }

    /** As {@link #pointsThree} for four outputs anywhere in the chunk: the same chain per output. */
    private void gatherThree(double[] k1, double[] k2, double[] k3, double[] y1, double[] y2, double[] y3,
                             int o0, int o1, int o2, int o3) {
        double[] ln = line;
        int t0 = HEAD + o0, t1 = HEAD + o1, t2 = HEAD + o2, t3 = HEAD + o3;
        double a0 = 0, a1 = 0, a2 = 0, a3 = 0, b0 = 0, b1 = 0, b2 = 0, b3 = 0, c0 = 0, c1 = 0, c2 = 0, c3 = 0;
        for (int j = 0; j < TAPS; j++) {
            double x0 = ln[t0 - j], x1 = ln[t1 - j], x2 = ln[t2 - j], x3 = ln[t3 - j];
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
        }
        y1[o0 + 1] = a0; y1[o1 + 1] = a1; y1[o2 + 1] = a2; y1[o3 + 1] = a3;
        y2[o0 + 1] = b0; y2[o1 + 1] = b1; y2[o2 + 1] = b2; y2[o3 + 1] = b3;
        y3[o0 + 1] = c0; y3[o1 + 1] = c1; y3[o2 + 1] = c2; y3[o3 + 1] = c3;
    }

    private void gatherOne(double[] k, double[] y, int o0, int o1, int o2, int o3) {
        double[] ln = line;
        int t0 = HEAD + o0, t1 = HEAD + o1, t2 = HEAD + o2, t3 = HEAD + o3;
        double a0 = 0, a1 = 0, a2 = 0, a3 = 0;
        for (int j = 0; j < TAPS; j++) {
            double h = k[j];
            a0 = Math.fma(h, ln[t0 - j], a0);
            a1 = Math.fma(h, ln[t1 - j], a1);
            a2 = Math.fma(h, ln[t2 - j], a2);
            a3 = Math.fma(h, ln[t3 - j], a3);
        }
        y[o0 + 1] = a0; y[o1 + 1] = a1; y[o2 + 1] = a2; y[o3 + 1] = a3;
    }

    /**
     * Whether no point of the chunk can reach the threshold (see {@link #BOUND}), from the largest |x| of
     * {@code line[0 .. end)} (every sample the chunk's interpolation reads). Computes the window maxima the
     * per-output bound uses on the way.
     */
    private boolean quietChunk(int end, double threshold) {
        windowMaxima(end);
        double max = 0;
        for (int block = 0; block < end; block += NEAR_SPAN) {
            max = Math.max(max, prefixMax[Math.min(end, block + NEAR_SPAN) - 1]);
        }
        return max * BOUND[factorIndex] <= threshold;
    }

    /** Chunks whose interpolation the threshold let {@link #process} skip (tests). */
    long skippedChunks() {
        return skippedChunks;
    }

    /** Outputs measured, and outputs whose points were interpolated in full (tests, tuning). */
    long measuredOutputs() {
        return measuredOutputs;
    }

    long interpolatedOutputs() {
        return interpolatedOutputs;
    }

    /**
     * dest[p][i + 1] = sum over taps j in [jFrom, jTo) of kernel_p[j] x[n_i - j], for outputs
     * {@code first .. first + count}. Every output is one multiply-add chain in tap order whichever way it
     * is grouped, so a point is bit for bit the same however many of its neighbours are computed with it.
     */
    private void points(double[][] kernels, int factor, int first, int count, int jFrom, int jTo, double[][] dest) {
        if (dest == phasePoints) {
            interpolatedOutputs += count;
        }
        int p = 1;
        for (; p + 2 < factor; p += 3) {
            pointsThree(kernels[p], kernels[p + 1], kernels[p + 2], dest[p], dest[p + 1], dest[p + 2], first, count,
                    jFrom, jTo);
        }
        for (; p < factor; p++) {
            pointsOne(kernels[p], dest[p], first, count, jFrom, jTo);
        }
    }

    /**
     * Phases three at a time and outputs four at a time: each tap loads one new sample and three
     * coefficients for twelve independent multiply-adds in registers (JDK 17 does not vectorise this loop:
     * it cannot prove the arrays apart).
     */
    private void pointsThree(double[] k1, double[] k2, double[] k3, double[] y1, double[] y2, double[] y3,
                             int first, int count, int jFrom, int jTo) {
        double[] ln = line;
        int i = first;
        int end = first + count;
        for (; i + 4 <= end; i += 4) {
            int top = HEAD + i;  // tap j of output i + m reads ln[top - j + m]
            double x1 = ln[top + 1 - jFrom], x2 = ln[top + 2 - jFrom], x3 = ln[top + 3 - jFrom];
            double a0 = 0, a1 = 0, a2 = 0, a3 = 0, b0 = 0, b1 = 0, b2 = 0, b3 = 0, c0 = 0, c1 = 0, c2 = 0, c3 = 0;
            for (int j = jFrom; j < jTo; j++) {
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
            int o = i + 1;
            y1[o] = a0; y1[o + 1] = a1; y1[o + 2] = a2; y1[o + 3] = a3;
            y2[o] = b0; y2[o + 1] = b1; y2[o + 2] = b2; y2[o + 3] = b3;
            y3[o] = c0; y3[o + 1] = c1; y3[o + 2] = c2; y3[o + 3] = c3;
        }
        for (; i < end; i++) {
            y1[i + 1] = point(k1, i, jFrom, jTo);
            y2[i + 1] = point(k2, i, jFrom, jTo);
            y3[i + 1] = point(k3, i, jFrom, jTo);
        }
    }

    private void pointsOne(double[] k, double[] y, int first, int count, int jFrom, int jTo) {
        double[] ln = line;
        int i = first;
        int end = first + count;
        for (; i + 4 <= end; i += 4) {
            int top = HEAD + i;
            double x1 = ln[top + 1 - jFrom], x2 = ln[top + 2 - jFrom], x3 = ln[top + 3 - jFrom];
            double a0 = 0, a1 = 0, a2 = 0, a3 = 0;
            for (int j = jFrom; j < jTo; j++) {
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
            int o = i + 1;
            y[o] = a0; y[o + 1] = a1; y[o + 2] = a2; y[o + 3] = a3;
        }
        for (; i < end; i++) {
            y[i + 1] = point(k, i, jFrom, jTo);
        }
    }

    /** One output of one phase: the same multiply-add chain, in the same order, as the grouped loops. */
    private double point(double[] k, int i, int jFrom, int jTo) {
        double[] ln = line;
        int top = HEAD + i;
        double a = 0;
        for (int j = jFrom; j < jTo; j++) {
            a = Math.fma(k[j], ln[top - j], a);
        }
        return a;
    }

    /**
     * Per needed output: the grid point of largest magnitude in its interval, refined by a parabola. When
     * that is the sample itself its left neighbour is the last point of the previous output, computed (one
     * phase, gathered four at a time) only for the outputs that need it.
     */
    private void pickPeaks(int factor, int n, double[] peaks, int at) {
        double[] ln = line;
        double[][] pts = phasePoints;
        int last = factor - 1;
        int waiting = 0;
        for (int i = 0; i < n; i++) {
            if (!needed[i + 1]) {
                continue;  // skipped (the caller wrote |x|, provably under what matters) or measured already
            }
            double start = ln[HEAD + i - DELAY];  // x[n - DELAY]: phase 0 of the interval
            int o = i + 1;
            int best = 0;
            double bestMagnitude = Math.abs(start);
            for (int p = 1; p < factor; p++) {
                double m = Math.abs(pts[p][o]);
                if (m > bestMagnitude) {
                    bestMagnitude = m;
                    best = p;
                }
            }
            if (best == 0 && !computed[o - 1]) {
                outputs[waiting++] = i;
                continue;
            }
            double next = ln[HEAD + i + 1 - DELAY];  // x[n - DELAY + 1]: phase 0 of the next interval
            double left = best == 0 ? pts[last][o - 1] : best == 1 ? start : pts[best - 1][o];
            double mid = best == 0 ? start : pts[best][o];
            double right = best == last ? next : pts[best + 1][o];
            peaks[at + i] = refine(left, mid, right);
        }
        for (int g = 0; g < waiting; g += 4) {  // the previous outputs' last points: y[(i - 1) + 1]
            gatherOne(KERNELS[factorIndex][last], pts[last], outputs[g] - 1,
                    outputs[Math.min(g + 1, waiting - 1)] - 1, outputs[Math.min(g + 2, waiting - 1)] - 1,
                    outputs[Math.min(g + 3, waiting - 1)] - 1);
        }
        for (int g = 0; g < waiting; g++) {
            int i = outputs[g];
            double start = ln[HEAD + i - DELAY];
            double right = last == 0 ? ln[HEAD + i + 1 - DELAY] : pts[1][i + 1];
            peaks[at + i] = refine(pts[last][i], start, right);
        }
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
        double max = 0;
        for (int i = 0; i < HEAD; i++) {
            max = Math.max(max, Math.abs(line[i]));
        }
        return max;
    }
}
