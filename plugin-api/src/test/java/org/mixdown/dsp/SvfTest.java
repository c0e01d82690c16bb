package org.mixdown.dsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mixdown.testkit.Measure;
import org.mixdown.testkit.Signals;

class SvfTest {
    private static final double[] RATES = {44100, 48000, 96000};
    private static final double[] FREQUENCIES = Measure.logSpaced(20, 20000, 30);

    /** The RBJ design each SVF type must equal: both are the bilinear transform of the same prototype. */
    private static Biquad.Type cookbook(Svf.Type type) {
        return Biquad.Type.valueOf(type.name());
    }

    @Test
    void analyticResponseEqualsTheCookbookBiquadOfTheSamePrototype() {
        Svf.Type[] types = {Svf.Type.LOWPASS, Svf.Type.HIGHPASS, Svf.Type.BANDPASS, Svf.Type.NOTCH, Svf.Type.PEAK,
                Svf.Type.LOWSHELF, Svf.Type.HIGHSHELF, Svf.Type.ALLPASS};
        double[][] settings = {{1000, 0.7071, 12}, {63, 4, -9}, {8000, 0.4, 6}, {250, 10, -18}};
        double worst = 0;
        for (double fs : RATES) {
            for (Svf.Type type : types) {
                for (double[] s : settings) {
                    Svf svf = new Svf();
                    svf.design(type, s[0], s[1], s[2], fs);
                    Biquad rbj = new Biquad();
                    rbj.design(cookbook(type), fs, s[0], s[1], s[2]);
                    for (double f : FREQUENCIES) {
                        if (f >= 0.5 * fs) {
                            continue;
                        }
                        double expected = rbj.magnitudeDb(f, fs);
                        if (expected < -120) {
                            continue;  // the direct-form evaluation itself loses digits deep in a stopband
                        }
                        double error = Math.abs(svf.magnitudeDb(f, fs) - expected);
                        worst = Math.max(worst, error);
                        assertTrue(error < 1e-6, type + " " + java.util.Arrays.toString(s) + " at " + f + " Hz, "
                                + fs + " Hz: SVF " + svf.magnitudeDb(f, fs) + " dB, RBJ " + expected + " dB");
                    }
                }
            }
        }
        System.out.printf("SVF analytic vs RBJ cookbook: worst difference %.2e dB%n", worst);
    }

    @Test
    void firstOrderTypesHaveTheFirstOrderBilinearResponse() {
        double fs = 48000, fc = 700;
        Svf lp = new Svf();
        lp.design(Svf.Type.LOWPASS1, fc, 1, 0, fs);
        Svf hp = new Svf();
        hp.design(Svf.Type.HIGHPASS1, fc, 1, 0, fs);
        for (double f : FREQUENCIES) {
            double w = Math.tan(Math.PI * f / fs) / Math.tan(Math.PI * fc / fs);
            assertEquals(1 / Math.sqrt(1 + w * w), lp.magnitude(f, fs), 1e-12, "LP1 at " + f);
            assertEquals(w / Math.sqrt(1 + w * w), hp.magnitude(f, fs), 1e-12, "HP1 at " + f);
        }
    }

    @Test
    void measuredResponseMatchesTheAnalyticResponse() {
        double fs = 48000;
        Svf.Type[] types = Svf.Type.values();
        for (Svf.Type type : types) {
            for (double f : new double[] {50, 440, 3000, 15000}) {
                Svf svf = new Svf();
                svf.design(type, 1200, 2, 9, fs);
                float[] x = Signals.sine(f, fs, 24000, 0.5);
                svf.process(x, 0, x.length);
                double measured = Measure.db(Measure.amplitudeAt(x, 12000, 24000, f, fs) / 0.5);
                assertEquals(svf.magnitudeDb(f, fs), measured, 0.01, type + " at " + f + " Hz");
            }
        }
    }

    @Test
    void silenceAfterLoudInputFlushesTheStateToExactlyZero() {
        Svf svf = new Svf();
        svf.design(Svf.Type.PEAK, 40, 8, 18, 48000);
        float[] loud = Signals.whiteNoise(4800, 1, 3);
        svf.process(loud, 0, loud.length);
        assertTrue(svf.stateMagnitude() > 0.01);
        float[] silence = new float[512];
        for (int block = 0; block < 4000 && svf.stateMagnitude() != 0; block++) {
            java.util.Arrays.fill(silence, 0f);  // processing is in place: feed fresh silence
            svf.process(silence, 0, silence.length);
        }
        assertEquals(0.0, svf.stateMagnitude());
        svf.process(silence, 0, silence.length);
        assertEquals(0.0, svf.stateMagnitude());
    }

    @Test
    void nonFiniteInputDoesNotPoisonTheFilterForever() {
        Svf svf = new Svf();
        svf.design(Svf.Type.LOWPASS, 1000, 0.7, 0, 48000);
        float[] x = {1, Float.NaN, 1};
        svf.process(x, 0, x.length);
        float[] after = Signals.sine(100, 48000, 256, 0.5);
        svf.process(after, 0, after.length);
        for (float v : after) {
            assertTrue(Float.isFinite(v));
        }
    }

    @Test
    void cutoffsAboveTheLimitAreHeldBelowNyquist() {
        Svf svf = new Svf();
        svf.design(Svf.Type.LOWPASS, 20000, 0.7, 0, 8000);
        assertEquals(Math.tan(Math.PI * Svf.MAX_CUTOFF_RATIO), svf.g(), 1e-12);
        float[] x = Signals.whiteNoise(8000, 1, 1);
        svf.process(x, 0, x.length);
        assertTrue(Measure.peak(x) < 10, "stable");
    }
}
