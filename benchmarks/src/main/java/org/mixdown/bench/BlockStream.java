package org.mixdown.bench;

import org.mixdown.api.AudioBuffer;
import org.mixdown.api.AudioPlugin;
import org.mixdown.api.ParameterEvents;
import org.mixdown.api.ProcessSetup;

/**
 * Feeds one prepared plugin block after block as a {@link Scenario} asks: a moving window over a two-second
 * stereo programme (so the input keeps changing), with one parameter swept every block for automation, or
 * a loud burst followed by a long silence. Counts the blocks, so allocation can be divided by them.
 */
final class BlockStream implements AutoCloseable {
    /** Steps of the automation sweep: one value per block, up and back down over this many blocks. */
    private static final int SWEEP_STEPS = 64;

    private final AudioPlugin plugin;
    private final Scenario scenario;
    private final int blockSize;
    private final AudioBuffer in;
    private final AudioBuffer out;
    private final int span;
    private final AudioBuffer silentIn;
    private final AudioBuffer silentOut;
    private final int silentBlocks;
    private final ParameterEvents events = new ParameterEvents(4);
    private final int automated;
    private final double[] sweep = new double[SWEEP_STEPS];
    private int position;
    private int silentLeft;
    private int step;
    private long blocks;

    BlockStream(String pluginId, AudioPlugin plugin, int sampleRate, int blockSize, Scenario scenario) {
        this.plugin = plugin;
        this.scenario = scenario;
        this.blockSize = blockSize;
        int outputs = plugin.descriptor().outputsFor(2);
        plugin.prepare(new ProcessSetup(sampleRate, blockSize, 2, outputs));
        if (scenario == Scenario.SILENCE_AFTER_LOUD) {
            span = Math.max(blockSize, (int) (Scenario.LOUD_SECONDS * sampleRate) / blockSize * blockSize);
            in = new AudioBuffer(loud(BenchSettings.programme(2, span + blockSize, sampleRate)));
            silentBlocks = (int) (Scenario.SILENCE_SECONDS * sampleRate / blockSize);
        } else {
            span = 2 * sampleRate;
            in = new AudioBuffer(BenchSettings.programme(2, span + blockSize, sampleRate));
            silentBlocks = 0;
        }
        out = AudioBuffer.allocate(outputs, span + blockSize);
        silentIn = AudioBuffer.allocate(2, blockSize);
        silentOut = AudioBuffer.allocate(outputs, blockSize);
        automated = scenario == Scenario.AUTOMATION ? Scenario.automatedParameter(pluginId, plugin.descriptor()) : -1;
        if (automated >= 0) {
            var spec = plugin.descriptor().parameters().get(automated);
            double from = spec.toNormalized(plugin.parameter(spec.id()));
            double to = from > 0.75 ? from - 0.25 : from + 0.25;  // a quarter of the range, on the parameter's scale
            for (int k = 0; k < SWEEP_STEPS; k++) {
                double t = 0.5 - 0.5 * Math.cos(2 * Math.PI * k / SWEEP_STEPS);
                sweep[k] = spec.fromNormalized(from + t * (to - from));
            }
        }
    }

    /** The programme raised by 12 dB and clipped at full scale: a loud master. */
    private static float[][] loud(float[][] programme) {
        for (float[] channel : programme) {
            for (int i = 0; i < channel.length; i++) {
                channel[i] = Math.max(-1f, Math.min(1f, 4 * channel[i]));
            }
        }
        return programme;
    }

    /** Processes one block; returns a sample of the output so the work cannot be optimised away. */
    float next() {
        blocks++;
        if (silentLeft > 0) {
            silentLeft--;
            plugin.process(silentIn, silentOut, ParameterEvents.NONE);
            return silentOut.channel(0)[0];
        }
        in.window(position, blockSize);
        out.window(position, blockSize);
        ParameterEvents blockEvents = ParameterEvents.NONE;
        if (automated >= 0) {
            events.clear();
            events.add(blockSize / 2, automated, sweep[step]);
            step = (step + 1) % SWEEP_STEPS;
            blockEvents = events;
        }
        plugin.process(in, out, blockEvents);
        float sample = out.channel(0)[out.offset()];
        position += blockSize;
        if (position >= span) {
            position = 0;
            silentLeft = silentBlocks;
        }
        return sample;
    }

    long blocks() {
        return blocks;
    }

    /** Whether the automation scenario found a parameter to move. */
    boolean automates() {
        return automated >= 0;
    }

    Scenario scenario() {
        return scenario;
    }

    @Override
    public void close() {
        plugin.close();
    }
}
