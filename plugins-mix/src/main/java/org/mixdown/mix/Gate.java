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
import org.mixdown.dsp.SmoothedValue;

/**
 * Noise gate with hysteresis and hold. The key (the input, high-passed at {@code sc.freq}) is read as a
 * peak level (max |x| over 5 ms, the loudest channel for stereo, so both channels gate together).
 * The gate opens when the level rises above {@code threshold}; it closes once the level has stayed below
 * {@code threshold - hysteresis} for {@code hold} ms. Its opening (0 closed .. 1 open) moves by a one-pole
 * with the {@code attack} time while opening and the {@code release} time while closing, and sets the
 * gain in decibels, {@code range * (1 - opening)} ({@code range} is the gain when closed). So, as in the
 * compressor, attack and release are the times to 63 % of the gain change in dB: a 100 ms release on an
 * 80 dB range is 50 dB down after 100 ms, not stuck at -9 dB as a linear fade would be.
 */
public final class Gate extends AbstractPlugin {
    public static final int THRESHOLD = 0;
    public static final int RANGE = 1;
    public static final int ATTACK = 2;
    public static final int HOLD = 3;
    public static final int RELEASE = 4;
    public static final int HYSTERESIS = 5;
    public static final int SC_FREQ = 6;

    /** Window of the peak level detector: half a period of 100 Hz. */
    static final double PEAK_WINDOW_MS = 5;
    private static final double DB_TO_LN = Math.log(10) / 20;
    /** Decibels to a power of 2: the gain is 2^(dB / 20 log10 2). */
    private static final double DB_TO_LOG2 = Math.log(10) / (20 * Math.log(2));
    /**
     * The opening is set to its target (exactly 0 or 1) once it is this close. The follower alone never gets
     * there while opening (1 + a (s - 1) rounds back to s within 0.5 / (1 - a) ulps of 1, about 1e-12 at 100 ms
     * and 192 kHz) and takes 69 time constants to flush to 0 while closing, so the gain would be recomputed on
     * every sample of a gate at rest. Moving the opening by 1e-11 moves the gain by at most 100 dB x 1e-11 =
     * 1e-9 dB (1.2e-10 relatively), under 1/500 of a float's relative step (2^-24).
     */
    static final double SNAP = 1e-11;

    public static final PluginDescriptor DESCRIPTOR = PluginDescriptor.java("mix.gate", "Gate", "dynamics",
            List.of(ChannelLayout.MONO, ChannelLayout.STEREO),
            List.of(ParameterSpec.decibels("threshold", "Threshold", -90, 0, -40),
                    ParameterSpec.decibels("range", "Range", -100, 0, -80),
                    ParameterSpec.continuous("attack", "Attack", "ms", 0.01, 100, 0.5, Scale.LOG),
                    ParameterSpec.continuous("hold", "Hold", "ms", 0, 2000, 20, Scale.LINEAR),
                    ParameterSpec.continuous("release", "Release", "ms", 1, 5000, 100, Scale.LOG),
                    ParameterSpec.continuous("hysteresis", "Hysteresis", "dB", 0, 24, 6, Scale.LINEAR),
                    ParameterSpec.continuous("sc.freq", "Sidechain high-pass", "Hz", 20, 2000, 20, Scale.LOG)),
            List.of(new MeterSpec("gr", "Gain reduction", "dB")), 1);

    private final EnvelopeFollower opening = new EnvelopeFollower(Detector.PEAK, 0.5, 100);
    private final SmoothedValue rangeDb = new SmoothedValue(-80);
    /** The gain-reduction meter, looked up once (a map look-up per block is avoidable work). */
    private final Meter reductionMeter = meter("gr");
    private int channels;
    private Biquad[] sidechainFilters = new Biquad[0];
    /**
     * The key level, the largest |key| over the last {@code window} samples (5 ms), is only ever compared with
     * the two thresholds, and it exceeds a threshold exactly when fewer than {@code window} samples have passed
     * since the last |key| that did. So instead of a sliding maximum, two counts: the samples since |key| was
     * last above {@code openAbove}, and since it was last at or above {@code closeBelow} (both at least
     * {@code window} mean "not for the whole window"). A change of threshold recounts them from the last
     * {@code window} values of |key|, kept in a ring.
     */
    private int window = 1;
    private double[] recent = new double[1];
    private int recentPosition;
    private int sinceAboveOpen;
    private int sinceAtOrAboveClose;
    private boolean recount;
    private double openAbove;
    private double closeBelow;
    private int holdSamples;
    private int holdLeft;
    private boolean open;
    /** The closed gate's gain, e^(range in nepers), for the range it was computed for (NaN: none yet). */
    private double closedGain;
    private double closedGainRangeDb = Double.NaN;
    /** The gain the meter shows (its logarithm is recomputed only when it changes). */
    private double meteredGain = 1;
    /** Per block, stereo only: the side-chain filtered key of each channel. */
    private double[][] keys = new double[0][];
    /**
     * Per block: the key (mono: the filtered key; stereo: the larger |key| of the two), then the gate's target
     * after each sample (1 open, 0 closed).
     */
    private double[] keyLevel = new double[0];
    /** Per block: the opening (0..1), then the exponent of the gain (base 2), then the gain. */
    private double[] gains = new double[0];

    public Gate() {
        super(DESCRIPTOR);
    }

    @Override
    protected void onPrepare(ProcessSetup setup) {
        channels = setup.outputChannels();
        double fs = setup.sampleRate();
        sidechainFilters = new Biquad[channels];
        for (int c = 0; c < channels; c++) {
            sidechainFilters[c] = new Biquad();
        }
        window = Math.max(1, (int) Math.round(PEAK_WINDOW_MS * fs / 1000));
        recent = new double[window];
        opening.prepare(fs);
        keys = new double[channels == 2 ? 2 : 0][setup.maxBlockSize()];
        keyLevel = new double[setup.maxBlockSize()];
        gains = new double[setup.maxBlockSize()];
        rangeDb.prepare(fs, SmoothedValue.DEFAULT_RAMP_SECONDS);
        for (int i = 0; i < DESCRIPTOR.parameters().size(); i++) {
            onParameterChange(i, value(i));
        }
        onReset();  // a second prepare starts from rest, like a fresh gate
    }

    @Override
    protected void onParameterChange(int index, double value) {
        switch (index) {
            case THRESHOLD, HYSTERESIS -> {
                openAbove = Db.toLinear(value(THRESHOLD));
                closeBelow = Db.toLinear(value(THRESHOLD) - value(HYSTERESIS));
                recount = true;
            }
            case RANGE -> rangeDb.setTarget(value(RANGE));
            case ATTACK, RELEASE -> opening.setTimes(value(ATTACK), value(RELEASE));
            case HOLD -> holdSamples = (int) Math.round(value(HOLD) * sampleRate() / 1000);
            case SC_FREQ -> {
                for (Biquad b : sidechainFilters) {
                    b.design(Biquad.Type.HIGHPASS, sampleRate(), value(SC_FREQ), Math.sqrt(0.5), 0);
                }
            }
            default -> { }
        }
    }

    /**
     * Passes over the block, each a simple loop: the key (side-chain filters, loudest |key|),
     * the open/closed state machine (hysteresis, hold), the opening's attack/release follower, the gain in dB
     * to linear, the gain onto the signal. A gate at rest (open or closed for the whole block, the opening at
     * its target, the range settled) has one gain for the block: 1 open (the audio passes untouched), the
     * range closed; only the side-chain filters and the state machine's counting scan run then.
     */
    @Override
    protected void processBlock(float[][] in, float[][] out, int from, int to) {
        int frames = to - from;
        keyLevel(in, from, frames);
        boolean steady = openOrClose(frames);
        double target = open ? 1 : 0;
        double lastGain;
        if (steady && opening.state() == target && (open || !rangeDb.isSmoothing())) {
            if (open) {  // 1 - opening = 0: the gain is exactly 1 whatever the range
                for (int i = 0; i < frames && rangeDb.isSmoothing(); i++) {
                    rangeDb.next();
                }
                for (int c = 0; c < channels; c++) {
                    if (in[c] != out[c]) {
                        System.arraycopy(in[c], from, out[c], from, frames);
                    }
                }
                lastGain = 1;
            } else {
                lastGain = closedGain(rangeDb.current());
                for (int c = 0; c < channels; c++) {
                    float[] x = in[c];
                    float[] y = out[c];
                    for (int i = from; i < to; i++) {
                        y[i] = (float) (x[i] * lastGain);
                    }
                }
            }
        } else {
            double[] gain = gains;
            if (steady) {
                Arrays.fill(keyLevel, 0, frames, target);  // the state machine left the targets unwritten
            }
            opening.follow(keyLevel, gain, frames);
            double o = opening.state();
            if (o != target && Math.abs(o - target) < SNAP) {
                opening.reset(target);
            }
            exponents(gain, frames);
            Db.fastExp2(gain, gain, frames);  // within 3e-10 relatively: 1/200 of a float step
            applyGain(gain, in, out, from, frames);
            lastGain = gain[frames - 1];
        }
        for (int c = 0; c < channels; c++) {
            sidechainFilters[c].flushDenormals();
        }
        if (lastGain != meteredGain) {
            meteredGain = lastGain;
            reductionMeter.set(-Db.toDb(lastGain, Db.SILENCE_DB));
        }
    }

    /**
     * {@code keyLevel[0, frames)}: the side-chain filtered key, for stereo the larger |key| of the two channels
     * (its sign does not matter: the state machine takes |x|); the last {@code window} of them into the ring.
     */
    private void keyLevel(float[][] in, int from, int frames) {
        double[] level = keyLevel;
        if (channels == 2) {  // the two side-chain filters in one loop (two feedback chains side by side)
            Biquad.processPair(sidechainFilters[0], sidechainFilters[1], in[0], in[1], from, keys[0], keys[1], frames);
            double[] key0 = keys[0];
            double[] key1 = keys[1];
            // Math.max, which the JIT vectorises: a plain compare here is a branch, 5x slower on noise
            for (int i = 0; i < frames; i++) {
                level[i] = Math.max(Math.abs(key0[i]), Math.abs(key1[i]));
            }
        } else {
            sidechainFilters[0].process(in[0], from, level, frames);
        }
        if (recount) {  // a threshold changed since the last block: count against the new one
            recountFromRecent();
        }
        int start = Math.max(0, frames - window);
        int count = frames - start;
        int first = Math.min(count, window - recentPosition);
        System.arraycopy(level, start, recent, recentPosition, first);
        System.arraycopy(level, start + first, recent, 0, count - first);
        recentPosition = (recentPosition + count) % window;
    }

    /** Both counts from the ring (the last {@code window} values of the key before this block). */
    private void recountFromRecent() {
        int w = window;
        int above = 0;
        int atOrAbove = 0;
        boolean aboveSeen = false;
        boolean atOrAboveSeen = false;
        for (int k = 1; k <= w; k++) {  // newest to oldest
            double x = Math.abs(recent[Math.floorMod(recentPosition - k, w)]);
            aboveSeen |= x > openAbove;
            atOrAboveSeen |= x >= closeBelow;
            above += aboveSeen ? 0 : 1;
            atOrAbove += atOrAboveSeen ? 0 : 1;
        }
        sinceAboveOpen = above;
        sinceAtOrAboveClose = atOrAbove;
        recount = false;
    }

    /**
     * Runs the state machine over the key in {@code keyLevel[0, frames)}. Returns true when the state does not
     * change in the block (the targets are then not written: all {@code open ? 1 : 0}); otherwise overwrites
     * each key value with the target after it, 1 open or 0 closed. An open gate whose level stays at or above
     * the closing threshold only restarts its hold, a closed gate whose level stays at or below the opening
     * threshold does nothing: a scan that only counts finds such a run first, the full state machine takes
     * over from where it ends.
     */
    private boolean openOrClose(int frames) {
        double[] key = keyLevel;
        boolean isOpen = open;
        int hold = holdSamples;
        int w = window;
        double above = openAbove;
        double below = closeBelow;
        // the level (max |key| over the window) is above a threshold while fewer than w samples passed since |key| was
        int sinceAbove = sinceAboveOpen;
        int sinceAtOrAbove = sinceAtOrAboveClose;
        int i = 0;
        if (isOpen) {
            for (; i < frames; i++) {
                double a = Math.abs(key[i]);
                int nextAtOrAbove = a >= below ? 0 : sinceAtOrAbove + 1;
                if (nextAtOrAbove >= w) {  // the level falls below here: the state machine's case
                    break;
                }
                sinceAtOrAbove = nextAtOrAbove;
                sinceAbove = a > above ? 0 : sinceAbove + 1;
            }
            if (i > 0) {
                holdLeft = hold;
            }
        } else {
            for (; i < frames; i++) {
                double a = Math.abs(key[i]);
                int nextAbove = a > above ? 0 : sinceAbove + 1;
                if (nextAbove < w) {  // the level is above here (a lowered threshold may find it so at once)
                    break;
                }
                sinceAbove = nextAbove;
                sinceAtOrAbove = a >= below ? 0 : sinceAtOrAbove + 1;
            }
        }
        boolean steady = i == frames;
        if (!steady) {
            Arrays.fill(key, 0, i, isOpen ? 1 : 0);
            int left = holdLeft;
            for (; i < frames; i++) {
                double a = Math.abs(key[i]);
                sinceAbove = a > above ? 0 : sinceAbove + 1;
                sinceAtOrAbove = a >= below ? 0 : sinceAtOrAbove + 1;
                if (!isOpen) {
                    if (sinceAbove < w) {  // level > above
                        isOpen = true;
                        left = hold;
                    }
                } else if (sinceAtOrAbove < w) {  // level >= below
                    left = hold;
                } else if (left > 0) {
                    left--;
                } else {
                    isOpen = false;
                }
                key[i] = isOpen ? 1 : 0;
            }
            open = isOpen;
            holdLeft = left;
        }
        // at most w + one block: no overflow, and w or more all mean "not within the window"
        sinceAboveOpen = Math.min(sinceAbove, w);
        sinceAtOrAboveClose = Math.min(sinceAtOrAbove, w);
        return steady;
    }

    /** The openings in {@code values} to the gain's exponent (base 2), range (1 - opening), the range smoothed. */
    private void exponents(double[] values, int frames) {
        if (rangeDb.isSmoothing()) {
            for (int i = 0; i < frames; i++) {
                values[i] = DB_TO_LOG2 * rangeDb.next() * (1 - values[i]);
            }
        } else {
            double k = DB_TO_LOG2 * rangeDb.current();
            for (int i = 0; i < frames; i++) {
                values[i] = k * (1 - values[i]);
            }
        }
    }

    /** Each sample times its gain, on every channel. */
    private void applyGain(double[] gain, float[][] in, float[][] out, int from, int frames) {
        if (channels == 2) {  // one pass: each gain loaded once for both channels
            float[] x0 = in[0];
            float[] x1 = in[1];
            float[] y0 = out[0];
            float[] y1 = out[1];
            for (int i = 0; i < frames; i++) {
                double g = gain[i];
                int j = from + i;
                y0[j] = (float) (x0[j] * g);
                y1[j] = (float) (x1[j] * g);
            }
        } else {
            float[] x = in[0];
            float[] y = out[0];
            for (int i = 0; i < frames; i++) {
                y[from + i] = (float) (x[from + i] * gain[i]);
            }
        }
    }

    /** e^(range in nepers), recomputed only when the range differs from the last call's. */
    private double closedGain(double rangeDecibels) {
        if (rangeDecibels != closedGainRangeDb) {
            closedGainRangeDb = rangeDecibels;
            closedGain = Math.exp(DB_TO_LN * rangeDecibels);
        }
        return closedGain;
    }

    @Override
    protected void onReset() {
        for (int c = 0; c < channels; c++) {
            sidechainFilters[c].reset();
        }
        java.util.Arrays.fill(recent, 0);
        recentPosition = 0;
        sinceAboveOpen = window;  // silence before the start: below both thresholds for a whole window
        sinceAtOrAboveClose = window;
        recount = false;
        opening.reset();
        rangeDb.snap();
        open = false;
        holdLeft = 0;
        meteredGain = 1;
        reductionMeter.set(0);
    }

    /** Whether the gate is open (after the last processed sample). */
    boolean isOpen() {
        return open;
    }

    /** The largest magnitude of any decaying state (tests: silence must bring it to exactly 0). */
    double stateMagnitude() {
        double max = opening.state();
        for (int c = 0; c < channels; c++) {
            max = Math.max(max, sidechainFilters[c].stateMagnitude());
        }
        for (double x : recent) {
            max = Math.max(max, Math.abs(x));
        }
        return max;
    }
}
