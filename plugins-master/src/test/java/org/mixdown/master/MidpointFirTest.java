package org.mixdown.master;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class MidpointFirTest {
    private static final int MAX = 300;

    /** The lengths the layout is written for: every residue class mod 8 with 5, 10, 15 or 16 taps. */
    private static final int[] LENGTHS = {40, 80, 120, 121, 122};

    private static double[] kernel(int taps) {
        Random random = new Random(7);
        double[] h = new double[taps];
        for (int m = 0; m < h.length; m++) {
            h[m] = random.nextGaussian() / (1 + Math.abs(m - taps / 2.0));
        }
        return h;
    }

    private static double[] signal(int length) {
        Random random = new Random(11);
        double[] x = new double[length];
        for (int i = 0; i < length; i++) {
            x[i] = random.nextGaussian();
        }
        return x;
    }

    @Test
    void everyOutputIsTheConvolutionSum() {
        for (int taps : LENGTHS) {
            everyOutputIsTheConvolutionSum(taps);
        }
    }

    private static void everyOutputIsTheConvolutionSum(int taps) {
        double[] h = kernel(taps);
        double[] x = signal(MAX + taps + 10);
        MidpointFir fir = new MidpointFir(h, MAX);
        for (int count : new int[] {1, 5, 15, 16, 17, 64, 263, MAX}) {
            double[] out = new double[MAX + 3];
            fir.filter(x, 3, count, out, 2);
            for (int j = 0; j < count; j++) {
                double sum = 0, magnitude = 0;
                for (int m = 0; m < h.length; m++) {
                    sum += h[m] * x[3 + j + m];
                    magnitude += Math.abs(h[m] * x[3 + j + m]);
                }
                assertEquals(sum, out[2 + j], 1e-15 * magnitude, taps + " taps, count " + count + ", output " + j);
            }
            assertEquals(0.0, out[0]);  // nothing written outside [at, at + count)
            assertEquals(0.0, out[1]);
            if (count + 2 < out.length) {
                assertEquals(0.0, out[count + 2]);
            }
        }
    }

    @Test
    void theScalarAndTheVectorPathsGiveTheSameBits() {
        for (int taps : LENGTHS) {
            theScalarAndTheVectorPathsGiveTheSameBits(taps);
        }
    }

    private static void theScalarAndTheVectorPathsGiveTheSameBits(int taps) {
        double[] h = kernel(taps);
        double[] x = signal(MAX + taps);
        MidpointFir fir = new MidpointFir(h, MAX);
        double[] whole = new double[MAX];
        fir.filter(x, 0, MAX, whole, 0);  // the vector loops
        double[] pieces = new double[MAX];
        for (int j = 0; j < MAX; j += 7) {  // seven at a time: the scalar loop
            fir.filter(x, j, Math.min(7, MAX - j), pieces, j);
        }
        for (int j = 0; j < MAX; j++) {
            assertEquals(Double.doubleToRawLongBits(whole[j]), Double.doubleToRawLongBits(pieces[j]),
                    taps + " taps, output " + j);
        }
    }

    @Test
    void refusesAKernelItsLayoutIsNotWrittenFor() {
        for (int taps : new int[] {12, 48, 100, 129, 130}) {
            assertThrows(IllegalArgumentException.class, () -> new MidpointFir(new double[taps], 16));
        }
    }
}
