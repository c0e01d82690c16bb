package org.mixdown.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * The host's speed while one benchmark was measured: after every measured iteration, a short timing of
 * {@link HostCheck}'s reference kernel on the benchmark's own thread (outside JMH's timed region and
 * after the allocation count). The median is written next to the allocation figure (same directory, one
 * file per benchmark key) for {@link BudgetReport} to put on the row. The host of a virtual machine can
 * change speed within seconds, so one reading before or after the measurement would not do.
 */
final class HostSampler {
    /** Kernel timings per reading (about 2 ms each); the fastest counts. */
    private static final int TIMINGS_PER_READING = 3;

    private final double[] input = HostCheck.referenceInput();
    private final double[] readings = new double[256];
    private int count;
    private boolean warm;

    /** Call at the end of every iteration (after the allocation count); reads the host after measured ones. */
    void afterIteration(IterationParams iteration) {
        if (!warm) {
            HostCheck.warmUp(input);
            warm = true;
        }
        if (iteration.getType() == IterationType.MEASUREMENT && count < readings.length) {
            readings[count++] = HostCheck.timeKernel(input, TIMINGS_PER_READING);
        }
    }

    /** Writes the median reading under {@code key}, when the report asked for it (not from a sampling run). */
    void publish(BenchmarkParams run, String key) {
        String dir = System.getProperty(AllocationProbe.DIRECTORY_PROPERTY);
        if (dir == null || count == 0 || run.getMode() == Mode.SampleTime) {
            return;
        }
        double[] sorted = Arrays.copyOf(readings, count);
        Arrays.sort(sorted);
        double median = count % 2 == 1 ? sorted[count / 2] : 0.5 * (sorted[count / 2 - 1] + sorted[count / 2]);
        try {
            Files.writeString(Path.of(dir).resolve(fileName(key)), String.format(Locale.ROOT, "%.4f", median));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The reading {@link #publish} wrote for {@code key}, or NaN when there is none. */
    static double read(Path dir, String key) {
        Path file = dir.resolve(fileName(key));
        try {
            return Files.exists(file) ? Double.parseDouble(Files.readString(file).trim()) : Double.NaN;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String fileName(String key) {
        return URLEncoder.encode(key, StandardCharsets.UTF_8) + ".host";
    }
}
