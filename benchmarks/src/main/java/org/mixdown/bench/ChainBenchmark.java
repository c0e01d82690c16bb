package org.mixdown.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.mixdown.api.AudioBuffer;
import org.mixdown.host.chain.Chain;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;

/**
 * The chains a session really runs: the mastering chain (eq, multiband, imager, limiter, dither) on a
 * stereo programme, and a 16-track mix bus (16 channel strips, each on its own mono stem, panned and
 * summed to stereo), one block each.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ChainBenchmark {
    /** The plugins of the mastering chain, in order. */
    public static final List<String> MASTERING = List.of("master.eq", "master.multiband", "master.imager",
            "master.limiter", "master.dither");
    public static final int MIX_BUS_TRACKS = 16;

    @Param({"mastering", "mixbus16"})
    public String chain;

    @Param({"48000"})
    public int sampleRate;

    @Param({"256"})
    public int blockSize;

    private final List<Chain> chains = new ArrayList<>();
    private AudioBuffer[] inputs;
    private AudioBuffer out;
    private AudioBuffer sum;
    private int position;
    private int span;
    private long blocks;
    private final AllocationProbe allocation = new AllocationProbe();
    private final HostSampler host = new HostSampler();

    @Setup(Level.Trial)
    public void setUp() {
        span = 2 * sampleRate;
        if (chain.equals("mastering")) {
            List<Chain.Slot> slots = new ArrayList<>();
            for (String id : MASTERING) {
                slots.add(new Chain.Slot(BenchSettings.create(id), false));
            }
            chains.add(new Chain(slots));
            inputs = new AudioBuffer[] {new AudioBuffer(BenchSettings.programme(2, span + blockSize, sampleRate))};
            chains.get(0).prepare(sampleRate, blockSize, 2);
        } else if (chain.equals("mixbus16")) {
            inputs = new AudioBuffer[MIX_BUS_TRACKS];
            float[][] stems = BenchSettings.programme(MIX_BUS_TRACKS, span + blockSize, sampleRate);
            for (int t = 0; t < MIX_BUS_TRACKS; t++) {
                Chain track = new Chain(List.of(new Chain.Slot(BenchSettings.create("mix.strip"), false)));
                track.prepare(sampleRate, blockSize, 1);
                chains.add(track);
                inputs[t] = new AudioBuffer(new float[][] {stems[t]});
            }
        } else {
            throw new IllegalArgumentException("unknown chain " + chain);
        }
        out = AudioBuffer.allocate(2, span + blockSize);
        sum = AudioBuffer.allocate(2, span + blockSize);
        if (JitSettling.requested()) {
            JitSettling.settle(this::processOneBlock);
        }
    }

    @Setup(Level.Iteration)
    public void startIteration(IterationParams iteration) {
        allocation.start(iteration, blocks);
    }

    @Benchmark
    @OperationsPerInvocation(PluginBenchmark.BLOCKS_PER_INVOCATION)
    public float processBlock() {
        float last = 0;
        for (int b = 0; b < PluginBenchmark.BLOCKS_PER_INVOCATION; b++) {
            last += processOneBlock();
        }
        return last;
    }

    private float processOneBlock() {
        blocks++;
        out.window(position, blockSize);
        if (chains.size() == 1) {
            chains.get(0).process(inputs[0].window(position, blockSize), out);
        } else {
            sum.window(position, blockSize).clear();
            for (int t = 0; t < chains.size(); t++) {
                chains.get(t).process(inputs[t].window(position, blockSize), out);
                for (int c = 0; c < 2; c++) {
                    float[] s = sum.channel(c);
                    float[] o = out.channel(c);
                    for (int i = position; i < position + blockSize; i++) {
                        s[i] += o[i];
                    }
                }
            }
        }
        position += blockSize;
        if (position >= span) {
            position = 0;
        }
        return out.channel(0)[position];
    }

    @TearDown(Level.Iteration)
    public void stopIteration(IterationParams iteration) {
        allocation.stop(blocks);
        host.afterIteration(iteration);
    }

    @TearDown(Level.Trial)
    public void tearDown(BenchmarkParams run) {
        String key = BenchKey.of("chain:" + chain, Scenario.STEADY.id(), sampleRate, blockSize);
        allocation.publish(run, key);
        host.publish(run, key);
        chains.forEach(Chain::close);
    }
}
