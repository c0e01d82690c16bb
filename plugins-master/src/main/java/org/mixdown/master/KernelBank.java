package org.mixdown.master;

/**
 * FIR kernels cut into partitions of {@code blockSize} taps and transformed (zero-padded to 2 blockSize),
 * ready for {@link PartitionedConvolver}; each spectrum is kept {@link RealFft#split split} into real and
 * imaginary parts. Several kernels share one layout (one per band or per channel).
 * {@link #set} allocates nothing, so kernels can be redesigned on the audio thread.
 */
final class KernelBank {
    private final RealFft fft;
    private final int blockSize;
    private final int partitions;
    /** real[kernel][partition][blockSize] and imaginary[kernel][partition][blockSize] (see {@link RealFft#split}) */
    private final double[][][] real;
    private final double[][][] imaginary;
    /** One partition zero-padded and transformed, before it is split. */
    private final double[] packed;

    KernelBank(RealFft fft, int blockSize, int partitions, int kernels) {
        if (fft.size() != 2 * blockSize) {
            throw new IllegalArgumentException("the FFT must be twice the block size");
        }
        this.fft = fft;
        this.blockSize = blockSize;
        this.partitions = partitions;
        this.real = new double[kernels][partitions][blockSize];
        this.imaginary = new double[kernels][partitions][blockSize];
        this.packed = new double[2 * blockSize];
    }

    /** Kernel length this bank holds: partitions x block size taps. */
    int length() {
        return partitions * blockSize;
    }

    int partitions() {
        return partitions;
    }

    int kernels() {
        return real.length;
    }

    /** Stores {@code impulse[0 .. length())} as kernel {@code kernel}. */
    void set(int kernel, double[] impulse) {
        for (int p = 0; p < partitions; p++) {
            System.arraycopy(impulse, p * blockSize, packed, 0, blockSize);
            java.util.Arrays.fill(packed, blockSize, 2 * blockSize, 0);
            fft.forward(packed);
            RealFft.split(packed, real[kernel][p], imaginary[kernel][p], 2 * blockSize);
        }
    }

    /** Copies kernel {@code from} of {@code other} (same layout) into kernel {@code to} of this bank. */
    void copy(KernelBank other, int from, int to) {
        for (int p = 0; p < partitions; p++) {
            System.arraycopy(other.real[from][p], 0, real[to][p], 0, blockSize);
            System.arraycopy(other.imaginary[from][p], 0, imaginary[to][p], 0, blockSize);
        }
    }

    /** The real parts of kernel {@code kernel}'s partition {@code partition} (at bin 0: X[0]). */
    double[] real(int kernel, int partition) {
        return real[kernel][partition];
    }

    /** The imaginary parts of kernel {@code kernel}'s partition {@code partition} (at bin 0: the Nyquist bin, real). */
    double[] imaginary(int kernel, int partition) {
        return imaginary[kernel][partition];
    }
}
