package org.mixdown.master;

/**
 * Turns a magnitude response into a linear-phase FIR of {@code length} taps (a power of two). The zero-phase
 * spectrum (the magnitude sampled at bins k fs / grid, on a grid {@code oversampling} times the kernel length,
 * so the long tails of narrow responses do not fold back into the kernel) is inverse transformed, the
 * {@code length} taps around time 0 are kept, rotated by length/2 and shaped by a Tukey window (flat in
 * the middle, cosine tapers over the outer {@code taper} fraction, 1 at the centre tap, 0 at tap 0).
 * So the kernel is exactly symmetric about tap length/2 (its delay, in samples), and kernels whose
 * magnitudes sum to 1 sum to a delayed unit impulse. Allocation-free after construction.
 */
final class LinearPhaseDesigner {
    private final int length;
    private final int grid;
    private final RealFft fft;
    private final double[] window;
    private final double[] scratch;

    LinearPhaseDesigner(int length, int oversampling, double taper) {
        if (Integer.bitCount(oversampling) != 1 || !(taper > 0 && taper <= 1)) {
            throw new IllegalArgumentException("oversampling must be a power of two and taper in (0, 1]");
        }
        this.length = length;
        this.grid = length * oversampling;
        this.fft = new RealFft(grid);
        this.window = new double[length];
        int half = length / 2;
        for (int n = 0; n < length; n++) {
            double x = Math.abs(n - half) / (double) half;  // 0 at the centre, 1 at tap 0
            window[n] = x <= 1 - taper ? 1 : 0.5 + 0.5 * Math.cos(Math.PI * (x - (1 - taper)) / taper);
        }
        this.scratch = new double[grid];
    }

    int length() {
        return length;
    }

    /** The delay of every kernel, in samples. */
    int delay() {
        return length / 2;
    }

    /** The number of magnitude samples {@link #design} takes: bins 0 .. grid/2. */
    int bins() {
        return grid / 2 + 1;
    }

    /** The size of the frequency grid: bin k is at k fs / grid. */
    int gridSize() {
        return grid;
    }

    /** Writes the kernel for {@code magnitude[0 .. bins())} to {@code kernel[0 .. length)}. */
    void design(double[] magnitude, double[] kernel) {
        double[] s = scratch;
        s[0] = magnitude[0];
        s[1] = magnitude[grid / 2];
        for (int k = 1; k < grid / 2; k++) {
            s[2 * k] = magnitude[k];
            s[2 * k + 1] = 0;
        }
        fft.inverse(s);
        int half = length / 2;
        for (int n = 0; n < length; n++) {
            kernel[n] = s[(n - half) & (grid - 1)] * window[n];
        }
    }
}
