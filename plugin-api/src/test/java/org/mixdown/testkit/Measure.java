package org.mixdown.testkit;

/** Measurements on signals: sinusoid amplitude by least squares, RMS, peak, dB. */
public final class Measure {
    private Measure() {
    }

    /**
     * The amplitude of the component at {@code frequency} in {@code x[from, to)}, by a least-squares fit of
     * {@code a sin + b cos + c}: exact for a steady sinusoid whatever the number of cycles in the window.
     */
    public static double amplitudeAt(float[] x, int from, int to, double frequency, double sampleRate) {
        double w = 2 * Math.PI * frequency / sampleRate;
        // normal equations for the basis (sin, cos, 1)
        double ss = 0, sc = 0, s1 = 0, cc = 0, c1 = 0, n1 = 0, ys = 0, yc = 0, y1 = 0;
        for (int n = from; n < to; n++) {
            double s = Math.sin(w * n), c = Math.cos(w * n), y = x[n];
            ss += s * s; sc += s * c; s1 += s; cc += c * c; c1 += c; n1 += 1;
            ys += y * s; yc += y * c; y1 += y;
        }
        double[][] m = {{ss, sc, s1}, {sc, cc, c1}, {s1, c1, n1}};
        double[] r = {ys, yc, y1};
        double[] sol = solve3(m, r);
        return Math.hypot(sol[0], sol[1]);
    }

    private static double[] solve3(double[][] m, double[] r) {
        double det = det3(m);
        double[] out = new double[3];
        for (int k = 0; k < 3; k++) {
            double[][] mk = new double[3][3];
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    mk[i][j] = j == k ? r[i] : m[i][j];
                }
            }
            out[k] = det3(mk) / det;
        }
        return out;
    }

    private static double det3(double[][] m) {
        return m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
                - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
                + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
    }

    public static double rms(float[] x, int from, int to) {
        double sum = 0;
        for (int n = from; n < to; n++) {
            sum += (double) x[n] * x[n];
        }
        return Math.sqrt(sum / Math.max(1, to - from));
    }

    public static double rms(float[] x) {
        return rms(x, 0, x.length);
    }

    public static double peak(float[] x, int from, int to) {
        double max = 0;
        for (int n = from; n < to; n++) {
            max = Math.max(max, Math.abs(x[n]));
        }
        return max;
    }

    public static double peak(float[] x) {
        return peak(x, 0, x.length);
    }

    public static double db(double amplitude) {
        return 20 * Math.log10(amplitude);
    }

    /** RMS of the difference of two signals relative to the RMS of {@code reference}, in dB. */
    public static double differenceDb(float[] reference, float[] other) {
        double diff = 0, ref = 0;
        for (int n = 0; n < reference.length; n++) {
            double d = reference[n] - other[n];
            diff += d * d;
            ref += (double) reference[n] * reference[n];
        }
        return 10 * Math.log10(diff / Math.max(ref, 1e-300));
    }

    /** {@code count} frequencies spaced logarithmically from {@code low} to {@code high}, inclusive. */
    public static double[] logSpaced(double low, double high, int count) {
        double[] out = new double[count];
        for (int i = 0; i < count; i++) {
            out[i] = low * Math.pow(high / low, i / (double) (count - 1));
        }
        return out;
    }
}
