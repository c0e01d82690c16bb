package org.mixdown.mix;

import java.util.List;
import org.mixdown.api.AbstractPlugin;
import org.mixdown.api.ChannelLayout;
import org.mixdown.api.ParameterSpec;
import org.mixdown.api.ParameterSpec.Scale;
import org.mixdown.api.PluginDescriptor;
import org.mixdown.api.ProcessSetup;
import org.mixdown.dsp.Biquad;
import org.mixdown.dsp.Db;
import org.mixdown.dsp.DelayLine;
import org.mixdown.dsp.Oversampler;
import org.mixdown.dsp.SmoothedValue;

/**
 * Waveshaping saturator: {@code wet = output * shape(drive * x)}, computed at 1, 2, 4 or 8 times the
 * sample rate so the harmonics the shaper makes above the base Nyquist are filtered out instead of
 * folding back as inharmonic aliases. {@code mix} blends the dry input (delayed by the latency) with the
 * wet signal; {@code output} trims the wet signal only.
 *
 * <p>Latency is fixed at prepare: the largest oversampler latency ({@link Oversampler#maxLatencySamples}).
 * Every factor's path is padded to it, so changing {@code oversampling} never moves the signal in time; the
 * change cross-fades from the old path to the new one over 20 ms, as does a change of {@code type}.
 * The asymmetric tube curve makes DC, removed by a 5 Hz high-pass on its wet signal only.
 */
public final class Saturator extends AbstractPlugin {
    public static final int DRIVE = 0;
    public static final int TYPE = 1;
    public static final int OVERSAMPLING = 2;
    public static final int OUTPUT = 3;
    public static final int MIX = 4;

    /** Shaper choices, in the order of the {@code type} parameter. */
    static final int TANH = 0;
    static final int SOFT_CLIP = 1;
    static final int TUBE = 2;
    /** Bias of the tube curve: tanh(x + b) - tanh(b) saturates the positive half earlier (even harmonics). */
    static final float TUBE_BIAS = 0.25f;
    /** tanh(TUBE_BIAS) through the same approximation, so the tube curve passes through 0 exactly. */
    private static final float TUBE_OFFSET = tanh(TUBE_BIAS);
    private static final double DC_BLOCK_HZ = 5;

    public static final PluginDescriptor DESCRIPTOR = PluginDescriptor.java("mix.saturator", "Saturator", "distortion",
            List.of(ChannelLayout.MONO, ChannelLayout.STEREO),
            List.of(ParameterSpec.decibels("drive", "Drive", 0, 36, 6),
                    ParameterSpec.choice("type", "Type", List.of("tanh", "softclip", "tube"), TANH),
                    ParameterSpec.choice("oversampling", "Oversampling", List.of("1", "2", "4", "8"), 2),
                    ParameterSpec.decibels("output", "Output", -24, 12, 0),
                    ParameterSpec.continuous("mix", "Mix", "%", 0, 100, 100, Scale.LINEAR)),
            List.of(), 1);

    private final SmoothedValue drive = new SmoothedValue(1);
    private final SmoothedValue output = new SmoothedValue(1);
    private final SmoothedValue wet = new SmoothedValue(1);
    /** 0 -> 1 while the shaper cross-fades from {@link #previousType} to {@link #type}. */
    private final SmoothedValue typeFade = new SmoothedValue(1);
    /** 0 -> 1 while the oversampling cross-fades from {@link #previousPath} to {@link #path}. */
    private final SmoothedValue pathFade = new SmoothedValue(1);

    private int channels;
    private int latency;
    private int type;
    private int previousType;
    private int path;
    private int previousPath;
    private boolean pathFading;
    /** True while no tube curve is involved: the DC blockers then sit empty and are not run. */
    private boolean dcBlockersResting;
    /** [factor index][channel]. */
    private Oversampler[][] oversamplers = new Oversampler[0][];
    private DelayLine[] dryDelay = new DelayLine[0];
    private DelayLine[] drivenDelay = new DelayLine[0];
    private Biquad[] dcBlockers = new Biquad[0];

    // per-block scratch, allocated in prepare
    private double[] driveGain = new double[0];
    private double[] outputGain = new double[0];
    private double[] wetAmount = new double[0];
    private double[] typeWeight = new double[0];
    private double[] pathWeight = new double[0];
    private float[] dry = new float[0];
    private float[] pathInput = new float[0];
    private float[] pathOutput = new float[0];
    private float[] previousPathOutput = new float[0];
    private double[] blocked = new double[0];

    public Saturator() {
        super(DESCRIPTOR);
    }

    @Override
    public int latencySamples() {
        return latency;
    }

    /** The oversampling filters' impulse response is symmetric about the latency, so it ends by twice it. */
    @Override
    public int tailSamples() {
        return 2 * latency;
    }

    @Override
    protected void onPrepare(ProcessSetup setup) {
        channels = setup.outputChannels();
        int max = setup.maxBlockSize();
        double fs = setup.sampleRate();
        latency = Oversampler.maxLatencySamples();
        oversamplers = new Oversampler[Oversampler.FACTORS.length][channels];
        for (int p = 0; p < Oversampler.FACTORS.length; p++) {
            for (int c = 0; c < channels; c++) {
                oversamplers[p][c] = new Oversampler(Oversampler.FACTORS[p], max);
            }
        }
        dryDelay = new DelayLine[channels];
        drivenDelay = new DelayLine[channels];
        dcBlockers = new Biquad[channels];
        for (int c = 0; c < channels; c++) {
            dryDelay[c] = new DelayLine();
            dryDelay[c].allocate(max + latency);
            drivenDelay[c] = new DelayLine();
            drivenDelay[c].allocate(max + latency);
            dcBlockers[c] = new Biquad();
            dcBlockers[c].design(Biquad.Type.HIGHPASS, fs, DC_BLOCK_HZ, Math.sqrt(0.5), 0);
        }
        driveGain = new double[max];
        outputGain = new double[max];
        wetAmount = new double[max];
        typeWeight = new double[max];
        pathWeight = new double[max];
        dry = new float[max];
        pathInput = new float[max];
        pathOutput = new float[max];
        previousPathOutput = new float[max];
        blocked = new double[max];
        for (SmoothedValue s : new SmoothedValue[] {drive, output, wet, typeFade, pathFade}) {
            s.prepare(fs, SmoothedValue.DEFAULT_RAMP_SECONDS);
        }
        drive.setImmediate(Db.toLinear(value(DRIVE)));
        output.setImmediate(Db.toLinear(value(OUTPUT)));
        wet.setImmediate(value(MIX) / 100);
        type = previousType = choice(TYPE);
        path = previousPath = choice(OVERSAMPLING);
        typeFade.setImmediate(1);
        pathFade.setImmediate(1);
        pathFading = false;
    }

    @Override
    protected void onParameterChange(int index, double value) {
        switch (index) {
            case DRIVE -> drive.setTarget(Db.toLinear(value));
            case OUTPUT -> output.setTarget(Db.toLinear(value));
            case MIX -> wet.setTarget(value / 100);
            case TYPE -> {
                previousType = type;
                type = choice(TYPE);
                typeFade.setImmediate(0);
                typeFade.setTarget(1);
            }
            case OVERSAMPLING -> changePath(choice(OVERSAMPLING));
            default -> { }
        }
    }

    /** Starts a cross-fade to another oversampling path; a path that was idle starts from empty filters. */
    private void changePath(int next) {
        if (next == path) {
            return;
        }
        if (pathFading && next == previousPath) {  // turning back mid-fade: both paths are warm
            previousPath = path;
            path = next;
            double done = pathFade.current();
            pathFade.setImmediate(1 - done);
            pathFade.setTarget(1);
            return;
        }
        previousPath = pathFading && pathFade.current() < 0.5 ? previousPath : path;
        path = next;
        for (Oversampler os : oversamplers[path]) {
            os.reset();
        }
        pathFading = true;
        pathFade.setImmediate(0);
        pathFade.setTarget(1);
    }

    @Override
    protected void processBlock(float[][] in, float[][] out, int from, int to) {
        int frames = to - from;
        if (!typeFade.isSmoothing()) {  // a finished type fade: only the new curve is left
            previousType = type;
        }
        // every channel sees the same parameter ramps; a parameter settled before this block is one number,
        // and the loops below then run in float (vectorised)
        boolean driveSteady = !drive.isSmoothing();
        float steadyDrive = (float) drive.current();
        boolean mixSteady = !output.isSmoothing() && !wet.isSmoothing();
        float steadyOutput = (float) output.current();
        float steadyWet = (float) wet.current();
        boolean tubeInvolved = type == TUBE || previousType == TUBE;
        // the per-sample ramps are filled only for the loops that read them (a settled value is read as one
        // number above); a smoothing value is always ramped, so it advances with the audio
        if (!driveSteady) {
            ramp(drive, driveGain, frames);
        }
        if (!mixSteady || tubeInvolved) {
            ramp(output, outputGain, frames);
            ramp(wet, wetAmount, frames);
        }
        if (typeFade.isSmoothing() || tubeInvolved) {  // the shaper reads the weights only during a fade
            ramp(typeFade, typeWeight, frames);
        }
        if (pathFading || pathFade.isSmoothing()) {
            ramp(pathFade, pathWeight, frames);
        }
        if (!tubeInvolved && !dcBlockersResting) {
            // only the tube curve makes DC: the blockers rest from empty (a fade to tube starts them from
            // zero, where their output equals their input: no step) instead of filtering for nothing
            for (int c = 0; c < channels; c++) {
                dcBlockers[c].reset();
            }
        }
        dcBlockersResting = !tubeInvolved;
        for (int c = 0; c < channels; c++) {
            float[] x = in[c];
            DelayLine dryLine = dryDelay[c];
            DelayLine drivenLine = drivenDelay[c];
            if (driveSteady) {  // float times float rounds as the double product would: same result, vectorised
                // copied first: a loop with the offset from in an index does not vectorise (C2, Java 17)
                System.arraycopy(x, from, pathInput, 0, frames);
                for (int i = 0; i < frames; i++) {
                    pathInput[i] *= steadyDrive;
                }
            } else {
                for (int i = 0; i < frames; i++) {
                    pathInput[i] = (float) (x[from + i] * driveGain[i]);
                }
            }
            dryLine.write(x, from, frames);
            drivenLine.write(pathInput, 0, frames);
            dryLine.read(frames + latency, dry, 0, frames);  // dry[i]: the input latency samples ago
            runPath(path, c, frames, pathOutput);
            if (pathFading) {
                runPath(previousPath, c, frames, previousPathOutput);
                for (int i = 0; i < frames; i++) {
                    pathOutput[i] = (float) (previousPathOutput[i]
                            + pathWeight[i] * (pathOutput[i] - previousPathOutput[i]));
                }
            }
            Biquad dcBlocker = dcBlockers[c];
            float[] y = out[c];
            if (!tubeInvolved) {  // no DC to remove: the blocker rests (emptied, see below)
                if (mixSteady) {  // in float and without the offset in an index, so it vectorises
                    for (int i = 0; i < frames; i++) {
                        float d = dry[i];
                        pathOutput[i] = d + steadyWet * (pathOutput[i] * steadyOutput - d);
                    }
                    System.arraycopy(pathOutput, 0, y, from, frames);
                } else {
                    for (int i = 0; i < frames; i++) {
                        double w = pathOutput[i] * outputGain[i];
                        y[from + i] = (float) (dry[i] + wetAmount[i] * (w - dry[i]));
                    }
                }
            } else {
                for (int i = 0; i < frames; i++) {
                    double shaped = pathOutput[i];
                    double tube = tubeShare(typeWeight[i]);
                    double b = dcBlocker.process(shaped);
                    double w = (shaped + tube * (b - shaped)) * outputGain[i];
                    y[from + i] = (float) (dry[i] + wetAmount[i] * (w - dry[i]));
                }
            }
            dcBlocker.flushDenormals();
        }
        if (pathFading && !pathFade.isSmoothing()) {
            pathFading = false;
        }
    }

    /** The next {@code frames} values of a smoothed parameter into {@code values}. */
    private static void ramp(SmoothedValue parameter, double[] values, int frames) {
        if (!parameter.isSmoothing()) {
            java.util.Arrays.fill(values, 0, frames, parameter.current());
            return;
        }
        for (int i = 0; i < frames; i++) {
            values[i] = parameter.next();
        }
    }

    /** How much of the wet signal is the tube curve's (and so gets its DC removed): 0, 1 or in between. */
    private double tubeShare(double fade) {
        return (previousType == TUBE ? 1 - fade : 0) + (type == TUBE ? fade : 0);
    }

    /** Drives the delayed input of channel {@code c} through oversampling path {@code p} into {@code target}. */
    private void runPath(int p, int c, int frames, float[] target) {
        Oversampler os = oversamplers[p][c];
        int pad = latency - os.latencySamples();
        DelayLine drivenLine = drivenDelay[c];
        drivenLine.read(frames + pad, pathInput, 0, frames);
        shaper.factor = os.factor();
        os.process(pathInput, 0, frames, target, 0, shaper);
    }

    /** The curve (or the type cross-fade between two) at the high rate, handed to the oversampler. */
    private final class Shaper implements Oversampler.HighRateMap {
        /** The oversampling factor of the path being run: high-rate index j belongs to frame j / factor. */
        int factor;

        @Override
        public void apply(float[] x, int offset, int count, int first, int stride) {
            if (type == previousType || typeWeight[0] >= 1) {  // the fade rises monotonically to 1
                shapeAll(type, x, offset, count);
                return;
            }
            for (int i = 0; i < count; i++) {
                double w = typeWeight[(first + i * stride) / factor];
                int j = offset + i;
                double from = shape(previousType, x[j]);
                x[j] = (float) (from + w * (shape(type, x[j]) - from));
            }
        }
    }

    private final Shaper shaper = new Shaper();

    /** The transfer curves. */
    static double shape(int type, double x) {
        float v = (float) x;
        switch (type) {
            case SOFT_CLIP:
                return softClip(v);
            case TUBE:
                return tanh(v + TUBE_BIAS) - TUBE_OFFSET;
            default:
                return tanh(v);
        }
    }

    /**
     * {@code x[j] = shape(type, x[j])} for j in [offset, offset + n): one branch-free loop per curve, so
     * the JIT can vectorise it (the oversampled shaping is the saturator's hot loop).
     */
    static void shapeAll(int type, float[] x, int offset, int n) {
        int end = offset + n;
        switch (type) {
            case SOFT_CLIP:
                for (int j = offset; j < end; j++) {
                    x[j] = softClip(x[j]);
                }
                break;
            case TUBE:
                for (int j = offset; j < end; j++) {
                    x[j] = tanh(x[j] + TUBE_BIAS) - TUBE_OFFSET;
                }
                break;
            default:
                for (int j = offset; j < end; j++) {
                    x[j] = tanh(x[j]);
                }
        }
    }

    /** Cubic: slope 1.5 at 0, reaches +-1 with zero slope at |x| = 1 and stays there (clamped, no branch). */
    static float softClip(float x) {
        float c = Math.max(-1f, Math.min(1f, x));
        return 1.5f * c - 0.5f * c * c * c;
    }

    /** Beyond this tanh is 1 to within 3e-8 (half a float ulp below 1): the approximation clamps here. */
    private static final float TANH_CLAMP = 9f;
    // x P(x^2) / Q(x^2): a rational minimax fit to tanh on [0, 9] (weighted least squares, Lawson iterations)
    private static final float P0 = 0.9999999936764874f;
    private static final float P1 = 0.13676427779039355f;
    private static final float P2 = 0.003864049316832758f;
    private static final float P3 = 2.792666040692694e-05f;
    private static final float P4 = 3.0412850644574716e-08f;
    private static final float P5 = -1.2095663184851896e-11f;
    private static final float Q1 = 0.4700975837456613f;
    private static final float Q2 = 0.027229944981879285f;
    private static final float Q3 = 0.000393128444028633f;
    private static final float Q4 = 1.2820166510902047e-06f;
    /** The proven bound of {@link #tanh} against the exact tanh of its (float) argument, over all floats. */
    static final double TANH_MAX_ERROR = 3e-7;

    /**
     * tanh as a clamped rational function in float arithmetic (no exp): within {@link #TANH_MAX_ERROR}
     * (about 5 float ulps near +-1, -130 dB) of the exact value, exactly odd (so tanh makes no even
     * harmonics), and a loop of it vectorises; about 15 times faster than tanh through {@link Math#exp}.
     */
    static float tanh(float x) {
        float c = Math.max(-TANH_CLAMP, Math.min(TANH_CLAMP, x));
        float s = c * c;
        float p = Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(P5, s, P4), s, P3), s, P2), s, P1), s, P0);
        float q = Math.fma(Math.fma(Math.fma(Math.fma(Q4, s, Q3), s, Q2), s, Q1), s, 1f);
        return c * p / q;
    }

    @Override
    protected void onReset() {
        for (Oversampler[] factor : oversamplers) {
            for (Oversampler os : factor) {
                os.reset();
            }
        }
        for (int c = 0; c < channels; c++) {
            dryDelay[c].clear();
            drivenDelay[c].clear();
            dcBlockers[c].reset();
        }
        // one by one: an array here allocates on every reset, and a channel strip resets on the audio thread
        drive.snap();
        output.snap();
        wet.snap();
        typeFade.setImmediate(1);
        pathFade.setImmediate(1);
        previousType = type;
        previousPath = path;
        pathFading = false;
    }

    /** The largest magnitude of any state that silence must empty (filters, delay lines). */
    double stateMagnitude() {
        double max = 0;
        for (Oversampler[] factor : oversamplers) {
            for (Oversampler os : factor) {
                max = Math.max(max, os.stateMagnitude());
            }
        }
        for (int c = 0; c < channels; c++) {
            max = Math.max(max, dcBlockers[c].stateMagnitude());
            for (int d = 1; d <= dryDelay[c].maxDelay(); d++) {
                max = Math.max(max, Math.abs(dryDelay[c].read(d)));
                max = Math.max(max, Math.abs(drivenDelay[c].read(d)));
            }
        }
        return max;
    }
}
