package org.mixdown.mix;

import java.util.Arrays;
import java.util.List;
import org.mixdown.api.AbstractPlugin;
import org.mixdown.api.ChannelLayout;
import org.mixdown.api.Meter;
import org.mixdown.api.MeterSpec;
import org.mixdown.api.ParameterSpec;
import org.mixdown.api.ParameterSpec.Scale;
import org.mixdown.api.PluginDescriptor;
import org.mixdown.api.ProcessSetup;
import org.mixdown.dsp.Biquad;
import org.mixdown.dsp.Db;
import org.mixdown.dsp.EnvelopeFollower;
import org.mixdown.dsp.EnvelopeFollower.Detector;
import org.mixdown.dsp.GainComputer;
import org.mixdown.dsp.PeakHold;
import org.mixdown.dsp.SmoothedValue;

/**
 * Feed-forward compressor with the gain smoothed in the decibel domain (Giannoulis, Massberg and Reiss
 * 2012, "log domain, smooth branching detector after the gain computer"):
 * <pre>
 *   key -> high-pass (sc.freq) -> level (peak: max |x| over 5 ms; rms: 10 ms mean square) -> dB
 *       -> stereo link -> gain computer (threshold, ratio, soft knee) -> reduction in dB
 *       -> attack/release one-pole (attack while the reduction grows) -> - reduction + makeup -> gain
 * </pre>
 * Because the ballistics act on the reduction in dB, the attack and release times are the times to 63 %
 * of a change in gain reduction measured in dB. The level stage is fast and ripple-free on steady tones
 * (a 5 ms sliding peak reads the crest of any tone above 100 Hz), so a steady sine meets the static curve;
 * its only cost is that a release starts up to 5 ms late in peak mode.
 *
 * <p>Channels: 1->1 and 2->2 key from the main input; 2->1 and 4->2 take the extra input channels as an
 * external key. {@code mix} blends the dry signal in for parallel compression (no latency, so no delay).
 * Meter {@code gr}: the current gain reduction in dB (>= 0, the largest over channels).
 */
public final class Compressor extends AbstractPlugin {
    public static final int THRESHOLD = 0;
    public static final int RATIO = 1;
    public static final int KNEE = 2;
    public static final int ATTACK = 3;
    public static final int RELEASE = 4;
    public static final int MAKEUP = 5;
    public static final int AUTO = 6;
    public static final int DETECTOR = 7;
    public static final int LINK = 8;
    public static final int SC_FREQ = 9;
    public static final int MIX = 10;

    /** Window of the peak level detector: half a period of 100 Hz. */
    static final double PEAK_WINDOW_MS = 5;
    /** Time constant of the RMS level detector (attack = release). */
    static final double RMS_TIME_MS = 10;
    /** Decibels to a power of 2: the gain is 2^(dB / 20 log10 2). */
    private static final double DB_TO_LOG2 = Math.log(10) / (20 * Math.log(2));
    /** A power of 2 to power and amplitude decibels. */
    private static final double LOG2_TO_POWER_DB = 10 * Math.log10(2);
    private static final double LOG2_TO_AMPLITUDE_DB = 20 * Math.log10(2);
    /**
     * A level this far under the knee start (0.001 dB, as an amplitude ratio) gives exactly 0 dB from the
     * curve through the fast logarithm (within 2e-9 octaves, about 1e-8 dB), so a block below it needs no logarithm or curve.
     */
    private static final double QUIET_MARGIN = Math.pow(10, -0.001 / 20);
    /** Detector values at or below this are silence (-200 dB or less either way) for the logarithm. */
    private static final double FLOOR = 1e-20;

    public static final PluginDescriptor DESCRIPTOR = PluginDescriptor.java("mix.compressor", "Compressor", "dynamics",
            List.of(ChannelLayout.MONO, ChannelLayout.STEREO, new ChannelLayout(2, 1), new ChannelLayout(4, 2)),
            List.of(ParameterSpec.decibels("threshold", "Threshold", -60, 0, -18),
                    ParameterSpec.continuous("ratio", "Ratio", ":1", 1, 20, 4, Scale.LOG),
                    ParameterSpec.continuous("knee", "Knee", "dB", 0, 24, 6, Scale.LINEAR),
                    ParameterSpec.continuous("attack", "Attack", "ms", 0.1, 300, 10, Scale.LOG),
                    ParameterSpec.continuous("release", "Release", "ms", 5, 3000, 100, Scale.LOG),
                    ParameterSpec.decibels("makeup", "Makeup", -12, 24, 0),
                    ParameterSpec.toggle("auto", "Auto makeup", false),
                    ParameterSpec.choice("detector", "Detector", List.of("peak", "rms"), 0),
                    ParameterSpec.continuous("link", "Stereo link", "%", 0, 100, 100, Scale.LINEAR),
                    ParameterSpec.continuous("sc.freq", "Sidechain high-pass", "Hz", 20, 1000, 20, Scale.LOG),
                    ParameterSpec.continuous("mix", "Mix", "%", 0, 100, 100, Scale.LINEAR)),
            List.of(new MeterSpec("gr", "Gain reduction", "dB")), 1);

    private final GainComputer curve = new GainComputer();
    /** The gain-reduction meter, looked up once (a map look-up per block is avoidable work). */
    private final Meter reductionMeter = meter("gr");
    private final SmoothedValue makeupDb = new SmoothedValue(0);
    private final SmoothedValue wet = new SmoothedValue(1);
    private int channels;
    private int keyOffset;
    private Biquad[] sidechainFilters = new Biquad[0];
    private PeakHold[] peaks = new PeakHold[0];
    private EnvelopeFollower[] rms = new EnvelopeFollower[0];
    private EnvelopeFollower[] reduction = new EnvelopeFollower[0];
    /** Per channel, per sample of the block: the side-chain key, then the detector's value (a peak, or a mean square). */
    private double[][] detected = new double[0][];
    /** Per channel, per sample of the block: the squared key, then the target reduction in dB, then the smoothed one. */
    private double[][] gains = new double[0][];
    /** Per sample of the block: the makeup gain in dB and the wet share, from their smoothers. */
    private double[] makeupRamp = new double[0];
    /** Per sample of the block: log2 of the (louder) detector value. */
    private double[] log2Level = new double[0];
    private double[] wetRamp = new double[0];
    /** Per sample of the block: the second array the two-pass Db.fastLog2 / fastExp2InRange need. */
    private double[] scratch = new double[0];
    /** Whether the makeup and the mix smoothers are settled for this block (then their ramps are not filled). */
    private boolean makeupSteady;
    private boolean wetSteady;
    /**
     * Per channel: the side-chain key's last {@code window} samples (oldest first), so that the peak
     * detector, skipped while the RMS detector is chosen, can be rebuilt when it is chosen again.
     */
    private double[][] keyHistory = new double[0][];
    /** Whether blocks have gone by without the peak detector (it must be rebuilt from the history before use). */
    private boolean peakStale;
    /** Tests turn the quiet-block path off to compare it with the full path bit for bit. */
    boolean quietPath = true;
    private boolean rmsDetector;
    /** The detector value where the knee starts, and the quiet level under it (see {@link #updateKneeLevels}). */
    private double kneeStartLevel;
    private double quietLevel;
    private double link;

    public Compressor() {
        super(DESCRIPTOR);
    }

    @Override
    protected void onPrepare(ProcessSetup setup) {
        channels = setup.outputChannels();
        keyOffset = setup.inputChannels() > channels ? channels : 0;
        double fs = setup.sampleRate();
        sidechainFilters = new Biquad[channels];
        peaks = new PeakHold[channels];
        rms = new EnvelopeFollower[channels];
        reduction = new EnvelopeFollower[channels];
        detected = new double[channels][setup.maxBlockSize()];
        keyHistory = new double[channels][Math.max(1, (int) Math.round(PEAK_WINDOW_MS * fs / 1000))];
        gains = new double[channels][setup.maxBlockSize()];
        makeupRamp = new double[setup.maxBlockSize()];
        log2Level = new double[setup.maxBlockSize()];
        wetRamp = new double[setup.maxBlockSize()];
        scratch = new double[setup.maxBlockSize()];
        for (int c = 0; c < channels; c++) {
            sidechainFilters[c] = new Biquad();
            peaks[c] = new PeakHold();
            peaks[c].prepare(keyHistory[c].length);
            rms[c] = new EnvelopeFollower(Detector.RMS, RMS_TIME_MS, RMS_TIME_MS);
            rms[c].prepare(fs);
            reduction[c] = new EnvelopeFollower(Detector.PEAK, 0, 0);
            reduction[c].prepare(fs);
        }
        makeupDb.prepare(fs, SmoothedValue.DEFAULT_RAMP_SECONDS);
        wet.prepare(fs, SmoothedValue.DEFAULT_RAMP_SECONDS);
        for (int i = 0; i < DESCRIPTOR.parameters().size(); i++) {
            onParameterChange(i, value(i));
        }
        makeupDb.snap();
        wet.snap();
    }

    private double totalMakeupDb() {
        return value(MAKEUP) + (isOn(AUTO) ? curve.makeupForAuto() : 0);
    }

    @Override
    protected void onParameterChange(int index, double value) {
        switch (index) {
            case THRESHOLD, RATIO, KNEE, MAKEUP, AUTO -> {
                curve.set(value(THRESHOLD), value(RATIO), value(KNEE));
                makeupDb.setTarget(totalMakeupDb());
                updateKneeLevels();
            }
            case ATTACK, RELEASE -> {
                for (EnvelopeFollower f : reduction) {
                    f.setTimes(value(ATTACK), value(RELEASE));
                }
            }
            case DETECTOR -> {
                rmsDetector = choice(DETECTOR) == 1;
                updateKneeLevels();
            }
            case LINK -> link = value(LINK) / 100;
            case SC_FREQ -> {
                for (Biquad b : sidechainFilters) {
                    b.design(Biquad.Type.HIGHPASS, sampleRate(), value(SC_FREQ), Math.sqrt(0.5), 0);
                }
            }
            case MIX -> wet.setTarget(value(MIX) / 100);
            default -> { }
        }
    }

    /**
     * The knee start as a detector value (below it the curve gives 0 dB: compared in the linear domain, no
     * logarithm) and the quiet level a little under it; on a parameter change rather than per block (a pow).
     */
    private void updateKneeLevels() {
        boolean rms = rmsDetector;
        kneeStartLevel = Math.pow(10, (curve.thresholdDb() - curve.kneeDb() / 2) / (rms ? 10 : 20));
        quietLevel = kneeStartLevel * (rms ? QUIET_MARGIN * QUIET_MARGIN : QUIET_MARGIN);  // a mean square: squared
    }

    /**
     * Passes over the block, each a simple loop: the side-chain filter, the level detectors, the gain
     * computer (target reduction per sample, no feedback), the attack/release follower (its feedback
     * alone in a tight loop), then the gain in dB to linear and onto the signal. One per-sample loop doing
     * all of this ran about twice as slow: each sample's chain of dependent arithmetic (log, curve,
     * follower, exp) was too long for the CPU to overlap the next samples with it. The log, curve and exp
     * passes keep their arithmetic apart from the bit manipulation so that C2 vectorises them; a block whose
     * levels all stay under the knee skips the log and the curve (and the exp when the gain cannot move).
     */
    @Override
    protected void processBlock(float[][] in, float[][] out, int from, int to) {
        int n = channels;
        int frames = to - from;
        if (n == 2) {  // the two side-chain filters in one loop (two feedback chains side by side)
            Biquad.processPair(sidechainFilters[0], sidechainFilters[1], in[keyOffset], in[keyOffset + 1], from,
                    detected[0], detected[1], frames);
        } else {
            for (int c = 0; c < n; c++) {
                sidechainFilters[c].process(in[keyOffset + c], from, detected[c], frames);
            }
        }
        for (int c = 0; c < n; c++) {
            detect(c, frames);
        }
        peakStale = rmsDetector;
        double kneeStart = kneeStartLevel;
        if (quietPath && isQuiet(quietLevel, frames)) {
            rampSmoothers(frames);
            for (int c = 0; c < n; c++) {
                processQuiet(c, in[c], out[c], from, frames);
            }
        } else if (n == 2) {
            boolean shared = link == 1 && reduction[0].state() == reduction[1].state();
            stereoTargets(frames, kneeStart, shared);
            if (shared) {  // fully linked, ballistics in the same state: one follower serves both
                reduction[0].followNonNegative(gains[0], gains[0], frames);
                reduction[1].reset(reduction[0].state());
                rampSmoothers(frames);
                applyGain(gains[0], in[0], out[0], from, frames, in[1], out[1]);
            } else {
                reduction[0].followNonNegative(gains[0], gains[0], frames);
                reduction[1].followNonNegative(gains[1], gains[1], frames);
                rampSmoothers(frames);
                applyGain(gains[0], in[0], out[0], from, frames, null, null);
                applyGain(gains[1], in[1], out[1], from, frames, null, null);
            }
        } else {
            monoTargets(frames);
            reduction[0].followNonNegative(gains[0], gains[0], frames);
            rampSmoothers(frames);
            applyGain(gains[0], in[0], out[0], from, frames, null, null);
        }
        double maxReduction = 0;
        for (int c = 0; c < n; c++) {
            sidechainFilters[c].flushDenormals();
            maxReduction = Math.max(maxReduction, reduction[c].state());
        }
        reductionMeter.set(maxReduction);
    }

    /**
     * Whether every channel's detector value in the block is at or below {@code quietLevel} (a level whose
     * target reduction is exactly 0 dB); stops at the first louder value, so a compressing block pays little.
     */
    private boolean isQuiet(double quietLevel, int frames) {
        for (int c = 0; c < channels; c++) {
            double[] level = detected[c];
            for (int i = 0; i < frames; i++) {
                if (level[i] > quietLevel) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Channel {@code c} in a block whose target reduction is 0 dB throughout: no logarithm and no curve. A
     * follower at rest stays at rest (nothing to follow); one still releasing is followed toward 0. When the
     * reduction cannot move the gain (see {@link #gainIsFlat}) and the makeup is settled, the gain is one
     * number for the block, from the same exponential as every other block, so the output is bit for bit
     * what the full path gives.
     */
    private void processQuiet(int c, float[] in, float[] out, int from, int frames) {
        double[] reductionDb = gains[c];
        double start = reduction[c].state();
        if (start != 0 || !makeupSteady) {
            Arrays.fill(reductionDb, 0, frames, 0.0);
            if (start != 0) {
                reduction[c].followNonNegative(reductionDb, reductionDb, frames);
            }
        }
        if (!makeupSteady || !gainIsFlat(start)) {
            applyGain(reductionDb, in, out, from, frames, null, null);
            return;
        }
        double[] one = log2Level;  // free in a quiet block
        one[0] = DB_TO_LOG2 * (makeupDb.current() - 0.0);
        Db.fastExp2InRange(one, one, scratch, 1);
        double gain = one[0];
        if (wetSteady) {
            double mix = wet.current();
            double blend = mix == 1 ? gain : 1 - mix + mix * gain;
            if (blend == 1) {
                if (in != out) {
                    System.arraycopy(in, from, out, from, frames);
                }
                return;
            }
            for (int i = 0; i < frames; i++) {
                int j = from + i;
                out[j] = (float) (in[j] * blend);
            }
            return;
        }
        double[] mix = wetRamp;
        for (int i = 0; i < frames; i++) {
            int j = from + i;
            out[j] = (float) (in[j] * (1 - mix[i] + mix[i] * gain));
        }
    }

    /**
     * Whether every reduction from {@code start} down to 0 dB gives the gain of 0 dB with the settled makeup,
     * bit for bit: either {@code makeup - start} rounds to the makeup itself, or (makeup 0) the exponent is so
     * small that 1 + u rounds to 1 in the exponential's polynomial.
     */
    private boolean gainIsFlat(double start) {
        double makeup = makeupDb.current();
        return start == 0 || makeup - start == makeup || (makeup == 0 && start < 1e-17);
    }

    /**
     * The gain computer for one channel: {@code gains[0][i]} = the reduction in dB the curve asks for at
     * sample i (>= 0), from the detected level. The logarithms, then the curve, each a pass C2 vectorises; the
     * floored silence ({@link #FLOOR}: -200 dB or less) is far below the lowest knee start (-72 dB), so gives 0.
     */
    private void monoTargets(int frames) {
        GainComputer curve = this.curve;
        double scale = rmsDetector ? LOG2_TO_POWER_DB : LOG2_TO_AMPLITUDE_DB;
        double[] level = detected[0];
        double[] target = gains[0];
        double[] log2 = log2Level;
        logOf(level, log2, scratch, frames);
        curve.reductionsDb(log2, scale, target, frames);
    }

    /**
     * The gain computer for two channels with the stereo link: each channel's key level in dB moves toward
     * the louder channel's by {@code link}. When {@code shared}, only {@code gains[0]} is written (both
     * channels' targets are equal).
     */
    private void stereoTargets(int frames, double kneeStart, boolean shared) {
        GainComputer curve = this.curve;
        boolean rms = rmsDetector;
        double scale = rms ? LOG2_TO_POWER_DB : LOG2_TO_AMPLITUDE_DB;
        double link = this.link;
        double[] level0 = detected[0];
        double[] level1 = detected[1];
        double[] target0 = gains[0];
        double[] target1 = gains[1];
        if (link == 1) {  // one key: the louder channel's level
            double[] log2 = log2Level;
            for (int i = 0; i < frames; i++) {  // floored as in logOf; Math.max vectorises, a plain compare branched
                log2[i] = Math.max(Math.max(level0[i], level1[i]), FLOOR);
            }
            Db.fastLog2(log2, log2, scratch, frames);
            curve.reductionsDb(log2, scale, target0, frames);
            if (!shared) {
                System.arraycopy(target0, 0, target1, 0, frames);
            }
            return;
        }
        logOf(level0, target0, scratch, frames);  // each channel's log2, overwritten by its target below
        logOf(level1, target1, scratch, frames);
        for (int i = 0; i < frames; i++) {
            double own0 = level0[i];
            double own1 = level1[i];
            double loudest = own0 >= own1 ? own0 : own1;
            if (loudest > kneeStart) {
                double db0 = toDb(own0, scale * target0[i]);
                double db1 = toDb(own1, scale * target1[i]);
                double loudestDb = own0 >= own1 ? db0 : db1;  // toDb(loudest): the same value in, the same out
                target0[i] = -curve.gainDb(db0 + link * (loudestDb - db0));
                target1[i] = -curve.gainDb(db1 + link * (loudestDb - db1));
            } else {
                target0[i] = 0;
                target1[i] = 0;
            }
        }
    }

    /** log2 of each detector value, floored at {@link #FLOOR} (so silence gives a finite number). */
    private static void logOf(double[] values, double[] log2, double[] scratch, int frames) {
        for (int i = 0; i < frames; i++) {
            log2[i] = Math.max(values[i], FLOOR);
        }
        Db.fastLog2(log2, log2, scratch, frames);
    }

    /**
     * The level in dB of a detector value from its log2 scaled to dB (20 log10 of a peak, 10 log10 of a mean
     * square); never below silence.
     */
    private static double toDb(double value, double scaledLog2) {
        if (!(value > FLOOR)) {  // -200 dB or less either way
            return Db.SILENCE_DB;
        }
        return Math.max(Db.SILENCE_DB, scaledLog2);
    }

    /**
     * The makeup and mix smoothers' values for each sample of the block while they move; when settled the
     * ramp is not filled and {@link #applyGain} reads their constant value instead.
     */
    private void rampSmoothers(int frames) {
        makeupSteady = !ramp(makeupDb, makeupRamp, frames);
        wetSteady = !ramp(wet, wetRamp, frames);
    }

    /** Fills {@code values} from the smoother if it is moving; returns whether it did. */
    private static boolean ramp(SmoothedValue value, double[] values, int frames) {
        if (!value.isSmoothing()) {
            return false;
        }
        for (int i = 0; i < frames; i++) {
            values[i] = value.next();
        }
        return true;
    }

    /**
     * The gain for each sample from the smoothed reduction in dB (overwritten by the linear gain), the makeup
     * and the mix, onto {@code in[from, from + frames)}; onto a second channel too when {@code in1} is not
     * null (linked channels share one gain).
     */
    private void applyGain(double[] reduction, float[] in0, float[] out0, int from, int frames,
                           float[] in1, float[] out1) {
        if (makeupSteady) {
            double makeup = makeupDb.current();
            for (int i = 0; i < frames; i++) {
                reduction[i] = DB_TO_LOG2 * (makeup - reduction[i]);
            }
        } else {
            double[] makeup = makeupRamp;
            for (int i = 0; i < frames; i++) {
                reduction[i] = DB_TO_LOG2 * (makeup[i] - reduction[i]);
            }
        }
        // within 3e-9 dB; the exponents are within +-1020: at most 24 dB of makeup (plus the auto makeup) and a
        // reduction below 1000 dB (a finite float's level, which no curve reduces by more than itself, + 60 dB)
        Db.fastExp2InRange(reduction, reduction, scratch, frames);
        double[] gain = reduction;
        if (wetSteady) {
            applySteadyMix(gain, wet.current(), in0, out0, from, frames, in1, out1);
            return;
        }
        double[] mix = wetRamp;
        if (in1 == null) {
            for (int i = 0; i < frames; i++) {
                int j = from + i;
                out0[j] = (float) (in0[j] * (1 - mix[i] + mix[i] * gain[i]));
            }
        } else {
            for (int i = 0; i < frames; i++) {
                double g = 1 - mix[i] + mix[i] * gain[i];
                int j = from + i;
                out0[j] = (float) (in0[j] * g);
                out1[j] = (float) (in1[j] * g);
            }
        }
    }

    /**
     * {@link #applyGain}'s last step with a settled mix: the same products with a constant share of wet signal
     * (at 100 % the blend {@code 1 - 1 + 1 * gain} is exactly the gain, so it is skipped).
     */
    private static void applySteadyMix(double[] gain, double mix, float[] in0, float[] out0, int from, int frames,
                                       float[] in1, float[] out1) {
        if (mix != 1) {
            double dry = 1 - mix;
            for (int i = 0; i < frames; i++) {
                gain[i] = dry + mix * gain[i];
            }
        }
        for (int i = 0; i < frames; i++) {
            int j = from + i;
            out0[j] = (float) (in0[j] * gain[i]);
        }
        if (in1 != null) {
            for (int i = 0; i < frames; i++) {
                int j = from + i;
                out1[j] = (float) (in1[j] * gain[i]);
            }
        }
    }

    /**
     * Channel {@code c}'s side-chain filtered key (in {@code detected[c]}) through the level detectors into
     * {@code detected[c]}: the peak, or for RMS the mean square (its logarithm halved is the RMS level in dB:
     * no square root per sample). The mean square always runs, so switching to it finds a settled level; the
     * peak only while it is chosen (see {@link #peak}).
     */
    private void detect(int c, int frames) {
        double[] level = detected[c];
        double[] squares = gains[c];  // free until the gain computer fills it
        for (int i = 0; i < frames; i++) {
            double x = level[i];
            squares[i] = x * x;
        }
        peak(c, frames);
        rms[c].smooth(squares, rmsDetector ? level : squares, frames);
    }

    /**
     * The sliding peak of channel {@code c}'s key in {@code detected[c]}, in place, when the peak detector is
     * chosen; with RMS chosen the key is only remembered. The peak (the largest |x| over the last window)
     * does not depend on where the detector started, so feeding it the remembered last window when peak is
     * chosen again gives, bit for bit, what running it all along would have given.
     */
    private void peak(int c, int frames) {
        double[] key = detected[c];
        double[] history = keyHistory[c];
        if (!rmsDetector) {
            if (peakStale) {
                PeakHold peak = peaks[c];
                peak.reset();
                for (double x : history) {
                    peak.process(x);
                }
            }
            remember(history, key, frames);
            peaks[c].process(key, key, frames);
        } else {
            remember(history, key, frames);
        }
    }

    /** Shifts the block's key into the end of {@code history} (the last {@code history.length} samples). */
    private static void remember(double[] history, double[] key, int frames) {
        int window = history.length;
        if (frames >= window) {
            System.arraycopy(key, frames - window, history, 0, window);
        } else {
            System.arraycopy(history, frames, history, 0, window - frames);
            System.arraycopy(key, 0, history, window - frames, frames);
        }
    }

    @Override
    protected void onReset() {
        for (int c = 0; c < channels; c++) {
            sidechainFilters[c].reset();
            peaks[c].reset();
            Arrays.fill(keyHistory[c], 0);
            rms[c].reset();
            reduction[c].reset();
        }
        makeupDb.snap();
        wet.snap();
        reductionMeter.set(0);
    }

    /** The largest magnitude of any decaying state (tests: silence must bring it to exactly 0). */
    double stateMagnitude() {
        double max = 0;
        for (int c = 0; c < channels; c++) {
            max = Math.max(max, sidechainFilters[c].stateMagnitude());
            if (!peakStale) {  // a skipped peak detector holds an old level, which the history replaces
                max = Math.max(max, peaks[c].level());
            }
            for (double x : keyHistory[c]) {
                max = Math.max(max, Math.abs(x));
            }
            max = Math.max(max, rms[c].state());
            max = Math.max(max, reduction[c].state());
        }
        return max;
    }
}
