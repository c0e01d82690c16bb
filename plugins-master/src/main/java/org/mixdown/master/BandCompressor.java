package org.mixdown.master;

import org.mixdown.dsp.Db;
import org.mixdown.dsp.DelayLine;
import org.mixdown.dsp.EnvelopeFollower;
import org.mixdown.dsp.GainComputer;
import org.mixdown.dsp.SmoothedValue;

/**
 * The compressor of one band of {@link MultibandCompressor}, for all channels of that band.
 *
 * <p>Per channel: the mean square of the band over {@value #RMS_MS} ms (a one-pole
 * {@link EnvelopeFollower} without branching, so a steady signal reads its true RMS); the channels' mean
 * squares are linked ({@code link} x the loudest + (1 - link) x its own); {@link GainComputer} turns the
 * level in dB into a gain change; that reduction is smoothed with the band's attack (reduction growing)
 * and release (shrinking), on a grid of {@value #GRID} samples (the log, the curve and the exp are the
 * costly part; the linear gain ramps between grid points, and a band below its knee keeps a gain of
 * exactly 1). The gain lands on the band delayed by the lookahead, so the reduction is in
 * place when a transient arrives. Make-up, bypass and the audible switch (mute/solo) glide over
 * {@link SmoothedValue#DEFAULT_RAMP_SECONDS}. Allocation-free after construction.
 *
 * <p>A block runs as three passes, each a loop without a long dependency chain: the detector, which
 * only has to be known at grid points and so advances a grid step at a time (the one-pole unrolled over
 * the step: {@code s' = c^m s + sum (1 - c) c^(m-1-j) x_j^2}, a dot product the loop need not wait for);
 * the gain computer at every grid point of the block (fast log2 and exp2, within 1e-8 dB); the gain
 * applied along its ramps. The result is the per-sample recursion's within rounding (tested against it).
 */
final class BandCompressor {
    /** The RMS detector's time constant. */
    static final double RMS_MS = 10;
    private static final double DB_TO_LOG = Math.log(10) / 20;
    /** 10^(dB/20) = 2^(dB * DB_TO_LOG2). */
    private static final double DB_TO_LOG2 = Math.log(10) / (20 * Math.log(2));
    /** 10 log10(p) = LOG2_TO_POWER_DB log2(p). */
    private static final double LOG2_TO_POWER_DB = 10 * Math.log10(2);
    /** The gain computer runs every GRID samples (about 0.17 ms at 48 kHz, below the shortest attack). */
    static final int GRID = 8;
    /** Samples per pass; a longer block goes in parts of this size (the per-grid-point scratch is this long). */
    private static final int PART = 512;
    /** Grid points a part can hold, plus the segment in progress at its start. */
    private static final int SEGMENTS = PART / GRID + 2;

    private final int channels;
    /** Per channel the mean square of the band (the RMS detector's state). */
    private final double[] meanSquare;
    /** Per channel the smoothed gain reduction in dB. */
    private final double[] reduction;
    private double sampleRate = 48_000;
    private double meanSquareCoefficient;
    /** The detector unrolled over a grid step: decay[m] = c^m, levelWeight[j] = (1 - c) c^j. */
    private final double[] decay = new double[GRID + 1];
    private final double[] levelWeight = new double[GRID];
    private double attackMs = 10;
    private double releaseMs = 100;
    private double attackCoefficient;
    private double releaseCoefficient;
    private final DelayLine[] lookahead;
    /** One-sample buffers for the sample-by-sample {@link #process(double[], double[])}. */
    private final double[][] one;
    private final double[][] oneSum;
    private final GainComputer curve = new GainComputer();
    private final SmoothedValue makeup = new SmoothedValue(1);
    private final SmoothedValue bypassMix = new SmoothedValue(0);
    private final SmoothedValue audible = new SmoothedValue(1);
    private int lookaheadSamples;
    private double link = 1;
    /** The mean square where the knee begins: below it (and everywhere at ratio 1) the gain change is 0. */
    private double kneeStartPower;
    private double lastReductionDb;
    /** Samples since the last grid point. */
    private int gridPhase;
    /**
     * Per channel the reduction gain's ramp since the last grid point: {@code rampFrom + rampStep * j} on the
     * j-th sample after it (j = 1 .. GRID, ending on {@code rampTarget}).
     */
    private final double[] rampFrom;
    private final double[] rampStep;
    private final double[] rampTarget;
    private double deepestReductionDb;
    // scratch of one part: per channel the mean square at each grid point, and each segment's ramp (segment 0
    // is the one in progress when the part starts, segment k + 1 starts at grid point k)
    private final double[][] pointMeanSquare;
    private final double[][] segmentFrom;
    private final double[][] segmentStep;
    /** A steady part's gain per segment as offset + slope * j (make-up, bypass and audible folded in). */
    private final double[][] segmentOffset;
    private final double[][] segmentSlope;
    /** The loudest channel's mean square at each grid point (scratch of the gain computer). */
    private final double[] loudestScratch = new double[SEGMENTS];

    BandCompressor(int channels) {
        this.channels = channels;
        meanSquare = new double[channels];
        reduction = new double[channels];
        rampFrom = new double[channels];
        rampStep = new double[channels];
        rampTarget = new double[channels];
        pointMeanSquare = new double[channels][SEGMENTS];
        segmentFrom = new double[channels][SEGMENTS];
        segmentStep = new double[channels][SEGMENTS];
        segmentOffset = new double[channels][SEGMENTS];
        segmentSlope = new double[channels][SEGMENTS];
        lookahead = new DelayLine[channels];
        one = new double[channels][1];
        oneSum = new double[channels][1];
        for (int c = 0; c < channels; c++) {
            lookahead[c] = new DelayLine();
        }
        updateCoefficients();
    }

    /** Sets the sample rate and the lookahead delay (allocates the delay lines); clears the state. */
    void prepare(double sampleRate, int lookaheadSamples) {
        this.lookaheadSamples = lookaheadSamples;
        this.sampleRate = sampleRate;
        updateCoefficients();
        for (int c = 0; c < channels; c++) {
            lookahead[c].allocate(Math.max(1, lookaheadSamples));
        }
        makeup.prepare(sampleRate, SmoothedValue.DEFAULT_RAMP_SECONDS);
        bypassMix.prepare(sampleRate, SmoothedValue.DEFAULT_RAMP_SECONDS);
        audible.prepare(sampleRate, SmoothedValue.DEFAULT_RAMP_SECONDS);
        reset();
    }

    void setCurve(double thresholdDb, double ratio, double kneeDb) {
        curve.set(thresholdDb, ratio, kneeDb);
        kneeStartPower = ratio == 1 ? Double.POSITIVE_INFINITY : Math.pow(10, (thresholdDb - kneeDb / 2) / 10);
    }

    void setTimes(double attackMs, double releaseMs) {
        this.attackMs = attackMs;
        this.releaseMs = releaseMs;
        updateCoefficients();
    }

    private void updateCoefficients() {
        meanSquareCoefficient = EnvelopeFollower.coefficient(RMS_MS, sampleRate);
        double c = meanSquareCoefficient;
        decay[0] = 1;
        for (int m = 1; m <= GRID; m++) {
            decay[m] = decay[m - 1] * c;
        }
        for (int j = 0; j < GRID; j++) {
            levelWeight[j] = (1 - c) * decay[j];
        }
        // the reduction follower steps once per grid point
        attackCoefficient = EnvelopeFollower.coefficient(attackMs, sampleRate / GRID);
        releaseCoefficient = EnvelopeFollower.coefficient(releaseMs, sampleRate / GRID);
    }

    /** EnvelopeFollower.follow: attack while the level rises above the state, release below; tiny state is 0. */
    private static double follow(double state, double level, double attack, double release) {
        double s = level + (level > state ? attack : release) * (state - level);
        return Math.abs(s) < EnvelopeFollower.TINY ? 0 : s;
    }

    /** Channel link, 0..1. */
    void setLink(double link) {
        this.link = link;
    }

    void setMakeupDb(double db, boolean immediate) {
        set(makeup, Math.exp(db * DB_TO_LOG), immediate);
    }

    void setBypassed(boolean bypassed, boolean immediate) {
        set(bypassMix, bypassed ? 1 : 0, immediate);
    }

    /** Whether the band is heard (not muted, and soloed when any band is soloed). */
    void setAudible(boolean heard, boolean immediate) {
        set(audible, heard ? 1 : 0, immediate);
    }

    private static void set(SmoothedValue value, double target, boolean immediate) {
        if (immediate) {
            value.setImmediate(target);
        } else {
            value.setTarget(target);
        }
    }

    /**
     * Compresses one sample of the band on every channel ({@code band[c]}) and adds the result to
     * {@code sum[c]}.
     */
    void process(double[] band, double[] sum) {
        for (int c = 0; c < channels; c++) {
            one[c][0] = band[c];
            oneSum[c][0] = sum[c];
        }
        process(one, 1, oneSum);
        for (int c = 0; c < channels; c++) {
            sum[c] = oneSum[c][0];
        }
    }

    /**
     * Compresses {@code band[c][0 .. n)} on every channel and adds the result to {@code sum[c][0 .. n)}.
     * The detector runs every sample; the gain computer, the attack/release follower and the exp run on the
     * {@value #GRID}-sample grid (counted in absolute samples, so the block size does not matter), and the
     * linear gain ramps to each new value over the next grid step.
     */
    void process(double[][] band, int n, double[][] sum) {
        for (int from = 0; from < n; from += PART) {
            int to = Math.min(n, from + PART);
            analyse(band, from, to);
            if (steady()) {
                applySteady(band, from, to, sum);
            } else {
                applyGliding(band, from, to, sum);
            }
            advance(to - from);
        }
    }

    /** The longest block {@link #analyse} takes. */
    static int maxPart() {
        return PART;
    }

    /**
     * The detector and the gain computer over {@code band[c][from .. to)} ({@code to - from <= maxPart()}):
     * the gain ramps {@link #applySteady} or {@link #applyPair} apply; then {@link #advance}.
     */
    void analyse(double[][] band, int from, int to) {
        int points = detect(band, from, to);
        computeGains(points);
        if (steady()) {
            foldSegments(to - from);
        }
    }

    /** Whether nothing glides and there is no lookahead: then the gain is offset + slope * j per segment. */
    boolean steady() {
        return !bypassMix.isSmoothing() && !audible.isSmoothing() && !makeup.isSmoothing() && lookaheadSamples == 0;
    }

    /** Ends a block of {@code n} samples analysed and applied. */
    void advance(int n) {
        gridPhase = (gridPhase + n) % GRID;
        if (n > 0) {
            lastReductionDb = deepestReductionDb * (1 - bypassMix.current());
        }
    }

    int gridPhase() {
        return gridPhase;
    }

    /**
     * The mean square of every channel over {@code [from, to)}, a grid step at a time; the value at each
     * grid point the part reaches goes to {@code pointMeanSquare[c][k]} (tiny values flushed to 0, so
     * silence after loud input never goes subnormal). Returns the number of grid points.
     */
    private int detect(double[][] band, int from, int to) {
        final double[] w = levelWeight;
        final double w0 = w[0], w1 = w[1], w2 = w[2], w3 = w[3], w4 = w[4], w5 = w[5], w6 = w[6], w7 = w[7];
        final double fullDecay = decay[GRID];
        int points = 0;
        for (int c = 0; c < channels; c++) {
            double[] x = band[c];
            double[] atPoint = pointMeanSquare[c];
            double s = meanSquare[c];
            int i = from;
            int k = 0;
            int phase = gridPhase;
            if (phase > 0) {  // the segment in progress
                int m = Math.min(to - i, GRID - phase);
                s = decay[m] * s + partialDot(x, i, m);
                i += m;
                if (phase + m == GRID) {
                    s = s < EnvelopeFollower.TINY ? 0 : s;
                    atPoint[k++] = s;
                }
            }
            for (; i + GRID <= to; i += GRID) {  // whole grid steps: the weighted squares summed as a tree
                double x0 = x[i], x1 = x[i + 1], x2 = x[i + 2], x3 = x[i + 3];
                double x4 = x[i + 4], x5 = x[i + 5], x6 = x[i + 6], x7 = x[i + 7];
                double dot = ((w7 * (x0 * x0) + w6 * (x1 * x1)) + (w5 * (x2 * x2) + w4 * (x3 * x3)))
                        + ((w3 * (x4 * x4) + w2 * (x5 * x5)) + (w1 * (x6 * x6) + w0 * (x7 * x7)));
                s = fullDecay * s + dot;
                s = s < EnvelopeFollower.TINY ? 0 : s;
                atPoint[k++] = s;
            }
            if (i < to) {  // a step begun, finished by the next part
                s = decay[to - i] * s + partialDot(x, i, to - i);
            }
            meanSquare[c] = s;
            points = k;
        }
        return points;
    }

    /** The detector's input over the first {@code m} samples of a grid step: sum (1 - c) c^(m-1-j) x_j^2. */
    private double partialDot(double[] x, int from, int m) {
        double dot = 0;
        for (int j = 0; j < m; j++) {
            double v = x[from + j];
            dot += levelWeight[m - 1 - j] * (v * v);
        }
        return dot;
    }

    /**
     * Every grid point of the part: the linked level, the static curve, the attack/release follower (its
     * coefficients are per grid step), the gain; the gain then ramps there over the next {@value #GRID}
     * samples. Below the knee the target is exactly 0 dB and the gain exactly 1, so a band at rest stays
     * bit-exact. Fills segment 0 with the ramp in progress and segment k + 1 with grid point k's.
     * Three passes over the grid points, so only the follower waits on the point before: the target
     * reductions (log and curve), the follower, the gains (exp). Fully linked channels that agree share one
     * computation.
     */
    private void computeGains(int points) {
        for (int c = 0; c < channels; c++) {
            segmentFrom[c][0] = rampFrom[c];
            segmentStep[c][0] = rampStep[c];
        }
        if (points == 0) {
            return;
        }
        final double linkAmount = link;
        boolean shared = linkAmount == 1;
        for (int c = 1; c < channels; c++) {
            shared &= reduction[c] == reduction[0] && rampTarget[c] == rampTarget[0];
        }
        int computed = shared ? 1 : channels;
        // the linked mean square, in place: link x the loudest + (1 - link) x its own
        double[] loudest = loudestScratch;
        System.arraycopy(pointMeanSquare[0], 0, loudest, 0, points);
        for (int c = 1; c < channels; c++) {
            double[] v = pointMeanSquare[c];
            for (int k = 0; k < points; k++) {
                loudest[k] = Math.max(loudest[k], v[k]);
            }
        }
        final double kneeStart = kneeStartPower;
        for (int c = 0; c < computed; c++) {
            double[] v = pointMeanSquare[c];
            for (int k = 0; k < points; k++) {
                double linked = linkAmount * loudest[k] + (1 - linkAmount) * v[k];
                v[k] = linked <= kneeStart ? 0 : -curve.gainDb(LOG2_TO_POWER_DB * Db.fastLog2(linked));
            }
        }
        // the follower, in place: target reduction -> smoothed reduction
        final double attack = attackCoefficient, release = releaseCoefficient;
        double deepest = 0;
        for (int c = 0; c < computed; c++) {
            double[] v = pointMeanSquare[c];
            double r = reduction[c];
            for (int k = 0; k < points; k++) {
                r = follow(r, v[k], attack, release);
                v[k] = r;
            }
            reduction[c] = r;
            deepest = Math.max(deepest, r);
        }
        deepestReductionDb = deepest;
        // the gains and their ramps (each ramp ends on its target)
        for (int c = 0; c < computed; c++) {
            double[] v = pointMeanSquare[c], start = segmentFrom[c], slope = segmentStep[c];
            double from = rampTarget[c];
            for (int k = 0; k < points; k++) {
                double r = v[k];
                double g = r == 0 ? 1 : Db.fastExp2(-r * DB_TO_LOG2);
                start[k + 1] = from;
                slope[k + 1] = (g - from) * (1.0 / GRID);
                from = g;
            }
            rampFrom[c] = start[points];
            rampStep[c] = slope[points];
            rampTarget[c] = from;
        }
        for (int c = computed; c < channels; c++) {
            reduction[c] = reduction[0];
            rampFrom[c] = rampFrom[0];
            rampStep[c] = rampStep[0];
            rampTarget[c] = rampTarget[0];
            System.arraycopy(segmentFrom[0], 1, segmentFrom[c], 1, points);
            System.arraycopy(segmentStep[0], 1, segmentStep[c], 1, points);
        }
    }

    /**
     * A steady block's gain x (A + B g) with A = out (1 - wet), B = out wet makeup, g the ramping reduction
     * gain, folded per segment into offset + slope * j (j = 1 .. GRID samples into the segment).
     */
    private void foldSegments(int n) {
        double wet = 1 - bypassMix.current(), out = audible.current();
        double a = out * (1 - wet), b = out * wet * makeup.current();
        int segments = (gridPhase + n - 1) / GRID + 1;
        for (int c = 0; c < channels; c++) {
            double[] rampStart = segmentFrom[c], rampSlope = segmentStep[c];
            double[] offset = segmentOffset[c], slope = segmentSlope[c];
            for (int k = 0; k < segments; k++) {
                offset[k] = a + b * rampStart[k];
                slope[k] = b * rampSlope[k];
            }
        }
    }

    /**
     * Adds the band times its gain to the sum over {@code [from, to)} of a steady block (see {@link #steady}):
     * the rest of the segment in progress, whole segments, then a segment begun. Laid out like
     * {@link #applyPair} (no grid test per sample), so the whole segments run as short loops with the
     * ramp's terms in registers; the same products as sample by sample.
     */
    private void applySteady(double[][] band, int from, int to, double[][] sum) {
        for (int c = 0; c < channels; c++) {
            double[] x = band[c], y = sum[c];
            double[] offset = segmentOffset[c], slope = segmentSlope[c];
            int i = from, k = 0;
            int end = Math.min(to, from + GRID - gridPhase);
            for (int j = gridPhase + 1; i < end; i++, j++) {
                y[i] += x[i] * (offset[0] + slope[0] * j);
            }
            if (i < to) {
                k = 1;
            }
            for (; i + GRID <= to; i += GRID, k++) {
                double o = offset[k], s = slope[k];
                for (int j = 0; j < GRID; j++) {
                    y[i + j] += x[i + j] * (o + s * (j + 1));
                }
            }
            for (int j = 1; i < to; i++, j++) {
                y[i] += x[i] * (offset[k] + slope[k] * j);
            }
        }
    }

    /**
     * Two bands' compressors at once on channel {@code c} of a steady block ({@code p} and {@code q} at the
     * same grid phase, both {@link #steady}, both analysed): {@code y = (y + xp gp) + xq gq} over
     * {@code [0, n)}, or {@code y = (0 + xp gp) + xq gq} if {@code first} (no sum to clear); the same
     * arithmetic and order as two {@link #applySteady}s into a cleared sum, in one pass.
     */
    static void applyPair(BandCompressor p, double[] xp, BandCompressor q, double[] xq, int c, double[] y, int n,
                          boolean first) {
        double[] op = p.segmentOffset[c], sp = p.segmentSlope[c], oq = q.segmentOffset[c], sq = q.segmentSlope[c];
        int phase = p.gridPhase;
        int i = 0, k = 0;
        if (phase > 0) {  // the rest of the segment in progress
            int end = Math.min(n, GRID - phase);
            for (int j = phase + 1; i < end; i++, j++) {
                double base = first ? 0 : y[i];
                y[i] = (base + xp[i] * (op[0] + sp[0] * j)) + xq[i] * (oq[0] + sq[0] * j);
            }
            k = 1;
        }
        for (; i + GRID <= n; i += GRID, k++) {  // whole segments: the ramps' terms in registers, unrolled
            double o1 = op[k], s1 = sp[k], o2 = oq[k], s2 = sq[k];
            for (int j = 0; j < GRID; j++) {
                double base = first ? 0 : y[i + j];
                double step = j + 1;
                y[i + j] = (base + xp[i + j] * (o1 + s1 * step)) + xq[i + j] * (o2 + s2 * step);
            }
        }
        for (int j = 1; i < n; i++, j++) {  // a segment begun, finished by the next block
            double base = first ? 0 : y[i];
            y[i] = (base + xp[i] * (op[k] + sp[k] * j)) + xq[i] * (oq[k] + sq[k] * j);
        }
    }

    /** {@link #applyPair} of one band: {@code y += x g}, or {@code y = 0 + x g} if {@code first}. */
    static void applyOne(BandCompressor p, double[] xp, int c, double[] y, int n, boolean first) {
        double[] op = p.segmentOffset[c], sp = p.segmentSlope[c];
        int j = p.gridPhase, k = 0;
        double base = 0;
        for (int i = 0; i < n; i++) {
            if (++j > GRID) {
                j = 1;
                k++;
            }
            if (!first) {
                base = y[i];
            }
            y[i] = base + xp[i] * (op[k] + sp[k] * j);
        }
    }

    /** {@link #applySteady} sample by sample while make-up, bypass or audibility glide, or with lookahead. */
    private void applyGliding(double[][] band, int from, int to, double[][] sum) {
        final boolean delayed = lookaheadSamples > 0;
        int phase = gridPhase;
        int k = 0;
        for (int i = from; i < to; i++) {
            double wet = 1 - bypassMix.next(), out = audible.next();
            double a = out * (1 - wet), b = out * wet * makeup.next();
            phase++;
            for (int c = 0; c < channels; c++) {
                double g = segmentFrom[c][k] + segmentStep[c][k] * phase;
                double x = band[c][i];
                double d = delayed ? lookahead[c].process((float) x, lookaheadSamples) : x;
                sum[c][i] += d * (a + b * g);
            }
            if (phase == GRID) {
                phase = 0;
                k++;
            }
        }
    }

    /** The gain reduction (dB, &gt;= 0) of the last sample on the channel reduced most (0 when bypassed). */
    double gainReductionDb() {
        return lastReductionDb;
    }

    /** Clears detector state a non-finite input has poisoned (once per block). */
    void recoverFromNonFinite() {
        for (int c = 0; c < channels; c++) {
            if (!Double.isFinite(meanSquare[c]) || !Double.isFinite(reduction[c]) || !Double.isFinite(rampFrom[c])
                    || !Double.isFinite(rampStep[c]) || !Double.isFinite(rampTarget[c])) {
                clear(c);
            }
        }
    }

    void reset() {
        for (int c = 0; c < channels; c++) {
            clear(c);
        }
        gridPhase = 0;
        deepestReductionDb = 0;
        makeup.snap();
        bypassMix.snap();
        audible.snap();
        lastReductionDb = 0;
    }

    private void clear(int c) {
        meanSquare[c] = 0;
        reduction[c] = 0;
        rampFrom[c] = 1;
        rampStep[c] = 0;
        rampTarget[c] = 1;
        lookahead[c].clear();
    }

    /** The largest magnitude of the detector state and of the gain's distance from 1. */
    double stateMagnitude() {
        double max = 0;
        for (int c = 0; c < channels; c++) {
            max = Math.max(max, Math.max(meanSquare[c], reduction[c]));
            max = Math.max(max, Math.max(Math.abs(rampFrom[c] - 1), Math.abs(rampTarget[c] - 1)));
            max = Math.max(max, Math.abs(rampStep[c]));
            for (int d = 1; d <= lookahead[c].maxDelay(); d++) {
                max = Math.max(max, Math.abs(lookahead[c].read(d)));
            }
        }
        return max;
    }
}
