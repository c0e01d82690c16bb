package org.mixdown.master;

import java.util.List;
import org.mixdown.api.AbstractPlugin;
import org.mixdown.api.ChannelLayout;
import org.mixdown.api.Meter;
import org.mixdown.api.MeterSpec;
import org.mixdown.api.ParameterSpec;
import org.mixdown.api.PluginDescriptor;
import org.mixdown.api.ProcessSetup;
import org.mixdown.dsp.Db;
import org.mixdown.dsp.SmoothedValue;

/**
 * Brickwall true-peak lookahead limiter. Per channel: input gain, an {@link IntersamplePeakDetector} that
 * measures the (oversampled, inter-sample) peak of every sample interval, the reduction that interval needs
 * to stay under the ceiling, stereo linking, a {@link LookaheadGainEnvelope} that ramps down to that
 * reduction before the peak leaves the delay line and releases afterwards, and the delayed signal times
 * the gain. A last sample clamp at the ceiling is a safety net only: by design the gain already keeps the
 * true peak under the ceiling.
 *
 * <p>With true-peak detection on, the detector measures the input through a {@link NyquistGuard} low-pass
 * (content just under fs/2 is beyond any detector's reach), and wherever a reading comes within
 * {@value #GUARD_BELOW_CEILING_DB} dB of the ceiling, a second envelope crossfades the output from the input
 * to that low-passed input, so what is output near the ceiling is what was measured. Elsewhere the input
 * passes untouched.
 *
 * <p>Latency = {@link NyquistGuard#DELAY} + {@link IntersamplePeakDetector#DELAY} + lookahead +
 * {@link #MARGIN} - 1 samples, in both detection modes. The lookahead fixes the latency, so it is read at
 * prepare; changing it takes effect at the next prepare.
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
    /** Readings this close to the ceiling (or over it) switch the output to the guard's low-passed input. */
    static final double GUARD_BELOW_CEILING_DB = 3;
    private static final double GUARD_LEVEL = Db.toLinear(-GUARD_BELOW_CEILING_DB);
    /** How fast the output returns from the low-passed input to the input once no reading is near the ceiling. */
    private static final double GUARD_RELEASE_SECONDS = 0.05;

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
    private final Meter gainReduction = meter("gr");
    private IntersamplePeakDetector[] detectors = new IntersamplePeakDetector[0];
    private LookaheadGainEnvelope[] envelopes = new LookaheadGainEnvelope[0];
    private SampleDelay[] delays = new SampleDelay[0];
    private NyquistGuard[] guards = new NyquistGuard[0];
    /** The low-passed input, delayed to line up with {@link #delays}' input. */
    private SampleDelay[] guardedDelays = new SampleDelay[0];
    /** One crossfade for all channels: 0 outputs the input, 1 the low-passed input. */
    private final LookaheadGainEnvelope guardEnvelope = new LookaheadGainEnvelope();
    /** Whether the guard is in use (true-peak detection: a sample-peak limiter is asked for sample peaks). */
    private boolean guarded = true;
    /** Whether the guard may be used at all (tests switch it off to show what it prevents). */
    private boolean guarding = true;
    /** Samples per pass of {@link #processSlice}: scratch arrays this long, allocated once. */
    private static final int SLICE = IntersamplePeakDetector.CHUNK;
    private final double[] gains = new double[SLICE];
    private final double[] limits = new double[SLICE];
    private final double[] links = new double[SLICE];
    /** Per sample, the largest requirement of any channel. */
    private final double[] loudest = new double[SLICE];
    /** stored[c][i]: the gained, sanitised input as the delay line stores it (float values). */
    private double[][] stored = new double[0][];
    /** peaks[c][i]: the detector's reading for sample i of the slice. */
    private double[][] peaks = new double[0][];
    /** filtered[c][i]: what the detector measures, the guard's output (or the input as late, unguarded). */
    private double[][] filtered = new double[0][];
    /** The largest reading of any channel per sample (when the channels are not fully linked). */
    private final double[] loudestPeaks = new double[SLICE];
    /** Per sample, whether a reading is near the ceiling (1) or not (0), then the guard's crossfade. */
    private final double[] guardWeights = new double[SLICE];
    /**
     * Whether every channel's envelope is in the same state as channel 0's: true from a reset while the
     * link stays at 100 %, when every channel's envelope takes the same requirements.
     */
    private boolean envelopesInStep = true;
    /**
     * Whether only channel 0's envelope has run (fully linked and in step, every channel applies its
     * reductions): the other envelopes hold an older state until linking loosens and channel 0's is copied in.
     */
    private boolean othersFollowChannel0;
    /** Whether fully linked channels may share channel 0's envelope (tests switch it off to compare). */
    private boolean envelopeSharing = true;
    /** reductions[c][i]: the linked requirement of sample i, then the reduction the envelope applies to it. */
    private double[][] reductions = new double[0][];
    /** The delayed samples the gain applies to, and the delayed low-passed samples. */
    private double[][] delayed = new double[0][];
    private double[][] delayedGuarded = new double[0][];
    /** The smallest gain applied since the meter was last set. */
    private double smallestGain = 1;
    /**
     * The ceiling each sample's requirement was computed with (when it left the detector), so the safety
     * clamp agrees with the envelope while the ceiling glides.
     */
    private double[] ceilingHistory = new double[1];
    private int historyPosition;
    /** Samples since the ceiling last glided: from {@code ceilingHistory.length} on, the ring holds one value. */
    private int steadyCeilingSamples;
    private int latency;
    /** Samples the final clamp had to touch since prepare: 0 when the gain envelope did its job. */
    private long clampedSamples;
    /**
     * The envelope keeps readings under the ceiling times this: lower by the detector's computed worst
     * under-read of a sine (its kernels' pass-band shortfall, under 0.02 dB at 2x to 16x) and by what the guard
     * lets through above the detector's band, so a reading that falls short of the true peak still keeps the
     * true peak under the ceiling.
     */
    private double detectionMargin = 1;

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
        delays = new SampleDelay[channels];
        guards = new NyquistGuard[channels];
        guardedDelays = new SampleDelay[channels];
        stored = new double[channels][SLICE];
        peaks = new double[channels][SLICE];
        filtered = new double[channels][SLICE];
        reductions = new double[channels][SLICE];
        delayed = new double[channels][SLICE];
        delayedGuarded = new double[channels][SLICE];
        for (int c = 0; c < channels; c++) {
            detectors[c] = new IntersamplePeakDetector();
            envelopes[c] = new LookaheadGainEnvelope();
            envelopes[c].prepare(window, MARGIN, fs);
            delays[c] = new SampleDelay();
            guards[c] = new NyquistGuard();
            guardedDelays[c] = new SampleDelay();
        }
        guardEnvelope.prepare(window, MARGIN, fs);
        guardEnvelope.setRelease(GUARD_RELEASE_SECONDS, fs, false);
        latency = NyquistGuard.DELAY + IntersamplePeakDetector.DELAY + envelopes[0].delay();
        clampedSamples = 0;
        for (int c = 0; c < channels; c++) {
            delays[c].allocate(latency + 1);
            guardedDelays[c].allocate(latency - NyquistGuard.DELAY + 1);
        }
        ceilingHistory = new double[envelopes[0].delay() + 1];
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
        guarded = guarding && factorIndex > 0;
        detectionMargin = 1 - IntersamplePeakDetector.worstUnderRead(factorIndex)
                - (guarded ? NyquistGuard.STOP_LEAK + NyquistGuard.ROUNDING : 0);
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
        for (int start = from; start < to; start += SLICE) {
            processSlice(in, out, start, Math.min(to, start + SLICE));
        }
        gainReduction.set(Math.max(0.0, -Db.toDb(smallestGain, Db.SILENCE_DB)));
        smallestGain = 1;
    }

    /**
     * Passes over the slice, each a tight loop with its state in registers: the smoothed controls and the
     * gained input; each channel's detector over the whole slice (a convolution, fastest across many
     * samples); the linked requirement of every sample (it depends on every channel at once); then per
     * channel the gain envelope, the delay line (two block copies) and the output.
     */
    private void processSlice(float[][] in, float[][] out, int from, int to) {
        int channels = out.length;
        int n = to - from;
        boolean fullyLinked = !link.isSmoothing() && link.current() == 1;  // then every links[i] is 1
        boolean ceilingGlides = ceiling.isSmoothing();
        ramp(inputGain, gains, n);
        ramp(ceiling, limits, n);
        ramp(link, links, n);
        double lowestLimit = limits[0] * detectionMargin;
        if (ceilingGlides) {
            for (int i = 1; i < n; i++) {
                double limit = limits[i] * detectionMargin;
                lowestLimit = limit < lowestLimit ? limit : lowestLimit;  // not Math.min: a chain of blends
            }
        }
        for (int c = 0; c < channels; c++) {
            float[] src = in[c];
            double[] gained = stored[c];
            for (int i = 0; i < n; i++) {
                double x = src[from + i] * gains[i];
                if (!(Math.abs(x) <= 1e6)) {  // NaN, infinities: silence or a finite overload
                    x = Double.isNaN(x) ? 0 : Math.copySign(1e6, x);
                }
                gained[i] = (float) x;  // the output is floats: detect exactly what will be output
            }
            guards[c].process(gained, filtered[c], n, guarded);
            // only readings near or above the ceiling matter (below it the requirement is 0, and the guard is
            // off): quiet chunks skip the work; and only those above it must be exact (the guard's level is
            // taken on the grid, without the parabola)
            detectors[c].process(filtered[c], 0, n, peaks[c], 0, guarded ? lowestLimit * GUARD_LEVEL : lowestLimit,
                    lowestLimit);
        }
        // the requirement of every sample, then linked across the channels: loops over samples, which the
        // compiler can vectorise (the division above all)
        double[] loudest = this.loudest;
        double margin = detectionMargin;
        boolean shareEnvelope = envelopeSharing && fullyLinked && envelopesInStep && channels > 1;
        if (fullyLinked) {
            // every link is 1: 1 * loudest + 0 * r is loudest, bit for bit (r is finite), so the per-channel
            // requirements need not be kept; and the requirement is a rounded, monotonic function of the peak,
            // so the largest requirement is the largest peak's: one division per sample, not one per channel
            double[] loudestPeak = peaks[0];
            for (int c = 1; c < channels; c++) {
                double[] peak = peaks[c];
                for (int i = 0; i < n; i++) {
                    loudestPeak[i] = Math.max(loudestPeak[i], peak[i]);
                }
            }
            for (int i = 0; i < n; i++) {
                loudest[i] = Math.max(0, 1 - limits[i] * margin / loudestPeak[i]);
            }
            for (int c = 0; c < (shareEnvelope ? 1 : channels); c++) {
                System.arraycopy(loudest, 0, reductions[c], 0, n);
            }
            guardRequirements(loudestPeak, n);
        } else {
            double[] loudestPeak = loudestPeaks;
            System.arraycopy(peaks[0], 0, loudestPeak, 0, n);
            for (int c = 1; c < channels; c++) {
                double[] peak = peaks[c];
                for (int i = 0; i < n; i++) {
                    loudestPeak[i] = Math.max(loudestPeak[i], peak[i]);
                }
            }
            guardRequirements(loudestPeak, n);
            java.util.Arrays.fill(loudest, 0, n, 0);
            for (int c = 0; c < channels; c++) {
                double[] r = reductions[c], peak = peaks[c];
                for (int i = 0; i < n; i++) {
                    r[i] = Math.max(0, 1 - limits[i] * margin / peak[i]);  // 0 at or under the limit
                    loudest[i] = Math.max(loudest[i], r[i]);
                }
            }
            for (int c = 0; c < channels; c++) {
                double[] r = reductions[c];
                for (int i = 0; i < n; i++) {
                    r[i] = links[i] * loudest[i] + (1 - links[i]) * r[i];
                }
            }
        }
        double[] outputLimits = links;  // the links are used up: reuse their room
        outputLimits(limits, outputLimits, n, ceilingGlides);
        if (!shareEnvelope) {
            followChannel0(false);
            envelopesInStep = false;
        }
        double[] weights = guardWeights;
        guardEnvelope.process(weights, weights, n);
        boolean crossfading = false;  // whether any output of the slice takes low-passed input
        for (int i = 0; i < n; i++) {
            crossfading |= weights[i] > 0;
        }
        double smallest = smallestGain;
        int head = Math.min(n, latency);
        int guardedLatency = latency - NyquistGuard.DELAY;
        int guardedHead = Math.min(n, guardedLatency);
        for (int c = 0; c < channels; c++) {
            double[] reduction = reductions[c];
            if (c == 0 || !shareEnvelope) {
                envelopes[c].process(reduction, reduction, n);
            } else {
                reduction = reductions[0];  // the same requirements from the same state: the same reductions
            }
            // the delayed input: x[i - latency], from the line for the first samples, then from this slice
            double[] delayed = this.delayed[c];
            double[] fresh = stored[c];
            SampleDelay delay = delays[c];
            delay.read(latency, delayed, 0, head);
            System.arraycopy(fresh, 0, delayed, head, n - head);
            delay.write(fresh, 0, n);
            SampleDelay guardedDelay = guardedDelays[c];
            if (crossfading) {  // crossfade to the low-passed input, as late: x + w (lowpassed - x)
                double[] low = delayedGuarded[c];
                guardedDelay.read(guardedLatency, low, 0, guardedHead);
                System.arraycopy(filtered[c], 0, low, guardedHead, n - guardedHead);
                for (int i = 0; i < n; i++) {
                    delayed[i] = Math.fma(weights[i], low[i] - delayed[i], delayed[i]);
                }
            }
            guardedDelay.write(filtered[c], 0, n);
            float[] y = out[c];
            long clamped = 0;
            for (int i = 0; i < n; i++) {
                double gain = 1 - reduction[i];
                smallest = gain < smallest ? gain : smallest;  // not Math.min: a chain of blends (gains are not NaN)
                double v = delayed[i] * gain;
                double outputLimit = outputLimits[i];
                if (Math.abs(v) > outputLimit) {  // safety net, not the design: counted so tests can prove it idle
                    v = Math.copySign(outputLimit, v);
                    clamped++;
                }
                y[from + i] = (float) v;
            }
            clampedSamples += clamped;
        }
        smallestGain = smallest;
        if (shareEnvelope) {
            followChannel0(true);
        }
    }

    /**
     * guardWeights[0 .. n): 1 where the loudest reading is near the ceiling (within
     * {@value #GUARD_BELOW_CEILING_DB} dB, with the detection margin) and the guard is in use, else 0.
     */
    private void guardRequirements(double[] loudestPeak, int n) {
        double[] required = guardWeights;
        double level = guarded ? GUARD_LEVEL * detectionMargin : Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            required[i] = loudestPeak[i] > limits[i] * level ? 1 : 0;
        }
    }

    /** values[0 .. n): the smoother's next n values; a filled constant when it is not gliding (the same values). */
    private static void ramp(SmoothedValue smoother, double[] values, int n) {
        if (smoother.isSmoothing()) {
            for (int i = 0; i < n; i++) {
                values[i] = smoother.next();
            }
        } else {
            java.util.Arrays.fill(values, 0, n, smoother.current());
        }
    }

    /**
     * The ceiling each outgoing sample was detected with: the history ring takes limits[0 .. n) and gives back
     * the values it held that long ago. Once the ceiling has held still for a whole ring, every value is the
     * current one and the ring only moves on.
     */
    private void outputLimits(double[] limits, double[] outputLimits, int n, boolean ceilingGlides) {
        int length = ceilingHistory.length;
        steadyCeilingSamples = ceilingGlides ? 0 : steadyCeilingSamples;
        if (steadyCeilingSamples >= length) {
            java.util.Arrays.fill(outputLimits, 0, n, limits[0]);
            historyPosition = (int) ((historyPosition + (long) n) % length);
        } else {
            for (int i = 0; i < n; i++) {
                ceilingHistory[historyPosition] = limits[i];
                historyPosition = historyPosition + 1 == length ? 0 : historyPosition + 1;
                outputLimits[i] = ceilingHistory[historyPosition];
            }
        }
        steadyCeilingSamples = ceilingGlides ? 0 : (int) Math.min(Integer.MAX_VALUE, steadyCeilingSamples + (long) n);
    }

    /**
     * Marks whether channels above 0 take channel 0's envelope; when they stop, channel 0's state is copied
     * into theirs so that each carries on from where the shared envelope was.
     */
    private void followChannel0(boolean follow) {
        if (othersFollowChannel0 && !follow) {
            for (int c = 1; c < envelopes.length; c++) {
                envelopes[c].copyStateFrom(envelopes[0]);
            }
        }
        othersFollowChannel0 = follow;
    }

    /** Switches the sharing of one envelope by fully linked channels (tests: the output must not change). */
    void setEnvelopeSharing(boolean on) {
        followChannel0(false);
        envelopesInStep = on && envelopesInStep;
        envelopeSharing = on;
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
            guards[c].reset();
            guardedDelays[c].clear();
        }
        guardEnvelope.reset();
        envelopesInStep = true;
        othersFollowChannel0 = false;
        java.util.Arrays.fill(ceilingHistory, ceiling.current());
        historyPosition = 0;
        steadyCeilingSamples = ceilingHistory.length;
        smallestGain = 1;
        gainReduction.set(0);
    }

    /** Switches the guard (tests: without it, content near fs/2 overshoots); takes effect at the next prepare. */
    void setGuarding(boolean on) {
        guarding = on;
    }

    /** Switches the detectors' exact skip of readings under the ceiling (tests: the output must not change). */
    void setDetectorSkipping(boolean on) {
        for (IntersamplePeakDetector d : detectors) {
            d.setSkipping(on);
        }
    }

    /** The fraction of detector outputs interpolated in full since prepare (tuning). */
    double interpolatedFraction() {
        long measured = 0, interpolated = 0;
        for (IntersamplePeakDetector d : detectors) {
            measured += d.measuredOutputs();
            interpolated += d.interpolatedOutputs();
        }
        return measured == 0 ? 0 : interpolated / (double) measured;
    }

    long clampedSamples() {
        return clampedSamples;
    }

    /** The largest magnitude in the detectors, envelopes and delay lines (for the silence test). */
    double stateMagnitude() {
        double max = 0;
        for (int c = 0; c < detectors.length; c++) {
            max = Math.max(max, detectors[c].stateMagnitude());
            if (c == 0 || !othersFollowChannel0) {  // a following channel's own envelope is not in use
                max = Math.max(max, envelopes[c].stateMagnitude());
            }
            for (int d = 1; d <= latency + 1; d++) {
                max = Math.max(max, Math.abs(delays[c].read(d)));
            }
            for (int d = 1; d <= latency - NyquistGuard.DELAY + 1; d++) {
                max = Math.max(max, Math.abs(guardedDelays[c].read(d)));
            }
            max = Math.max(max, guards[c].stateMagnitude());
        }
        return Math.max(max, guardEnvelope.stateMagnitude());
    }
}
