package org.mixdown.testkit;

import org.mixdown.api.AudioBuffer;
import org.mixdown.api.AudioPlugin;
import org.mixdown.api.ParameterEvents;
import org.mixdown.api.ProcessSetup;

/** Runs a prepared plugin over whole signals in blocks, as a host would. */
public final class PluginRunner {
    private PluginRunner() {
    }

    /**
     * Prepares {@code plugin} for {@code sampleRate} and the given block size with as many channels in as
     * {@code input} has and the plugin's matching output count, then processes the whole input.
     */
    public static float[][] run(AudioPlugin plugin, float[][] input, double sampleRate, int blockSize) {
        int outChannels = plugin.descriptor().outputsFor(input.length);
        if (outChannels < 0) {
            throw new IllegalArgumentException(plugin.descriptor().id() + " takes no " + input.length + " channel input");
        }
        plugin.prepare(new ProcessSetup(sampleRate, blockSize, input.length, outChannels));
        return process(plugin, input, outChannels, blockSize);
    }

    /** Processes {@code input} through an already prepared plugin with blocks of {@code blockSize}. */
    public static float[][] process(AudioPlugin plugin, float[][] input, int outChannels, int blockSize) {
        int frames = input[0].length;
        float[][] output = new float[outChannels][frames];
        AudioBuffer in = AudioBuffer.allocate(input.length, blockSize);
        AudioBuffer out = AudioBuffer.allocate(outChannels, blockSize);
        for (int start = 0; start < frames; start += blockSize) {
            int n = Math.min(blockSize, frames - start);
            in.frames(n);
            out.frames(n);
            for (int c = 0; c < input.length; c++) {
                System.arraycopy(input[c], start, in.channel(c), 0, n);
            }
            plugin.process(in, out, ParameterEvents.NONE);
            for (int c = 0; c < outChannels; c++) {
                System.arraycopy(out.channel(c), 0, output[c], start, n);
            }
        }
        return output;
    }

    /** Processes in place: the same buffer is input and output (channel counts must match). */
    public static float[][] processInPlace(AudioPlugin plugin, float[][] input, int blockSize) {
        int frames = input[0].length;
        float[][] output = new float[input.length][frames];
        AudioBuffer buffer = AudioBuffer.allocate(input.length, blockSize);
        for (int start = 0; start < frames; start += blockSize) {
            int n = Math.min(blockSize, frames - start);
            buffer.frames(n);
            for (int c = 0; c < input.length; c++) {
                System.arraycopy(input[c], start, buffer.channel(c), 0, n);
            }
            plugin.process(buffer, buffer, ParameterEvents.NONE);
            for (int c = 0; c < input.length; c++) {
                System.arraycopy(buffer.channel(c), 0, output[c], start, n);
            }
        }
        return output;
    }
}
