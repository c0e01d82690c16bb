package org.mixdown.master;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class QuarterPointFirTest {
    private static final int LENGTH = 300;

    private static double[] gaussian(int length, long seed) {
        Random random = new Random(seed);
        double[] v = new double[length];
        for (int i = 0; i < length; i++) {
            v[i] = random.nextGaussian();
        }
        return v;
    }

    @Test
    void theVectorAndTheScalarPathsGiveTheSameBitsAtEveryLength() {
        double[] g = gaussian(QuarterPointFir.TAPS, 3);
        double[] x = gaussian(LENGTH + 10, 5), m = gaussian(LENGTH + 10, 6);
        QuarterPointFir fir = new QuarterPointFir(g, LENGTH);
        for (int count : new int[] {1, 2, 3, 7, 15, 16, 17, 31, 65, 257, LENGTH - 3}) {
            double[][] fast = new double[3][LENGTH], slow = new double[3][LENGTH];
            fir.compute(x, m, 4, count, fast[0], fast[1], fast[2], 3);
            fir.scalar(x, m, 4, count, slow[0], slow[1], slow[2], 3);
            for (int p = 0; p < 3; p++) {
                for (int j = 0; j < LENGTH; j++) {  // equal inside [at, at + count), untouched (0) outside
                    assertEquals(Double.doubleToRawLongBits(slow[p][j]), Double.doubleToRawLongBits(fast[p][j]),
                            "count " + count + ", point " + (p + 1) + "/4, index " + j);
                }
            }
        }
    }

    @Test
    void everyPointIsItsKernelOverTheDoubledSignal() {
        double[] g = gaussian(QuarterPointFir.TAPS, 3);
        double[] x = gaussian(LENGTH + 10, 5), m = gaussian(LENGTH + 10, 6);
        int count = 100, start = 5, at = 3;
        double[][] y = new double[3][LENGTH];
        new QuarterPointFir(g, LENGTH).compute(x, m, start, count, y[0], y[1], y[2], at);
        for (int o = 0; o < count; o++) {
            int k = start + o;
            double[] z = new double[14];  // z[q] = doubled signal at 2k - 5 + q: even q midpoints, odd q samples
            for (int q = 0; q < 14; q++) {
                int t = 2 * k - 5 + q;
                z[q] = t % 2 == 0 ? x[t / 2] : m[(t - 1) / 2];
            }
            double quarter = 0, threeQuarters = 0, magnitude = 0;
            for (int i = 0; i < QuarterPointFir.TAPS; i++) {
                quarter += g[i] * z[i];
                threeQuarters += g[i] * z[i + 1];
                magnitude += Math.abs(g[i] * z[i]) + Math.abs(g[i] * z[i + 1]);
            }
            assertEquals(quarter, y[0][at + o], 1e-14 * magnitude, "1/4 of interval " + k);
            assertEquals(m[k], y[1][at + o], "1/2 of interval " + k);
            assertEquals(threeQuarters, y[2][at + o], 1e-14 * magnitude, "3/4 of interval " + k);
        }
    }

    @Test
    void refusesAKernelItsLayoutIsNotWrittenFor() {
        assertThrows(IllegalArgumentException.class, () -> new QuarterPointFir(new double[10], 16));
    }
}
