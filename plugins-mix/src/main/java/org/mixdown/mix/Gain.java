package org.mixdown.mix;

import java.util.List;
import org.mixdown.api.AbstractPlugin;
import org.mixdown.api.ChannelLayout;
import org.mixdown.api.ParameterSpec;
import org.mixdown.api.PluginDescriptor;
import org.mixdown.api.ProcessSetup;
import org.mixdown.dsp.Db;
import org.mixdown.dsp.SmoothedValue;

/** Trim / gain with a polarity switch. The linear gain (sign included) glides over 20 ms on a change. */
public final class Gain extends AbstractPlugin {
    public static final int GAIN = 0;
    public static final int INVERT = 1;

    public static final PluginDescriptor DESCRIPTOR = PluginDescriptor.java("mix.gain", "Gain", "utility",
            List.of(ChannelLayout.MONO, ChannelLayout.STEREO),
            List.of(ParameterSpec.decibels("gain", "Gain", -96, 24, 0),
                    ParameterSpec.toggle("invert", "Invert polarity", false)),
            List.of(), 1);

    private final SmoothedValue gain = new SmoothedValue(1);

    public Gain() {
        super(DESCRIPTOR);
    }

    private double targetGain() {
        return Db.toLinear(value(GAIN)) * (isOn(INVERT) ? -1 : 1);
    }

    @Override
    protected void onPrepare(ProcessSetup setup) {
        gain.prepare(setup.sampleRate(), SmoothedValue.DEFAULT_RAMP_SECONDS);
        gain.setImmediate(targetGain());
    }

    @Override
    protected void onParameterChange(int index, double value) {
        gain.setTarget(targetGain());
    }

    @Override
    protected void processBlock(float[][] in, float[][] out, int from, int to) {
        int channels = out.length;
        if (!gain.isSmoothing()) {
            float g = (float) gain.current();
            for (int c = 0; c < channels; c++) {
                float[] x = in[c], y = out[c];
                for (int i = from; i < to; i++) {
                    y[i] = x[i] * g;
                }
            }
            return;
        }
        for (int i = from; i < to; i++) {
            float g = (float) gain.next();
            for (int c = 0; c < channels; c++) {
                out[c][i] = in[c][i] * g;
            }
        }
    }

    @Override
    protected void onReset() {
        gain.snap();
    }
}
