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
 * and release (shrinking). The gain lands on the band delayed by the lookahead, so the reduction is in
 * place when a transient arrives. Make-up, bypass and the audible switch (mute/solo) glide over
 * {@link SmoothedValue#DEFAULT_RAMP_SECONDS}. Allocation-free after construction.
 */
final class BandCompressor {
    /** The RMS detector's time constant. */
    static final double RMS_MS = 10;
    private static final double DB_TO_LOG = Math.log(10) / 20;

    private final int channels;
    private final EnvelopeFollower[] meanSquare;
    private final EnvelopeFollower[] reduction;
    private final DelayLine[] lookahead;
    private final double[] levels;
    private final GainComputer curve = new GainComputer();
    private final SmoothedValue makeup = new SmoothedValue(1);
    private final SmoothedValue bypassMix = new SmoothedValue(0);
    private final SmoothedValue audible = new SmoothedValue(1);
    private int lookaheadSamples;
    private double link = 1;
    private double lastReductionDb;

    BandCompressor(int channels) {
        this.channels = channels;
        meanSquare = new EnvelopeFollower[channels];
        reduction = new EnvelopeFollower[channels];
        lookahead = new DelayLine[channels];
        levels = new double[channels];
        for (int c = 0; c < channels; c++) {
            meanSquare[c] = new EnvelopeFollower(EnvelopeFollower.Detector.RMS, RMS_MS, RMS_MS);
            reduction[c] = new EnvelopeFollower(EnvelopeFollower.Detector.PEAK, 10, 100);
            lookahead[c] = new DelayLine();
        }
    }

    /** Sets the sample rate and the lookahead delay (allocates the delay lines); clears the state. */
    void prepare(double sampleRate, int lookaheadSamples) {
        this.lookaheadSamples = lookaheadSamples;
        for (int c = 0; c < channels; c++) {
            meanSquare[c].prepare(sampleRate);
            reduction[c].prepare(sampleRate);
            lookahead[c].allocate(Math.max(1, lookaheadSamples));
        }
        makeup.prepare(sampleRate, SmoothedValue.DEFAULT_RAMP_SECONDS);
        bypassMix.prepare(sampleRate, SmoothedValue.DEFAULT_RAMP_SECONDS);
        audible.prepare(sampleRate, SmoothedValue.DEFAULT_RAMP_SECONDS);
        reset();
    }

    void setCurve(double thresholdDb, double ratio, double kneeDb) {
        curve.set(thresholdDb, ratio, kneeDb);
    }

    void setTimes(double attackMs, double releaseMs) {
        for (EnvelopeFollower f : reduction) {
            f.setTimes(attackMs, releaseMs);
        }
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
        double loudest = 0;
        for (int c = 0; c < channels; c++) {
            double x = band[c];
            levels[c] = meanSquare[c].follow(x * x);
            loudest = Math.max(loudest, levels[c]);
        }
        double wet = 1 - bypassMix.next();
        double gainOut = audible.next();
        double makeupGain = makeup.next();
        double deepest = 0;
        for (int c = 0; c < channels; c++) {
            double linked = link * loudest + (1 - link) * levels[c];
            double levelDb = 10 * Math.log10(linked);
            double reductionDb = reduction[c].follow(-curve.gainDb(levelDb));
            deepest = Math.max(deepest, reductionDb);
            double gain = Math.exp(-reductionDb * DB_TO_LOG) * makeupGain;
            double delayed = lookaheadSamples == 0 ? band[c] : lookahead[c].process((float) band[c], lookaheadSamples);
            sum[c] += gainOut * delayed * (1 + wet * (gain - 1));
        }
        lastReductionDb = deepest * wet;
    }

    /** The gain change (dB, &lt;= 0) of the last sample on the channel reduced most (0 when bypassed). */
    double gainReductionDb() {
        return -lastReductionDb;
    }

    void reset() {
        for (int c = 0; c < channels; c++) {
            meanSquare[c].reset();
            reduction[c].reset();
            lookahead[c].clear();
        }
        makeup.snap();
        bypassMix.snap();
        audible.snap();
        lastReductionDb = 0;
    }

    double stateMagnitude() {
        double max = 0;
        for (int c = 0; c < channels; c++) {
            max = Math.max(max, Math.max(meanSquare[c].state(), reduction[c].state()));
            for (int d = 1; d <= lookahead[c].maxDelay(); d++) {
                max = Math.max(max, Math.abs(lookahead[c].read(d)));
            }
        }
        return max;
    }
}
