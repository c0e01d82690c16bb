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
    /**
     * Bins per tile of the multiply-accumulate: the products run tile by tile, every partition and kernel
     * within a tile, so a tile's sums stay in the L1 cache and each input partition is read once for all
     * kernels (at 96 kHz the spectra of a linear-phase crossover are over a megabyte: going through them
     * kernel by kernel re-read the input and re-wrote the sums from slower caches eight times a kernel).
     */
    private static final int TILE = 128;

    private final RealFft fft;
    private final int blockSize;
    private final int partitions;
    /** The input spectra, newest first from {@link #newest}, {@link RealFft#split split}: [partition][blockSize]. */
    private final double[][] historyReal;
    private final double[][] historyImaginary;
    private final double[] window;
    /** Scratch in the packed layout: the window being transformed, then a sum being transformed back. */
    private final double[] packed;
    /** The summed spectrum of each kernel convolved at once: [kernel][blockSize], split. */
    private final double[][] sumReal;
    private final double[][] sumImaginary;
    private int newest;

    /** A convolver that runs one kernel at a time. */
    PartitionedConvolver(RealFft fft, int blockSize, int partitions) {
        this(fft, blockSize, partitions, 1);
    }

    /** A convolver that can run up to {@code kernels} kernels of a bank in one pass ({@link #convolvePair}). */
    PartitionedConvolver(RealFft fft, int blockSize, int partitions, int kernels) {
        this.fft = fft;
        this.blockSize = blockSize;
        this.partitions = partitions;
        this.historyReal = new double[partitions][blockSize];
        this.historyImaginary = new double[partitions][blockSize];
        this.window = new double[2 * blockSize];
        this.packed = new double[2 * blockSize];
        this.sumReal = new double[kernels][blockSize];
        this.sumImaginary = new double[kernels][blockSize];
    }

    /** Takes the next {@code blockSize} input samples. */
    void push(double[] input) {
        System.arraycopy(window, blockSize, window, 0, blockSize);
        System.arraycopy(input, 0, window, blockSize, blockSize);
        newest = newest == 0 ? partitions - 1 : newest - 1;
        System.arraycopy(window, 0, packed, 0, 2 * blockSize);
        fft.forward(packed);
        RealFft.split(packed, historyReal[newest], historyImaginary[newest], 2 * blockSize);
    }

    /** Writes the output block of the last pushed input through {@code kernel} of {@code bank} to {@code out}. */
    void convolve(KernelBank bank, int kernel, double[] out) {
        for (int from = 0; from < blockSize; from += TILE) {
            int to = Math.min(blockSize, from + TILE);
            clearSums(1, from, to);
            for (int p = 0; p < partitions; p++) {
                int t = (newest + p) % partitions;
                RealFft.multiplyAccumulate(historyReal[t], historyImaginary[t], bank.real(kernel, p),
                        bank.imaginary(kernel, p), sumReal[0], sumImaginary[0], from, to);
            }
        }
        transformBack(0, out);
    }

    /**
     * {@link #convolve} of kernels {@code 0 .. count)} of {@code bank} for two channels that take their input
     * in step (the same partitions and block size; each made for at least {@code count} kernels): every
     * kernel partition and every input partition is read once per tile for all of them. Kernel {@code k}'s
     * output goes to {@code outA[k]} and {@code outB[k]}. The same arithmetic per channel and kernel as
     * {@link #convolve}.
     */
    static void convolvePair(PartitionedConvolver a, PartitionedConvolver b, KernelBank bank, int count,
                             double[][] outA, double[][] outB) {
        int half = a.blockSize;
        for (int from = 0; from < half; from += TILE) {
            int to = Math.min(half, from + TILE);
            a.clearSums(count, from, to);
            b.clearSums(count, from, to);
            for (int p = 0; p < a.partitions; p++) {
                int ta = (a.newest + p) % a.partitions;
                int tb = (b.newest + p) % b.partitions;
                double[] xRe = a.historyReal[ta], xIm = a.historyImaginary[ta];
                double[] yRe = b.historyReal[tb], yIm = b.historyImaginary[tb];
                for (int k = 0; k < count; k++) {  // the kernel's tile, read for a, is in L1 for b
                    double[] hRe = bank.real(k, p), hIm = bank.imaginary(k, p);
                    RealFft.multiplyAccumulate(xRe, xIm, hRe, hIm, a.sumReal[k], a.sumImaginary[k], from, to);
                    RealFft.multiplyAccumulate(yRe, yIm, hRe, hIm, b.sumReal[k], b.sumImaginary[k], from, to);
                }
            }
        }
        for (int k = 0; k < count; k++) {
            a.transformBack(k, outA[k]);
            b.transformBack(k, outB[k]);
        }
    }

    private void clearSums(int count, int from, int to) {
        for (int k = 0; k < count; k++) {
            Arrays.fill(sumReal[k], from, to, 0);
            Arrays.fill(sumImaginary[k], from, to, 0);
        }
    }

    /** Sum {@code k} back to time: the last half of the inverse transform (overlap-save). */
    private void transformBack(int k, double[] out) {
        RealFft.join(sumReal[k], sumImaginary[k], packed, 2 * blockSize);
        fft.inverse(packed);
        System.arraycopy(packed, blockSize, out, 0, blockSize);
    }

    /** Forgets all input (silence from now). */
    void reset() {
        for (int p = 0; p < partitions; p++) {
            Arrays.fill(historyReal[p], 0);
            Arrays.fill(historyImaginary[p], 0);
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
        for (int p = 0; p < partitions; p++) {
            for (int k = 0; k < blockSize; k++) {
                max = Math.max(max, Math.max(Math.abs(historyReal[p][k]), Math.abs(historyImaginary[p][k])));
            }
        }
        return max;
    }
}
