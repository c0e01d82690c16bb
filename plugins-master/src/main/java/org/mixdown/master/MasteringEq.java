package org.mixdown.master;

import java.util.ArrayList;
import java.util.List;
import org.mixdown.api.AbstractPlugin;
import org.mixdown.api.ChannelLayout;
import org.mixdown.api.ParameterSpec;
import org.mixdown.api.PluginDescriptor;
import org.mixdown.api.ProcessSetup;
import org.mixdown.dsp.Db;
import org.mixdown.dsp.EqBand;
import org.mixdown.dsp.SmoothedValue;
import org.mixdown.dsp.Svf;

/**
 * Mastering equaliser: 8 {@link EqBand}s (as mix.eq), a {@link TiltShelf} around 1 kHz and an output gain.
 *
 * <p>{@code phase = minimum}: the IIR bands themselves, no latency. {@code phase = linear}: one FIR per
 * channel with the same magnitude (the product of the bands', the tilt's and the output gain's analytic
 * magnitudes) and no phase shift, by partitioned FFT convolution ({@link LinearPhaseFilter}); latency =
 * chunk + half the kernel. {@code phase} changes the latency, so it takes effect at the next prepare.
 *
 * <p>{@code mode = mid-side} filters mid (L+R)/2 and side (L-R)/2; each band's {@code channel} puts it on
 * both channels, or only on the first (left or mid) or the second (right or side).
 */
public final class MasteringEq extends AbstractPlugin {
    public static final int BANDS = 8;
    /** Parameters per band, in this order: type, freq, gain, q, on, channel. */
    public static final int PER_BAND = 6;
    public static final int TYPE = 0;
    public static final int FREQ = 1;
    public static final int GAIN = 2;
    public static final int Q = 3;
    public static final int ON = 4;
    public static final int CHANNEL = 5;
    public static final int TILT = BANDS * PER_BAND;
    public static final int PHASE = TILT + 1;
    public static final int MODE = PHASE + 1;
    public static final int OUTPUT = MODE + 1;

    public static final int PHASE_MINIMUM = 0;
    public static final int PHASE_LINEAR = 1;
    public static final int MODE_STEREO = 0;
    public static final int MODE_MID_SIDE = 1;
    public static final int CHANNEL_BOTH = 0;
    public static final int CHANNEL_FIRST = 1;
    public static final int CHANNEL_SECOND = 2;
    /** Linear-phase kernel length in seconds, rounded up to a power of two (16384 taps at 48 kHz). */
    private static final double KERNEL_SECONDS = 0.34;
    private static final int PARTITIONS = 16;

    private static final EqBand.Type[] DEFAULT_TYPES = {EqBand.Type.LOWCUT, EqBand.Type.LOWSHELF,
            EqBand.Type.PEAK, EqBand.Type.PEAK, EqBand.Type.PEAK, EqBand.Type.PEAK, EqBand.Type.HIGHSHELF,
            EqBand.Type.HIGHCUT};
    private static final double[] DEFAULT_FREQS = {25, 90, 250, 700, 2000, 5000, 10_000, 19_000};

    public static final PluginDescriptor DESCRIPTOR = PluginDescriptor.java("master.eq", "Mastering EQ", "eq",
            List.of(ChannelLayout.MONO, ChannelLayout.STEREO), parameters(), List.of(), 1);

    private static List<ParameterSpec> parameters() {
        List<ParameterSpec> list = new ArrayList<>();
        for (int b = 0; b < BANDS; b++) {
            String p = "b" + (b + 1) + ".";
            String n = "Band " + (b + 1) + " ";
            boolean cut = b == 0 || b == BANDS - 1;
            list.add(ParameterSpec.choice(p + "type", n + "type", EqBand.Type.labels(), DEFAULT_TYPES[b].ordinal()));
            list.add(ParameterSpec.continuous(p + "freq", n + "frequency", "Hz", 20, 20000, DEFAULT_FREQS[b],
                    ParameterSpec.Scale.LOG));
            list.add(ParameterSpec.decibels(p + "gain", n + "gain", -24, 24, 0));
            list.add(ParameterSpec.continuous(p + "q", n + "Q", "", 0.1, 18, 0.7071, ParameterSpec.Scale.LOG));
            list.add(ParameterSpec.toggle(p + "on", n + "on", !cut));
            list.add(ParameterSpec.choice(p + "channel", n + "channel", List.of("both", "left-mid", "right-side"),
                    CHANNEL_BOTH));
        }
        list.add(ParameterSpec.decibels("tilt", "Tilt (around 1 kHz)", -6, 6, 0));
        list.add(ParameterSpec.choice("phase", "Phase", List.of("minimum", "linear"), PHASE_MINIMUM));
        list.add(ParameterSpec.choice("mode", "Mode", List.of("stereo", "mid-side"), MODE_STEREO));
        list.add(ParameterSpec.decibels("output", "Output", -24, 24, 0));
        return list;
    }

    /** The parameter index of {@code field} (TYPE .. CHANNEL) of band {@code band} (0-based). */
    public static int index(int band, int field) {
        return band * PER_BAND + field;
    }

    private int channels;
    private boolean linear;
    private boolean midSide;
    private int latency;
    /** bands[channel][band]: one single-channel band per channel, so a band can sit on one channel only. */
    private EqBand[][] bands = new EqBand[0][];
    private TiltShelf tilt;
    /** The filters one channel runs in series when nothing glides (scratch, filled per block). */
    private final Svf[] series = new Svf[BANDS + 1];
    /** Whether steady filters run in series in one loop (tests switch it off: the output must not change). */
    private boolean inSeries = true;
    private final SmoothedValue output = new SmoothedValue(1);
    private LinearPhaseFilter linearFilter;
    private ChunkedStream stream;
    private final ChunkedStream.ChunkProcessor chunkProcessor = this::processChunk;
    private double[][] encoded = new double[0][];
    /** A design-only filter: the linear-phase kernels take their magnitude from it. */
    private final Svf response = new Svf();
    private double pivotG;

    public MasteringEq() {
        super(DESCRIPTOR);
    }

    @Override
    protected void onPrepare(ProcessSetup setup) {
        double fs = setup.sampleRate();
        channels = setup.outputChannels();
        linear = choice(PHASE) == PHASE_LINEAR;
        midSide = channels == 2 && choice(MODE) == MODE_MID_SIDE;
        pivotG = Svf.prewarp(TiltShelf.PIVOT_HZ, fs);
        if (linear) {
            bands = new EqBand[0][];
            tilt = null;
            int length = RealFft.powerOfTwoAtLeast((int) Math.ceil(fs * KERNEL_SECONDS));
            linearFilter = new LinearPhaseFilter(channels, length, PARTITIONS, new LinearPhaseFilter.ResponseSource() {
                @Override
                public void magnitude(int channel, double[] warped, double[] magnitude) {
                    linearMagnitude(channel, warped, magnitude);
                }

                @Override
                public boolean sameAsFirst(int channel) {
                    return everyBandOnBothChannels();
                }
            });
            stream = new ChunkedStream(channels, linearFilter.chunkSize());
            encoded = new double[channels][linearFilter.chunkSize()];
            latency = stream.latency() + linearFilter.delay();
            linearFilter.designNow();
        } else {
            linearFilter = null;
            stream = null;
            bands = new EqBand[channels][BANDS];
            for (int c = 0; c < channels; c++) {
                for (int b = 0; b < BANDS; b++) {
                    bands[c][b] = new EqBand(1);
                    configure(c, b);
                    bands[c][b].reset();
                }
            }
            tilt = new TiltShelf(channels);
            tilt.prepare(fs, value(TILT));
            output.prepare(fs, SmoothedValue.DEFAULT_RAMP_SECONDS);
            output.setImmediate(Db.toLinear(value(OUTPUT)));
            latency = 0;
        }
    }

    /** Whether band {@code b} works on channel {@code c} (a mono input takes every band). */
    private boolean onChannel(int c, int b) {
        int route = choice(index(b, CHANNEL));
        return channels == 1 || route == CHANNEL_BOTH || route - 1 == c;
    }

    private boolean everyBandOnBothChannels() {
        for (int b = 0; b < BANDS; b++) {
            if (isOn(index(b, ON)) && choice(index(b, CHANNEL)) != CHANNEL_BOTH) {
                return false;
            }
        }
        return true;
    }

    private void configure(int c, int b) {
        EqBand band = bands[c][b];
        band.setEnabled(isOn(index(b, ON)) && onChannel(c, b));
        band.configure(EqBand.Type.ofIndex(choice(index(b, TYPE))), value(index(b, FREQ)), value(index(b, GAIN)),
                value(index(b, Q)), sampleRate());
    }

    @Override
    protected void onParameterChange(int index, double value) {
        if (index == MODE) {
            midSide = channels == 2 && choice(MODE) == MODE_MID_SIDE;
            return;
        }
        if (index == PHASE) {
            return;  // changes the latency: takes effect at the next prepare
        }
        if (linear) {
            linearFilter.redesign();
        } else if (index == TILT) {
            tilt.setTilt(value);
        } else if (index == OUTPUT) {
            output.setTarget(Db.toLinear(value));
        } else {
            for (int c = 0; c < channels; c++) {
                configure(c, index / PER_BAND);
            }
        }
    }

    /** The magnitude of the whole EQ on {@code channel}: every band on it, the tilt, the output gain. */
    private void linearMagnitude(int channel, double[] warped, double[] magnitude) {
        double gain = Db.toLinear(value(OUTPUT));
        double tiltDb = value(TILT);
        for (int k = 0; k < warped.length; k++) {  // squared magnitudes multiply; one square root at the end
            double m = gain * TiltShelf.magnitude(tiltDb, warped[k], pivotG);
            magnitude[k] = m * m;
        }
        for (int b = 0; b < BANDS; b++) {
            if (!isOn(index(b, ON)) || !onChannel(channel, b)) {
                continue;
            }
            response.design(EqBand.Type.ofIndex(choice(index(b, TYPE))).svfType(), value(index(b, FREQ)),
                    value(index(b, Q)), value(index(b, GAIN)), sampleRate());
            double g = response.g(), kd = response.k(), m0 = response.m0(), m1 = response.m1(), m2 = response.m2();
            for (int k = 0; k < warped.length; k++) {
                magnitude[k] *= svfSquaredMagnitude(warped[k] / g, kd, m0, m1, m2);
            }
        }
        for (int k = 0; k < warped.length; k++) {
            magnitude[k] = Math.sqrt(magnitude[k]);
        }
    }

    /**
     * |H|^2 of an SVF mix at s = j w on the prototype axis (as {@link Svf#magnitude}):
     * H = (m0 D + m1 s + m2) / D, D = s^2 + k s + 1; m0^2 at w = infinity (Nyquist).
     */
    private static double svfSquaredMagnitude(double w, double k, double m0, double m1, double m2) {
        if (Double.isInfinite(w)) {
            return m0 * m0;
        }
        double dr = 1 - w * w;
        double di = k * w;
        double nr = m0 * dr + m2;
        double ni = m0 * di + m1 * w;
        return (nr * nr + ni * ni) / (dr * dr + di * di);
    }

    @Override
    public int latencySamples() {
        return latency;
    }

    @Override
    public int tailSamples() {
        if (setup() == null) {
            return 0;
        }
        // the FIR ends half a kernel after the latency; narrow IIR bands ring for well under half a second
        return linear ? latency + linearFilter.delay() : (int) (0.5 * sampleRate());
    }

    @Override
    protected void processBlock(float[][] in, float[][] out, int from, int to) {
        if (linear) {
            stream.process(in, out, from, to, chunkProcessor);
            return;
        }
        for (int c = 0; c < channels; c++) {
            if (in[c] != out[c]) {
                System.arraycopy(in[c], from, out[c], from, to - from);
            }
        }
        if (midSide) {
            for (int i = from; i < to; i++) {
                float l = out[0][i], r = out[1][i];
                out[0][i] = 0.5f * (l + r);
                out[1][i] = 0.5f * (l - r);
            }
        }
        if (inSeries && steady()) {
            for (int c = 0; c < channels; c++) {
                Svf.processSeries(series, stagesOf(c), out[c], from, to);
            }
        } else {
            for (int c = 0; c < channels; c++) {
                for (EqBand band : bands[c]) {
                    band.process(out[c], from, to);
                }
            }
            tilt.process(out, from, to);
        }
        if (midSide) {
            for (int i = from; i < to; i++) {
                float m = out[0][i], s = out[1][i];
                out[0][i] = m + s;
                out[1][i] = m - s;
            }
        }
        applyOutputGain(out, from, to);
    }

    void setInSeries(boolean on) {
        inSeries = on;
    }

    /** Whether no band and not the tilt glides or fades: the filters then run in series in one loop per channel. */
    private boolean steady() {
        for (EqBand[] channelBands : bands) {
            for (EqBand band : channelBands) {
                if (!band.isSteady()) {
                    return false;
                }
            }
        }
        return tilt.isSteady();
    }

    /**
     * Puts channel {@code c}'s working filters in {@link #series} and returns how many. A band that is off
     * does nothing; a peak or shelf at 0 dB outputs its input bit for bit, so it is skipped and its state
     * cleared (a later glide starts it from rest while its effect is still near 0).
     */
    private int stagesOf(int c) {
        int count = 0;
        for (EqBand band : bands[c]) {
            if (band.isBypassed()) {
                continue;
            }
            if (band.isUnity()) {
                band.clearState();
                continue;
            }
            series[count++] = band.filter(0);
        }
        if (!tilt.isFlat()) {
            series[count++] = tilt.filter(c);
        }
        return count;
    }

    private void applyOutputGain(float[][] out, int from, int to) {
        if (!output.isSmoothing()) {
            float g = (float) output.current();
            if (g != 1f) {
                for (int c = 0; c < channels; c++) {
                    float[] y = out[c];
                    for (int i = from; i < to; i++) {
                        y[i] *= g;
                    }
                }
            }
            return;
        }
        for (int i = from; i < to; i++) {
            float g = (float) output.next();
            for (int c = 0; c < channels; c++) {
                out[c][i] *= g;
            }
        }
    }

    /** One chunk of the linear-phase path. */
    private void processChunk(double[][] input, double[][] output) {
        if (!midSide) {
            linearFilter.process(input, output);
            return;
        }
        int chunk = input[0].length;
        for (int n = 0; n < chunk; n++) {
            double l = input[0][n], r = input[1][n];
            encoded[0][n] = 0.5 * (l + r);
            encoded[1][n] = 0.5 * (l - r);
        }
        linearFilter.process(encoded, output);
        for (int n = 0; n < chunk; n++) {
            double m = output[0][n], s = output[1][n];
            output[0][n] = m + s;
            output[1][n] = m - s;
        }
    }

    @Override
    protected void onReset() {
        if (linear) {
            linearFilter.reset();
            stream.reset();
            return;
        }
        for (EqBand[] channelBands : bands) {
            for (EqBand band : channelBands) {
                band.reset();
            }
        }
        tilt.reset();
        output.snap();
    }

    /** The largest magnitude of any internal state (tests: silence must bring it to exactly 0). */
    double stateMagnitude() {
        if (linear) {
            return Math.max(linearFilter.stateMagnitude(), stream.stateMagnitude());
        }
        double max = tilt.stateMagnitude();
        for (EqBand[] channelBands : bands) {
            for (EqBand band : channelBands) {
                max = Math.max(max, band.stateMagnitude());
            }
        }
        return max;
    }
}
