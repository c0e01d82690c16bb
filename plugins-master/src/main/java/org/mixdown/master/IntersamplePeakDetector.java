package org.mixdown.master;

/**
 * Estimates the largest magnitude of the band-limited signal between consecutive samples, for a limiter's
 * detector. Oversampling is a cascade: a long half-band stage doubles the rate (the midpoint of every
 * interval by a {@value #HALF_BAND_TAPS}-tap Kaiser-windowed sinc; the samples themselves pass as they are),
 * then, for factors above 2, short {@value #SECOND_TAPS}-tap fractional-delay filters interpolate the
 * remaining points from the doubled signal. The doubled signal fills only the lower half of its band, so the
 * short stage meets a wide transition band and is nearly exact (see {@link #UNDER_READ}); the cost
 * per sample is one long dot product whatever the factor, not {@code factor - 1} of them. The largest point
 * of each interval is refined by a parabola through it and its neighbours (the grid's under-read of a peak
 * falls from O(1/factor^2) to O(1/factor^4)).
 *
 * <p>{@link #push} returns the peak of the interval {@code [n - DELAY, n - DELAY + 1)}; the delay is the
 * same for every factor, so a change of factor does not change a plugin's latency. With factor 1 the
 * detector returns the sample peak. No allocation after construction; the kernels are shared.
 */
final class IntersamplePeakDetector {
    /** Taps of the half-band stage (the interval midpoints). */
    static final int HALF_BAND_TAPS = 80;
    /** Taps, at the doubled rate, of the second stage's fractional-delay filters. */
    static final int SECOND_TAPS = 12;
    /**
     * Samples between an input sample and the report of the interval it starts: the midpoint of interval k
     * reads x[k - 39 .. k + 40], and the second stage reads midpoints up to interval k + 3 (x up to k + 43);
     * 48 keeps the chunk's first interval at a multiple of 8 in the line, as the vector loops need.
     */
    static final int DELAY = 48;
    /** The oversampling factors offered. */
    static final int[] FACTORS = {1, 2, 4, 8, 16};

    /**
     * Kaiser beta of the half-band stage: the pass band is within 1.5e-3 of 1 (0.013 dB) to 0.475 fs, the
     * shortfall compensated by the caller (see {@link #worstUnderRead}). Content above 0.475 fs is under-read
     * by any kernel of finite length (-1.9 dB at 0.49 fs with 122 taps; exact reconstruction showed the
     * limiter let such content through by up to 0.9 dB), so the limiter measures through
     * {@link NyquistGuard}'s low-pass, which stops it, and the kernel need only be flat to 0.475 fs: 80 taps
     * instead of the 122 that reached 0.48 fs.
     */
    private static final double BETA = 6.0;
    /** HALF_BAND[m] multiplies x[k - HALF_BAND_TAPS / 2 + 1 + m] for the midpoint of interval k. */
    private static final double[] HALF_BAND = halfBand();
    /**
     * Band edge of the second stage's least-squares fit, in cycles per doubled-rate sample (0.485 of the
     * input rate): the content the half-band stage passes.
     */
    private static final double SECOND_BAND = 0.2425;
    /** The band over which the kernels' errors are bounded, in cycles per input sample: 0.475 fs. */
    static final double CHECKED_BAND = 0.475;
    /**
     * SECOND[f][r][m]: for factor index f, the point r / (factor / 2) of a doubled-rate step after z[s], tap m
     * multiplying z[s - SECOND_TAPS / 2 + 1 + m] (z the doubled signal), fitted by least squares.
     */
    private static final double[][][] SECOND = new double[FACTORS.length][][];
    /**
     * Per factor index, the largest fraction by which an interpolated point of a unit sine up to
     * {@link #CHECKED_BAND} can fall short of the sine: computed from the kernels' responses, the midpoints'
     * 1 - H(f) (H real: the kernel is symmetric about the midpoint) and, for the other points, the whole
     * cascade's |response - ideal| with the midpoints it reads carrying H(f). 0 for the sample peak, which is
     * no interpolation.
     */
    private static final double[] UNDER_READ = new double[FACTORS.length];
    /**
     * Per factor index, a bound on reading / max|x| over the inputs read: the half-band points are at most
     * sum|HALF_BAND| max|x| (and the samples max|x|), a second-stage point at most sum|kernel| times that,
     * and the parabola's vertex adds at most 1/8 of the point it refines (|a - c| &lt;= curvature,
     * |a - c| &lt;= |b|). A hair more for rounding.
     */
    private static final double[] BOUND = new double[FACTORS.length];

    static {
        double[] response = halfBandResponse();
        double shortfall = 0;
        for (double h : response) {
            shortfall = Math.max(shortfall, 1 - h);
        }
        UNDER_READ[1] = shortfall;
        for (int f = 2; f < FACTORS.length; f++) {
            int steps = FACTORS[f] / 2;  // points per doubled-rate step
            SECOND[f] = new double[steps][];
            double error = shortfall;
            for (int r = 1; r < steps; r++) {
                SECOND[f][r] = leastSquares(r / (double) steps);
                error = Math.max(error, cascadeError(SECOND[f][r], r / (double) steps, response));
            }
            UNDER_READ[f] = error;
        }
        double l1 = 0;
        for (double c : HALF_BAND) {
            l1 += Math.abs(c);
        }
        double halfBandGain = Math.max(1, l1);
        BOUND[0] = 1.125 * (1 + 1e-9);
        BOUND[1] = 1.125 * halfBandGain * (1 + 1e-9);
        for (int f = 2; f < FACTORS.length; f++) {
            double largest = 1;
            for (int r = 1; r < SECOND[f].length; r++) {
                double gain = 0;
                for (double g : SECOND[f][r]) {
                    gain += Math.abs(g);
                }
                largest = Math.max(largest, gain);
            }
            BOUND[f] = 1.125 * largest * halfBandGain * (1 + 1e-9);
        }
    }

    /** A reading is at most this times the largest point of its interval (see {@link #BOUND}), with rounding. */
    private static final double VERTEX_GAIN = 1.125 * (1 + 1e-9);

    /** Samples measured per pass. */
    static final int CHUNK = 256;
    /**
     * History kept before the chunk: every input the points of output -1 read (its interval starts at
     * line[79]; its second stage reads midpoints from line[76], which read line[37 ..]).
     */
    private static final int HEAD = 128;
    /**
     * The input in time order: the previous {@link #HEAD} samples, then the chunk being measured, then
     * room for the last group of midpoints to read past the chunk's end.
     */
    private final double[] line = new double[HEAD + CHUNK + 8];
    /** midpoints[k]: the half-band point between line[k] and line[k + 1]; valid up to {@link #midpointsUpTo}. */
    private final double[] midpoints = new double[HEAD + CHUNK + 8];
    private int midpointsUpTo = -1;
    /** The half-band filter (the kernel is shared, read only; the scratch is this detector's). */
    private final MidpointFir midpointFir = new MidpointFir(HALF_BAND, CHUNK + 8);
    /**
     * points[p][FIRST_POINT + i]: the interpolated point at phase p of output i of the chunk (i from -1).
     * Output 0 sits at index 4, as its sample sits at line[80]: equal offsets modulo the vector length
     * let the compiler vectorise the loops that read both.
     */
    private final double[][] points = new double[FACTORS[FACTORS.length - 1]][CHUNK + 4];
    /** The default factor's second stage (the kernel is shared, read only; the scratch is this detector's). */
    private final QuarterPointFir quarterPointFir = new QuarterPointFir(SECOND[2][1], CHUNK + 4);
    private static final int FIRST_POINT = 3;
    /** Per output of the chunk, the largest magnitude of its interval's points. */
    private final double[] largest = new double[CHUNK];
    /** The doubled signal around one interval: z[2k - 5 .. 2k + 7]. */
    private final double[] window = new double[SECOND_TAPS + 2];
    private final double[] one = new double[1];
    private final double[] onePeak = new double[1];
    private int factorIndex = 2;
    private long skippedChunks;
    private long interpolatedOutputs;
    private long measuredOutputs;
    /** Whether a threshold lets quiet chunks skip the interpolation (tests switch it off to compare). */
    private boolean skipping = true;

    private static double[] halfBand() {
        int half = HALF_BAND_TAPS / 2;
        double[] k = new double[HALF_BAND_TAPS];
        double sum = 0;
        for (int m = 0; m < HALF_BAND_TAPS; m++) {
            double d = half - 0.5 - m;  // distance from x[k - half + 1 + m] to the midpoint k + 1/2, in samples
            k[m] = Math.sin(Math.PI * d) / (Math.PI * d) * kaiser(d / half);
            sum += k[m];
        }
        for (int m = 0; m < HALF_BAND_TAPS; m++) {
            k[m] /= sum;  // unity gain at DC
        }
        return k;
    }

    private static double kaiser(double x) {
        return x * x >= 1 ? 0 : besselI0(BETA * Math.sqrt(1 - x * x)) / besselI0(BETA);
    }

    /** The modified Bessel function I0 (its series), for Kaiser windows. */
    static double besselI0(double x) {
        double sum = 1, term = 1;
        for (int k = 1; k < 50; k++) {
            term *= (x / (2 * k)) * (x / (2 * k));
            sum += term;
        }
        return sum;
    }

    /** Doubled-rate distance from tap m (z[s - 4 + m]) to the point s + fraction. */
    private static double distance(int m, double fraction) {
        return fraction - (m - (SECOND_TAPS / 2 - 1));
    }

    /**
     * The taps minimising the mean squared error against the ideal fractional delay over |f| &lt;=
     * {@link #SECOND_BAND}: the normal equations {@code sum_n A[m][n] g[n] = b[m]} with
     * {@code A[m][n] = int_0^B cos(2 pi f (d_m - d_n)) df}, {@code b[m] = int_0^B cos(2 pi f d_m) df}.
     */
    private static double[] leastSquares(double fraction) {
        int n = SECOND_TAPS;
        double[][] a = new double[n][n + 1];
        for (int m = 0; m < n; m++) {
            for (int q = 0; q < n; q++) {
                a[m][q] = bandIntegral(distance(m, fraction) - distance(q, fraction));
            }
            a[m][n] = bandIntegral(distance(m, fraction));
        }
        for (int col = 0; col < n; col++) {  // Gauss-Jordan with partial pivoting
            int pivot = col;
            for (int row = col + 1; row < n; row++) {
                if (Math.abs(a[row][col]) > Math.abs(a[pivot][col])) {
                    pivot = row;
                }
            }
            double[] swap = a[col];
            a[col] = a[pivot];
            a[pivot] = swap;
            for (int row = 0; row < n; row++) {
                if (row != col) {
                    double factor = a[row][col] / a[col][col];
                    for (int q = col; q <= n; q++) {
                        a[row][q] -= factor * a[col][q];
                    }
                }
            }
        }
        double[] g = new double[n];
        for (int m = 0; m < n; m++) {
            g[m] = a[m][n] / a[m][m];
        }
        return g;
    }

    /** int_0^B cos(2 pi f d) df. */
    private static double bandIntegral(double d) {
        return d == 0 ? SECOND_BAND : Math.sin(2 * Math.PI * SECOND_BAND * d) / (2 * Math.PI * d);
    }

    /** Frequencies at which the kernels' responses are checked: 0 to {@link #CHECKED_BAND}, 50 per ripple. */
    private static final int CHECKS = 50 * HALF_BAND_TAPS;

    /**
     * H(f) at f = CHECKED_BAND * s / CHECKS, s = 0 .. CHECKS: the midpoint's response to a unit sine (real:
     * the kernel is symmetric about the midpoint).
     */
    private static double[] halfBandResponse() {
        double[] response = new double[CHECKS + 1];
        for (int s = 0; s <= CHECKS; s++) {
            double w = 2 * Math.PI * CHECKED_BAND * s / CHECKS;
            double h = 0;
            for (int m = 0; m < HALF_BAND_TAPS; m++) {
                h += HALF_BAND[m] * Math.cos(w * (HALF_BAND_TAPS / 2 - 0.5 - m));
            }
            response[s] = h;
        }
        return response;
    }

    /**
     * The largest |response - 1| over the checked frequencies of the point {@code fraction} of a doubled-rate
     * step after a sample (its even taps read midpoints) or after a midpoint (its odd taps do), the midpoints
     * read carrying the half-band response.
     */
    private static double cascadeError(double[] g, double fraction, double[] response) {
        double worst = 0;
        for (int s = 0; s <= CHECKS; s++) {
            double w = Math.PI * CHECKED_BAND * s / CHECKS;  // radians per doubled-rate sample
            for (int midpointParity = 0; midpointParity < 2; midpointParity++) {
                double re = 0, im = 0;
                for (int m = 0; m < g.length; m++) {
                    double gain = m % 2 == midpointParity ? g[m] * response[s] : g[m];
                    re += gain * Math.cos(w * distance(m, fraction));
                    im -= gain * Math.sin(w * distance(m, fraction));
                }
                worst = Math.max(worst, Math.hypot(re - 1, im));
            }
        }
        return worst;
    }

    /**
     * The largest fraction by which the kernels of the current factor can under-read a sine to 0.475 fs: a
     * caller that must keep the true peak under a ceiling lowers it by this much. (The grid's own under-read,
     * between the points, is what the parabola is for; it is not included.)
     */
    double worstUnderRead() {
        return UNDER_READ[factorIndex];
    }

    static double worstUnderRead(int factorIndex) {
        return UNDER_READ[factorIndex];
    }

    /** Sets the oversampling factor by its index in {@link #FACTORS}. */
    void setFactorIndex(int index) {
        factorIndex = index;
    }

    int factor() {
        return FACTORS[factorIndex];
    }

    /** Switches the skip of quiet chunks below a threshold (on by default; the readings that matter are the same). */
    void setSkipping(boolean skipping) {
        this.skipping = skipping;
    }

    void reset() {
        java.util.Arrays.fill(line, 0);
        java.util.Arrays.fill(midpoints, 0);
        midpointsUpTo = HEAD - HALF_BAND_TAPS / 2 - 1;  // those that read only the (silent) history are 0
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
     * below it may be any value at or below it. A chunk whose every input is so small that no point can
     * reach the threshold (see {@link #BOUND}) skips the interpolation.
     */
    void process(double[] x, int from, int count, double[] peaks, int at, double threshold) {
        process(x, from, count, peaks, at, threshold, threshold);
    }

    /**
     * Like {@link #process(double[], int, int, double[], int, double)}, with readings exact only above
     * {@code exactAbove} (at least {@code threshold}): between the two, a reading is the largest grid point of
     * its interval, without the parabola's refinement (at most 1 dB lower, see {@link #VERTEX_GAIN}), whether
     * or not quiet chunks are skipped.
     */
    void process(double[] x, int from, int count, double[] peaks, int at, double threshold, double exactAbove) {
        for (int done = 0; done < count; done += CHUNK) {
            processChunk(x, from + done, Math.min(CHUNK, count - done), peaks, at + done, threshold, exactAbove);
        }
    }

    private void processChunk(double[] x, int from, int n, double[] peaks, int at, double threshold,
                              double exactAbove) {
        double[] ln = line;
        System.arraycopy(x, from, ln, HEAD, n);  // ln[HEAD + i] is x[from + i]
        measuredOutputs += n;
        int first = HEAD - DELAY;  // output i reports the interval starting at ln[first + i]
        if (factorIndex == 0) {
            for (int i = 0; i < n; i++) {
                peaks[at + i] = Math.abs(ln[first + i]);
            }
        } else if (threshold > 0 && skipping && quietChunk(HEAD + n, threshold)) {
            for (int i = 0; i < n; i++) {
                peaks[at + i] = Math.abs(ln[first + i]);  // a sample of the interval: under the threshold
            }
            skippedChunks++;
        } else {
            // output -1 too: its last point is the parabola's left neighbour of output 0's sample
            int factor = FACTORS[factorIndex];
            int reach = factor == 2 ? 0 : SECOND_TAPS / 4;  // midpoints either side a second-stage point reads
            computeMidpoints(Math.max(midpointsUpTo + 1, first - 1 - reach), first + n - 1 + reach);
            interpolatedOutputs += n;
            // only readings above the threshold must be exact: the parabola is skipped under it
            // (and those between the thresholds are the grid's largest points, skipping or not)
            double floor = threshold > 0 && (skipping || exactAbove > threshold) ? exactAbove / VERTEX_GAIN
                    : Double.NEGATIVE_INFINITY;
            if (factor == 2) {
                System.arraycopy(midpoints, first - 1, points[1], FIRST_POINT, n + 1);
            } else if (factor == 4) {
                quarterPointFir.compute(line, midpoints, first - 1, n + 1, points[1], points[2], points[3],
                        FIRST_POINT);
            } else {
                secondStage(factor, first - 1, n + 1);
            }
            pickPeaks(factor, n, peaks, at, floor);
        }
        System.arraycopy(ln, n, ln, 0, HEAD);  // keep the newest HEAD samples (and their midpoints) for the next chunk
        System.arraycopy(midpoints, n, midpoints, 0, HEAD);
        midpointsUpTo = Math.max(-1, midpointsUpTo - n);
    }

    /** midpoints[k] for k in [from, to]: the half-band filter over the line (see {@link MidpointFir}). */
    private void computeMidpoints(int from, int to) {
        if (to >= from) {
            midpointFir.filter(line, from - (HALF_BAND_TAPS / 2 - 1), to - from + 1, midpoints, from);
        }
        midpointsUpTo = Math.max(midpointsUpTo, to);
    }

    /**
     * points[p][o] for the {@code count} intervals starting at line[start + o]: the midpoint (phase
     * factor / 2) as it is, the other phases from the doubled signal around the interval.
     */
    private void secondStage(int factor, int start, int count) {
        double[] ln = line, mid = midpoints, z = window;
        double[][] kernels = SECOND[factorIndex];
        int steps = factor / 2;
        for (int o = 0; o < count; o++) {
            int k = start + o;
            for (int q = 0; q <= 6; q++) {  // z[2k - 5 + j]: odd j the samples x[k - 2 ..], even j the midpoints
                z[2 * q] = mid[k - 3 + q];
            }
            for (int q = 0; q <= 5; q++) {
                z[2 * q + 1] = ln[k - 2 + q];
            }
            for (int half = 0; half < 2; half++) {  // the points r / steps after z[2k + half]
                for (int r = 1; r < steps; r++) {
                    points[half * steps + r][FIRST_POINT + o] = dot(kernels[r], z[half], z[half + 1], z[half + 2], z[half + 3],
                            z[half + 4], z[half + 5], z[half + 6], z[half + 7], z[half + 8], z[half + 9],
                            z[half + 10], z[half + 11]);
                }
            }
            points[steps][FIRST_POINT + o] = mid[k];
        }
    }

    /**
     * Whether no point of the chunk can reach the threshold (see {@link #BOUND}), from the largest |x| of
     * {@code line[0 .. end)} (every sample the chunk's interpolation reads).
     */
    private boolean quietChunk(int end, double threshold) {
        double[] ln = line;
        double bound = BOUND[factorIndex];
        // a rounded product with a positive factor is monotonic: max|x| * bound is the largest |x| * bound,
        // so the first sample over the threshold decides
        for (int q = HEAD; q < end; q++) {  // the new samples first: a loud chunk is known at once
            if (Math.abs(ln[q]) * bound > threshold) {
                return false;
            }
        }
        for (int q = 0; q < HEAD; q++) {
            if (Math.abs(ln[q]) * bound > threshold) {
                return false;
            }
        }
        return true;
    }

    /** Chunks whose interpolation the threshold let {@link #process} skip (tests). */
    long skippedChunks() {
        return skippedChunks;
    }

    /** Outputs measured, and outputs whose points were interpolated (tests, tuning). */
    long measuredOutputs() {
        return measuredOutputs;
    }

    long interpolatedOutputs() {
        return interpolatedOutputs;
    }

    /** A second-stage point from its twelve doubled-rate samples (as {@link #secondStage} and {@link QuarterPointFir} take them). */
    static double dot(double[] g, double z0, double z1, double z2, double z3, double z4, double z5,
                              double z6, double z7, double z8, double z9, double z10, double z11) {
        double even = g[0] * z0, odd = g[1] * z1;  // two chains: half the latency
        even = Math.fma(g[2], z2, even);
        odd = Math.fma(g[3], z3, odd);
        even = Math.fma(g[4], z4, even);
        odd = Math.fma(g[5], z5, odd);
        even = Math.fma(g[6], z6, even);
        odd = Math.fma(g[7], z7, odd);
        even = Math.fma(g[8], z8, even);
        odd = Math.fma(g[9], z9, odd);
        even = Math.fma(g[10], z10, even);
        odd = Math.fma(g[11], z11, odd);
        return even + odd;
    }

    /**
     * Per output: the grid point of largest magnitude in its interval, refined by a parabola. First the
     * largest magnitude of every interval, phase by phase (loops without a branch, which the compiler
     * vectorises); then the parabola only where the reading may exceed {@code floor} times
     * {@link #VERTEX_GAIN}.
     */
    private void pickPeaks(int factor, int n, double[] peaks, int at, double floor) {
        double[] ln = line, top = largest;
        double[][] pts = points;
        int last = factor - 1;
        int first = HEAD - DELAY;
        double[] y1 = pts[1];
        for (int i = 0; i < n; i++) {  // phases 0 (the sample) and 1 in one pass: one store less per output
            top[i] = Math.max(Math.abs(ln[first + i]), Math.abs(y1[i + FIRST_POINT + 1]));
        }
        for (int p = 2; p < factor; p++) {
            double[] y = pts[p];
            for (int i = 0; i < n; i++) {
                top[i] = Math.max(top[i], Math.abs(y[i + FIRST_POINT + 1]));
            }
        }
        for (int i = 0; i < n; i++) {
            double bestMagnitude = top[i];
            if (bestMagnitude <= floor) {
                peaks[at + i] = bestMagnitude;  // no parabola through it can reach the threshold
                continue;
            }
            int o = i + FIRST_POINT + 1;
            double start = ln[first + i];
            int best = 0;  // the first point of that magnitude
            while (best < last && (best == 0 ? Math.abs(start) : Math.abs(pts[best][o])) != bestMagnitude) {
                best++;
            }
            double next = ln[first + i + 1];  // phase 0 of the next interval
            double left = best == 0 ? pts[last][o - 1] : best == 1 ? start : pts[best - 1][o];
            double mid = best == 0 ? start : pts[best][o];
            double right = best == last ? next : pts[best + 1][o];
            peaks[at + i] = refine(left, mid, right);
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

    /** The largest magnitude held (for the silence test): the kept history and its valid midpoints. */
    double stateMagnitude() {
        double max = 0;
        for (int i = 0; i < HEAD; i++) {
            max = Math.max(max, Math.abs(line[i]));
            if (i <= midpointsUpTo) {
                max = Math.max(max, Math.abs(midpoints[i]));
            }
        }
        return max;
    }
}
