package org.mixdown.dsp;

/**
 * The amplitude of one frequency in a signal by a DFT evaluated at exactly that frequency under a
 * 4-term Blackman-Harris window (side lobes at -92 dB), so strong components elsewhere do not leak into
 * the measurement of weak ones (images, aliases) the way they do into a plain least-squares fit.
 * Needs a window of at least ~8 periods of the smallest spacing between components of interest.
 */
public final class WindowedDft {
    private WindowedDft() {
    }

    public static double amplitudeAt(float[] x, int from, int to, double frequency, double sampleRate) {
        int n = to - from;
        double w = 2 * Math.PI * frequency / sampleRate;
        double re = 0, im = 0, windowSum = 0;
        for (int i = 0; i < n; i++) {
            double p = 2 * Math.PI * i / (n - 1);
            double window = 0.35875 - 0.48829 * Math.cos(p) + 0.14128 * Math.cos(2 * p) - 0.01168 * Math.cos(3 * p);
            double v = x[from + i] * window;
            re += v * Math.cos(w * i);
            im -= v * Math.sin(w * i);
            windowSum += window;
        }
        return 2 * Math.hypot(re, im) / windowSum;
    }
}
