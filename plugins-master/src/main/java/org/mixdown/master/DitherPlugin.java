package org.mixdown.master;

import java.util.Arrays;
import java.util.List;
import org.mixdown.api.AbstractPlugin;
import org.mixdown.api.ChannelLayout;
import org.mixdown.api.ParameterSpec;
import org.mixdown.api.PluginDescriptor;
import org.mixdown.api.ProcessSetup;
import org.mixdown.dsp.Dither;

/**
 * The last stage of a master: TPDF dither with optional noise shaping down to 16, 20 or 24 bits. Every
 * output sample is an exact multiple of the target LSB, so a writer at that depth stores it losslessly.
 * One {@link Dither} per channel, each with its own seed so the channels' noise is uncorrelated.
 */
public final class DitherPlugin extends AbstractPlugin {
    public static final int BITS = 0;
    public static final int SHAPING = 1;

    /** The depths offered, in choice order. */
    static final int[] DEPTHS = {16, 20, 24};
    /** values() copies its array per call; parameter changes run on the audio thread. */
    private static final Dither.Shaping[] SHAPINGS = Dither.Shaping.values();

    public static final PluginDescriptor DESCRIPTOR = PluginDescriptor.java("master.dither", "Dither", "mastering",
            List.of(ChannelLayout.MONO, ChannelLayout.STEREO),
            List.of(ParameterSpec.choice("bits", "Bit depth", List.of("16", "20", "24"), 0),
                    ParameterSpec.choice("shaping", "Noise shaping",
                            Arrays.stream(Dither.Shaping.values()).map(Dither.Shaping::label).toList(), 0)),
            List.of(), 1);

    private Dither[] dithers = new Dither[0];

    public DitherPlugin() {
        super(DESCRIPTOR);
    }

    @Override
    protected void onPrepare(ProcessSetup setup) {
        dithers = new Dither[setup.outputChannels()];
        for (int c = 0; c < dithers.length; c++) {
            dithers[c] = new Dither(0x5EED_0000L + 7919L * c);
        }
        configure();
    }

    private void configure() {
        int bits = DEPTHS[choice(BITS)];
        Dither.Shaping shaping = SHAPINGS[choice(SHAPING)];
        for (Dither d : dithers) {
            d.configure(bits, shaping);
        }
    }

    @Override
    protected void onParameterChange(int index, double value) {
        configure();
    }

    @Override
    protected void processBlock(float[][] in, float[][] out, int from, int to) {
        for (int c = 0; c < dithers.length; c++) {
            dithers[c].process(in[c], out[c], from, to);
        }
    }

    @Override
    protected void onReset() {
        for (Dither d : dithers) {
            d.reset();
        }
    }

    /** The largest feedback state over the channels (for the silence test). */
    double stateMagnitude() {
        double max = 0;
        for (Dither d : dithers) {
            max = Math.max(max, d.stateMagnitude());
        }
        return max;
    }
}
