package org.mixdown.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * How fast this machine does floating-point work right now, so a reader can tell a slow run from slow
 * code. A fixed reference kernel (independent fused multiply-adds, throughput-bound like the plugins' FIR
 * and filter loops) is timed on one thread, then on two threads at once.
 *
 * <p>Why both: on a virtual machine the host's load moves the speed of the same code by up to 1.5x from
 * one minute to the next, and two virtual cores may be the two hardware threads of one physical core,
 * which share its floating-point units (then two threads together do no more work than one). The
 * reference time says which state a run met; the two-thread figure says what parallel rendering can gain.
 * Every benchmark also takes short one-thread readings between its measured iterations ({@link HostSampler}),
 * so each row of the report carries the state of the host it was measured in.
 */
final class HostCheck {
    /** Elements of the reference array: small enough to stay in the L1 cache. */
    private static final int LENGTH = 1024;
    /** Passes over the array per timing: about 2 ms on a current core. */
    private static final int PASSES = 10_000;
    /** Timings taken; the fastest counts (interruptions only ever slow a timing down). */
    private static final int TIMINGS = 15;
    /** Untimed runs first, so the timings see the kernel compiled by C2, not interpreted or by C1. */
    private static final int WARM_UP = 30;

    private HostCheck() {
    }

    /** The reference kernel's best time alone and with two threads, and the resulting scaling. */
    static Map<String, Object> measure() {
        double alone = bestNsPerElement();
        double[] together = new double[2];
        CountDownLatch start = new CountDownLatch(1);
        Thread[] threads = new Thread[2];
        for (int t = 0; t < 2; t++) {
            int index = t;
            threads[t] = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                together[index] = bestNsPerElement();
            }, "host-check-" + t);
            threads[t].start();
        }
        start.countDown();
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        double slowerThread = Math.max(together[0], together[1]);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("referenceNsPerElement", round(alone));
        result.put("twoThreadsNsPerElement", round(slowerThread));
        // work done per second by two threads, relative to one: 2.0 for two independent cores, about 1.0
        // for two hardware threads sharing one core's floating-point units
        result.put("twoThreadScaling", Math.round(200 * alone / slowerThread) / 100.0);
        return result;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private static double bestNsPerElement() {
        double[] x = referenceInput();
        timeKernel(x, WARM_UP);
        return timeKernel(x, TIMINGS);
    }

    /** The array the kernel reads. */
    static double[] referenceInput() {
        double[] x = new double[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            x[i] = 1e-3 * i;
        }
        return x;
    }

    /** The fastest of {@code timings} runs of the kernel over {@code x}, in ns per element. */
    static double timeKernel(double[] x, int timings) {
        double best = Double.MAX_VALUE;
        double sink = 0;
        for (int t = 0; t < timings; t++) {
            long t0 = System.nanoTime();
            sink += kernel(x);
            best = Math.min(best, (System.nanoTime() - t0) / ((double) PASSES * LENGTH));
        }
        if (sink == 42) {  // keeps the result alive (never true)
            System.err.print("");
        }
        return best;
    }

    /** Untimed runs that get the kernel compiled. */
    static void warmUp(double[] x) {
        timeKernel(x, WARM_UP);
    }

    /** Eight independent multiply-add chains: as many as two FMA units with four-cycle latency keep busy. */
    private static double kernel(double[] x) {
        double a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0, a6 = 0, a7 = 0;
        for (int p = 0; p < PASSES; p++) {
            for (int i = 0; i < LENGTH; i += 8) {
                a0 = Math.fma(x[i], 0.999, a0);
                a1 = Math.fma(x[i + 1], 0.998, a1);
                a2 = Math.fma(x[i + 2], 0.997, a2);
                a3 = Math.fma(x[i + 3], 0.996, a3);
                a4 = Math.fma(x[i + 4], 0.995, a4);
                a5 = Math.fma(x[i + 5], 0.994, a5);
                a6 = Math.fma(x[i + 6], 0.993, a6);
                a7 = Math.fma(x[i + 7], 0.992, a7);
            }
        }
        return a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7;
    }

    /** Prints the check (run from the benchmarks jar: {@code java -cp benchmarks.jar org.mixdown.bench.HostCheck}). */
    public static void main(String[] args) {
        System.out.println(measure());
    }
}
