package org.mixdown.bench;

import java.util.concurrent.TimeUnit;
import org.mixdown.api.AudioBuffer;
import org.mixdown.api.AudioPlugin;
import org.mixdown.api.ParameterEvents;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One block of one plugin, for every registered plugin: the {@code plugin} parameter is filled with every
 * id the registry knows (see {@link BudgetReport}), so a new plugin is benchmarked without new code. Each
 * plugin runs with the settings of {@link BenchSettings} (compressors compressing, limiters limiting) on
 * stereo noise, processing a moving window of a 2-second buffer so the input keeps changing.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PluginBenchmark {
    @Param({"mix.gain"})
    public String plugin;

    @Param({"48000"})
    public int sampleRate;

    @Param({"256"})
    public int blockSize;

    private AudioPlugin instance;
    private AudioBuffer in;
    private AudioBuffer out;
    private int position;
    private int span;

    @Setup(Level.Trial)
    public void setUp() {
        instance = BenchSettings.create(plugin);
        int outputs = instance.descriptor().outputsFor(2);
        instance.prepare(new org.mixdown.api.ProcessSetup(sampleRate, blockSize, 2, outputs));
        span = 2 * sampleRate;
        in = new AudioBuffer(BenchSettings.programme(2, span + blockSize, sampleRate));
        out = AudioBuffer.allocate(outputs, span + blockSize);
    }

    @Benchmark
    public float processBlock() {
        in.window(position, blockSize);
        out.window(position, blockSize);
        instance.process(in, out, ParameterEvents.NONE);
        position += blockSize;
        if (position >= span) {
            position = 0;
        }
        return out.channel(0)[out.offset()];
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        instance.close();
    }
}
