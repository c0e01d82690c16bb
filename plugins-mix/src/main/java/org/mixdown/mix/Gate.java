package org.mixdown.mix;

import java.util.List;
import org.mixdown.api.AbstractPlugin;
import org.mixdown.api.ChannelLayout;
import org.mixdown.api.MeterSpec;
import org.mixdown.api.ParameterSpec;
import org.mixdown.api.ParameterSpec.Scale;
import org.mixdown.api.PluginDescriptor;
import org.mixdown.api.ProcessSetup;
import org.mixdown.dsp.Biquad;
import org.mixdown.dsp.Db;
import org.mixdown.dsp.EnvelopeFollower;
import org.mixdown.dsp.EnvelopeFollower.Detector;
import org.mixdown.dsp.PeakHold;
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
    private int channels;
    private Biquad[] sidechainFilters = new Biquad[0];
    /** The key level's 5 ms peak: one sliding maximum over the channels' largest |key| (max commutes). */
    private final PeakHold peak = new PeakHold();
    private double openAbove;
    private double closeBelow;
    private int holdSamples;
    private int holdLeft;
    private boolean open;
    /** The last gain and its exponent (natural log), kept across blocks: exp(0) = 1. */
    private double lastExponent;
    private double lastGain = 1;
    /** Per block: the side-chain filtered key of each channel, the key level (max over channels), the gain. */
    private double[][] keys = new double[0][];
    private double[] keyLevel = new double[0];
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
        peak.prepare(Math.max(1, (int) Math.round(PEAK_WINDOW_MS * fs / 1000)));
        opening.prepare(fs);
        keys = new double[channels][setup.maxBlockSize()];
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

    @Override
    protected void processBlock(float[][] in, float[][] out, int from, int to) {
        int n = channels;
        int frames = to - from;
        double[] level = keyLevel;
        if (n == 2) {  // the two side-chain filters in one loop (two feedback chains side by side)
            Biquad.processPair(sidechainFilters[0], sidechainFilters[1], in[0], in[1], from, keys[0], keys[1], frames);
        } else {
            sidechainFilters[0].process(in[0], from, keys[0], frames);
        }
        // the key level: the 5 ms peak of the loudest channel, i.e. the 5 ms peak of the largest |key|
        double[] key0 = keys[0];
        for (int i = 0; i < frames; i++) {
            level[i] = Math.abs(key0[i]);
        }
        for (int c = 1; c < n; c++) {
            double[] key = keys[c];
            for (int i = 0; i < frames; i++) {
                level[i] = Math.max(level[i], Math.abs(key[i]));
            }
        }
        for (int i = 0; i < frames; i++) {
            level[i] = peak.process(level[i]);
        }
        double exponent = lastExponent;
        double gain = lastGain;
        for (int i = 0; i < frames; i++) {
            if (!open) {
                if (level[i] > openAbove) {
                    open = true;
                    holdLeft = holdSamples;
                }
            } else if (level[i] >= closeBelow) {
                holdLeft = holdSamples;
            } else if (holdLeft > 0) {
                holdLeft--;
            } else {
                open = false;
            }
            double o = opening.follow(open ? 1 : 0);
            double e = DB_TO_LN * rangeDb.next() * (1 - o);
            if (e != exponent) {  // the exp only while the gain moves: open or closed, it stands still
                exponent = e;
                gain = Math.exp(e);
            }
            gains[i] = gain;
        }
        for (int c = 0; c < n; c++) {  // the gain on each channel: loops the JIT vectorises
            float[] x = in[c];
            float[] y = out[c];
            for (int i = 0; i < frames; i++) {
                y[from + i] = (float) (x[from + i] * gains[i]);
            }
        }
        lastExponent = exponent;
        lastGain = gain;
        for (int c = 0; c < n; c++) {
            sidechainFilters[c].flushDenormals();
        }
        meter("gr").set(-Db.toDb(gain, Db.SILENCE_DB));
    }

    @Override
    protected void onReset() {
        for (int c = 0; c < channels; c++) {
            sidechainFilters[c].reset();
        }
        peak.reset();
        opening.reset();
        rangeDb.snap();
        open = false;
        holdLeft = 0;
        lastExponent = 0;
        lastGain = 1;
        meter("gr").set(0);
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
        max = Math.max(max, peak.level());
        return max;
    }
}
