package org.mixdown.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * Bytes the benchmark thread allocates per block, counted by the JVM's per-thread allocation counter
 * between the start and the end of each iteration. Unlike JMH's {@code gc.alloc.rate.norm}, it does not
 * include JMH's own per-iteration bookkeeping, which on a slow machine with few blocks per iteration adds
 * more than 1 B per block to an allocation-free plugin. The last measurement iteration's figure (after
 * warm-up and JIT compilation) is written to the directory named by the system property
 * {@value #DIRECTORY_PROPERTY}, one file per benchmark key, for {@link BudgetReport} to read.
 */
final class AllocationProbe {
    static final String DIRECTORY_PROPERTY = "mixdown.bench.probe";

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private long startBytes;
    private long startBlocks;
    private double lastBytesPerBlock = Double.NaN;

    private boolean measuring;

    /** Call at the start of an iteration, with the blocks processed so far; warm-up iterations are not counted. */
    void start(IterationParams iteration, long blocks) {
        measuring = iteration.getType() == IterationType.MEASUREMENT;
        startBlocks = blocks;
        startBytes = THREADS.getCurrentThreadAllocatedBytes();
    }

    /** Call at the end of an iteration, with the blocks processed so far. */
    void stop(long blocks) {
        long bytes = THREADS.getCurrentThreadAllocatedBytes() - startBytes;
        long n = blocks - startBlocks;
        if (measuring && n > 0) {
            lastBytesPerBlock = (double) bytes / n;
        }
    }

    /**
     * Writes the last measurement iteration's bytes per block under {@code key}, when the report asked for
     * it. Not from a sampling run: JMH's sample buffer grows inside the measured loop.
     */
    void publish(BenchmarkParams run, String key) {
        String dir = System.getProperty(DIRECTORY_PROPERTY);
        if (dir == null || Double.isNaN(lastBytesPerBlock) || run.getMode() == Mode.SampleTime) {
            return;
        }
        try {
            Path file = Path.of(dir).resolve(fileName(key));
            Files.writeString(file, String.format(Locale.ROOT, "%.4f", lastBytesPerBlock));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String fileName(String key) {
        return URLEncoder.encode(key, StandardCharsets.UTF_8) + ".alloc";
    }

    /** The figure {@link #publish} wrote for {@code key}, or NaN when there is none. */
    static double read(Path dir, String key) {
        Path file = dir.resolve(fileName(key));
        try {
            return Files.exists(file) ? Double.parseDouble(Files.readString(file).trim()) : Double.NaN;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
