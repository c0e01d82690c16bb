package org.mixdown.mix;

import java.util.List;
import org.mixdown.api.AbstractPlugin;
import org.mixdown.api.ChannelLayout;
import org.mixdown.api.ParameterSpec;
import org.mixdown.api.PluginDescriptor;
import org.mixdown.api.ProcessSetup;
import org.mixdown.dsp.DelayLine;
import org.mixdown.dsp.SmoothedValue;
import org.mixdown.mix.reverb.AllpassDiffuser;
import org.mixdown.mix.reverb.FeedbackDelayNetwork;

/**
 * Algorithmic stereo reverb. Per input channel: pre-delay, a DC-blocking high-pass (so a DC input cannot
 * build up in the loop) and four Schroeder all-pass diffusers; then a 16-line modulated feedback delay
 * network ({@link FeedbackDelayNetwork}) whose per-line absorption sets the RT60 ({@code decay}) and the
 * frequency above which the tail dies faster ({@code damping}). The wet pair is narrowed by {@code width}
 * (mid/side: 0 % gives identical channels) and crossfaded with the dry signal by {@code mix}.
 * Mono input feeds both diffuser chains and gives a stereo output.
 */
public final class Reverb extends AbstractPlugin {
    public static final int DECAY = 0;
    public static final int SIZE = 1;
    public static final int PREDELAY = 2;
    public static final int DAMPING = 3;
    public static final int WIDTH = 4;
    public static final int MIX = 5;

    public static final double MAX_PREDELAY_MS = 250;
    /** Damping at its maximum is off: the tail decays at the same rate at every frequency. */
    public static final double MAX_DAMPING_HZ = 20000;
    /** Corner of the input high-pass that keeps DC out of the network. */
    private static final double DC_BLOCK_HZ = 10;
    private static final double TINY = 1e-30;
    private static final double[] COEFFICIENTS = {0.75, 0.75, 0.625, 0.625};
    /** Diffuser lengths (ms): Dattorro's 142, 107, 379, 277 samples at 29.8 kHz, a little apart per side. */
    private static final double[] LEFT_DIFFUSER_MS = {4.77, 3.60, 12.73, 9.31};
    private static final double[] RIGHT_DIFFUSER_MS = {4.53, 3.83, 12.21, 9.77};

    public static final PluginDescriptor DESCRIPTOR = PluginDescriptor.java("mix.reverb", "Reverb", "reverb",
            List.of(ChannelLayout.MONO_TO_STEREO, ChannelLayout.STEREO),
            List.of(ParameterSpec.continuous("decay", "Decay (RT60)", "s", 0.1, 20, 1.5, ParameterSpec.Scale.LOG),
                    ParameterSpec.continuous("size", "Size", "%", 10, 100, 50, ParameterSpec.Scale.LINEAR),
                    ParameterSpec.continuous("predelay", "Pre-delay", "ms", 0, MAX_PREDELAY_MS, 10,
                            ParameterSpec.Scale.LINEAR),
                    ParameterSpec.continuous("damping", "Damping (max = off)", "Hz", 500, MAX_DAMPING_HZ, 6000,
                            ParameterSpec.Scale.LOG),
                    ParameterSpec.continuous("width", "Width", "%", 0, 100, 100, ParameterSpec.Scale.LINEAR),
                    ParameterSpec.continuous("mix", "Mix", "%", 0, 100, 25, ParameterSpec.Scale.LINEAR)),
            List.of(), 1);

    private final FeedbackDelayNetwork network = new FeedbackDelayNetwork();
    private final AllpassDiffuser[] diffusers = {
        new AllpassDiffuser(LEFT_DIFFUSER_MS, COEFFICIENTS), new AllpassDiffuser(RIGHT_DIFFUSER_MS, COEFFICIENTS)};
    private final DelayLine[] predelayLines = {new DelayLine(), new DelayLine()};
    private final SmoothedValue predelaySamples = new SmoothedValue(0);
    private final SmoothedValue width = new SmoothedValue(1);
    private final SmoothedValue wet = new SmoothedValue(0);
    /** One-pole DC blocker per channel: y = x - x1 + r y1. */
    private final double[] blockerIn = new double[2];
    private final double[] blockerOut = new double[2];
    private double blockerPole;
    private boolean monoInput;
    private float[][] diffused = new float[2][0];
    private float[][] tail = new float[2][0];
    /** The block read back from the pre-delay lines (the steady path of {@link #processBlock}). */
    private float[][] predelayOut = new float[2][0];
    /** The block in double precision between the pre-delay and the network (DC blocker, diffusers). */
    private double[][] working = new double[2][0];

    public Reverb() {
        super(DESCRIPTOR);
    }

    @Override
    protected void onPrepare(ProcessSetup setup) {
        double fs = setup.sampleRate();
        monoInput = setup.inputChannels() == 1;
        int block = setup.maxBlockSize();
        diffused = new float[2][block];
        tail = new float[2][block];
        predelayOut = new float[2][block];
        working = new double[2][block];
        network.prepare(fs);
        for (int c = 0; c < 2; c++) {
            diffusers[c].prepare(fs);
            predelayLines[c].allocate((int) Math.ceil(MAX_PREDELAY_MS * fs / 1000) + 2 + block);
        }
        blockerPole = Math.exp(-2 * Math.PI * DC_BLOCK_HZ / fs);
        predelaySamples.prepare(fs, FeedbackDelayNetwork.GLIDE_SECONDS);
        width.prepare(fs, SmoothedValue.DEFAULT_RAMP_SECONDS);
        wet.prepare(fs, SmoothedValue.DEFAULT_RAMP_SECONDS);
        setTargets(true);
        clearState();
    }

    private void setTargets(boolean immediately) {
        network.setShape(value(SIZE) / 100, value(DECAY), value(DAMPING), MAX_DAMPING_HZ, immediately);
        predelaySamples.setTarget(Math.round(value(PREDELAY) * sampleRate() / 1000));
        width.setTarget(value(WIDTH) / 100);
        wet.setTarget(value(MIX) / 100);
        if (immediately) {
            predelaySamples.snap();
            width.snap();
            wet.snap();
        }
    }

    @Override
    protected void onParameterChange(int index, double value) {
        switch (index) {
            case DECAY, SIZE, DAMPING -> network.setShape(value(SIZE) / 100, value(DECAY), value(DAMPING),
                    MAX_DAMPING_HZ, false);
            case PREDELAY -> predelaySamples.setTarget(Math.round(value * sampleRate() / 1000));
            case WIDTH -> width.setTarget(value / 100);
            case MIX -> wet.setTarget(value / 100);
            default -> { }
        }
    }

    @Override
    protected void processBlock(float[][] in, float[][] out, int from, int to) {
        float[] inL = in[0];
        float[] inR = monoInput ? in[0] : in[1];
        int frames = to - from;
        float[] feedL = diffused[0];
        float[] feedR = diffused[1];
        double[] workL = working[0];
        double[] workR = working[1];
        double steadyDelay = predelaySamples.current();
        if (!predelaySamples.isSmoothing() && steadyDelay == (int) steadyDelay) {
            // a whole pre-delay that stays put: the block goes through the lines and the DC blockers in bulk
            int whole = (int) steadyDelay;
            predelayBlock(0, inL, from, frames, whole, workL);
            predelayBlock(1, inR, from, frames, whole, workR);
        } else {
            for (int n = 0; n < frames; n++) {
                double delay = predelaySamples.next();
                workL[n] = blockDc(0, predelayed(0, inL[from + n], delay));
                workR[n] = blockDc(1, predelayed(1, inR[from + n], delay));
            }
        }
        diffusers[0].process(workL, frames);
        diffusers[1].process(workR, frames);
        for (int n = 0; n < frames; n++) {
            feedL[n] = (float) workL[n];
            feedR[n] = (float) workR[n];
        }
        float[] wetL = tail[0];
        float[] wetR = tail[1];
        network.process(feedL, feedR, wetL, wetR, frames);
        float[] outL = out[0];
        float[] outR = out[1];
        if (!width.isSmoothing() && !wet.isSmoothing()) {  // steady settings: a loop the JIT vectorises
            double w = width.current();
            double m = wet.current();
            for (int n = 0; n < frames; n++) {
                int i = from + n;
                double mid = 0.5 * (wetL[n] + wetR[n]);
                double side = 0.5 * (wetL[n] - wetR[n]) * w;
                outL[i] = (float) ((1 - m) * inL[i] + m * (mid + side));
                outR[i] = (float) ((1 - m) * inR[i] + m * (mid - side));
            }
        } else {
            for (int n = 0; n < frames; n++) {
                int i = from + n;
                double dryL = inL[i];
                double dryR = inR[i];
                double mid = 0.5 * (wetL[n] + wetR[n]);
                double side = 0.5 * (wetL[n] - wetR[n]) * width.next();
                double m = wet.next();
                outL[i] = (float) ((1 - m) * dryL + m * (mid + side));
                outR[i] = (float) ((1 - m) * dryR + m * (mid - side));
            }
        }
        for (int c = 0; c < 2; c++) {
            if (Math.abs(blockerIn[c]) < TINY) {
                blockerIn[c] = 0;
            }
            if (Math.abs(blockerOut[c]) < TINY) {
                blockerOut[c] = 0;
            }
        }
    }

    /** Pushes {@code x} into the pre-delay and reads {@code delay} samples back (interpolated while gliding). */
    private double predelayed(int c, float x, double delay) {
        DelayLine line = predelayLines[c];
        line.push(x);
        int whole = (int) delay;
        return whole == delay ? line.read(whole + 1) : line.readLinear(delay + 1);
    }

    /**
     * Channel {@code c}'s block through a steady whole pre-delay and the DC blocker into {@code work}: the
     * same samples and arithmetic as {@link #predelayed} and {@link #blockDc} sample by sample (the line has
     * room for the longest pre-delay plus a block, so the block is written before it is read back).
     */
    private void predelayBlock(int c, float[] in, int from, int frames, int delay, double[] work) {
        DelayLine line = predelayLines[c];
        float[] delayed = predelayOut[c];
        line.write(in, from, frames);
        line.read(delay + frames, delayed, 0, frames);
        double x1 = blockerIn[c];
        double y1 = blockerOut[c];
        double pole = blockerPole;
        for (int n = 0; n < frames; n++) {
            double x = delayed[n];
            double y = x - x1 + pole * y1;
            x1 = x;
            y1 = y;
            work[n] = y;
        }
        blockerIn[c] = x1;
        blockerOut[c] = y1;
    }

    private double blockDc(int c, double x) {
        double y = x - blockerIn[c] + blockerPole * blockerOut[c];
        blockerIn[c] = x;
        blockerOut[c] = y;
        return y;
    }

    private void clearState() {
        network.reset();
        for (int c = 0; c < 2; c++) {
            diffusers[c].reset();
            predelayLines[c].clear();
            blockerIn[c] = 0;
            blockerOut[c] = 0;
        }
    }

    @Override
    protected void onReset() {
        clearState();
        setTargets(true);
    }

    @Override
    public int tailSamples() {
        if (setup() == null) {
            return 0;
        }
        // the decay to -60 dB after the pre-delay, plus two passes of the longest line for the build-up
        double seconds = value(DECAY) + value(PREDELAY) / 1000;
        return (int) Math.ceil(seconds * sampleRate() + 2 * network.longestLine());
    }

    /** The largest magnitude held in any delay line or filter (tests prove silence reaches exactly 0). */
    double stateMagnitude() {
        double max = network.stateMagnitude();
        for (int c = 0; c < 2; c++) {
            max = Math.max(max, diffusers[c].stateMagnitude());
            DelayLine line = predelayLines[c];
            for (int d = 0; d <= line.maxDelay(); d++) {
                max = Math.max(max, Math.abs(line.read(d)));
            }
            max = Math.max(max, Math.max(Math.abs(blockerIn[c]), Math.abs(blockerOut[c])));
        }
        return max;
    }

    /** The network inside (tests read its line lengths). */
    FeedbackDelayNetwork network() {
        return network;
    }
}
