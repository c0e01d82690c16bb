package org.mixdown.mix;

/** Measurements on impulse responses: Schroeder decay, RT60 (T30), echo density, channel correlation. */
final class RoomAcoustics {
    /** erfc(1 / sqrt 2): the fraction of a Gaussian's samples more than one standard deviation from 0. */
    private static final double GAUSSIAN_OUTSIDE_ONE_SIGMA = 0.31731050786291415;

    private RoomAcoustics() {
    }

    /** Schroeder backward integration: the energy decay curve in dB relative to the total energy. */
    static double[] energyDecayDb(float[] h) {
        double[] edc = new double[h.length];
        double sum = 0;
        for (int n = h.length - 1; n >= 0; n--) {
            sum += (double) h[n] * h[n];
            edc[n] = sum;
        }
        double total = edc[0];
        for (int n = 0; n < h.length; n++) {
            edc[n] = 10 * Math.log10(edc[n] / total);
        }
        return edc;
    }

    /**
     * RT60 by T30 (ISO 3382-1): a least-squares line through the energy decay curve between -5 and -35 dB,
     * extrapolated to 60 dB of decay.
     */
    static double t30(float[] h, double sampleRate) {
        double[] edc = energyDecayDb(h);
        double st = 0, sd = 0, stt = 0, std = 0;
        int count = 0;
        for (int n = 0; n < edc.length; n++) {
            if (edc[n] <= -5 && edc[n] >= -35) {
                double t = n / sampleRate;
                st += t;
                sd += edc[n];
                stt += t * t;
                std += t * edc[n];
                count++;
            }
        }
        if (count < 10 || edc[edc.length - 1] > -35) {
            throw new IllegalArgumentException("the response does not decay 35 dB");
        }
        double slope = (count * std - st * sd) / (count * stt - st * st);  // dB per second
        return -60 / slope;
    }

    /**
     * Normalised echo density (Abel and Huang, 2006) of a window of {@code window} samples centred on
     * {@code centre}: the Hann-weighted fraction of samples more than one weighted standard deviation from 0,
     * divided by the Gaussian's fraction. About 1 for Gaussian noise, far below 1 for sparse echoes.
     */
    static double echoDensity(float[] h, int centre, int window) {
        int start = centre - window / 2;
        double[] weight = new double[window];
        double weightSum = 0;
        for (int i = 0; i < window; i++) {
            weight[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * (i + 0.5) / window);
            weightSum += weight[i];
        }
        double variance = 0;
        for (int i = 0; i < window; i++) {
            double x = h[start + i];
            variance += weight[i] / weightSum * x * x;
        }
        double sigma = Math.sqrt(variance);
        double outside = 0;
        for (int i = 0; i < window; i++) {
            if (Math.abs(h[start + i]) > sigma) {
                outside += weight[i] / weightSum;
            }
        }
        return outside / GAUSSIAN_OUTSIDE_ONE_SIGMA;
    }

    /** The correlation coefficient of two signals over {@code [from, to)} (no mean removal: IRs have none). */
    static double correlation(float[] a, float[] b, int from, int to) {
        double ab = 0, aa = 0, bb = 0;
        for (int n = from; n < to; n++) {
            ab += (double) a[n] * b[n];
            aa += (double) a[n] * a[n];
            bb += (double) b[n] * b[n];
        }
        return ab / Math.sqrt(aa * bb);
    }
}
