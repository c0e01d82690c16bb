package org.mixdown.dsp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PeakHoldTest {

    @Test
    void equalsTheBruteForceMaximumOverTheWindow() {
        for (int window : new int[] {1, 2, 7, 64, 240}) {
            PeakHold hold = new PeakHold();
            hold.prepare(window);
            SplittableRandom random = new SplittableRandom(window);
            double[] x = new double[5000];
            for (int n = 0; n < x.length; n++) {
                // bursts and decays so the queue both grows and empties
                x[n] = (random.nextDouble() - 0.5) * (1 + Math.sin(n * 0.01));
                double got = hold.process(x[n]);
                double expected = 0;
                for (int m = Math.max(0, n - window + 1); m <= n; m++) {
                    expected = Math.max(expected, Math.abs(x[m]));
                }
                assertEquals(expected, got, 0, "window " + window + " sample " + n);
            }
        }
    }

    @Test
    void readsTheTruePeakOfASineWithoutRipple() {
        PeakHold hold = new PeakHold();
        hold.prepare(240);  // 5 ms at 48 kHz: half a period of 100 Hz
        double w = 2 * Math.PI * 997 / 48_000;
        double min = 1;
        for (int n = 0; n < 4800; n++) {
            double level = hold.process(0.5 * Math.sin(w * n));
            if (n > 480) {
                min = Math.min(min, level);
            }
        }
        // sampling can miss the crest by at most cos(pi f / fs)
        assertEquals(0.5, min, 0.5 * (1 - Math.cos(Math.PI * 997 / 48_000)) + 1e-12);
    }

    @Test
    void silenceGivesExactlyZeroAfterOneWindow() {
        PeakHold hold = new PeakHold();
        hold.prepare(100);
        hold.process(1);
        for (int n = 0; n < 99; n++) {
            assertEquals(1, hold.process(0), 0);
        }
        assertEquals(0, hold.process(0), 0);
        assertEquals(0, hold.level(), 0);
    }

    @Test
    void theBlockProcessIsTheOneSampleProcessBitForBit() {
        for (int window : new int[] {1, 2, 7, 240}) {
            for (int block : new int[] {1, 17, 256, 1000}) {
                PeakHold reference = new PeakHold();
                PeakHold blocks = new PeakHold();
                reference.prepare(window);
                blocks.prepare(window);
                SplittableRandom random = new SplittableRandom(31L * window + block);
                double[] x = new double[10_000];
                for (int n = 0; n < x.length; n++) {
                    x[n] = (n / 2000) % 3 == 2 || n >= 9000 ? 0 : (random.nextDouble() - 0.5) * (1 + Math.sin(n * 0.01));
                }
                double[] out = new double[block];
                for (int start = 0; start < x.length; start += block) {
                    int n = Math.min(block, x.length - start);
                    double[] chunk = java.util.Arrays.copyOfRange(x, start, start + n);
                    if (start % (2 * block) == 0) {
                        blocks.process(chunk, out, n);
                    } else {
                        blocks.process(chunk, chunk, n);  // in place
                        System.arraycopy(chunk, 0, out, 0, n);
                    }
                    for (int i = 0; i < n; i++) {
                        assertEquals(reference.process(x[start + i]), out[i], 0,
                                "window " + window + " block " + block + " sample " + (start + i));
                    }
                    assertEquals(reference.level(), blocks.level(), 0);
                }
                assertEquals(0, blocks.level(), 0, "silence at the end reads exactly 0");
            }
        }
    }
}
