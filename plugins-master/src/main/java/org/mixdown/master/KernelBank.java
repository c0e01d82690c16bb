package org.mixdown.master;

/**
 * FIR kernels cut into partitions of {@code blockSize} taps and transformed (zero-padded to 2 blockSize),
 * ready for {@link PartitionedConvolver}. Several kernels share one layout (one per band or per channel).
 * {@link #set} allocates nothing, so kernels can be redesigned on the audio thread.
 */
final class KernelBank {
    private final RealFft fft;
    private final int blockSize;
    private final int partitions;
    /** spectra[kernel][partition][2 blockSize] */
    private final double[][][] spectra;

    KernelBank(RealFft fft, int blockSize, int partitions, int kernels) {
        if (fft.size() != 2 * blockSize) {
            throw new IllegalArgumentException("the FFT must be twice the block size");
        }
        this.fft = fft;
        this.blockSize = blockSize;
        this.partitions = partitions;
        this.spectra = new double[kernels][partitions][2 * blockSize];
    }

    /** Kernel length this bank holds: partitions x block size taps. */
    int length() {
        return partitions * blockSize;
    }

    int partitions() {
        return partitions;
    }

    int kernels() {
        return spectra.length;
    }

    /** Stores {@code impulse[0 .. length())} as kernel {@code kernel}. */
    void set(int kernel, double[] impulse) {
        for (int p = 0; p < partitions; p++) {
            double[] s = spectra[kernel][p];
            System.arraycopy(impulse, p * blockSize, s, 0, blockSize);
            java.util.Arrays.fill(s, blockSize, 2 * blockSize, 0);
            fft.forward(s);
        }
    }

    /** Copies kernel {@code from} of {@code other} (same layout) into kernel {@code to} of this bank. */
    void copy(KernelBank other, int from, int to) {
        for (int p = 0; p < partitions; p++) {
            System.arraycopy(other.spectra[from][p], 0, spectra[to][p], 0, 2 * blockSize);
        }
    }

    double[] spectrum(int kernel, int partition) {
        return spectra[kernel][partition];
    }
}
