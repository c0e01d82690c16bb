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

    private final int channels;
    /**
     * Per channel the last 12 inputs, stored twice ({@code [w]} and {@code [w + 12]}) so that the window
     * oldest-first is always the contiguous run {@code [w + 1, w + 12]} after writing at {@code w}.
     */
    private final double[][] history;
    private final int[] writeIndex;
    private final double[] peaks;

    public TruePeak(int channels) {
        if (channels < 1) {
            throw new IllegalArgumentException("a true-peak meter needs at least one channel");
        }
        this.channels = channels;
        this.history = new double[channels][2 * TAPS];
        this.writeIndex = new int[channels];
        this.peaks = new double[channels];
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
        double[] p0 = OLDEST_FIRST[0], p1 = OLDEST_FIRST[1], p2 = OLDEST_FIRST[2], p3 = OLDEST_FIRST[3];
        for (int c = 0; c < channels; c++) {
            float[] in = x[c];
            double[] h = history[c];
            int w = writeIndex[c];
            double peak = peaks[c];
            for (int n = from; n < to; n++) {
                double sample = in[n];
                w = w == TAPS - 1 ? 0 : w + 1;
                h[w] = sample;
                h[w + TAPS] = sample;
                double y0 = 0, y1 = 0, y2 = 0, y3 = 0;
                for (int i = 0; i < TAPS; i++) {
                    double v = h[w + 1 + i];
                    y0 += p0[i] * v;
                    y1 += p1[i] * v;
                    y2 += p2[i] * v;
                    y3 += p3[i] * v;
                }
                double m = Math.max(Math.max(Math.abs(y0), Math.abs(y1)), Math.max(Math.abs(y2), Math.abs(y3)));
                m = Math.max(m, Math.abs(sample));
                if (m > peak && m <= Double.MAX_VALUE) {  // false for NaN and infinity: never the reading
                    peak = m;
                }
            }
            writeIndex[c] = w;
            peaks[c] = peak;
        }
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
            writeIndex[c] = 0;
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
