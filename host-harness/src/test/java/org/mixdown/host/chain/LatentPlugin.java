package org.mixdown.host.chain;

import java.util.List;
import org.mixdown.api.AbstractPlugin;
import org.mixdown.api.ChannelLayout;
import org.mixdown.api.ParameterSpec;
import org.mixdown.api.PluginDescriptor;
import org.mixdown.api.ProcessSetup;
import org.mixdown.dsp.DelayLine;

/** A test plugin: delays by a fixed latency and multiplies by {@code level}, read per sub-block. */
final class LatentPlugin extends AbstractPlugin {
    static final PluginDescriptor DESCRIPTOR = PluginDescriptor.java("test.latent", "Latent", "test",
            List.of(ChannelLayout.MONO, ChannelLayout.STEREO),
            List.of(ParameterSpec.continuous("level", "Level", "", -4, 4, 1, ParameterSpec.Scale.LINEAR)), List.of(), 1);

    private final int latency;
    private DelayLine[] lines;

    LatentPlugin(int latency) {
        super(DESCRIPTOR);
        this.latency = latency;
    }

    @Override
    protected void onPrepare(ProcessSetup setup) {
        lines = new DelayLine[setup.outputChannels()];
        for (int c = 0; c < lines.length; c++) {
            lines[c] = new DelayLine();
            lines[c].allocate(Math.max(1, latency));
        }
    }

    @Override
    protected void processBlock(float[][] in, float[][] out, int from, int to) {
        float level = (float) value(0);
        for (int c = 0; c < out.length; c++) {
            for (int i = from; i < to; i++) {
                out[c][i] = level * lines[c].process(in[c][i], latency);
            }
        }
    }

    @Override
    protected void onReset() {
        for (DelayLine line : lines) {
            line.clear();
        }
    }

    @Override
    public int latencySamples() {
        return latency;
    }
}
