package org.mixdown.dsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mixdown.testkit.Measure;

class LinkwitzRileyTest {
    private static final double FS = 48_000;

    /** Impulse responses of the low, high and all-pass outputs, in double precision. */
    private static double[][] impulseResponses(LinkwitzRiley.Slope slope, double fc, int length) {
        LinkwitzRiley split = new LinkwitzRiley(slope);
        LinkwitzRiley allpass = new LinkwitzRiley(slope);
        split.setFrequency(fc, FS);
        allpass.setFrequency(fc, FS);
        double[][] out = new double[3][length];
        for (int n = 0; n < length; n++) {
            double x = n == 0 ? 1 : 0;
            out[0][n] = split.split(x);
            out[1][n] = split.high();
            out[2][n] = allpass.allpass(x);
        }
        return out;
    }

    /** The DFT of {@code h} at {@code frequency}: {re, im}. */
    static double[] dft(double[] h, double frequency, double sampleRate) {
        double w = 2 * Math.PI * frequency / sampleRate;
        double re = 0, im = 0;
        for (int n = 0; n < h.length; n++) {
            re += h[n] * Math.cos(w * n);
            im -= h[n] * Math.sin(w * n);
        }
        return new double[] {re, im};
    }

    @ParameterizedTest
    @EnumSource(LinkwitzRiley.Slope.class)
    void lowAndHighMatchTheAnalyticResponseAndMeetAtMinus6dB(LinkwitzRiley.Slope slope) {
        double fc = 1000;
        double[][] h = impulseResponses(slope, fc, 16384);
        for (double f : Measure.logSpaced(20, 20_000, 31)) {
            double[] low = dft(h[0], f, FS);
            double[] high = dft(h[1], f, FS);
            double[] ap = dft(h[2], f, FS);
            double lowDb = Db.toDb(Math.hypot(low[0], low[1]));
            double highDb = Db.toDb(Math.hypot(high[0], high[1]));
            // the analytic magnitude, where it is well above the double-precision floor of the DFT
            if (lowDb > -120) {
                assertEquals(Db.toDb(LinkwitzRiley.lowMagnitude(slope, f, fc, FS)), lowDb, 1e-6, "low at " + f);
            }
            if (highDb > -120) {
                assertEquals(Db.toDb(LinkwitzRiley.highMagnitude(slope, f, fc, FS)), highDb, 1e-6, "high at " + f);
            }
            assertEquals(0, Db.toDb(Math.hypot(ap[0], ap[1])), 1e-9, "all-pass at " + f);
            // low, high and all-pass share one phase, the analytic one
            double phase = LinkwitzRiley.phase(slope, f, fc, FS);
            assertEquals(0, wrap(Math.atan2(ap[1], ap[0]) - phase), 1e-6, "all-pass phase at " + f);
            if (lowDb > -150) {
                assertEquals(0, wrap(Math.atan2(low[1], low[0]) - phase), 1e-6, "low phase at " + f);
            }
            if (highDb > -150) {
                assertEquals(0, wrap(Math.atan2(high[1], high[0]) - phase), 1e-6, "high phase at " + f);
            }
            // low + high is the all-pass, sample for sample
        }
        for (int n = 0; n < h[0].length; n++) {
            assertEquals(h[2][n], h[0][n] + h[1][n], 1e-12, "sum at sample " + n);
        }
        double[] atFc = dft(h[0], fc, FS);
        assertEquals(-6.0206, Db.toDb(Math.hypot(atFc[0], atFc[1])), 1e-3);
    }

    @ParameterizedTest
    @EnumSource(LinkwitzRiley.Slope.class)
    void slopeIsTheNominalDbPerOctaveFarFromTheCrossover(LinkwitzRiley.Slope slope) {
        // far above the crossover and far below Nyquist (little bilinear warp): 6 dB/octave per order
        double perOctave = Db.toDb(LinkwitzRiley.lowMagnitude(slope, 3200, 100, FS))
                - Db.toDb(LinkwitzRiley.lowMagnitude(slope, 1600, 100, FS));
        double nominal = slope == LinkwitzRiley.Slope.LR4 ? -24 : -48;
        assertEquals(nominal, perOctave, 1.0);
    }

    @ParameterizedTest
    @EnumSource(LinkwitzRiley.Slope.class)
    void sineThroughFloatAudioMatchesTheAnalyticMagnitude(LinkwitzRiley.Slope slope) {
        LinkwitzRiley split = new LinkwitzRiley(slope);
        split.setFrequency(300, FS);
        for (double f : new double[] {100, 300, 900}) {
            split.reset();
            int frames = 24_000;
            float[] low = new float[frames];
            float[] high = new float[frames];
            double w = 2 * Math.PI * f / FS;
            for (int n = 0; n < frames; n++) {
                low[n] = (float) split.split(0.5 * Math.sin(w * n));
                high[n] = (float) split.high();
            }
            assertEquals(Db.toDb(0.5 * LinkwitzRiley.lowMagnitude(slope, f, 300, FS)),
                    Db.toDb(Measure.amplitudeAt(low, 12_000, frames, f, FS)), 1e-3);
            assertEquals(Db.toDb(0.5 * LinkwitzRiley.highMagnitude(slope, f, 300, FS)),
                    Db.toDb(Measure.amplitudeAt(high, 12_000, frames, f, FS)), 1e-3);
        }
    }

    @ParameterizedTest
    @EnumSource(LinkwitzRiley.Slope.class)
    void silenceAfterLoudInputDecaysToExactlyZero(LinkwitzRiley.Slope slope) {
        LinkwitzRiley split = new LinkwitzRiley(slope);
        split.setFrequency(40, FS);
        for (int n = 0; n < 4800; n++) {
            double x = (n % 97) < 48 ? 1 : -1;
            split.split(x);
            split.allpass(x);
        }
        assertTrue(split.stateMagnitude() > 1e-3);
        for (int block = 0; block < 2000 && split.stateMagnitude() > 0; block++) {
            for (int n = 0; n < 512; n++) {
                split.split(0);
                split.allpass(0);
            }
            split.flushDenormals();
        }
        assertEquals(0.0, split.stateMagnitude());
    }

    static double wrap(double radians) {
        return Math.IEEEremainder(radians, 2 * Math.PI);
    }

    /** The high pass alone is the split's high band, bit for bit, block or sample by sample, both slopes. */
    @ParameterizedTest
    @EnumSource(LinkwitzRiley.Slope.class)
    void highPassEqualsTheSplitsHighBand(LinkwitzRiley.Slope slope) {
        LinkwitzRiley split = new LinkwitzRiley(slope);
        LinkwitzRiley high = new LinkwitzRiley(slope);
        split.setFrequency(300, 48_000);
        high.setFrequency(300, 48_000);
        java.util.SplittableRandom random = new java.util.SplittableRandom(11);
        double[] x = new double[50];
        double[] y = new double[50];
        for (int b = 0; b < 20; b++) {
            for (int i = 0; i < 50; i++) {
                x[i] = random.nextDouble(-1, 1);
            }
            if (b % 2 == 0) {
                high.highPass(x, y, 50);
            } else {
                for (int i = 0; i < 50; i++) {
                    y[i] = high.highPass(x[i]);
                }
            }
            for (int i = 0; i < 50; i++) {
                split.split(x[i]);
                assertEquals(split.high(), y[i], 0.0, "block " + b + " sample " + i);
            }
        }
    }

    /** The high pass beside an all-pass in one loop is each alone, bit for bit. */
    @Test
    void highPassWithAllpassEqualsEachAlone() {
        LinkwitzRiley[] f = new LinkwitzRiley[4];
        for (int i = 0; i < 4; i++) {
            f[i] = new LinkwitzRiley(LinkwitzRiley.Slope.LR4);
            f[i].setFrequency(120, FS);
        }
        java.util.SplittableRandom random = new java.util.SplittableRandom(13);
        double[] x = new double[64];
        double[] high = new double[64];
        double[] highAlone = new double[64];
        double[] y = new double[64];
        double[] yAlone = new double[64];
        for (int b = 0; b < 10; b++) {
            for (int i = 0; i < 64; i++) {
                x[i] = random.nextDouble(-1, 1);
                y[i] = yAlone[i] = random.nextDouble(-1, 1);
            }
            assertTrue(f[0].pairsWith(f[1]));
            LinkwitzRiley.highPassWithAllpass(f[0], x, high, f[1], y, 64);
            f[2].highPass(x, highAlone, 64);
            f[3].allpass(yAlone, 64);
            for (int i = 0; i < 64; i++) {
                assertEquals(highAlone[i], high[i], 0.0);
                assertEquals(yAlone[i], y[i], 0.0);
            }
        }
    }
    /** Simper's trapezoidal SVF as published (the textbook form the filter's state-space update expands). */
    private static final class ReferenceSvf {
        double ic1, ic2, lp, bp, hp;

        void step(double x, double g, double k) {
            double a1 = 1 / (1 + g * (g + k)), a2 = g * a1, a3 = g * a2;
            double v3 = x - ic2;
            double v1 = a1 * ic1 + a2 * v3;
            double v2 = ic2 + a2 * ic1 + a3 * v3;
            ic1 = 2 * v1 - ic1;
            ic2 = 2 * v2 - ic2;
            lp = v2;
            bp = v1;
            hp = x - k * v1 - v2;
        }
    }

    /**
     * Low, high and all-pass against the textbook topology (low pass squared, high pass squared, all-pass
     * lp - k bp + hp, each section a textbook SVF), to rounding, while the cutoff glides every sample.
     */
    @ParameterizedTest
    @EnumSource(LinkwitzRiley.Slope.class)
    void matchesTheTextbookSvfTopologyWhileGliding(LinkwitzRiley.Slope slope) {
        int sections = slope.sections();
        double[] k = new double[sections];
        for (int s = 0; s < sections; s++) {
            k[s] = 1 / slope.q(s);
        }
        ReferenceSvf[] low = new ReferenceSvf[2 * sections];
        ReferenceSvf[] high = new ReferenceSvf[2 * sections];
        ReferenceSvf[] all = new ReferenceSvf[sections];
        for (int i = 0; i < 2 * sections; i++) {
            low[i] = new ReferenceSvf();
            high[i] = new ReferenceSvf();
        }
        for (int s = 0; s < sections; s++) {
            all[s] = new ReferenceSvf();
        }
        LinkwitzRiley filter = new LinkwitzRiley(slope);
        java.util.SplittableRandom random = new java.util.SplittableRandom(17);
        double worst = 0;
        for (int n = 0; n < 20_000; n++) {
            // 40 Hz up to 8 kHz and back: a glide covering the range, coefficients new every sample
            double f = 40 * Math.pow(200, 0.5 - 0.5 * Math.cos(2 * Math.PI * n / 20_000.0));
            double g = LinkwitzRiley.warp(f, FS);
            filter.setWarpedFrequency(g);
            double x = random.nextDouble(-1, 1);
            double lo = x, hi = x, ap = x;
            for (int st = 0; st < 2 * sections; st++) {
                int s = st % sections;
                low[st].step(lo, g, k[s]);
                lo = low[st].lp;
                high[st].step(hi, g, k[s]);
                hi = high[st].hp;
            }
            for (int s = 0; s < sections; s++) {
                all[s].step(ap, g, k[s]);
                ap = all[s].lp - k[s] * all[s].bp + all[s].hp;
            }
            double gotLow = filter.split(x);
            double gotAll = filter.allpass(x);
            worst = Math.max(worst, Math.max(Math.abs(gotLow - lo), Math.abs(filter.high() - hi)));
            worst = Math.max(worst, Math.abs(gotAll - ap));
        }
        System.out.println("LinkwitzRiley " + slope + " vs textbook SVF while gliding: worst difference " + worst);
        assertTrue(worst < 1e-12, "worst difference " + worst);
    }
}
