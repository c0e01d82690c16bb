package org.mixdown.mix;

import org.mixdown.api.AudioBuffer;
import org.mixdown.api.AudioPlugin;
import org.mixdown.api.ParameterEvents;
import org.mixdown.api.ProcessSetup;
import org.mixdown.testkit.PluginChecks;

/** Test helpers for parameter steps: render with one automation event, and measure first differences. */
final class StepRunner {
    private StepRunner() {
    }

    /**
     * Prepares {@code plugin} and renders {@code input} in blocks of {@code blockSize}, setting parameter
     * {@code index} to {@code value} by an automation event at sample {@code at}.
     */
    static float[][] renderWithStep(AudioPlugin plugin, float[][] input, double sampleRate, int blockSize,
                                    int index, double value, int at) {
        int outChannels = plugin.descriptor().outputsFor(input.length);
        plugin.prepare(new ProcessSetup(sampleRate, blockSize, input.length, outChannels));
        int frames = input[0].length;
        float[][] output = new float[outChannels][frames];
        AudioBuffer in = AudioBuffer.allocate(input.length, blockSize);
        AudioBuffer out = AudioBuffer.allocate(outChannels, blockSize);
        ParameterEvents events = new ParameterEvents(1);
        for (int start = 0; start < frames; start += blockSize) {
            int n = Math.min(blockSize, frames - start);
            in.frames(n);
            out.frames(n);
            for (int c = 0; c < input.length; c++) {
                System.arraycopy(input[c], start, in.channel(c), 0, n);
            }
            events.clear();
            if (at >= start && at < start + n) {
                events.add(at - start, index, value);
            }
            plugin.process(in, out, events);
            for (int c = 0; c < outChannels; c++) {
                System.arraycopy(out.channel(c), 0, output[c], start, n);
            }
        }
        return output;
    }

    /** The largest |x[n] - x[n-1]| over {@code [from, to)}. */
    static double maxStep(float[] x, int from, int to) {
        double max = 0;
        for (int n = Math.max(1, from); n < to; n++) {
            max = Math.max(max, Math.abs(x[n] - x[n - 1]));
        }
        return max;
    }

    /**
     * {@link PluginChecks#assertZeroAllocation} over 10,000 blocks, given one second chance on a fresh
     * instance: under heavy machine load the JIT may finish compiling (or deoptimise shared code such as
     * AbstractPlugin.process for a new receiver) inside the measured window, and the JVM then allocates a
     * few hundred bytes once. Allocation in process itself happens every block and fails both runs.
     */
    static void assertZeroAllocation(java.util.function.Supplier<AudioPlugin> factory, ProcessSetup setup) {
        try {
            PluginChecks.assertZeroAllocation(factory.get(), setup, 10_000);
        } catch (AssertionError first) {
            PluginChecks.assertZeroAllocation(factory.get(), setup, 10_000);
        }
    }

    /** Sets parameters by id, for configure steps. */
    static void set(AudioPlugin plugin, Object... idValuePairs) {
        for (int i = 0; i < idValuePairs.length; i += 2) {
            plugin.setParameter((String) idValuePairs[i], ((Number) idValuePairs[i + 1]).doubleValue());
        }
    }
}
