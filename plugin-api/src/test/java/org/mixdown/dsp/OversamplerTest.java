package org.mixdown.dsp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mixdown.testkit.Measure;
import org.mixdown.testkit.PluginChecks;
import org.mixdown.testkit.Signals;

class OversamplerTest {
    private static final double FS = 48_000;
    private static final int[] FACTORS = {2, 4, 8};

    /** Up then down over a whole signal, in blocks of {@code block}. */
    private static float[] roundTrip(Oversampler os, float[] x, int block) {
        float[] y = new float[x.length];
        float[] high = new float[block * os.factor()];
        for (int start = 0; start < x.length; start += block) {
            int end = Math.min(x.length, start + block);
            os.up(x, start, end, high);
            os.down(high, y, start, end);
        }
        return y;
    }

    private static float[] up(Oversampler os, float[] x) {
        float[] high = new float[x.length * os.factor()];
        os.up(x, 0, x.length, high);
        return high;
    }

    private static float[] down(Oversampler os, float[] high) {
        float[] y = new float[high.length / os.factor()];
        os.down(high, y, 0, y.length);
        return y;
    }

    /** Where a frequency lands after sampling at {@code rate}. */
    private static double fold(double f, double rate) {
        double a = f % rate;
        return a > rate / 2 ? rate - a : a;
    }

    @Test
    void latencyIsExactAndTheImpulseResponseIsSymmetricAroundIt() {
        assertEquals(0, Oversampler.latencySamples(1));
        for (int factor : FACTORS) {
            Oversampler os = new Oversampler(factor, 4096);
            int latency = os.latencySamples();
            assertEquals(Oversampler.latencySamples(factor), latency);
            assertTrue(latency <= Oversampler.maxLatencySamples());
            float[] y = roundTrip(os, Signals.impulse(1024, 100), 1024);
            int peak = 0;
            for (int n = 0; n < y.length; n++) {
                if (Math.abs(y[n]) > Math.abs(y[peak])) {
                    peak = n;
                }
            }
            assertEquals(100 + latency, peak, "factor " + factor);
            for (int k = 1; k < 60; k++) {  // linear phase: symmetric about the delay
                assertEquals(y[peak - k], y[peak + k], 1e-6, "factor " + factor + " tap " + k);
            }
        }
    }

    @Test
    void aPassBandSignalNullsAgainstTheInputDelayedByTheLatency() {
        for (int factor : FACTORS) {
            Oversampler os = new Oversampler(factor, 512);
            float[] x = Signals.sine(1000, FS, 8192, 0.5);
            float[] y = roundTrip(os, x, 512);
            int d = os.latencySamples();
            float[] reference = new float[x.length - 1000];
            float[] delayed = new float[reference.length];
            for (int n = 0; n < reference.length; n++) {
                reference[n] = x[n + 1000 - d];
                delayed[n] = y[n + 1000];
            }
            double nullDb = Measure.differenceDb(reference, delayed);
            System.out.printf("oversampler %dx: latency %d samples, 1 kHz null %.1f dB%n", factor, d, nullDb);
            assertTrue(nullDb < -80, "factor " + factor + ": null only " + nullDb + " dB");
        }
    }

    @Test
    void passBandIsFlatWithinOneHundredthOfADecibel() {
        for (int factor : FACTORS) {
            double worst = 0;
            for (double f : Measure.logSpaced(20, Oversampler.PASSBAND * FS, 25)) {
                Oversampler os = new Oversampler(factor, 16384);
                float[] x = Signals.sine(f, FS, 16384, 0.5);
                float[] y = roundTrip(os, x, 16384);
                double gainDb = Measure.db(Measure.amplitudeAt(y, 2048, y.length, f, FS) / 0.5);
                worst = Math.max(worst, Math.abs(gainDb));
            }
            System.out.printf("oversampler %dx: pass band 20 Hz..%.0f Hz within +-%.4f dB%n", factor,
                    Oversampler.PASSBAND * FS, worst);
            assertTrue(worst < 0.01, "factor " + factor + ": pass band deviates " + worst + " dB");
        }
    }

    @Test
    void imagesOfTheUpsamplerAreRejectedByEightyDecibels() {
        for (int factor : FACTORS) {
            double highRate = FS * factor;
            double worst = -300;
            for (double f : new double[] {100, 1000, 5000, 12_000, 17_000, 20_000, Oversampler.PASSBAND * FS}) {
                Oversampler os = new Oversampler(factor, 4096);
                float[] high = up(os, Signals.sine(f, FS, 4096, 0.5));
                int from = 512 * factor;
                double signal = Measure.amplitudeAt(high, from, high.length, f, highRate);
                assertEquals(0.5, signal, 0.5 * 1e-3, "factor " + factor + " at " + f + " Hz");
                for (int k = 1; k < factor; k++) {
                    for (double image : new double[] {k * FS - f, k * FS + f}) {
                        if (image < highRate / 2) {
                            double level = Measure.db(WindowedDft.amplitudeAt(high, from, high.length, image, highRate)
                                    / signal);
                            worst = Math.max(worst, level);
                        }
                    }
                }
            }
            System.out.printf("oversampler %dx: worst image %.1f dB%n", factor, worst);
            assertTrue(worst < -80, "factor " + factor + ": an image at " + worst + " dB");
        }
    }

    @Test
    void whatWouldAliasIntoThePassBandIsRejectedByEightyDecibels() {
        for (int factor : FACTORS) {
            double highRate = FS * factor;
            double worst = -300;
            double worstAt = 0;
            for (double f = (1 - Oversampler.PASSBAND) * FS; f < highRate / 2 - 100; f += FS / 37) {
                double alias = fold(f, FS);
                if (alias > Oversampler.PASSBAND * FS || alias < 50) {
                    continue;  // lands in the allowed transition band, or too near DC to measure
                }
                Oversampler os = new Oversampler(factor, 4096);
                float[] y = down(os, Signals.sine(f, highRate, 4096 * factor, 0.5));
                double level = Measure.db(WindowedDft.amplitudeAt(y, 512, y.length, alias, FS) / 0.5);
                if (level > worst) {
                    worst = level;
                    worstAt = f;
                }
            }
            System.out.printf("oversampler %dx: worst alias into the pass band %.1f dB (from %.0f Hz)%n", factor, worst,
                    worstAt);
            assertTrue(worst < -80, "factor " + factor + ": " + worstAt + " Hz aliases at " + worst + " dB");
        }
    }

    @Test
    void everyStageIsDesignedForEightyDecibelsInItsStopBand() {
        double edge = Oversampler.PASSBAND;  // of the base rate
        for (int s = 0; s < Oversampler.stageCount(); s++) {
            double[] h = Oversampler.stageImpulseResponse(s);
            double passEdge = edge / (2 << s);  // as a fraction of this stage's high rate
            double worstStop = 0, worstPass = 0;
            for (int i = 0; i <= 2000; i++) {
                double stop = (0.5 - passEdge) + i * passEdge / 2000;
                double pass = i * passEdge / 2000;
                worstStop = Math.max(worstStop, magnitude(h, stop));
                worstPass = Math.max(worstPass, Math.abs(magnitude(h, pass) - 1));
            }
            assertTrue(Measure.db(worstStop) <= -80, "stage " + s + ": stop band " + Measure.db(worstStop) + " dB");
            assertTrue(worstPass < 1.2e-4, "stage " + s + ": pass-band ripple " + worstPass);
        }
    }

    private static double magnitude(double[] h, double f) {
        double re = 0, im = 0;
        for (int n = 0; n < h.length; n++) {
            re += h[n] * Math.cos(2 * Math.PI * f * n);
            im -= h[n] * Math.sin(2 * Math.PI * f * n);
        }
        return Math.hypot(re, im);
    }

    @Test
    void blockSizesDoNotChangeTheResult() {
        float[] x = Signals.whiteNoise(5000, 0.5, 3);
        for (int factor : FACTORS) {
            float[] whole = roundTrip(new Oversampler(factor, 5000), x, 5000);
            for (int block : new int[] {1, 7, 64, 1000}) {
                assertArrayEquals(whole, roundTrip(new Oversampler(factor, block), x, block),
                        "factor " + factor + " block " + block);
            }
        }
    }

    /** One stage's upsampling by definition, in double: 2 (x stuffed with zeros) convolved with the half-band. */
    private static double[] upByDefinition(double[] x, int stage) {
        double[] h = Oversampler.stageImpulseResponse(stage);
        double[] u = new double[2 * x.length];
        for (int m = 0; m < u.length; m++) {
            double sum = 0;
            for (int i = 0; i < h.length; i++) {
                int at = m - i;
                if (at >= 0 && (at & 1) == 0) {
                    sum += h[i] * x[at / 2];
                }
            }
            u[m] = 2 * sum;
        }
        return u;
    }

    /** One stage's downsampling by definition, in double: the half-band, then every other sample from {@code phase}. */
    private static double[] downByDefinition(double[] s, int stage, int phase) {
        double[] h = Oversampler.stageImpulseResponse(stage);
        double[] y = new double[s.length / 2];
        for (int n = 0; n < y.length; n++) {
            double sum = 0;
            for (int i = 0; i < h.length; i++) {
                int at = 2 * n + phase - i;
                if (at >= 0) {
                    sum += h[i] * s[at];
                }
            }
            y[n] = sum;
        }
        return y;
    }

    /**
     * The block-wise float FIR (tap offsets by residue class, see HalfBand.fir) against the plain convolution
     * in double: up to float rounding of a sum of about 40 products, within 1e-6 of a full-scale signal.
     */
    @Test
    void theBlockWiseFirIsThePlainConvolution() {
        float[] x = Signals.whiteNoise(700, 0.9, 21);
        for (int factor : FACTORS) {
            double[] expected = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                expected[i] = x[i];
            }
            for (int stage = 0; factor >> (stage + 1) > 0; stage++) {
                expected = upByDefinition(expected, stage);
            }
            float[] high = new float[x.length * factor];
            Oversampler os = new Oversampler(factor, 100);
            for (int start = 0; start < x.length; start += 100) {
                os.up(x, start, start + 100, high);
                for (int j = 0; j < 100 * factor; j++) {
                    assertEquals(expected[start * factor + j], high[j], 1e-6, "factor " + factor + " sample " + j);
                }
            }
        }
        // down (factor 2): one of the two decimation phases, whichever the stage uses
        double[] s = new double[1400];
        float[] sf = new float[1400];
        for (int i = 0; i < s.length; i++) {
            sf[i] = (float) (0.9 * Math.sin(0.37 * i) * Math.cos(0.011 * i));
            s[i] = sf[i];
        }
        float[] y = down(new Oversampler(2, 700), sf);
        double best = Double.MAX_VALUE;
        for (int phase = 0; phase < 2; phase++) {
            double[] e = downByDefinition(s, 0, phase);
            double worst = 0;
            for (int n = 0; n < y.length; n++) {
                worst = Math.max(worst, Math.abs(e[n] - y[n]));
            }
            best = Math.min(best, worst);
        }
        assertTrue(best < 1e-6, "down differs from the convolution by " + best);
    }

    /** A curve that depends on the sample's place in the block, so a map fed the wrong index shows. */
    private static float placedCurve(float x, int highIndex) {
        return (float) Math.tanh(3 * x) * (1 + highIndex * 1e-3f);
    }

    /**
     * process (the innermost stage's phases passed to its down stage as they are) gives the bits of up, the
     * map over the high block, down, at every factor and block size, into an offset output; and it hands
     * the map every high-rate index of the block exactly once.
     */
    @Test
    void processIsUpThenTheMapThenDownBitForBit() {
        float[] x = Signals.whiteNoise(3000, 0.8, 17);
        for (int factor : new int[] {1, 2, 4, 8}) {
            for (int block : new int[] {1, 7, 64, 500}) {
                Oversampler reference = new Oversampler(factor, block);
                Oversampler fused = new Oversampler(factor, block);
                float[] high = new float[block * factor];
                float[] expected = new float[x.length];
                float[] actual = new float[x.length + 3];
                int[] seen = new int[block * factor];
                for (int start = 0; start < x.length; start += block) {
                    int end = Math.min(x.length, start + block);
                    reference.up(x, start, end, high);
                    for (int j = 0; j < (end - start) * factor; j++) {
                        high[j] = placedCurve(high[j], j);
                    }
                    reference.down(high, expected, start, end);
                    java.util.Arrays.fill(seen, 0);
                    fused.process(x, start, end, actual, start + 3, (v, offset, count, first, stride) -> {
                        for (int i = 0; i < count; i++) {
                            int j = first + i * stride;
                            seen[j]++;
                            v[offset + i] = placedCurve(v[offset + i], j);
                        }
                    });
                    for (int j = 0; j < (end - start) * factor; j++) {
                        assertEquals(1, seen[j], "factor " + factor + " block " + block + ": index " + j);
                    }
                }
                assertArrayEquals(expected, java.util.Arrays.copyOfRange(actual, 3, actual.length),
                        "factor " + factor + " block " + block);
            }
        }
    }

    @Test
    void processAllocatesNothing() {
        Oversampler os = new Oversampler(8, 512);
        float[] x = Signals.whiteNoise(512, 0.5, 6);
        float[] y = new float[512];
        Oversampler.HighRateMap map = (v, offset, count, first, stride) -> { };
        SplittableRandom random = new SplittableRandom(2);
        for (int i = 0; i < 5000; i++) {
            os.process(x, 0, 512, y, 0, map);
        }
        long before = PluginChecks.allocatedBytes();
        for (int i = 0; i < 2000; i++) {
            int n = 1 + random.nextInt(512);
            os.process(x, 0, n, y, 0, map);
        }
        assertEquals(0, PluginChecks.allocatedBytes() - before);
    }

    @Test
    void factorOneIsTheIdentity() {
        Oversampler os = new Oversampler(1, 64);
        float[] x = Signals.whiteNoise(640, 0.5, 9);
        assertArrayEquals(x, roundTrip(os, x, 64));
        assertEquals(0, os.latencySamples());
    }

    @Test
    void silenceEmptiesTheHistoriesExactly() {
        Oversampler os = new Oversampler(8, 256);
        roundTrip(os, Signals.whiteNoise(4096, 1, 4), 256);
        assertTrue(os.stateMagnitude() > 0);
        roundTrip(os, new float[1024], 256);
        assertEquals(0, os.stateMagnitude(), 0);
        roundTrip(os, Signals.whiteNoise(256, 1, 5), 256);
        os.reset();
        assertEquals(0, os.stateMagnitude(), 0);
    }

    @Test
    void upAndDownAllocateNothing() {
        Oversampler os = new Oversampler(8, 512);
        float[] x = Signals.whiteNoise(512, 0.5, 6);
        float[] high = new float[512 * 8];
        float[] y = new float[512];
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 5000; i++) {
            os.up(x, 0, 512, high);
            os.down(high, y, 0, 512);
        }
        long before = PluginChecks.allocatedBytes();
        for (int i = 0; i < 2000; i++) {
            int n = 1 + random.nextInt(512);
            os.up(x, 0, n, high);
            os.down(high, y, 0, n);
        }
        assertEquals(0, PluginChecks.allocatedBytes() - before);
    }

    @Test
    void rejectsBadFactorsAndBlocks() {
        assertThrows(IllegalArgumentException.class, () -> new Oversampler(3, 64));
        Oversampler os = new Oversampler(2, 64);
        assertThrows(IllegalArgumentException.class, () -> os.up(new float[65], 0, 65, new float[130]));
    }
}
