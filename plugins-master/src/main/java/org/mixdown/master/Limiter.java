package org.mixdown.master;

import java.util.List;
import org.mixdown.api.AbstractPlugin;
import org.mixdown.api.ChannelLayout;
import org.mixdown.api.MeterSpec;
import org.mixdown.api.ParameterSpec;
import org.mixdown.api.PluginDescriptor;
import org.mixdown.api.ProcessSetup;
import org.mixdown.dsp.Db;
import org.mixdown.dsp.DelayLine;
import org.mixdown.dsp.SmoothedValue;

/**
 * Brickwall true-peak lookahead limiter. Per channel: input gain, an {@link IntersamplePeakDetector} that
 * measures the (oversampled, inter-sample) peak of every sample interval, the reduction that interval needs
 * to stay under the ceiling, stereo linking, a {@link LookaheadGainEnvelope} that ramps down to that
 * reduction before the peak leaves the delay line and releases afterwards, and the delayed signal times
 * the gain. A last sample clamp at the ceiling is a safety net only: by design the gain already keeps the
 * true peak under the ceiling.
 *
 * <p>Latency = {@link IntersamplePeakDetector#DELAY} + lookahead + {@link #MARGIN} - 1 samples. The
 * lookahead fixes the latency, so it is read at prepare; changing it takes effect at the next prepare.
 */
public final class Limiter extends AbstractPlugin {
    public static final int GAIN = 0;
    public static final int CEILING = 1;
    public static final int RELEASE = 2;
    public static final int AUTO = 3;
    public static final int LOOKAHEAD = 4;
    public static final int TRUE_PEAK = 5;
    public static final int OVERSAMPLING = 6;
    public static final int LINK = 7;

    /** Samples either side of a detected peak that also get its full reduction (the interpolator's reach). */
    static final int MARGIN = 4;

    public static final PluginDescriptor DESCRIPTOR = PluginDescriptor.java("master.limiter", "Limiter", "mastering",
            List.of(ChannelLayout.MONO, ChannelLayout.STEREO),
            List.of(ParameterSpec.decibels("gain", "Input gain", -12, 24, 0),
                    ParameterSpec.continuous("ceiling", "Ceiling", "dBTP", -20, 0, -1.0, ParameterSpec.Scale.DB),
                    ParameterSpec.continuous("release", "Release", "ms", 1, 2000, 100, ParameterSpec.Scale.LOG),
                    ParameterSpec.toggle("auto", "Automatic release", false),
                    ParameterSpec.continuous("lookahead", "Lookahead", "ms", 0.1, 10, 1.5, ParameterSpec.Scale.LOG),
                    ParameterSpec.toggle("truepeak", "True peak", true),
                    ParameterSpec.choice("oversampling", "Detector oversampling",
                            List.of("1", "2", "4", "8", "16"), 2),
                    ParameterSpec.continuous("link", "Stereo link", "%", 0, 100, 100, ParameterSpec.Scale.LINEAR)),
            List.of(new MeterSpec("gr", "Gain reduction", "dB")), 1);

    private final SmoothedValue inputGain = new SmoothedValue(1);
    private final SmoothedValue ceiling = new SmoothedValue(Db.toLinear(-1));
    private final SmoothedValue link = new SmoothedValue(1);
    private IntersamplePeakDetector[] detectors = new IntersamplePeakDetector[0];
    private LookaheadGainEnvelope[] envelopes = new LookaheadGainEnvelope[0];
    private DelayLine[] delays = new DelayLine[0];
    private double[] required = new double[0];
    private int latency;

    public Limiter() {
        super(DESCRIPTOR);
    }

    @Override
    protected void onPrepare(ProcessSetup setup) {
        int channels = setup.outputChannels();
        double fs = setup.sampleRate();
        int window = Math.max(1, (int) Math.round(value(LOOKAHEAD) * 1e-3 * fs));
        detectors = new IntersamplePeakDetector[channels];
        envelopes = new LookaheadGainEnvelope[channels];
        delays = new DelayLine[channels];
        required = new double[channels];
        for (int c = 0; c < channels; c++) {
            detectors[c] = new IntersamplePeakDetector();
            envelopes[c] = new LookaheadGainEnvelope();
            envelopes[c].prepare(window, MARGIN, fs);
            delays[c] = new DelayLine();
        }
        latency = IntersamplePeakDetector.DELAY + envelopes[0].delay();
        for (DelayLine d : delays) {
            d.allocate(latency + 1);
        }
        inputGain.prepare(fs, SmoothedValue.DEFAULT_RAMP_SECONDS);
        ceiling.prepare(fs, SmoothedValue.DEFAULT_RAMP_SECONDS);
        link.prepare(fs, SmoothedValue.DEFAULT_RAMP_SECONDS);
        applyParameters();
        inputGain.snap();
        ceiling.snap();
        link.snap();
        onReset();
    }

    private void applyParameters() {
        inputGain.setTarget(Db.toLinear(value(GAIN)));
        ceiling.setTarget(Db.toLinear(value(CEILING)));
        link.setTarget(value(LINK) / 100);
        int factorIndex = isOn(TRUE_PEAK) ? choice(OVERSAMPLING) : 0;
        for (IntersamplePeakDetector d : detectors) {
            d.setFactorIndex(factorIndex);
        }
        for (LookaheadGainEnvelope e : envelopes) {
            e.setRelease(value(RELEASE) * 1e-3, sampleRate(), isOn(AUTO));
        }
    }

    @Override
    protected void onParameterChange(int index, double value) {
        if (index != LOOKAHEAD) {
            applyParameters();
        }
    }

    @Override
    public int latencySamples() {
        return latency;
    }

    @Override
    protected void processBlock(float[][] in, float[][] out, int from, int to) {
        int channels = out.length;
        double smallestGain = 1;
        for (int i = from; i < to; i++) {
            double g = inputGain.next();
            double limit = ceiling.next();
            double linked = link.next();
            double loudest = 0;
            for (int c = 0; c < channels; c++) {
                double x = in[c][i] * g;
                if (!(Math.abs(x) <= 1e6)) {  // NaN, infinities: silence or a finite overload
                    x = Double.isNaN(x) ? 0 : Math.copySign(1e6, x);
                }
                float stored = (float) x;
                delays[c].push(stored);
                double peak = detectors[c].push(stored);
                double r = peak > limit ? 1 - limit / peak : 0;
                required[c] = r;
                loudest = Math.max(loudest, r);
            }
            for (int c = 0; c < channels; c++) {
                double r = linked * loudest + (1 - linked) * required[c];
                double gain = 1 - envelopes[c].next(r);
                smallestGain = Math.min(smallestGain, gain);
                double y = delays[c].read(latency + 1) * gain;
                out[c][i] = (float) Math.max(-limit, Math.min(limit, y));  // safety net, not the design
            }
        }
        meter("gr").set(Math.max(0.0, -Db.toDb(smallestGain, Db.SILENCE_DB)));
    }

    @Override
    protected void onReset() {
        inputGain.snap();
        ceiling.snap();
        link.snap();
        for (int c = 0; c < detectors.length; c++) {
            detectors[c].reset();
            envelopes[c].reset();
            delays[c].clear();
        }
        meter("gr").set(0);
    }

    /** The largest magnitude in the detectors, envelopes and delay lines (for the silence test). */
    double stateMagnitude() {
        double max = 0;
        for (int c = 0; c < detectors.length; c++) {
            max = Math.max(max, detectors[c].stateMagnitude());
            max = Math.max(max, envelopes[c].stateMagnitude());
            for (int d = 1; d <= latency + 1; d++) {
                max = Math.max(max, Math.abs(delays[c].read(d)));
            }
        }
        return max;
    }
}
