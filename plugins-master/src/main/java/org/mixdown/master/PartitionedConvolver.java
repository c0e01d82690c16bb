package org.mixdown.master;

import java.util.Arrays;

/**
 * Uniformly partitioned overlap-save convolution of one channel. Each {@link #push} of {@code blockSize}
 * input samples transforms the last two blocks once and keeps the spectrum in a frequency-domain delay
 * line; {@link #convolve} then gives the next {@code blockSize} output samples for any kernel of a
 * {@link KernelBank}: sum over partitions p of X[t - p] H[p], one inverse FFT, the last half kept
 * (overlap-save: the first half is circularly aliased). So several kernels (bands) share one forward FFT.
 * The output of a block depends on that block's input: the only latency is the caller's buffering.
 */
final class PartitionedConvolver {
    private final RealFft fft;
    private final int blockSize;
    private final int partitions;
    private final double[][] history;
    private final double[] window;
    private final double[] accumulator;
    private int newest;

    PartitionedConvolver(RealFft fft, int blockSize, int partitions) {
        this.fft = fft;
        this.blockSize = blockSize;
        this.partitions = partitions;
        this.history = new double[partitions][2 * blockSize];
        this.window = new double[2 * blockSize];
        this.accumulator = new double[2 * blockSize];
    }

    /** Takes the next {@code blockSize} input samples. */
    void push(double[] input) {
        System.arraycopy(window, blockSize, window, 0, blockSize);
        System.arraycopy(input, 0, window, blockSize, blockSize);
        newest = newest == 0 ? partitions - 1 : newest - 1;
        double[] spectrum = history[newest];
        System.arraycopy(window, 0, spectrum, 0, 2 * blockSize);
        fft.forward(spectrum);
    }

    /** Writes the output block of the last pushed input through {@code kernel} of {@code bank} to {@code out}. */
    void convolve(KernelBank bank, int kernel, double[] out) {
        Arrays.fill(accumulator, 0);
        int n = 2 * blockSize;
        for (int p = 0; p < partitions; p++) {
            RealFft.multiplyAccumulate(history[(newest + p) % partitions], bank.spectrum(kernel, p), accumulator, n);
        }
        fft.inverse(accumulator);
        System.arraycopy(accumulator, blockSize, out, 0, blockSize);
    }

    /**
     * {@link #convolve} for two channels that take their input in step (the same partitions and block
     * size): each kernel partition is read once for both, the costly read when the kernels outgrow the
     * cache. The same arithmetic per channel as {@link #convolve}.
     */
    static void convolvePair(PartitionedConvolver a, PartitionedConvolver b, KernelBank bank, int kernel,
                             double[] outA, double[] outB) {
        double[] accA = a.accumulator, accB = b.accumulator;
        Arrays.fill(accA, 0);
        Arrays.fill(accB, 0);
        int n = 2 * a.blockSize;
        for (int p = 0; p < a.partitions; p++) {
            RealFft.multiplyAccumulatePair(a.history[(a.newest + p) % a.partitions],
                    b.history[(b.newest + p) % b.partitions], bank.spectrum(kernel, p), accA, accB, n);
        }
        a.fft.inverse(accA);
        b.fft.inverse(accB);
        System.arraycopy(accA, a.blockSize, outA, 0, a.blockSize);
        System.arraycopy(accB, b.blockSize, outB, 0, b.blockSize);
    }

    /** Forgets all input (silence from now). */
    void reset() {
        for (double[] h : history) {
            Arrays.fill(h, 0);
        }
        Arrays.fill(window, 0);
        newest = 0;
    }

    /** The largest magnitude of the input history (tests use it to prove silence clears the state). */
    double stateMagnitude() {
        double max = 0;
        for (double x : window) {
            max = Math.max(max, Math.abs(x));
        }
        for (double[] h : history) {
            for (double x : h) {
                max = Math.max(max, Math.abs(x));
            }
        }
        return max;
    }
}
