package org.mixdown.master;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class NyquistGuardTest {
    @Test
    void passesTheBandAndStopsTheTopAsSpecified() {
        double passWorst = 0, stopWorst = 0;
        for (int s = 0; s <= 10_000; s++) {
            double f = 0.5 * s / 10_000;
            double h = NyquistGuard.response(f);
            if (f <= NyquistGuard.PASS_EDGE) {
                passWorst = Math.max(passWorst, Math.abs(h - 1));
            } else if (f >= NyquistGuard.STOP_EDGE) {
                stopWorst = Math.max(stopWorst, Math.abs(h));
            }
        }
        System.out.printf("Nyquist guard: pass-band ripple %.1e to %.3f fs, stop band %.1e from %.3f fs%n", passWorst,
                NyquistGuard.PASS_EDGE, stopWorst, NyquistGuard.STOP_EDGE);
        assertTrue(passWorst <= NyquistGuard.PASS_RIPPLE, "pass band " + passWorst);
        assertTrue(stopWorst <= NyquistGuard.STOP_LEAK, "stop band " + stopWorst);
        assertTrue(stopWorst > NyquistGuard.STOP_LEAK / 10, "the stated leak is a bound, not a wild over-estimate");
    }

    /**
     * In blocks of every size (the scalar path under 16, the vector loops above), the output is the input
     * {@link NyquistGuard#DELAY} samples earlier convolved with the kernel, within the float rounding the
     * limiter allows for; unfiltered, it is that input exactly.
     */
    @Test
    void outputsTheDelayedFilteredInputInBlocksOfEverySize() {
        Random random = new Random(5);
        int frames = 5000;
        double[] x = new double[frames];
        for (int i = 0; i < frames; i++) {
            x[i] = (float) random.nextGaussian();
        }
        NyquistGuard filtering = new NyquistGuard(), passing = new NyquistGuard();
        int chunk = NyquistGuard.CHUNK;
        double[] in = new double[chunk], out = new double[chunk], late = new double[chunk];
        int[] sizes = {1, 7, 15, 16, 17, 64, 255, 256};
        int checked = 0;
        for (int at = 0, b = 0; at < frames; b++) {
            int n = Math.min(frames - at, sizes[b % sizes.length]);
            System.arraycopy(x, at, in, 0, n);
            filtering.process(in, out, n, true);
            passing.process(in, late, n, false);
            for (int j = 0; j < n; j++) {
                int centre = at + j - NyquistGuard.DELAY;
                double sum = 0, largest = 0;
                for (int m = 0; m < NyquistGuard.TAPS; m++) {
                    int k = centre + m - NyquistGuard.DELAY;
                    double v = k >= 0 ? x[k] : 0;
                    sum += NyquistGuard.KERNEL[m] * v;
                    largest = Math.max(largest, Math.abs(v));
                }
                assertEquals(sum, out[j], NyquistGuard.ROUNDING * largest, "sample " + (at + j));
                assertEquals(centre >= 0 ? x[centre] : 0, late[j], 0.0, "unfiltered sample " + (at + j));
                checked++;
            }
            at += n;
        }
        assertEquals(frames, checked);
    }
}
