package org.mixdown.master;

import org.jtransforms.fft.DoubleFFT_1D;

/**
 * The true peak by exact band-limited reconstruction: the whole signal's spectrum zero-padded to
 * {@value #FACTOR} times the length and transformed back, so every frequency up to fs/2 is interpolated
 * exactly (the signal is taken as periodic: the signals measured start and end in silence). Unlike any FIR
 * meter it does not roll off near fs/2, where the limiter's detector and the BS.1770 meter under-read, so
 * it shows how much content there slips through. Slow and allocating: for tests.
 */
final class IdealTruePeakMeter {
    private static final int FACTOR = 16;

    private IdealTruePeakMeter() {
    }

    static double truePeak(float[][] signal) {
        double max = 0;
        for (float[] x : signal) {
            max = Math.max(max, truePeak(x));
        }
        return max;
    }

    static double truePeak(float[] x) {
        int n = x.length;
        double[] spectrum = new double[2 * n];  // complex interleaved
        for (int i = 0; i < n; i++) {
            spectrum[2 * i] = x[i];
        }
        new DoubleFFT_1D(n).complexForward(spectrum);
        int big = n * FACTOR;
        double[] padded = new double[2 * big];
        int half = n / 2;
        for (int k = 0; k <= half; k++) {  // non-negative frequencies
            padded[2 * k] = spectrum[2 * k];
            padded[2 * k + 1] = spectrum[2 * k + 1];
        }
        for (int k = 1; k < n - half; k++) {  // negative frequencies, at the top of the longer spectrum
            padded[2 * (big - k)] = spectrum[2 * (n - k)];
            padded[2 * (big - k) + 1] = spectrum[2 * (n - k) + 1];
        }
        if (n % 2 == 0) {  // the fs/2 bin belongs half to +fs/2 and half to -fs/2
            padded[2 * half] *= 0.5;
            padded[2 * half + 1] *= 0.5;
            padded[2 * (big - half)] = padded[2 * half];
            padded[2 * (big - half) + 1] = -padded[2 * half + 1];
        }
        new DoubleFFT_1D(big).complexInverse(padded, false);
        double max = 0;
        for (int i = 0; i < big; i++) {
            max = Math.max(max, Math.abs(padded[2 * i]) / n);
        }
        return max;
    }
}
