package org.mixdown.mix;

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
 * Six-band parametric equaliser on modulation-stable SVF bands (peak, shelves, cuts, notch, band-pass),
 * then an output gain. Frequency, gain and Q glide, so automation does not click.
 */
public final class Eq extends AbstractPlugin {
    public static final int BANDS = 6;
    /** Parameters per band, in this order: type, freq, gain, q, on. */
    public static final int PER_BAND = 5;
    public static final int TYPE = 0;
    public static final int FREQ = 1;
    public static final int GAIN = 2;
    public static final int Q = 3;
    public static final int ON = 4;
    public static final int OUTPUT = BANDS * PER_BAND;

    private static final EqBand.Type[] DEFAULT_TYPES = {EqBand.Type.LOWSHELF, EqBand.Type.PEAK, EqBand.Type.PEAK,
            EqBand.Type.PEAK, EqBand.Type.PEAK, EqBand.Type.HIGHSHELF};
    private static final double[] DEFAULT_FREQS = {100, 250, 1000, 2500, 6000, 10000};

    public static final PluginDescriptor DESCRIPTOR = PluginDescriptor.java("mix.eq", "EQ", "eq",
            List.of(ChannelLayout.MONO, ChannelLayout.STEREO), parameters(), List.of(), 1);

    private static List<ParameterSpec> parameters() {
        List<ParameterSpec> list = new ArrayList<>();
        for (int b = 0; b < BANDS; b++) {
            String p = "b" + (b + 1) + ".";
            String n = "Band " + (b + 1) + " ";
            list.add(ParameterSpec.choice(p + "type", n + "type", EqBand.Type.labels(), DEFAULT_TYPES[b].ordinal()));
            list.add(ParameterSpec.continuous(p + "freq", n + "frequency", "Hz", 20, 20000, DEFAULT_FREQS[b],
                    ParameterSpec.Scale.LOG));
            list.add(ParameterSpec.decibels(p + "gain", n + "gain", -24, 24, 0));
            list.add(ParameterSpec.continuous(p + "q", n + "Q", "", 0.1, 18, 0.7071, ParameterSpec.Scale.LOG));
            list.add(ParameterSpec.toggle(p + "on", n + "on", true));
        }
        list.add(ParameterSpec.decibels("output", "Output", -24, 24, 0));
        return list;
    }

    /** The parameter index of {@code field} (TYPE, FREQ, GAIN, Q, ON) of band {@code band} (0-based). */
    public static int index(int band, int field) {
        return band * PER_BAND + field;
    }

    private final EqBand[] bands = new EqBand[BANDS];
    /** One channel's working band filters, for {@link Svf#processSeries}. */
    private final Svf[] series = new Svf[BANDS];
    private final SmoothedValue output = new SmoothedValue(1);

    public Eq() {
        super(DESCRIPTOR);
    }

    @Override
    protected void onPrepare(ProcessSetup setup) {
        for (int b = 0; b < BANDS; b++) {
            bands[b] = new EqBand(setup.outputChannels());
            configure(b);
            bands[b].reset();
        }
        output.prepare(setup.sampleRate(), SmoothedValue.DEFAULT_RAMP_SECONDS);
        output.setImmediate(Db.toLinear(value(OUTPUT)));
    }

    private void configure(int b) {
        EqBand band = bands[b];
        band.setEnabled(isOn(index(b, ON)));
        band.configure(EqBand.Type.ofIndex(choice(index(b, TYPE))), value(index(b, FREQ)), value(index(b, GAIN)),
                value(index(b, Q)), sampleRate());
    }

    @Override
    protected void onParameterChange(int index, double value) {
        if (index == OUTPUT) {
            output.setTarget(Db.toLinear(value));
        } else {
            configure(index / PER_BAND);
        }
    }

    @Override
    protected void processBlock(float[][] in, float[][] out, int from, int to) {
        int channels = out.length;
        for (int c = 0; c < channels; c++) {
            if (in[c] != out[c]) {
                System.arraycopy(in[c], from, out[c], from, to - from);
            }
        }
        if (allSteady()) {
            for (int c = 0; c < channels; c++) {
                Svf.processSeries(series, stagesOf(c), out[c], from, to);
            }
        } else {
            for (EqBand band : bands) {
                band.process(out, from, to);
            }
        }
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

    private boolean allSteady() {
        for (EqBand band : bands) {
            if (!band.isSteady()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Puts channel {@code c}'s working filters in {@link #series} and returns how many: a band that is off
     * does nothing; a peak or shelf at 0 dB outputs its input bit for bit, so it is skipped and its state
     * cleared (a later glide starts it from rest, its effect rising from 0 with the gain). The working bands
     * then run fused in series ({@link Svf#processSeries}): independent recursions side by side in one loop.
     */
    private int stagesOf(int c) {
        int count = 0;
        for (EqBand band : bands) {
            if (band.isBypassed()) {
                continue;
            }
            if (band.isUnity()) {
                band.clearState();
                continue;
            }
            series[count++] = band.filter(c);
        }
        return count;
    }

    @Override
    protected void onReset() {
        for (EqBand band : bands) {
            band.reset();
        }
        output.snap();
    }

    /** The largest magnitude of any band's filter state (tests prove silence decays to exactly zero). */
    double stateMagnitude() {
        double max = 0;
        for (EqBand band : bands) {
            max = Math.max(max, band.stateMagnitude());
        }
        return max;
    }
}
