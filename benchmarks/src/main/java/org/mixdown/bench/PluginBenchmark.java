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
 * One block of one plugin, for every registered plugin: the {@code plugin} parameter is filled with every
 * id the registry knows (see {@link BudgetReport}), so a new plugin is benchmarked without new code. Each
 * plugin runs with the settings of {@link BenchSettings} (compressors compressing, limiters limiting) in a
 * {@link Scenario}: steady programme, a parameter automated every block, or silence after loud input.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PluginBenchmark {
    /**
     * Blocks per benchmark invocation: JMH divides time and allocation by it, so its own per-invocation
     * bookkeeping (and a sampling run's timer calls) weigh little on a block.
     */
    public static final int BLOCKS_PER_INVOCATION = 16;

    @Param({"mix.gain"})
    public String plugin;

    @Param({"steady"})
    public String scenario;

    @Param({"48000"})
    public int sampleRate;

    @Param({"256"})
    public int blockSize;

    private BlockStream stream;
    private final AllocationProbe allocation = new AllocationProbe();
    private final HostSampler host = new HostSampler();

    @Setup(Level.Trial)
    public void setUp() {
        stream = new BlockStream(plugin, BenchSettings.create(plugin), sampleRate, blockSize, Scenario.of(scenario));
        if (JitSettling.requested()) {
            JitSettling.settle(stream::next);
        }
    }

    @Setup(Level.Iteration)
    public void startIteration(IterationParams iteration) {
        allocation.start(iteration, stream.blocks());
    }

    @Benchmark
    @OperationsPerInvocation(BLOCKS_PER_INVOCATION)
    public float processBlock() {
        float last = 0;
        for (int b = 0; b < BLOCKS_PER_INVOCATION; b++) {
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
        String key = BenchKey.of(plugin, scenario, sampleRate, blockSize);
        allocation.publish(run, key);
        host.publish(run, key);
        stream.close();
    }
}
