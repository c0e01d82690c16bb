package org.mixdown.host.bridge;

import org.mixdown.api.AudioBuffer;
import org.mixdown.api.AudioPlugin;
import org.mixdown.api.ParameterEvents;
import org.mixdown.api.ProcessSetup;

/**
 * Runs a plugin over a signal in blocks with one parameter automated inside most blocks, at offsets that
 * move: the bridge then calls the plugin with many different frame counts and sets the parameter on the
 * audio thread, the two things a prepared native call must get right.
 */
public final class AutomatedRun {
    private AutomatedRun() {
    }

    /** Prepares {@code plugin} at {@code rate} and processes {@code input}, alternating {@code id} between two values. */
    public static float[][] run(AudioPlugin plugin, float[][] input, double rate, int blockSize, String id, double a,
                                double b) {
        int channels = input.length;
        int frames = input[0].length;
        int parameter = plugin.descriptor().parameterIndex(id);
        plugin.prepare(ProcessSetup.of(rate, blockSize, channels));
        float[][] output = new float[channels][frames];
        AudioBuffer in = AudioBuffer.allocate(channels, blockSize);
        AudioBuffer out = AudioBuffer.allocate(channels, blockSize);
        ParameterEvents events = new ParameterEvents(2);
        int block = 0;
        for (int start = 0; start < frames; start += blockSize, block++) {
            int n = Math.min(blockSize, frames - start);
            in.frames(n);
            out.frames(n);
            for (int c = 0; c < channels; c++) {
                System.arraycopy(input[c], start, in.channel(c), 0, n);
            }
            events.clear();
            if (block % 4 != 3) {
                events.add((block * 37) % n, parameter, (block & 1) == 0 ? a : b);
            }
            plugin.process(in, out, events);
            for (int c = 0; c < channels; c++) {
                System.arraycopy(out.channel(c), 0, output[c], start, n);
            }
        }
        return output;
    }
}
