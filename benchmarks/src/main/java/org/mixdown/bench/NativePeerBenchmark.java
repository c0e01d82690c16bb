package org.mixdown.bench;

import java.util.concurrent.TimeUnit;
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
 * One block of a native peer (see {@link NativePeers}) hosted through our LADSPA / VST 2 bridge, on the
 * same programme, block sizes and rates as {@link PluginBenchmark}, so the report can divide the Java
 * plugin's time by its peer's. The time includes the bridge (copying the block into native memory and
 * back, one JNA call), which is what a Mixdown session pays for a native plugin.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class NativePeerBenchmark {
    @Param({"swh-amp"})
    public String peer;

    @Param({"48000"})
    public int sampleRate;

    @Param({"256"})
    public int blockSize;

    private BlockStream stream;
    private final AllocationProbe allocation = new AllocationProbe();
    private final HostSampler host = new HostSampler();

    @Setup(Level.Trial)
    public void setUp() {
        stream = new BlockStream(peer, NativePeers.create(NativePeers.registry(), peer), sampleRate, blockSize,
                Scenario.STEADY);
        if (JitSettling.requested()) {  // the bridge's Java side is compiled too
            JitSettling.settle(stream::next);
        }
    }

    @Setup(Level.Iteration)
    public void startIteration(IterationParams iteration) {
        allocation.start(iteration, stream.blocks());
    }

    @Benchmark
    @OperationsPerInvocation(PluginBenchmark.BLOCKS_PER_INVOCATION)
    public float processBlock() {
        float last = 0;
        for (int b = 0; b < PluginBenchmark.BLOCKS_PER_INVOCATION; b++) {
            last += stream.next();
        }
        return last;
    }

    @TearDown(Level.Iteration)
    public void stopIteration(IterationParams iteration) {
        allocation.stop(stream.blocks());
        host.afterIteration(iteration);
    }

    @TearDown(Level.Trial)
    public void tearDown(BenchmarkParams run) {
        String key = BenchKey.of("native:" + peer, Scenario.STEADY.id(), sampleRate, blockSize);
        allocation.publish(run, key);
        host.publish(run, key);
        stream.close();
    }
}
