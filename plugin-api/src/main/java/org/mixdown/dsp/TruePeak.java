package org.mixdown.dsp;

/**
 * A true-peak meter after ITU-R BS.1770-4 Annex 2: 4x oversampling by the Recommendation's 48-tap
 * interpolation filter (4 phases x 12 taps), absolute value, maximum over time and channels.
 *
 * <p>The filter is the published table (every coefficient a multiple of 2^-13). Its phases interpolate the
 * points 1/8, 3/8, 5/8 and 7/8 of a sample period between two input samples; the input samples themselves are
 * also taken as candidates, because the band-limited signal passes through them, so the reading never falls
 * below the sample peak. With points at most 1/4 sample apart the worst under-read of a sine of frequency f is
 * 20 log10 cos(pi f / (4 fs)) plus the filter's ripple: -0.69 dB at fs/2, -0.17 dB at fs/4.
 *
 * <p>The oversampling is 4x at every sample rate: the table is defined relative to the sample rate, so the
 * error bound above holds everywhere (above 96 kHz it is merely more than needed). The Recommendation's
 * 12.04 dB attenuation before the filter is a fixed-point headroom measure and is not needed in floating point.
 *
 * <p>{@link #process} allocates nothing. Non-finite values never become the reading, and a non-finite input
 * leaves the filter history after 12 samples.
 */
public final class TruePeak {
    private static final int PHASES = 4;
    private static final int TAPS = 12;

    /**
     * BS.1770-4 Annex 2 table: phase p, tap j multiplies the input j samples old. Phases 2 and 3 are phases 1 and
     * 0 reversed (the 48-tap prototype is symmetric), so only the first two are written out.
     */
    private static final double[] PHASE_0 = {
        0.0017089843750, 0.0109863281250, -0.0196533203125, 0.0332031250000, -0.0594482421875, 0.1373291015625,
        0.9721679687500, -0.1022949218750, 0.0476074218750, -0.0266113281250, 0.0148925781250, -0.0083007812500,
    };
    private static final double[] PHASE_1 = {
        -0.0291748046875, 0.0292968750000, -0.0517578125000, 0.0891113281250, -0.1665039062500, 0.4650878906250,
        0.7797851562500, -0.2003173828125, 0.1015625000000, -0.0582275390625, 0.0330810546875, -0.0189208984375,
    };

    /**
     * The phases with taps in oldest-first order, so a dot product walks the history forwards:
     * {@code OLDEST_FIRST[p][i]} multiplies the input {@code 11 - i} samples old.
     */
    private static final double[][] OLDEST_FIRST = new double[PHASES][TAPS];

    static {
        for (int j = 0; j < TAPS; j++) {
            OLDEST_FIRST[0][TAPS - 1 - j] = PHASE_0[j];
            OLDEST_FIRST[1][TAPS - 1 - j] = PHASE_1[j];
            OLDEST_FIRST[2][TAPS - 1 - j] = PHASE_1[TAPS - 1 - j];
            OLDEST_FIRST[3][TAPS - 1 - j] = PHASE_0[TAPS - 1 - j];
        }
    }

    /**
     * The phase pairs (0, 3) and (1, 2) folded: {@code FOLDED[0][t]} and {@code FOLDED[1][t]} are
     * {@code k0[t] + k0[11 - t]} and {@code k0[t] - k0[11 - t]} for the oldest-first phase 0, which multiply
     * {@code x[t] + x[11 - t]} and {@code x[t] - x[11 - t]} of the window to give y0 + y3 and y0 - y3;
     * {@code FOLDED[2]} and {@code FOLDED[3]} the same from phase 1 for y1 + y2 and y1 - y2.
     */
    private static final double[][] FOLDED = new double[4][TAPS / 2];

    static {
        for (int t = 0; t < TAPS / 2; t++) {
            FOLDED[0][t] = OLDEST_FIRST[0][t] + OLDEST_FIRST[0][TAPS - 1 - t];
            FOLDED[1][t] = OLDEST_FIRST[0][t] - OLDEST_FIRST[0][TAPS - 1 - t];
            FOLDED[2][t] = OLDEST_FIRST[1][t] + OLDEST_FIRST[1][TAPS - 1 - t];
            FOLDED[3][t] = OLDEST_FIRST[1][t] - OLDEST_FIRST[1][TAPS - 1 - t];
        }
    }

    /** Frames interpolated per pass: the scratch arrays hold one chunk, so any block length allocates nothing. */
    private static final int CHUNK = 256;
    /**
     * Chunks shorter than this take the per-frame loop, where the residue-class copies and the passes over
     * scratch arrays would cost more than the vector loops save.
     */
    private static final int VECTOR_MIN = 16;
    /** Doubles in the widest vector the block path's offsets are aligned for. */
    private static final int LANES = 8;

    private final int channels;
    /**
     * Per channel the last 11 inputs, oldest first: the history a chunk's first interpolations read, kept
     * at the front of {@link #window} while the chunk runs.
     */
    private final double[][] history;
    /**
     * One channel's history then chunk, oldest first: output n reads the twelve inputs from index n. It is
     * {@code shifted[0]}; {@code shifted[r][j] = window[j + r]} are the residue-class copies the block path reads.
     */
    private final double[] window = new double[TAPS - 1 + CHUNK];
    private final double[][] shifted = new double[LANES][];
    /** The block path's sums and differences of mirrored inputs, per tap pair t = 0..5. */
    private final double[][] plus = new double[TAPS / 2][CHUNK];
    private final double[][] minus = new double[TAPS / 2][CHUNK];
    /** The block path's y0 + y3, y0 - y3, y1 + y2, y1 - y2 per frame; the first then holds the frame's reading. */
    private final double[] sum03 = new double[CHUNK];
    private final double[] dif03 = new double[CHUNK];
    private final double[] sum12 = new double[CHUNK];
    private final double[] dif12 = new double[CHUNK];
    private final double[] peaks;

    public TruePeak(int channels) {
        if (channels < 1) {
            throw new IllegalArgumentException("a true-peak meter needs at least one channel");
        }
        this.channels = channels;
        this.history = new double[channels][TAPS - 1];
        this.peaks = new double[channels];
        shifted[0] = window;
        for (int r = 1; r < LANES; r++) {
            shifted[r] = new double[TAPS - 1 + CHUNK - r];
        }
    }

    /**
     * How far this meter can read above the true peak of a band-limited signal, in dB: the largest gain of
     * any Annex 2 phase between 0 and fs/2 (about +0.22 dB, phase 3/8 near fs/4). A limiter that must pass
     * this meter at a ceiling keeps its own ceiling that much lower.
     */
    public static double largestOverReadDb() {
        return LARGEST_OVER_READ_DB;
    }

    private static final double LARGEST_OVER_READ_DB = largestPhaseGainDb();

    private static double largestPhaseGainDb() {
        double largest = 0;
        int points = 2048;
        for (int p = 0; p < PHASES; p++) {
            for (int k = 0; k <= points; k++) {
                double w = Math.PI * k / points;   // 0..pi: 0..fs/2
                double re = 0, im = 0;
                for (int age = 0; age < TAPS; age++) {
                    re += coefficient(p, age) * Math.cos(w * age);
                    im -= coefficient(p, age) * Math.sin(w * age);
                }
                largest = Math.max(largest, Math.hypot(re, im));
            }
        }
        return 20 * Math.log10(largest);
    }

    /** The Annex 2 coefficient of {@code phase} (0..3) applied to the input {@code age} (0..11) samples old. */
    public static double coefficient(int phase, int age) {
        return OLDEST_FIRST[phase][TAPS - 1 - age];
    }

    /** Feeds frames {@code [from, to)} of every channel ({@code x[c]} for c below {@link #channels()}). */
    public void process(float[][] x, int from, int to) {
        for (int c = 0; c < channels; c++) {
            for (int start = from; start < to; start += CHUNK) {
                processChunk(c, x[c], start, Math.min(CHUNK, to - start));
            }
        }
    }

    /**
     * One channel's frames {@code [start, start + n)}. The table's symmetry halves the work: phase 3 is
     * phase 0 reversed (and 2 is 1 reversed), so with the window folded into the sums and differences of
     * its mirrored samples, six multiply-adds give the sum of the two phases' points and six their
     * difference; and the larger magnitude of two points a, b is (|a + b| + |a - b|) / 2. Four chains of six
     * per frame, where the table as written is four chains of twelve. Both paths compute each frame's reading
     * with the same operations in the same order, so it depends only on the twelve inputs, not on how frames
     * fall into blocks.
     */
    private void processChunk(int c, float[] in, int start, int n) {
        double[] w = window, h = history[c];
        System.arraycopy(h, 0, w, 0, TAPS - 1);
        for (int i = 0; i < n; i++) {
            w[TAPS - 1 + i] = in[start + i];
        }
        peaks[c] = n < VECTOR_MIN ? perFrame(n, peaks[c]) : block(n, peaks[c]);
        System.arraycopy(w, n, h, 0, TAPS - 1);
    }

    /** The window's n frames one at a time; returns the new peak. */
    private double perFrame(int n, double peak) {
        double[] w = window;
        double[] s03 = FOLDED[0], d03 = FOLDED[1], s12 = FOLDED[2], d12 = FOLDED[3];
        for (int i = 0; i < n; i++) {
            double older = w[i], newer = w[i + TAPS - 1];
            double plus = older + newer, minus = older - newer;
            double sum03 = s03[0] * plus, dif03 = d03[0] * minus, sum12 = s12[0] * plus, dif12 = d12[0] * minus;
            for (int t = 1; t < TAPS / 2; t++) {
                older = w[i + t];
                newer = w[i + TAPS - 1 - t];
                plus = older + newer;
                minus = older - newer;
                sum03 = Math.fma(s03[t], plus, sum03);
                dif03 = Math.fma(d03[t], minus, dif03);
                sum12 = Math.fma(s12[t], plus, sum12);
                dif12 = Math.fma(d12[t], minus, dif12);
            }
            double outer = Math.abs(sum03) + Math.abs(dif03);  // twice the larger of points 1/8 and 7/8
            double inner = Math.abs(sum12) + Math.abs(dif12);  // twice the larger of points 3/8 and 5/8
            double m = Math.max(Math.abs(w[i + TAPS - 1]), 0.5 * Math.max(outer, inner));
            // a non-finite input in the window makes all four sums NaN or infinite, and so m: never the reading
            if (m > peak && m <= Double.MAX_VALUE) {
                peak = m;
            }
        }
        return peak;
    }

    /** The window's n frames by the vector loops of {@link TruePeakFir}; returns the new peak. */
    private double block(int n, double peak) {
        double[] w = window;
        for (int r = 1; r < LANES; r++) {
            System.arraycopy(w, r, shifted[r], 0, TAPS - 1 + n - r);
        }
        TruePeakFir.fold(shifted, plus, minus, n);
        TruePeakFir.chain(sum03, FOLDED[0], plus, n);
        TruePeakFir.chain(dif03, FOLDED[1], minus, n);
        TruePeakFir.chain(sum12, FOLDED[2], plus, n);
        TruePeakFir.chain(dif12, FOLDED[3], minus, n);
        TruePeakFir.readings(sum03, dif03, sum12, dif12, shifted[3], n);  // w[j + 11] = s3[j + 8]
        java.util.Arrays.fill(sum03, n, CHUNK, 0.0);  // readings are never negative: the padding is neutral
        double largest = TruePeakFir.largestOf256(sum03);
        if (largest <= Double.MAX_VALUE) {
            return Math.max(peak, largest);
        }
        // some frame saw a non-finite input (the largest is then NaN or infinite): those frames must be skipped
        return perFrame(n, peak);
    }

    /** The largest true peak over all channels so far, linear (1.0 = full scale). */
    public double truePeak() {
        double max = 0;
        for (double p : peaks) {
            max = Math.max(max, p);
        }
        return max;
    }

    /** {@link #truePeak()} in dBTP; -infinity for silence. */
    public double truePeakDbtp() {
        return Db.toDb(truePeak());
    }

    /** The true peak of one channel so far, linear. */
    public double channelTruePeak(int channel) {
        return peaks[channel];
    }

    public int channels() {
        return channels;
    }

    /** Clears the filter history and the peaks. */
    public void reset() {
        for (int c = 0; c < channels; c++) {
            java.util.Arrays.fill(history[c], 0);
            peaks[c] = 0;
        }
    }

    /**
     * The interpolator's delay in whole samples: an inter-sample peak between inputs n and n + 1 is seen once
     * input n + 6 has been processed (the prototype's group delay is 23.5 oversampled = 5.875 input samples).
     */
    public int latencySamples() {
        return TAPS / 2;
    }
}
