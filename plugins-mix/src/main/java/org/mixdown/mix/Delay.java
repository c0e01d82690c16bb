package org.mixdown.mix;

import java.util.Arrays;
import java.util.List;
import org.mixdown.api.AbstractPlugin;
import org.mixdown.api.ChannelLayout;
import org.mixdown.api.ParameterSpec;
import org.mixdown.api.PluginDescriptor;
import org.mixdown.api.ProcessSetup;
import org.mixdown.dsp.DelayLine;
import org.mixdown.dsp.SmoothedValue;

/**
 * Feedback delay with tempo sync, a low-pass ("hi cut") in the feedback path and ping-pong.
 *
 * <p>The delay is a whole number of samples once settled (the set time rounded to the nearest sample), so an
 * impulse comes back exactly on that sample. A change of time glides linearly over {@link #GLIDE_SECONDS}
 * with a linearly interpolated read (tape-style pitch bend, no click). Echo k has passed the feedback gain
 * and the hi-cut filter k - 1 times; with the hi-cut at its maximum the filter is out of the loop, so
 * successive echoes fall by exactly the feedback ratio.
 *
 * <p>Ping-pong (stereo out): the mono sum of the input enters the left line only and each line feeds the
 * other, so echoes alternate left, right, left. Switching ping-pong crossfades the routing.
 */
public final class Delay extends AbstractPlugin {
    public static final int TIME = 0;
    public static final int SYNC = 1;
    public static final int BPM = 2;
    public static final int NOTE = 3;
    public static final int FEEDBACK = 4;
    public static final int HICUT = 5;
    public static final int PINGPONG = 6;
    public static final int MIX = 7;

    /** The longest delay, also the limit of a tempo-synced time. */
    public static final double MAX_TIME_MS = 4000;
    public static final double MAX_HICUT_HZ = 20000;
    /** How long a change of delay time takes to glide to the new time. */
    static final double GLIDE_SECONDS = 0.1;
    /** Delay-line writes and filter state below this are stored as 0, so silence never goes subnormal. */
    private static final double TINY = 1e-30;

    public static final PluginDescriptor DESCRIPTOR = PluginDescriptor.java("mix.delay", "Delay", "delay",
            List.of(ChannelLayout.MONO, ChannelLayout.MONO_TO_STEREO, ChannelLayout.STEREO),
            List.of(ParameterSpec.continuous("time", "Time", "ms", 1, MAX_TIME_MS, 375, ParameterSpec.Scale.LOG),
                    ParameterSpec.toggle("sync", "Tempo sync", false),
                    ParameterSpec.continuous("bpm", "Tempo", "bpm", 20, 300, 120, ParameterSpec.Scale.LINEAR),
                    ParameterSpec.choice("note", "Note value",
                            Arrays.stream(NoteValue.values()).map(NoteValue::label).toList(),
                            NoteValue.QUARTER.ordinal()),
                    ParameterSpec.continuous("feedback", "Feedback", "%", 0, 95, 35, ParameterSpec.Scale.LINEAR),
                    ParameterSpec.continuous("hicut", "Feedback hi cut (max = off)", "Hz", 500, MAX_HICUT_HZ,
                            MAX_HICUT_HZ, ParameterSpec.Scale.LOG),
                    ParameterSpec.toggle("pingpong", "Ping-pong", false),
                    ParameterSpec.continuous("mix", "Mix", "%", 0, 100, 30, ParameterSpec.Scale.LINEAR)),
            List.of(), 1);

    /** Tempo-synced note values; the length is in whole notes (4 beats). */
    public enum NoteValue {
        WHOLE("1/1", 1), WHOLE_DOTTED("1/1.", 1.5), WHOLE_TRIPLET("1/1T", 2.0 / 3),
        HALF("1/2", 0.5), HALF_DOTTED("1/2.", 0.75), HALF_TRIPLET("1/2T", 1.0 / 3),
        QUARTER("1/4", 0.25), QUARTER_DOTTED("1/4.", 0.375), QUARTER_TRIPLET("1/4T", 0.5 / 3),
        EIGHTH("1/8", 0.125), EIGHTH_DOTTED("1/8.", 0.1875), EIGHTH_TRIPLET("1/8T", 0.25 / 3),
        SIXTEENTH("1/16", 0.0625), SIXTEENTH_DOTTED("1/16.", 0.09375), SIXTEENTH_TRIPLET("1/16T", 0.125 / 3),
        THIRTY_SECOND("1/32", 0.03125);

        private final String label;
        private final double wholeNotes;

        NoteValue(String label, double wholeNotes) {
            this.label = label;
            this.wholeNotes = wholeNotes;
        }

        public String label() {
            return label;
        }

        /** The length in milliseconds at {@code bpm} quarter notes per minute. */
        public double millis(double bpm) {
            return wholeNotes * 4 * 60_000 / bpm;
        }
    }

    private final DelayLine[] lines = {new DelayLine(), new DelayLine()};
    /** One-pole low-pass state of the hi-cut filter, per line. */
    private final double[] hicutState = new double[2];
    private final SmoothedValue delaySamples = new SmoothedValue(1);
    private final SmoothedValue feedback = new SmoothedValue(0);
    private final SmoothedValue pingPong = new SmoothedValue(0);
    private final SmoothedValue wet = new SmoothedValue(0);
    /** The TPT one-pole coefficient G = g / (1 + g), g = tan(pi fc / fs). */
    private final SmoothedValue hicutCoefficient = new SmoothedValue(1);
    /** 1 when the hi-cut is off (at its maximum): the feedback then bypasses the filter. */
    private final SmoothedValue hicutBypass = new SmoothedValue(1);
    private final SmoothedValue[] smoothers = {delaySamples, feedback, pingPong, wet, hicutCoefficient, hicutBypass};
    private int lineCount;
    private boolean monoInput;
    private int maxDelay;

    public Delay() {
        super(DESCRIPTOR);
    }

    /** The delay time the parameters ask for, in ms (tempo-synced times are limited to the longest delay). */
    double timeMillis() {
        double ms = isOn(SYNC) ? NoteValue.values()[choice(NOTE)].millis(value(BPM)) : value(TIME);
        return Math.min(MAX_TIME_MS, ms);
    }

    /** The settled delay in whole samples: the set time rounded to the nearest sample, at least 1. */
    private double targetDelaySamples() {
        long samples = Math.round(timeMillis() * sampleRate() / 1000);
        return Math.max(1, Math.min(maxDelay, samples));
    }

    private double targetHicutCoefficient() {
        double fc = Math.min(value(HICUT), 0.45 * sampleRate());
        double g = Math.tan(Math.PI * fc / sampleRate());
        return g / (1 + g);
    }

    @Override
    protected void onPrepare(ProcessSetup setup) {
        lineCount = setup.outputChannels();
        monoInput = setup.inputChannels() == 1;
        maxDelay = (int) Math.ceil(MAX_TIME_MS * setup.sampleRate() / 1000) + 1;
        for (int c = 0; c < lineCount; c++) {
            lines[c].allocate(maxDelay);
        }
        for (SmoothedValue s : smoothers) {
            s.prepare(setup.sampleRate(), SmoothedValue.DEFAULT_RAMP_SECONDS);
        }
        delaySamples.prepare(setup.sampleRate(), GLIDE_SECONDS);
        setTargets();
        snapSmoothers();
        Arrays.fill(hicutState, 0);
    }

    private void setTargets() {
        delaySamples.setTarget(targetDelaySamples());
        feedback.setTarget(value(FEEDBACK) / 100);
        pingPong.setTarget(isOn(PINGPONG) && lineCount == 2 ? 1 : 0);
        wet.setTarget(value(MIX) / 100);
        hicutCoefficient.setTarget(targetHicutCoefficient());
        hicutBypass.setTarget(value(HICUT) >= MAX_HICUT_HZ ? 1 : 0);
    }

    private void snapSmoothers() {
        for (SmoothedValue s : smoothers) {
            s.snap();
        }
    }

    @Override
    protected void onParameterChange(int index, double value) {
        setTargets();
    }

    @Override
    protected void processBlock(float[][] in, float[][] out, int from, int to) {
        if (lineCount == 1) {
            processMono(in[0], out[0], from, to);
        } else {
            processStereo(in[0], monoInput ? in[0] : in[1], out[0], out[1], from, to);
        }
        for (int c = 0; c < lineCount; c++) {
            if (Math.abs(hicutState[c]) < TINY) {
                hicutState[c] = 0;
            }
        }
    }

    private void processMono(float[] in, float[] out, int from, int to) {
        DelayLine line = lines[0];
        for (int i = from; i < to; i++) {
            double x = in[i];
            double echo = read(line, delaySamples.next());
            double fb = feedback.next();
            double m = wet.next();
            double g = hicutCoefficient.next();
            double bypass = hicutBypass.next();
            line.push(flush(x + fb * hicut(0, echo, g, bypass)));
            out[i] = (float) ((1 - m) * x + m * echo);
        }
    }

    private void processStereo(float[] inL, float[] inR, float[] outL, float[] outR, int from, int to) {
        DelayLine lineL = lines[0];
        DelayLine lineR = lines[1];
        for (int i = from; i < to; i++) {
            double xl = inL[i];
            double xr = inR[i];
            double d = delaySamples.next();
            double echoL = read(lineL, d);
            double echoR = read(lineR, d);
            double fb = feedback.next();
            double p = pingPong.next();
            double m = wet.next();
            double g = hicutCoefficient.next();
            double bypass = hicutBypass.next();
            double backL = fb * hicut(0, echoL, g, bypass);
            double backR = fb * hicut(1, echoR, g, bypass);
            // p = 0: two independent delays; p = 1: the input's mid into the left line, the lines crossed
            double mid = 0.5 * (xl + xr);
            lineL.push(flush((1 - p) * (xl + backL) + p * (mid + backR)));
            lineR.push(flush((1 - p) * (xr + backR) + p * backL));
            outL[i] = (float) ((1 - m) * xl + m * echoL);
            outR[i] = (float) ((1 - m) * xr + m * echoR);
        }
    }

    /** An integer read when the delay has settled (exact), a linearly interpolated one while it glides. */
    private static double read(DelayLine line, double delay) {
        int whole = (int) delay;
        return whole == delay ? line.read(whole) : line.readLinear(delay);
    }

    /** Trapezoidal one-pole low-pass (Zavalishin's TPT form), crossfaded with its input by {@code bypass}. */
    private double hicut(int c, double x, double g, double bypass) {
        double s = hicutState[c];
        double v = (x - s) * g;
        double y = v + s;
        hicutState[c] = y + v;
        return y + bypass * (x - y);
    }

    private static float flush(double x) {
        return Math.abs(x) < TINY ? 0f : (float) x;
    }

    @Override
    protected void onReset() {
        for (int c = 0; c < lineCount; c++) {
            lines[c].clear();
        }
        Arrays.fill(hicutState, 0);
        snapSmoothers();
    }

    @Override
    public int tailSamples() {
        if (setup() == null) {
            return 0;
        }
        // echoes until the feedback has taken them 60 dB down, then one more delay
        double fb = value(FEEDBACK) / 100;
        double echoes = fb <= 0 ? 1 : 1 + Math.ceil(-3 / Math.log10(fb));
        return (int) Math.min(Integer.MAX_VALUE, Math.ceil(echoes * targetDelaySamples()));
    }

    /** The largest magnitude held anywhere in the delay lines or the filter state (tests prove silence). */
    double stateMagnitude() {
        double max = 0;
        for (int c = 0; c < lineCount; c++) {
            DelayLine line = lines[c];
            for (int d = 0; d <= line.maxDelay(); d++) {
                max = Math.max(max, Math.abs(line.read(d)));
            }
            max = Math.max(max, Math.abs(hicutState[c]));
        }
        return max;
    }
}
