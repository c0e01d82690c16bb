package org.mixdown.dsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mixdown.testkit.Measure;

class CrossoverTest {
    private static final double FS = 48_000;
    private static final double[] POINTS = {60, 250, 1200, 5000, 12_000};

    /** Impulse responses of every band (index 0..bands-1) and of their sum (index bands). */
    private static double[][] impulseResponses(LinkwitzRiley.Slope slope, int bands, int length) {
        Crossover crossover = new Crossover(slope);
        crossover.setBands(bands);
        crossover.prepare(FS);
        for (int p = 0; p < bands - 1; p++) {
            crossover.setFrequencyImmediate(p, POINTS[p]);
        }
        double[][] h = new double[bands + 1][length];
        double[] out = new double[Crossover.MAX_BANDS];
        for (int n = 0; n < length; n++) {
            crossover.process(n == 0 ? 1 : 0, out);
            for (int b = 0; b < bands; b++) {
                h[b][n] = out[b];
                h[bands][n] += out[b];
            }
        }
        return h;
    }

    @ParameterizedTest
    @EnumSource(LinkwitzRiley.Slope.class)
    void bandsSumFlatAndMatchTheirAnalyticResponses(LinkwitzRiley.Slope slope) {
        for (int bands = 2; bands <= Crossover.MAX_BANDS; bands++) {
            double[][] h = impulseResponses(slope, bands, 16_384);  // decayed below 1e-20 by then
            double worstSumDb = 0;
            for (double f : Measure.logSpaced(20, 20_000, 41)) {
                double[] sum = LinkwitzRileyTest.dft(h[bands], f, FS);
                double sumDb = Db.toDb(Math.hypot(sum[0], sum[1]));
                worstSumDb = Math.max(worstSumDb, Math.abs(sumDb));
                double phase = Crossover.phase(slope, bands, POINTS, f, FS);
                assertEquals(0, LinkwitzRileyTest.wrap(Math.atan2(sum[1], sum[0]) - phase), 1e-6,
                        bands + " bands: sum phase at " + f);
                for (int b = 0; b < bands; b++) {
                    double[] band = LinkwitzRileyTest.dft(h[b], f, FS);
                    double expected = Crossover.bandMagnitude(slope, b, bands, POINTS, f, FS);
                    assertEquals(expected, Math.hypot(band[0], band[1]), 1e-9, bands + " bands: band " + b + " at " + f);
                }
            }
            assertTrue(worstSumDb < 1e-6, bands + " bands: the sum deviates " + worstSumDb + " dB from flat");
        }
    }

    @Test
    void crossoverPointsStayAscendingAndBelowNyquist() {
        Crossover crossover = new Crossover(LinkwitzRiley.Slope.LR4);
        crossover.prepare(FS);
        crossover.setFrequencyImmediate(0, 2000);
        crossover.setFrequencyImmediate(1, 500);
        crossover.setFrequencyImmediate(4, 30_000);
        assertEquals(2000, crossover.frequency(1), 1e-9);
        assertEquals(0.49 * FS, crossover.frequency(4), 1e-9);
    }

    @Test
    void aFrequencyChangeGlidesWhileTheSumStaysNearlyFlat() {
        Crossover crossover = new Crossover(LinkwitzRiley.Slope.LR8);
        crossover.setBands(3);
        crossover.prepare(FS);
        crossover.setFrequencyImmediate(0, 200);
        crossover.setFrequencyImmediate(1, 2000);
        double[] out = new double[Crossover.MAX_BANDS];
        float[] sum = new float[48_000];
        double f = 440;
        for (int n = 0; n < sum.length; n++) {
            if (n == 24_000) {
                crossover.setFrequency(0, 800);
            }
            crossover.process(0.5 * Math.sin(2 * Math.PI * f * n / FS), out);
            sum[n] = (float) (out[0] + out[1] + out[2]);
        }
        assertEquals(800, crossover.frequency(0), 1e-9);
        // after the glide the sum is again a flat all-pass; during it the level barely moves
        assertEquals(0.5, Measure.amplitudeAt(sum, 36_000, 48_000, f, FS), 1e-5);
        assertTrue(Measure.peak(sum, 24_000, 26_000) < 0.5 * Db.toLinear(0.5), "the glide bumps the level");
    }

    @Test
    void silenceAfterLoudInputDecaysToExactlyZero() {
        Crossover crossover = new Crossover(LinkwitzRiley.Slope.LR8);
        crossover.setBands(6);
        crossover.prepare(FS);
        for (int p = 0; p < 5; p++) {
            crossover.setFrequencyImmediate(p, POINTS[p]);
        }
        double[] out = new double[Crossover.MAX_BANDS];
        for (int n = 0; n < 9600; n++) {
            crossover.process((n % 101) < 50 ? 1 : -1, out);
        }
        assertTrue(crossover.stateMagnitude() > 1e-3);
        for (int block = 0; block < 2000 && crossover.stateMagnitude() > 0; block++) {
            for (int n = 0; n < 512; n++) {
                crossover.process(0, out);
            }
            crossover.flushDenormals();
        }
        assertEquals(0.0, crossover.stateMagnitude());
    }

    /** The block split is the per-sample split, bit for bit, while steady and while a point glides. */
    @ParameterizedTest
    @EnumSource(LinkwitzRiley.Slope.class)
    void blockSplitEqualsSampleBySample(LinkwitzRiley.Slope slope) {
        Crossover perSample = new Crossover(slope);
        Crossover block = new Crossover(slope);
        for (Crossover c : new Crossover[] {perSample, block}) {
            c.setBands(4);
            c.prepare(FS);
            for (int p = 0; p < 3; p++) {
                c.setFrequencyImmediate(p, POINTS[p]);
            }
        }
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        double[] frame = new double[Crossover.MAX_BANDS];
        double[][] bands = new double[4][97];
        double[] x = new double[97];
        for (int b = 0; b < 60; b++) {
            if (b == 20) {  // a glide: coefficients change every sample for a while
                perSample.setFrequency(1, 900);
                block.setFrequency(1, 900);
            }
            int n = 1 + random.nextInt(97);
            for (int i = 0; i < n; i++) {
                x[i] = random.nextDouble(-1, 1);
            }
            block.process(x, n, bands);
            for (int i = 0; i < n; i++) {
                perSample.process(x[i], frame);
                for (int band = 0; band < 4; band++) {
                    assertEquals(frame[band], bands[band][i], 0.0, "band " + band + " block " + b + " sample " + i);
                }
            }
        }
    }

    /** The two-channel split is each channel's per-sample split, bit for bit, while steady and while gliding. */
    @ParameterizedTest
    @EnumSource(LinkwitzRiley.Slope.class)
    void pairSplitEqualsEachChannelSampleBySample(LinkwitzRiley.Slope slope) {
        Crossover[] perSample = {new Crossover(slope), new Crossover(slope)};
        Crossover[] pair = {new Crossover(slope), new Crossover(slope)};
        for (Crossover c : new Crossover[] {perSample[0], perSample[1], pair[0], pair[1]}) {
            c.setBands(5);
            c.prepare(FS);
            for (int p = 0; p < 4; p++) {
                c.setFrequencyImmediate(p, POINTS[p]);
            }
        }
        java.util.SplittableRandom random = new java.util.SplittableRandom(5);
        double[] frame = new double[Crossover.MAX_BANDS];
        double[][][] bands = new double[2][5][97];
        double[][] x = new double[2][97];
        for (int b = 0; b < 60; b++) {
            if (b == 20) {  // a glide: the pair falls back to one channel after the other
                for (Crossover c : new Crossover[] {perSample[0], perSample[1], pair[0], pair[1]}) {
                    c.setFrequency(2, 2000);
                }
            }
            int n = 1 + random.nextInt(97);
            for (int c = 0; c < 2; c++) {
                for (int i = 0; i < n; i++) {
                    x[c][i] = random.nextDouble(-1, 1);
                }
            }
            Crossover.processPair(pair[0], x[0], bands[0], pair[1], x[1], bands[1], n);
            for (int c = 0; c < 2; c++) {
                for (int i = 0; i < n; i++) {
                    perSample[c].process(x[c][i], frame);
                    for (int band = 0; band < 5; band++) {
                        assertEquals(frame[band], bands[c][band][i], 0.0,
                                "channel " + c + " band " + band + " block " + b + " sample " + i);
                    }
                }
            }
        }
    }

    /** The crossover's all-pass is what its bands sum to (to rounding), while steady and while gliding. */
    @Test
    void allpassEqualsTheSumOfTheBands() {
        Crossover split = new Crossover(LinkwitzRiley.Slope.LR4);
        Crossover allpass = new Crossover(LinkwitzRiley.Slope.LR4);
        for (Crossover c : new Crossover[] {split, allpass}) {
            c.setBands(4);
            c.prepare(FS);
            for (int p = 0; p < 3; p++) {
                c.setFrequencyImmediate(p, POINTS[p]);
            }
        }
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        double[][] bands = new double[4][64];
        double[] x = new double[64];
        double[] y = new double[64];
        for (int b = 0; b < 40; b++) {
            if (b == 10) {
                split.setFrequency(0, 90);
                allpass.setFrequency(0, 90);
            }
            for (int i = 0; i < 64; i++) {
                x[i] = random.nextDouble(-1, 1);
            }
            System.arraycopy(x, 0, y, 0, 64);
            split.process(x, 64, bands);
            allpass.allpass(y, 64);
            for (int i = 0; i < 64; i++) {
                assertEquals(bands[0][i] + bands[1][i] + bands[2][i] + bands[3][i], y[i], 1e-12, "block " + b);
            }
        }
    }

    /** Splitting one signal while all-passing another is each alone, bit for bit, steady or gliding. */
    @Test
    void processWithAllpassEqualsEachAlone() {
        for (int bands = 2; bands <= 5; bands++) {
            processWithAllpassEqualsEachAlone(bands);
        }
    }

    private static void processWithAllpassEqualsEachAlone(int bands) {
        Crossover[] together = {new Crossover(LinkwitzRiley.Slope.LR4), new Crossover(LinkwitzRiley.Slope.LR4)};
        Crossover[] alone = {new Crossover(LinkwitzRiley.Slope.LR4), new Crossover(LinkwitzRiley.Slope.LR4)};
        for (Crossover c : new Crossover[] {together[0], together[1], alone[0], alone[1]}) {
            c.setBands(bands);
            c.prepare(FS);
            for (int p = 0; p < bands - 1; p++) {
                c.setFrequencyImmediate(p, POINTS[p]);
            }
        }
        java.util.SplittableRandom random = new java.util.SplittableRandom(9);
        double[][] bandsTogether = new double[5][80];
        double[][] bandsAlone = new double[5][80];
        double[] x = new double[80];
        double[] yTogether = new double[80];
        double[] yAlone = new double[80];
        for (int b = 0; b < 40; b++) {
            if (b == 10) {
                for (Crossover c : new Crossover[] {together[0], together[1], alone[0], alone[1]}) {
                    c.setFrequency(bands - 2, 3000);
                }
            }
            int n = 1 + random.nextInt(80);
            for (int i = 0; i < n; i++) {
                x[i] = random.nextDouble(-1, 1);
                yTogether[i] = yAlone[i] = random.nextDouble(-1, 1);
            }
            Crossover.processWithAllpass(together[0], x, n, bandsTogether, together[1], yTogether);
            alone[0].process(x, n, bandsAlone);
            alone[1].allpass(yAlone, n);
            for (int i = 0; i < n; i++) {
                assertEquals(yAlone[i], yTogether[i], 0.0, "all-passed, block " + b);
                for (int band = 0; band < bands; band++) {
                    assertEquals(bandsAlone[band][i], bandsTogether[band][i], 0.0, bands + " bands: band " + band + ", block " + b);
                }
            }
        }
    }
}
