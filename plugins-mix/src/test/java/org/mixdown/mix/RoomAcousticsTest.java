package org.mixdown.mix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The measurements the reverb tests rely on, checked on signals whose answers are known. */
class RoomAcousticsTest {
    private static final double FS = 48_000;

    /** Gaussian noise under an envelope falling 60 dB in {@code rt60} seconds. */
    private static float[] decayingNoise(double rt60, int frames, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] h = new float[frames];
        for (int n = 0; n < frames; n++) {
            double radius = Math.sqrt(-2 * Math.log(1 - random.nextDouble()));  // Box-Muller
            double gaussian = radius * Math.cos(2 * Math.PI * random.nextDouble());
            h[n] = (float) (gaussian * Math.pow(10, -3.0 * n / (rt60 * FS)));
        }
        return h;
    }

    @Test
    void t30OfAnExponentialDecayIsItsRt60() {
        for (double rt60 : new double[] {0.3, 1.0, 2.5}) {
            float[] h = decayingNoise(rt60, (int) (1.2 * rt60 * FS), 4);
            assertEquals(rt60, RoomAcoustics.t30(h, FS), 0.02 * rt60);
        }
    }

    @Test
    void echoDensityIsOneForGaussianNoiseAndSmallForSparseEchoes() {
        float[] noise = decayingNoise(1000, 48_000, 8);
        float[] sparse = new float[48_000];
        for (int n = 0; n < sparse.length; n += 97) {
            sparse[n] = (n / 97) % 2 == 0 ? 1 : -0.8f;  // about 0.5 echoes per ms
        }
        double meanNoise = 0;
        for (int centre = 2000; centre < 46_000; centre += 1000) {
            double eta = RoomAcoustics.echoDensity(noise, centre, 960);
            assertEquals(1, eta, 0.2, "noise at " + centre);
            meanNoise += eta / 44;
            assertTrue(RoomAcoustics.echoDensity(sparse, centre, 960) < 0.35);
        }
        assertEquals(1, meanNoise, 0.05);
    }

    @Test
    void correlationOfASignalWithItselfAndItsNegative() {
        float[] a = decayingNoise(1, 10_000, 1);
        float[] b = decayingNoise(1, 10_000, 2);
        float[] minus = new float[a.length];
        for (int n = 0; n < a.length; n++) {
            minus[n] = -a[n];
        }
        assertEquals(1, RoomAcoustics.correlation(a, a, 0, a.length), 1e-12);
        assertEquals(-1, RoomAcoustics.correlation(a, minus, 0, a.length), 1e-12);
        assertEquals(0, RoomAcoustics.correlation(a, b, 0, a.length), 0.05);
    }
}
