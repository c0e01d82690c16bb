package org.mixdown.dsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HalfBandFirTest {
    /**
     * Every kernel gives, bit for bit, the sum in the order the half-band stage defines (residue class m mod 8
     * by class, within a class by offset, starting from +0), for random taps and inputs of every sign.
     */
    @Test
    void kernelsAddTheProductsInTheStagesOrder() {
        SplittableRandom random = new SplittableRandom(8);
        for (int taps : new int[] {38, 12, 8}) {
            assertTrue(HalfBandFir.has(taps));
            for (int frames : new int[] {1, 7, 64, 301}) {
                float[] c = new float[taps];
                for (int m = 0; m < taps; m++) {
                    c[m] = (float) (random.nextDouble() - 0.5);
                }
                float[] x = new float[frames + taps];
                for (int i = 0; i < x.length; i++) {
                    x[i] = (float) ((random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(-3, 3)));
                }
                float[][] s = new float[8][frames + 40];
                for (int r = 0; r < 8; r++) {
                    System.arraycopy(x, r, s[r], 0, Math.min(s[r].length, x.length - r));
                }
                float[] a = new float[frames];
                HalfBandFir.fir(a, c, s, frames);
                for (int n = 0; n < frames; n++) {
                    float y = 0f;
                    for (int r = 0; r < 8; r++) {
                        for (int m = r; m < taps; m += 8) {
                            y += c[m] * x[n + m];
                        }
                    }
                    assertEquals(Float.floatToRawIntBits(y), Float.floatToRawIntBits(a[n]),
                            taps + " taps, frame " + n + ": " + y + " vs " + a[n]);
                }
            }
        }
        assertFalse(HalfBandFir.has(10));
    }
}
