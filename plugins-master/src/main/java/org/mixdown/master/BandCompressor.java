package org.mixdown.master;

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
 */
final class BandCompressor {
    /** The RMS detector's time constant. */
    static final double RMS_MS = 10;
    private static final double DB_TO_LOG = Math.log(10) / 20;
    /** 10 log10(p) = POWER_TO_DB ln(p). */
    private static final double POWER_TO_DB = 10 / Math.log(10);

    private final int channels;
    // The followers are EnvelopeFollower's smooth-branching one-pole, inlined: state in arrays the block
    // loop reads once, no call per sample.
    /** Per channel the mean square of the band (the RMS detector's state). */
    private final double[] meanSquare;
    /** Per channel the smoothed gain reduction in dB. */
    private final double[] reduction;
    private double sampleRate = 48_000;
    private double meanSquareCoefficient;
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
    /** The gain computer runs every GRID samples (about 0.17 ms at 48 kHz, below the shortest attack). */
    static final int GRID = 8;
    /** Samples since the last grid point. */
    private int gridPhase;
    /** Per channel the linear reduction gain now, the value it ramps to, and its step per sample. */
    private final double[] gain;
    private final double[] gainTarget;
    private final double[] gainStep;
    private double deepestReductionDb;

    BandCompressor(int channels) {
        this.channels = channels;
        meanSquare = new double[channels];
        reduction = new double[channels];
        gain = new double[channels];
        gainTarget = new double[channels];
        gainStep = new double[channels];
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
        int i = 0;
        while (i < n) {
            int end = Math.min(n, i + GRID - gridPhase);
            detect(band, i, end);
            apply(band, i, end, sum);
            gridPhase += end - i;
            if (gridPhase == GRID) {
                gridPhase = 0;
                computeGain();
            }
            i = end;
        }
        if (n > 0) {
            lastReductionDb = deepestReductionDb * (1 - bypassMix.current());
        }
    }

    /** The mean square of every channel over {@code [from, to)}: one multiply-add per sample. */
    private void detect(double[][] band, int from, int to) {
        final double msCoefficient = meanSquareCoefficient;
        if (channels == 2) {  // both recurrences in one loop: each waits on its own latency otherwise
            double[] x0 = band[0], x1 = band[1];
            double s0 = meanSquare[0], s1 = meanSquare[1];
            for (int i = from; i < to; i++) {
                double level0 = x0[i] * x0[i], level1 = x1[i] * x1[i];
                s0 = level0 + msCoefficient * (s0 - level0);
                s1 = level1 + msCoefficient * (s1 - level1);
            }
            meanSquare[0] = s0;
            meanSquare[1] = s1;
            return;
        }
        for (int c = 0; c < channels; c++) {
            double[] x = band[c];
            double s = meanSquare[c];
            for (int i = from; i < to; i++) {
                double level = x[i] * x[i];  // RMS_MS for attack and release: one coefficient
                s = level + msCoefficient * (s - level);
            }
            meanSquare[c] = s;
        }
    }

    /**
     * One grid point: the linked level, the static curve, the attack/release follower (its coefficients
     * are per grid step), the gain; the gain then ramps there over the next {@value #GRID} samples. Below
     * the knee the target is exactly 0 dB and the gain exactly 1, so a band at rest stays bit-exact.
     */
    private void computeGain() {
        double loudest = 0;
        for (int c = 0; c < channels; c++) {
            double s = meanSquare[c];
            if (s < EnvelopeFollower.TINY) {  // never subnormal after loud input
                s = 0;
                meanSquare[c] = 0;
            }
            loudest = Math.max(loudest, s);
        }
        final double kneeStart = kneeStartPower;
        final double linkAmount = link;
        double deepest = 0;
        // linked channels usually share the level and the reduction: compute log and exp once then
        double previousLinked = -1, target = 0, previousReduction = 0, reductionGain = 1;
        for (int c = 0; c < channels; c++) {
            double linked = linkAmount * loudest + (1 - linkAmount) * meanSquare[c];
            if (linked != previousLinked) {
                target = linked <= kneeStart ? 0 : -curve.gainDb(POWER_TO_DB * Math.log(linked));
                previousLinked = linked;
            }
            double reductionDb = follow(reduction[c], target, attackCoefficient, releaseCoefficient);
            reduction[c] = reductionDb;
            if (reductionDb != previousReduction || c == 0) {
                reductionGain = reductionDb == 0 ? 1 : Math.exp(-reductionDb * DB_TO_LOG);
                previousReduction = reductionDb;
            }
            deepest = Math.max(deepest, reductionDb);
            gain[c] = gainTarget[c];  // the ramp ends exactly on its target
            gainTarget[c] = reductionGain;
            gainStep[c] = (reductionGain - gain[c]) * (1.0 / GRID);
        }
        deepestReductionDb = deepest;
    }

    /**
     * Adds the band times its gain to the sum over {@code [from, to)}: x (A + B g) with A = out (1 - wet),
     * B = out wet makeup, g the ramping reduction gain (with g = 1, no bypass, unity out and makeup: x
     * exactly). Constant A and B (nothing glides) go channel by channel; a glide goes sample by sample.
     */
    private void apply(double[][] band, int from, int to, double[][] sum) {
        final boolean delayed = lookaheadSamples > 0;
        if (!bypassMix.isSmoothing() && !audible.isSmoothing() && !makeup.isSmoothing() && !delayed) {
            double wet = 1 - bypassMix.current(), out = audible.current();
            double a = out * (1 - wet), b = out * wet * makeup.current();
            if (channels == 2) {  // as below, both channels in one loop
                double[] x0 = band[0], y0 = sum[0], x1 = band[1], y1 = sum[1];
                double g0 = gain[0], step0 = gainStep[0], g1 = gain[1], step1 = gainStep[1];
                for (int i = from; i < to; i++) {
                    g0 += step0;
                    g1 += step1;
                    y0[i] += x0[i] * (a + b * g0);
                    y1[i] += x1[i] * (a + b * g1);
                }
                gain[0] = g0;
                gain[1] = g1;
                return;
            }
            for (int c = 0; c < channels; c++) {
                double[] x = band[c], y = sum[c];
                double g = gain[c], step = gainStep[c];
                for (int i = from; i < to; i++) {
                    g += step;
                    y[i] += x[i] * (a + b * g);
                }
                gain[c] = g;
            }
            return;
        }
        for (int i = from; i < to; i++) {
            double wet = 1 - bypassMix.next(), out = audible.next();
            double a = out * (1 - wet), b = out * wet * makeup.next();
            for (int c = 0; c < channels; c++) {
                double g = gain[c] + gainStep[c];
                gain[c] = g;
                double x = band[c][i];
                double d = delayed ? lookahead[c].process((float) x, lookaheadSamples) : x;
                sum[c][i] += d * (a + b * g);
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
            if (!Double.isFinite(meanSquare[c]) || !Double.isFinite(reduction[c]) || !Double.isFinite(gain[c])
                    || !Double.isFinite(gainTarget[c])) {
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
        gain[c] = 1;
        gainTarget[c] = 1;
        gainStep[c] = 0;
        lookahead[c].clear();
    }

    /** The largest magnitude of the detector state and of the gain's distance from 1. */
    double stateMagnitude() {
        double max = 0;
        for (int c = 0; c < channels; c++) {
            max = Math.max(max, Math.max(meanSquare[c], reduction[c]));
            max = Math.max(max, Math.max(Math.abs(gain[c] - 1), Math.abs(gainTarget[c] - 1)));
            max = Math.max(max, Math.abs(gainStep[c]));
            for (int d = 1; d <= lookahead[c].maxDelay(); d++) {
                max = Math.max(max, Math.abs(lookahead[c].read(d)));
            }
        }
        return max;
    }
}
