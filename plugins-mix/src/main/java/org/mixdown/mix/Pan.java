package org.mixdown.mix;

import java.util.Arrays;
import java.util.List;
import org.mixdown.api.AbstractPlugin;
import org.mixdown.api.ChannelLayout;
import org.mixdown.api.ParameterSpec;
import org.mixdown.api.PluginDescriptor;
import org.mixdown.api.ProcessSetup;
import org.mixdown.dsp.SmoothedValue;

/**
 * Panner. Mono in, stereo out: the pan law places the source. Stereo in: a balance control, the law
 * normalised to unity at the centre and never boosting (turning right only lowers the left, and the
 * reverse).
 */
public final class Pan extends AbstractPlugin {
    public static final int PAN = 0;
    public static final int LAW = 1;

    public static final PluginDescriptor DESCRIPTOR = PluginDescriptor.java("mix.pan", "Pan", "utility",
            List.of(ChannelLayout.MONO_TO_STEREO, ChannelLayout.STEREO),
            List.of(ParameterSpec.continuous("pan", "Pan", "%", -100, 100, 0, ParameterSpec.Scale.LINEAR),
                    ParameterSpec.choice("law", "Pan law",
                            Arrays.stream(PanLaw.values()).map(PanLaw::label).toList(), 0)),
            List.of(), 1);

    /** values() copies its array on every call; the audio thread reads this one. */
    private static final PanLaw[] LAWS = PanLaw.values();

    private final SmoothedValue left = new SmoothedValue(1);
    private final SmoothedValue right = new SmoothedValue(1);
    private boolean monoInput;

    public Pan() {
        super(DESCRIPTOR);
    }

    /** Left and right gains for the current parameters. */
    private double gain(boolean leftSide) {
        PanLaw law = LAWS[choice(LAW)];
        double x = (value(PAN) + 100) / 200;
        double g = leftSide ? law.left(x) : law.right(x);
        if (monoInput) {
            return g;
        }
        double centre = law.left(0.5);
        return Math.min(1, g / centre);
    }

    @Override
    protected void onPrepare(ProcessSetup setup) {
        monoInput = setup.inputChannels() == 1;
        left.prepare(setup.sampleRate(), SmoothedValue.DEFAULT_RAMP_SECONDS);
        right.prepare(setup.sampleRate(), SmoothedValue.DEFAULT_RAMP_SECONDS);
        left.setImmediate(gain(true));
        right.setImmediate(gain(false));
    }

    @Override
    protected void onParameterChange(int index, double value) {
        left.setTarget(gain(true));
        right.setTarget(gain(false));
    }

    @Override
    protected void processBlock(float[][] in, float[][] out, int from, int to) {
        float[] inL = in[0];
        float[] inR = monoInput ? in[0] : in[1];
        float[] outL = out[0];
        float[] outR = out[1];
        if (!left.isSmoothing() && !right.isSmoothing()) {  // settled: constant gains, the same products
            double gl = left.current();
            double gr = right.current();
            for (int i = from; i < to; i++) {
                float l = inL[i];
                float r = inR[i];
                outL[i] = (float) (l * gl);
                outR[i] = (float) (r * gr);
            }
            return;
        }
        for (int i = from; i < to; i++) {
            float l = inL[i];
            float r = inR[i];
            outL[i] = (float) (l * left.next());
            outR[i] = (float) (r * right.next());
        }
    }

    @Override
    protected void onReset() {
        left.snap();
        right.snap();
    }
}
