package org.mixdown.master;

/**
 * An independent true-peak meter for tests: 16x oversampling by a Kaiser-windowed sinc (beta 10) of 128
 * taps per phase, pass band flat to about 0.47 fs. Deliberately unlike the limiter's detector (no
 * parabola, longer kernel, other window) and slow.
 */
final class ReferenceTruePeakMeter {
    private static final int FACTOR = 16;
    private static final int HALF = 64;
    private static final double BETA = 10;
    private static final double[][] KERNELS = new double[FACTOR][2 * HALF];

    static {
        for (int p = 1; p < FACTOR; p++) {
            double fraction = p / (double) FACTOR;
            for (int j = 0; j < 2 * HALF; j++) {
                double d = j - HALF + 1 - fraction;  // from sample n + j - HALF + 1 to point n + fraction
                double sinc = Math.sin(Math.PI * d) / (Math.PI * d);
                double x = d / HALF;
                double w = x * x >= 1 ? 0 : i0(BETA * Math.sqrt(1 - x * x)) / i0(BETA);
                KERNELS[p][j] = sinc * w;
            }
        }
    }

    private ReferenceTruePeakMeter() {
    }

    private static double i0(double x) {
        double sum = 1, term = 1;
        for (int k = 1; k < 60; k++) {
            term *= (x / (2 * k)) * (x / (2 * k));
            sum += term;
        }
        return sum;
    }

    /** The largest magnitude of the band-limited reconstruction of any channel (linear). */
    static double truePeak(float[][] signal) {
        double max = 0;
        for (float[] x : signal) {
            max = Math.max(max, truePeak(x));
        }
        return max;
    }

    static double truePeak(float[] x) {
        double max = 0;
        int n = x.length;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, Math.abs(x[i]));
            int first = i - HALF + 1;
            boolean inside = first >= 0 && first + 2 * HALF <= n;
            for (int p = 1; p < FACTOR; p++) {
                double[] k = KERNELS[p];
                double acc = 0;
                if (inside) {
                    for (int j = 0; j < 2 * HALF; j++) {
                        acc += k[j] * x[first + j];
                    }
                } else {
                    for (int j = 0; j < 2 * HALF; j++) {
                        int m = first + j;
                        if (m >= 0 && m < n) {
                            acc += k[j] * x[m];
                        }
                    }
                }
                max = Math.max(max, Math.abs(acc));
            }
        }
        return max;
    }
}
