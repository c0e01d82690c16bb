package org.mixdown.master;

/**
 * Turns a magnitude response into a linear-phase FIR of {@code length} taps (a power of two): the zero-phase
 * spectrum (the magnitude, sampled at bins k fs / length) is inverse transformed, rotated by length/2 and
 * shaped by a periodic Hann window, which is 1 at the centre tap and symmetric about it. So the kernel is
 * exactly symmetric about tap length/2 (its delay, in samples), and kernels whose magnitudes sum to 1 sum
 * to a delayed unit impulse. Allocation-free after construction.
 */
final class LinearPhaseDesigner {
    private final int length;
    private final RealFft fft;
    private final double[] window;
    private final double[] scratch;

    LinearPhaseDesigner(int length) {
        this.length = length;
        this.fft = new RealFft(length);
        this.window = new double[length];
        for (int n = 0; n < length; n++) {
            window[n] = 0.5 - 0.5 * Math.cos(2 * Math.PI * n / length);
        }
        this.scratch = new double[length];
    }

    int length() {
        return length;
    }

    /** The delay of every kernel, in samples. */
    int delay() {
        return length / 2;
    }

    /** The number of magnitude samples {@link #design} takes: bins 0 .. length/2. */
    int bins() {
        return length / 2 + 1;
    }

    /** The frequency of bin {@code k}. */
    double binFrequency(int k, double sampleRate) {
        return k * sampleRate / length;
    }

    /** Writes the kernel for {@code magnitude[0 .. bins())} to {@code kernel[0 .. length)}. */
    void design(double[] magnitude, double[] kernel) {
        double[] s = scratch;
        s[0] = magnitude[0];
        s[1] = magnitude[length / 2];
        for (int k = 1; k < length / 2; k++) {
            s[2 * k] = magnitude[k];
            s[2 * k + 1] = 0;
        }
        fft.inverse(s);
        int half = length / 2;
        for (int n = 0; n < length; n++) {
            kernel[n] = s[(n + half) & (length - 1)] * window[n];
        }
    }
}
