package org.mixdown.bench;

import java.lang.management.ManagementFactory;

/**
 * Runs a benchmark's work before JMH measures it, until the JIT compiler has finished with it. A fixed
 * warm-up does not fit every plugin on this project's 2-core machine: C2 takes 3 to 7 seconds to compile
 * the channel strip or the 16-track mix bus (its compiler thread shares the core with the benchmark), so
 * after 1.6 s of warm-up JMH measured `mix.strip` at 89 µs a block that takes 29 µs compiled, while a
 * gain plugin is compiled in a fraction of a second. The signal is the compiler's own work: the process's
 * CPU time beyond the benchmark thread's (compiler threads; the benchmark allocates nothing, so no GC).
 * When that stays near zero for {@link #QUIET_WINDOWS} windows in a row, nothing is left to compile.
 *
 * <p>Only in forked runs that ask for it ({@value #PROPERTY}: the full run); the quick run keeps its fixed
 * short warm-up.
 */
final class JitSettling {
    /** The system property that turns settling on in a benchmark JVM. */
    static final String PROPERTY = "mixdown.bench.settle";
    private static final long WINDOW_NANOS = 150_000_000L;
    private static final int QUIET_WINDOWS = 2;
    /** Other threads using more than this share of a window's wall time count as the compiler at work. */
    private static final double BUSY_SHARE = 0.05;
    /**
     * The longest settling: the 16-track mix bus, the slowest, is within 10 % of its compiled speed after
     * 3 s and done after about 7 s; the full run's 15 minutes do not allow more.
     */
    private static final long LONGEST_NANOS = 5_000_000_000L;

    private static final com.sun.management.OperatingSystemMXBean PROCESS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private JitSettling() {
    }

    /** Whether this JVM was asked to settle (see {@link #PROPERTY}). */
    static boolean requested() {
        return Boolean.getBoolean(PROPERTY);
    }

    /**
     * Runs {@code work} over and over until the compiler has been idle for {@link #QUIET_WINDOWS} windows
     * of {@link #WINDOW_NANOS} (or {@link #LONGEST_NANOS} have passed); returns the seconds it took.
     */
    static double settle(Runnable work) {
        var threads = ManagementFactory.getThreadMXBean();
        long start = System.nanoTime();
        int quiet = 0;
        while (quiet < QUIET_WINDOWS && System.nanoTime() - start < LONGEST_NANOS) {
            long wall = System.nanoTime();
            long process = PROCESS.getProcessCpuTime();
            long own = threads.getCurrentThreadCpuTime();
            do {
                work.run();
            } while (System.nanoTime() - wall < WINDOW_NANOS);
            long others = (PROCESS.getProcessCpuTime() - process) - (threads.getCurrentThreadCpuTime() - own);
            quiet = others < BUSY_SHARE * (System.nanoTime() - wall) ? quiet + 1 : 0;
        }
        return (System.nanoTime() - start) / 1e9;
    }
}
