package org.mixdown.master;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mixdown.dsp.Db;
import org.mixdown.testkit.Signals;

class IntersamplePeakDetectorTest {
    private static final double FS = 44_100;

    /** The largest interval peak the detector reports over the steady middle of a sine. */
    private static double readPeak(int factorIndex, double frequency, double phase) {
        IntersamplePeakDetector d = new IntersamplePeakDetector();
        d.setFactorIndex(factorIndex);
        float[] x = Signals.sine(frequency, FS, 8000, 0.7, phase);
        double max = 0;
        for (int n = 0; n < x.length; n++) {
            double p = d.push(x[n]);
            if (n > 2000 && n < 6000) {
                max = Math.max(max, p);
            }
        }
        return max;
    }

    @Test
    void readsTheAmplitudeOfSinesUpTo20kHzAtEveryOversamplingFactor() {
        double[] worst = new double[IntersamplePeakDetector.FACTORS.length];
        for (double f : new double[] {997, 5_003, 11_025, 15_001, 19_997}) {
            for (double phase = 0; phase < Math.PI; phase += 0.37) {
                for (int i = 1; i < worst.length; i++) {
                    double errorDb = Db.toDb(readPeak(i, f, phase) / 0.7);
                    worst[i] = Math.max(worst[i], Math.abs(errorDb));
                }
            }
        }
        for (int i = 1; i < worst.length; i++) {
            System.out.printf("peak detector %2dx: worst error on sines to 20 kHz %.4f dB%n",
                    IntersamplePeakDetector.FACTORS[i], worst[i]);
        }
        // without the parabola a 4x grid alone under-reads 20 kHz by up to 20 log10 cos(pi 0.453 / 4) = -0.56 dB
        assertTrue(worst[1] < 0.1, "2x");
        assertTrue(worst[2] < 0.01, "4x");
        // from 8x on, the half-band kernel's pass-band ripple (1e-3, under 0.01 dB) is what is left
        assertTrue(worst[3] < 0.01 && worst[4] < 0.01, "8x, 16x");
    }

    @Test
    void factorOneReadsTheSamplePeakAndMissesTheInterSamplePeak() {
        // fs/4 at 45 degrees: samples at +-0.707 of the amplitude, 3 dB below the true peak
        assertEquals(0.7 * Math.sqrt(0.5), readPeak(0, FS / 4, Math.PI / 4), 1e-6);
        assertEquals(0.7, readPeak(2, FS / 4, Math.PI / 4), 0.7 * 0.001);
    }

    @Test
    void reportsTheIntervalDelaySamplesLate() {
        IntersamplePeakDetector d = new IntersamplePeakDetector();
        for (int n = 0; n < 200; n++) {
            double p = d.push(n == 50 ? 1 : 0);
            if (n == 50 + IntersamplePeakDetector.DELAY) {
                assertEquals(1.0, p, 1e-9);
            } else if (n < 50 + IntersamplePeakDetector.DELAY - 1) {
                assertTrue(p < 0.7, "sample " + n + " reads " + p);
            }
        }
    }

    /** Blocks of any length (the chunking, the four-output groups and their tails) read what push reads. */
    @Test
    void blocksOfAnyLengthMatchSampleBySample() {
        for (int factorIndex = 0; factorIndex < IntersamplePeakDetector.FACTORS.length; factorIndex++) {
            IntersamplePeakDetector perSample = new IntersamplePeakDetector();
            IntersamplePeakDetector blocks = new IntersamplePeakDetector();
            perSample.setFactorIndex(factorIndex);
            blocks.setFactorIndex(factorIndex);
            java.util.SplittableRandom random = new java.util.SplittableRandom(11);
            double[] x = new double[700];
            double[] peaks = new double[700];
            double worst = 0;
            for (int b = 0; b < 40; b++) {
                int n = 1 + random.nextInt(x.length);
                for (int i = 0; i < n; i++) {
                    x[i] = random.nextDouble(-1, 1);
                }
                blocks.process(x, 0, n, peaks, 0);
                for (int i = 0; i < n; i++) {
                    worst = Math.max(worst, Math.abs(perSample.push(x[i]) - peaks[i]));
                }
            }
            assertTrue(worst < 1e-12, "factor index " + factorIndex + ": block differs by " + worst);
        }
    }

    /**
     * With a threshold, quiet chunks skip the interpolation, readings above the threshold are unchanged and
     * none below it is pushed above it.
     */
    @Test
    void thresholdSkipsQuietChunksAndKeepsLoudReadings() {
        double threshold = 0.5;
        IntersamplePeakDetector plain = new IntersamplePeakDetector();
        IntersamplePeakDetector skipping = new IntersamplePeakDetector();
        java.util.SplittableRandom random = new java.util.SplittableRandom(5);
        double[] x = new double[256];
        double[] exact = new double[256];
        double[] read = new double[256];
        int above = 0;
        for (int b = 0; b < 200; b++) {
            double level = (b / 10) % 2 == 0 ? 0.05 : 0.45;  // quiet stretches, then loud ones near the threshold
            for (int i = 0; i < x.length; i++) {
                x[i] = level * Math.sin(2 * Math.PI * 0.45 * (b * 256 + i)) + level * random.nextDouble(-0.5, 0.5);
            }
            plain.process(x, 0, x.length, exact, 0);
            skipping.process(x, 0, x.length, read, 0, threshold);
            for (int i = 0; i < x.length; i++) {
                if (exact[i] > threshold) {
                    above++;
                    assertEquals(exact[i], read[i], 1e-12);
                } else {
                    assertTrue(read[i] <= threshold, "a reading under the threshold was pushed above it");
                }
            }
        }
        System.out.printf("peak detector threshold: %d of 200 chunks skipped, %d readings above%n",
                skipping.skippedChunks(), above);
        assertTrue(skipping.skippedChunks() >= 80, "quiet chunks were not skipped");
        assertTrue(above > 0, "the loud stretches must cross the threshold");
    }

    /**
     * The computed worst under-read is a real bound and a small one: a sine up to 0.475 fs whose crest falls on
     * a grid point (1/4, 1/2 or 3/4 of an interval at 4x, 1/8 at 16x) is read at least at its amplitude
     * times 1 - worstUnderRead.
     */
    @Test
    void sinesCrestingOnAGridPointReadAtLeastTheAmplitudeLessTheComputedUnderRead() {
        double worstShortfall = 0;
        for (int factorIndex : new int[] {2, 4}) {
            double bound = IntersamplePeakDetector.worstUnderRead(factorIndex);
            assertTrue(bound > 0 && bound < 2e-3, "under-read bound " + bound);  // under 0.02 dB
            int factor = IntersamplePeakDetector.FACTORS[factorIndex];
            for (double f : new double[] {0.05, 0.2, 0.31, 0.4, 0.45, 0.46, 0.47, 0.475}) {
                for (int phase = 1; phase < factor; phase++) {
                    IntersamplePeakDetector d = new IntersamplePeakDetector();
                    d.setFactorIndex(factorIndex);
                    int crest = 3000;  // the crest sits phase / factor after x[crest]
                    double t0 = crest + phase / (double) factor;
                    double reading = 0;
                    for (int n = 0; n <= crest + IntersamplePeakDetector.DELAY; n++) {
                        double p = d.push(0.8 * Math.cos(2 * Math.PI * f * (n - t0)));
                        if (n == crest + IntersamplePeakDetector.DELAY) {
                            reading = p;
                        }
                    }
                    double shortfall = 1 - reading / 0.8;
                    worstShortfall = Math.max(worstShortfall, shortfall);
                    assertTrue(shortfall <= bound + 1e-12, factor + "x, " + f + " fs, phase " + phase + ": reads "
                            + shortfall + " short, bound " + bound);
                }
            }
        }
        System.out.printf("peak detector: worst shortfall at a crest on the grid %.2e (bound %.2e)%n", worstShortfall,
                IntersamplePeakDetector.worstUnderRead(2));
    }
}
