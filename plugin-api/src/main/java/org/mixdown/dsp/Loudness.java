package org.mixdown.dsp;

import java.util.Arrays;

/**
 * A loudness meter after ITU-R BS.1770-4 and EBU R128 / Tech 3341 / Tech 3342: momentary (400 ms),
 * short-term (3 s), their maxima, gated integrated loudness and loudness range (LRA).
 *
 * <p>The signal is K-weighted per channel and its weighted mean square is summed in 100 ms sub-blocks. A ring
 * of the last 30 sub-block energies gives the momentary window (last 4) and the short-term window (all 30),
 * both updated every 100 ms. Every 100 ms hop also closes one 400 ms gating block (75 % overlap) for the
 * integrated loudness and, once 3 s have passed, one short-term value for the LRA (a 10 Hz rate).
 *
 * <p>Memory is constant in the length of the audio: gating blocks and short-term values go into two fixed
 * histograms of 0.01 LU bins over -70..+20 LUFS that keep, per bin, the count and the exact sum of the blocks'
 * mean squares. Gated means therefore sum exact energies; only the single bin that straddles a relative gate is
 * decided as a whole (by its own mean), an error far below 0.01 LU. Louder blocks (above +20 LUFS) count in
 * the top bin with their exact energy.
 *
 * <p>Channel weights (BS.1770-4 table 3): 1.0 for L, R, C; 1.41 for the surrounds; the LFE is excluded. With
 * 5 channels (L R C Ls Rs) indices 3 and 4 get 1.41; with 6 channels (5.1 in WAV/SMPTE order L R C LFE Ls Rs)
 * index 3 is the LFE (weight 0) and 4, 5 get 1.41. Any other count, mono and stereo included, weighs every
 * channel 1.0; use {@link #Loudness(double, double[])} for other layouts.
 *
 * <p>Silence reads {@link #SILENCE_LUFS} (negative infinity); an empty or fully gated programme has an LRA of
 * 0. Windows that are not yet full (the first 400 ms / 3 s) are read as if preceded by silence. Non-finite
 * input in a channel is discarded (that channel's filter restarts), so NaN never reaches a reading.
 *
 * <p>{@link #process} and every reading allocate nothing. One thread at a time: the audio thread feeds it
 * and publishes readings (e.g. through a {@code Meter}).
 */
public final class Loudness {
    /** The reading for silence (no energy, or nothing above the absolute gate). */
    public static final double SILENCE_LUFS = Double.NEGATIVE_INFINITY;
    /** BS.1770-4 absolute gate, LUFS. */
    public static final double ABSOLUTE_GATE_LUFS = -70.0;
    /** BS.1770-4 relative gate for the integrated loudness, LU below the absolutely gated mean. */
    public static final double INTEGRATED_RELATIVE_GATE_LU = -10.0;
    /** EBU Tech 3342 relative gate for the loudness range, LU. */
    public static final double RANGE_RELATIVE_GATE_LU = -20.0;

    /** Sub-blocks per momentary window (4 x 100 ms) and per short-term window (30 x 100 ms). */
    private static final int MOMENTARY_SUB_BLOCKS = 4;
    private static final int SHORT_TERM_SUB_BLOCKS = 30;
    /** K-weighting works on copies of the input in chunks of this many frames. */
    private static final int SCRATCH_FRAMES = 512;

    private final double sampleRate;
    private final int channels;
    private final double[] weights;
    private final KWeighting[] filters;
    private final float[] scratch = new float[SCRATCH_FRAMES];
    private final int subBlockFrames;

    /** Weighted sums of squares of the last 30 sub-blocks; {@code ringNext} is the oldest. */
    private final double[] ring = new double[SHORT_TERM_SUB_BLOCKS];
    private int ringNext;
    private long subBlocksDone;
    private double currentEnergy;
    private int currentFrames;

    /** Mean squares (weighted, summed over channels) of the latest windows; 0 before any. */
    private double momentaryMeanSquare;
    private double shortTermMeanSquare;
    private double momentaryMaxMeanSquare;
    private double shortTermMaxMeanSquare;

    private final GatingHistogram gatingBlocks = new GatingHistogram();
    private final GatingHistogram shortTermBlocks = new GatingHistogram();

    /** A meter with the BS.1770-4 channel weights for {@code channels} (see the class comment). */
    public Loudness(double sampleRate, int channels) {
        this(sampleRate, defaultWeights(channels));
    }

    /** A meter with explicit per-channel weights (0 excludes a channel, e.g. the LFE). */
    public Loudness(double sampleRate, double[] channelWeights) {
        if (channelWeights.length < 1) {
            throw new IllegalArgumentException("a loudness meter needs at least one channel");
        }
        if (!(sampleRate >= 8000)) {
            throw new IllegalArgumentException("sample rate must be at least 8 kHz, got " + sampleRate);
        }
        this.sampleRate = sampleRate;
        this.channels = channelWeights.length;
        this.weights = channelWeights.clone();
        this.filters = new KWeighting[channels];
        for (int c = 0; c < channels; c++) {
            filters[c] = new KWeighting(sampleRate);
        }
        this.subBlockFrames = (int) Math.round(sampleRate / 10);
    }

    /** BS.1770-4 table 3 weights for the usual channel orders. */
    public static double[] defaultWeights(int channels) {
        double[] w = new double[channels];
        Arrays.fill(w, 1.0);
        if (channels == 5) {
            w[3] = 1.41;
            w[4] = 1.41;
        } else if (channels == 6) {
            w[3] = 0.0;
            w[4] = 1.41;
            w[5] = 1.41;
        }
        return w;
    }

    /** Feeds frames {@code [from, to)} of every channel ({@code x[c]} for c below {@link #channels()}). */
    public void process(float[][] x, int from, int to) {
        int i = from;
        while (i < to) {
            int end = Math.min(to, i + (subBlockFrames - currentFrames));
            currentEnergy += weightedSumOfSquares(x, i, end);
            currentFrames += end - i;
            i = end;
            if (currentFrames == subBlockFrames) {
                closeSubBlock();
            }
        }
    }

    private double weightedSumOfSquares(float[][] x, int from, int to) {
        double total = 0;
        for (int c = 0; c < channels; c++) {
            if (weights[c] == 0) {
                continue;
            }
            double sum = 0;
            for (int start = from; start < to; start += SCRATCH_FRAMES) {
                int n = Math.min(SCRATCH_FRAMES, to - start);
                System.arraycopy(x[c], start, scratch, 0, n);
                filters[c].process(scratch, 0, n);
                for (int k = 0; k < n; k++) {
                    double y = scratch[k];
                    sum += y * y;
                }
            }
            if (!Double.isFinite(sum)) {  // NaN/Inf in: drop it and restart this channel's filter
                filters[c].reset();
                sum = 0;
            }
            total += weights[c] * sum;
        }
        return total;
    }

    /** Ends a 100 ms sub-block: updates the windows, their maxima and both histograms. */
    private void closeSubBlock() {
        ring[ringNext] = currentEnergy;
        ringNext = (ringNext + 1) % SHORT_TERM_SUB_BLOCKS;
        subBlocksDone++;
        currentEnergy = 0;
        currentFrames = 0;

        double momentarySum = 0;
        for (int k = 1; k <= MOMENTARY_SUB_BLOCKS; k++) {
            momentarySum += ring[(ringNext - k + SHORT_TERM_SUB_BLOCKS) % SHORT_TERM_SUB_BLOCKS];
        }
        double shortTermSum = 0;
        for (double e : ring) {
            shortTermSum += e;
        }
        momentaryMeanSquare = momentarySum / ((double) MOMENTARY_SUB_BLOCKS * subBlockFrames);
        shortTermMeanSquare = shortTermSum / ((double) SHORT_TERM_SUB_BLOCKS * subBlockFrames);
        momentaryMaxMeanSquare = Math.max(momentaryMaxMeanSquare, momentaryMeanSquare);
        shortTermMaxMeanSquare = Math.max(shortTermMaxMeanSquare, shortTermMeanSquare);

        if (subBlocksDone >= MOMENTARY_SUB_BLOCKS) {
            gatingBlocks.addAboveAbsoluteGate(momentaryMeanSquare);
        }
        if (subBlocksDone >= SHORT_TERM_SUB_BLOCKS) {
            shortTermBlocks.addAboveAbsoluteGate(shortTermMeanSquare);
        }
    }

    /** Loudness of the last 400 ms, ungated, updated every 100 ms. */
    public double momentaryLufs() {
        return lufs(momentaryMeanSquare);
    }

    /** Loudness of the last 3 s, ungated, updated every 100 ms. */
    public double shortTermLufs() {
        return lufs(shortTermMeanSquare);
    }

    /** The largest momentary loudness so far. */
    public double momentaryMaxLufs() {
        return lufs(momentaryMaxMeanSquare);
    }

    /** The largest short-term loudness so far. */
    public double shortTermMaxLufs() {
        return lufs(shortTermMaxMeanSquare);
    }

    /** BS.1770-4 gated loudness of everything so far: 400 ms blocks, 75 % overlap, gates -70 LUFS and -10 LU. */
    public double integratedLufs() {
        double absolutelyGated = gatingBlocks.meanAbove(ABSOLUTE_GATE_LUFS);
        if (absolutelyGated == 0) {
            return SILENCE_LUFS;
        }
        double relativeGate = lufs(absolutelyGated) + INTEGRATED_RELATIVE_GATE_LU;
        return lufs(gatingBlocks.meanAbove(relativeGate));
    }

    /**
     * EBU Tech 3342 loudness range in LU: short-term values (3 s, every 100 ms) above -70 LUFS and above the
     * absolutely gated mean - 20 LU; the 95th minus the 10th percentile. 0 when nothing passes the gates.
     */
    public double loudnessRange() {
        double absolutelyGated = shortTermBlocks.meanAbove(ABSOLUTE_GATE_LUFS);
        if (absolutelyGated == 0) {
            return 0;
        }
        double relativeGate = lufs(absolutelyGated) + RANGE_RELATIVE_GATE_LU;
        long count = shortTermBlocks.countAbove(relativeGate);
        if (count == 0) {
            return 0;
        }
        return shortTermBlocks.percentile(relativeGate, count, 0.95)
                - shortTermBlocks.percentile(relativeGate, count, 0.10);
    }

    /** Forgets everything: filters, windows, maxima, gating history. */
    public void reset() {
        for (KWeighting f : filters) {
            f.reset();
        }
        Arrays.fill(ring, 0);
        ringNext = 0;
        subBlocksDone = 0;
        currentEnergy = 0;
        currentFrames = 0;
        momentaryMeanSquare = 0;
        shortTermMeanSquare = 0;
        momentaryMaxMeanSquare = 0;
        shortTermMaxMeanSquare = 0;
        gatingBlocks.clear();
        shortTermBlocks.clear();
    }

    public double sampleRate() {
        return sampleRate;
    }

    public int channels() {
        return channels;
    }

    /** Frames per 100 ms sub-block (the update period of every reading). */
    public int subBlockFrames() {
        return subBlockFrames;
    }

    /** The largest K-weighting filter state over the channels (tests prove silence flushes it to 0). */
    double filterStateMagnitude() {
        double max = 0;
        for (KWeighting f : filters) {
            max = Math.max(max, f.stateMagnitude());
        }
        return max;
    }

    /** BS.1770-4 eq. (2): L = -0.691 + 10 log10(sum_c G_c z_c); -infinity for no energy. */
    static double lufs(double weightedMeanSquare) {
        return -0.691 + 10.0 * Math.log10(weightedMeanSquare);
    }

    /**
     * A fixed histogram of block loudness in 0.01 LU bins from the absolute gate up to +20 LUFS, keeping per bin
     * the count and the exact sum of the blocks' mean squares. Memory is constant however long the audio.
     */
    private static final class GatingHistogram {
        private static final double BIN_LU = 0.01;
        private static final double TOP_LUFS = 20.0;
        private static final int BINS = (int) Math.round((TOP_LUFS - ABSOLUTE_GATE_LUFS) / BIN_LU);

        private final int[] counts = new int[BINS];
        private final double[] energies = new double[BINS];

        /** Adds a block of the given mean square unless it is at or below the absolute gate. */
        void addAboveAbsoluteGate(double meanSquare) {
            double loudness = lufs(meanSquare);
            if (!(loudness > ABSOLUTE_GATE_LUFS)) {
                return;
            }
            int bin = Math.min(BINS - 1, (int) ((loudness - ABSOLUTE_GATE_LUFS) / BIN_LU));
            counts[bin]++;
            energies[bin] += meanSquare;
        }

        void clear() {
            Arrays.fill(counts, 0);
            Arrays.fill(energies, 0);
        }

        /** The first bin whose blocks all count as above {@code gate} (the straddling bin by its own mean). */
        private int firstBinAbove(double gateLufs) {
            double position = (gateLufs - ABSOLUTE_GATE_LUFS) / BIN_LU;
            if (position < 0) {
                return 0;
            }
            int bin = (int) position;
            if (bin >= BINS) {
                return BINS;
            }
            boolean straddlingPasses = counts[bin] > 0 && lufs(energies[bin] / counts[bin]) > gateLufs;
            return straddlingPasses ? bin : bin + 1;
        }

        /** The mean of the mean squares of the blocks above {@code gateLufs}; 0 when there are none. */
        double meanAbove(double gateLufs) {
            double energy = 0;
            long count = 0;
            for (int b = firstBinAbove(gateLufs); b < BINS; b++) {
                energy += energies[b];
                count += counts[b];
            }
            return count == 0 ? 0 : energy / count;
        }

        long countAbove(double gateLufs) {
            long count = 0;
            for (int b = firstBinAbove(gateLufs); b < BINS; b++) {
                count += counts[b];
            }
            return count;
        }

        /**
         * The {@code p} quantile of the {@code count} blocks above {@code gateLufs}: the value of rank
         * round((count - 1) p) in ascending order, read as its bin's mean loudness.
         */
        double percentile(double gateLufs, long count, double p) {
            long rank = Math.round((count - 1) * p);
            long seen = 0;
            for (int b = firstBinAbove(gateLufs); b < BINS; b++) {
                seen += counts[b];
                if (seen > rank) {
                    return lufs(energies[b] / counts[b]);
                }
            }
            throw new IllegalStateException("rank " + rank + " beyond " + count + " blocks");
        }
    }
}
