package org.mixdown.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.mixdown.api.AudioBuffer;
import org.mixdown.api.AudioPlugin;
import org.mixdown.api.ParameterEvents;
import org.mixdown.api.ParameterSpec;
import org.mixdown.api.PluginState;
import org.mixdown.api.ProcessSetup;

/**
 * The checks every plugin must pass: zero allocation in process, finite output, block-size independence,
 * exact state round trips. Each takes a supplier of fresh instances and an optional configuration step.
 */
public final class PluginChecks {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private PluginChecks() {
    }

    /** The bytes this thread has allocated so far. */
    public static long allocatedBytes() {
        return THREADS.getCurrentThreadAllocatedBytes();
    }

    /**
     * Processes {@code blocks} blocks of noise after a warm-up long enough for the JIT and asserts that the
     * thread allocated nothing while doing so. Parameter events land every block, to cover that path too.
     */
    public static void assertZeroAllocation(AudioPlugin plugin, ProcessSetup setup, int blocks) {
        plugin.prepare(setup);
        int frames = setup.maxBlockSize();
        AudioBuffer in = new AudioBuffer(noise(setup.inputChannels() == 0 ? 1 : setup.inputChannels(), frames, 1));
        AudioBuffer out = AudioBuffer.allocate(setup.outputChannels(), frames);
        float[][] source = noise(in.channels(), frames, 2);
        ParameterEvents events = new ParameterEvents(4);
        int automatable = firstParameter(plugin, false);
        double[] values = automatable < 0 ? null : twoValues(plugin.descriptor().parameters().get(automatable));
        // a choice or switch changes too: its handler runs on the audio thread (Enum.values() copies, for one)
        int discrete = firstParameter(plugin, true);
        double[] discreteValues = discrete < 0 ? null : twoValues(plugin.descriptor().parameters().get(discrete));
        Runnable block = new Runnable() {
            int count;

            @Override
            public void run() {
                for (int c = 0; c < in.channels(); c++) {
                    System.arraycopy(source[c], 0, in.channel(c), 0, frames);
                }
                events.clear();
                if (values != null) {
                    events.add(frames / 2, automatable, values[count & 1]);
                }
                if (discreteValues != null && (count & 63) == 0) {  // rarely: a switch may crossfade for a while
                    events.add(frames / 3, discrete, discreteValues[(count >> 6) & 1]);
                }
                count++;
                plugin.process(in, out, events);
            }
        };
        assertSteadyStateAllocationFree(plugin.descriptor().id(), block, 20_000, blocks);
    }

    /**
     * Runs {@code block} {@code warmUp} times (so C2 compiles the whole path), then asserts that {@code blocks}
     * more runs allocate nothing on this thread. A steady-state allocation shows in every round; a JIT event
     * (deoptimisation re-materialising a scalar-replaced object, more frequent late in a long test JVM whose
     * profiles other tests have widened) can allocate a few bytes, so a round may be repeated, up to five; one
     * clean round of {@code blocks} blocks passes. An allocation in the path itself shows in every round, at
     * least 16 bytes a block.
     */
    public static void assertSteadyStateAllocationFree(String what, Runnable block, int warmUp, int blocks) {
        if (!THREADS.isThreadAllocatedMemorySupported()) {
            fail("this JVM cannot measure thread allocation");
        }
        THREADS.setThreadAllocatedMemoryEnabled(true);
        for (int i = 0; i < warmUp; i++) {
            block.run();
        }
        long[] rounds = new long[5];
        for (int round = 0; round < rounds.length; round++) {
            long before = allocatedBytes();
            for (int i = 0; i < blocks; i++) {
                block.run();
            }
            rounds[round] = allocatedBytes() - before;
            if (rounds[round] == 0) {
                return;
            }
        }
        fail(what + " allocated in every round of " + blocks + " blocks: " + java.util.Arrays.toString(rounds)
                + " bytes");
    }

    /** The first continuous (or, with {@code discrete}, choice/switch/integer) parameter that can move. */
    private static int firstParameter(AudioPlugin plugin, boolean discrete) {
        var params = plugin.descriptor().parameters();
        for (int i = 0; i < params.size(); i++) {
            if (params.get(i).isDiscrete() == discrete && params.get(i).max() > params.get(i).min()) {
                return i;
            }
        }
        return -1;
    }

    /** Two values near the default, so automation does not push the plugin to an extreme. */
    private static double[] twoValues(ParameterSpec spec) {
        double d = spec.defaultValue();
        if (spec.isDiscrete()) {
            return new double[] {d, d + spec.step() <= spec.max() ? d + spec.step() : d - spec.step()};
        }
        double span = spec.max() - spec.min();
        double other = d + 0.1 * span <= spec.max() ? d + 0.1 * span : d - 0.1 * span;
        return new double[] {d, other};
    }

    /** Asserts that every sample is finite. */
    public static void assertFinite(float[][] signal, String what) {
        for (int c = 0; c < signal.length; c++) {
            for (int n = 0; n < signal[c].length; n++) {
                if (!Float.isFinite(signal[c][n])) {
                    fail(what + ": channel " + c + " sample " + n + " is " + signal[c][n]);
                }
            }
        }
    }

    /**
     * Feeds loud noise, near-full-scale square bursts and silence, and asserts the output stays finite.
     */
    public static void assertFiniteOutput(Supplier<AudioPlugin> factory, Consumer<AudioPlugin> configure,
                                          int channels, double sampleRate) {
        AudioPlugin plugin = factory.get();
        configure.accept(plugin);
        int frames = (int) sampleRate;
        float[][] input = noise(channels, frames, 7);
        for (int c = 0; c < channels; c++) {
            for (int n = frames / 3; n < frames / 2; n++) {
                input[c][n] = (n / 50) % 2 == 0 ? 1f : -1f;
            }
            java.util.Arrays.fill(input[c], 2 * frames / 3, frames, 0f);
        }
        assertFinite(PluginRunner.run(plugin, input, sampleRate, 512), plugin.descriptor().id());
    }

    /**
     * Renders the same noise with one big block and with each of {@code blockSizes}, in fresh instances,
     * and asserts the outputs agree within {@code tolerance} (absolute).
     */
    public static void assertBlockSizeIndependent(Supplier<AudioPlugin> factory, Consumer<AudioPlugin> configure,
                                                  int channels, double sampleRate, double tolerance,
                                                  int... blockSizes) {
        int frames = (int) (sampleRate / 2);
        float[][] input = noise(channels, frames, 11);
        AudioPlugin reference = factory.get();
        configure.accept(reference);
        float[][] expected = PluginRunner.run(reference, input, sampleRate, frames);
        for (int blockSize : blockSizes) {
            AudioPlugin plugin = factory.get();
            configure.accept(plugin);
            float[][] actual = PluginRunner.run(plugin, input, sampleRate, blockSize);
            for (int c = 0; c < expected.length; c++) {
                for (int n = 0; n < frames; n++) {
                    if (Math.abs(expected[c][n] - actual[c][n]) > tolerance) {
                        fail(reference.descriptor().id() + " block size " + blockSize + ": channel " + c
                                + " sample " + n + " is " + actual[c][n] + ", one block gives " + expected[c][n]);
                    }
                }
            }
        }
    }

    /**
     * Runs loud noise through a plugin, prepares it again, and asserts it then sounds exactly like a fresh
     * instance: a second prepare starts from rest.
     */
    public static void assertPrepareAgainStartsFresh(Supplier<AudioPlugin> factory, Consumer<AudioPlugin> configure,
                                                     int channels, double sampleRate) {
        float[][] loud = noise(channels, (int) sampleRate / 2, 13);
        float[][] probe = noise(channels, (int) sampleRate / 4, 17);
        AudioPlugin used = factory.get();
        configure.accept(used);
        PluginRunner.run(used, loud, sampleRate, 256);
        float[][] again = PluginRunner.run(used, probe, sampleRate, 256);
        AudioPlugin fresh = factory.get();
        configure.accept(fresh);
        float[][] expected = PluginRunner.run(fresh, probe, sampleRate, 256);
        for (int c = 0; c < expected.length; c++) {
            for (int n = 0; n < expected[c].length; n++) {
                if (expected[c][n] != again[c][n]) {
                    fail(used.descriptor().id() + " prepared again differs from a fresh instance at channel " + c
                            + " sample " + n + ": " + again[c][n] + " vs " + expected[c][n]);
                }
            }
        }
    }

    /** Sets random valid values, saves, restores into a fresh instance, and asserts equal states. */
    public static void assertStateRoundTrip(Supplier<AudioPlugin> factory) {
        AudioPlugin plugin = factory.get();
        SplittableRandom random = new SplittableRandom(5);
        for (ParameterSpec spec : plugin.descriptor().parameters()) {
            double v = spec.fromNormalized(random.nextDouble());
            plugin.setParameter(spec.id(), v);
        }
        PluginState saved = plugin.state();
        AudioPlugin copy = factory.get();
        copy.restore(saved);
        assertEquals(saved, copy.state());
        for (ParameterSpec spec : plugin.descriptor().parameters()) {
            assertEquals(plugin.parameter(spec.id()), copy.parameter(spec.id()), spec.id());
        }
        assertTrue(saved.values().size() == plugin.descriptor().parameters().size());
    }

    /** Deterministic noise at -6 dBFS peak on every channel (different per channel). */
    public static float[][] noise(int channels, int frames, long seed) {
        float[][] out = new float[channels][];
        for (int c = 0; c < channels; c++) {
            out[c] = Signals.whiteNoise(frames, 0.5, seed * 31 + c);
        }
        return out;
    }
}
