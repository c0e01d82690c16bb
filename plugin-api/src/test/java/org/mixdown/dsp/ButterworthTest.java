package org.mixdown.dsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mixdown.testkit.Measure;
import org.mixdown.testkit.Signals;

class ButterworthTest {
    private static final int[] ORDERS = {1, 2, 3, 4, 6, 8};

    @Test
    void sectionQsAreTheTabulatedButterworthPoleQs() {
        assertEquals(Math.sqrt(0.5), Butterworth.sectionQ(2, 0), 1e-12);
        assertEquals(1.0, Butterworth.sectionQ(3, 0), 1e-12);
        assertTrue(Double.isNaN(Butterworth.sectionQ(3, 1)));
        assertEquals(1.306562964876377, Butterworth.sectionQ(4, 0), 1e-12);
        assertEquals(0.541196100146197, Butterworth.sectionQ(4, 1), 1e-12);
        assertEquals(2.562915447741505, Butterworth.sectionQ(8, 0), 1e-12);
        assertEquals(0.509795579104159, Butterworth.sectionQ(8, 3), 1e-12);
        assertEquals(4, Butterworth.sectionCount(8));
        assertEquals(3, Butterworth.sectionCount(5));
        assertTrue(Butterworth.isFirstOrderSection(5, 2));
    }

    @Test
    void sectionCascadeEqualsTheClosedFormForEveryOrder() {
        double worst = 0;
        for (double fs : new double[] {44100, 48000, 96000}) {
            for (boolean hp : new boolean[] {true, false}) {
                for (int order : ORDERS) {
                    for (double fc : new double[] {40, 1000, 15000}) {
                        Butterworth filter = new Butterworth(hp, 1);
                        filter.configure(order, fc, fs);
                        for (double f : Measure.logSpaced(20, 20000, 30)) {
                            if (f >= 0.5 * fs) {
                                continue;
                            }
                            double expected = 20 * Math.log10(Butterworth.magnitude(hp, order, f, fc, fs));
                            double error = Math.abs(filter.cascadeMagnitudeDb(f, fs) - expected);
                            worst = Math.max(worst, error);
                            assertTrue(error < 1e-6, (hp ? "HP" : "LP") + order + " fc " + fc + " at " + f);
                        }
                    }
                }
            }
        }
        System.out.printf("Butterworth section cascade vs closed form: worst %.2e dB%n", worst);
    }

    private static double measureDb(boolean hp, int order, double fc, double f, double fs) {
        Butterworth filter = new Butterworth(hp, 1);
        filter.configure(order, fc, fs);
        int frames = (int) fs;
        float[][] x = {Signals.sine(f, fs, frames, 0.5)};
        filter.process(x, 0, frames);
        return Measure.db(Measure.amplitudeAt(x[0], frames / 2, frames, f, fs) / 0.5);
    }

    @Test
    void minus3DbAtTheCutoffForEveryOrder() {
        for (int order : ORDERS) {
            for (boolean hp : new boolean[] {true, false}) {
                double db = measureDb(hp, order, 1000, 1000, 48000);
                assertEquals(-3.0103, db, 0.01, (hp ? "HP" : "LP") + " order " + order);
            }
        }
    }

    @Test
    void slopeIs6DbPerOctavePerOrderWellAboveTheCutoff() {
        double fs = 96000;
        for (int order : ORDERS) {
            // three and four octaves into the stopband, where the asymptote 20 N log10(2) holds within 0.03 N dB
            double lpSlope = measureDb(false, order, 100, 800, fs) - measureDb(false, order, 100, 1600, fs);
            double hpSlope = measureDb(true, order, 4000, 500, fs) - measureDb(true, order, 4000, 250, fs);
            double theory = 20 * order * Math.log10(2);
            assertEquals(theory, lpSlope, 0.05 * order, "LP order " + order);
            assertEquals(theory, hpSlope, 0.05 * order, "HP order " + order);
        }
    }

    @Test
    void silenceAfterLoudInputDecaysToExactlyZeroState() {
        Butterworth filter = new Butterworth(true, 2);
        filter.configure(8, 30, 48000);
        float[][] loud = {Signals.whiteNoise(4800, 1, 1), Signals.whiteNoise(4800, 1, 2)};
        filter.process(loud, 0, 4800);
        assertTrue(filter.stateMagnitude() > 1e-3);
        float[][] silence = new float[2][512];
        for (int block = 0; block < 10000 && filter.stateMagnitude() != 0; block++) {
            java.util.Arrays.fill(silence[0], 0f);
            java.util.Arrays.fill(silence[1], 0f);
            filter.process(silence, 0, 512);
        }
        assertEquals(0.0, filter.stateMagnitude());
    }

    @Test
    void switchedOffAfterTheFadeIsAnExactPassThrough() {
        double fs = 48000;
        Butterworth filter = new Butterworth(false, 1);
        filter.configure(4, 200, fs);
        float[][] x = {Signals.whiteNoise(4800, 0.5, 4)};
        filter.process(x, 0, 4800);
        filter.setEnabled(false);
        float[][] fade = {Signals.whiteNoise(4800, 0.5, 5)};
        filter.process(fade, 0, 4800);  // 100 ms: the 20 ms crossfade ends inside
        float[] input = Signals.whiteNoise(4800, 0.5, 6);
        float[][] y = {input.clone()};
        filter.process(y, 0, 4800);
        org.junit.jupiter.api.Assertions.assertArrayEquals(input, y[0]);
        assertEquals(0.0, filter.stateMagnitude());
    }

    @Test
    void orderChangeFadesThroughSilenceWithoutAJump() {
        double fs = 48000;
        Butterworth filter = new Butterworth(false, 1);
        filter.configure(2, 2000, fs);
        float[] input = Signals.sine(200, fs, 9600, 0.5);
        float[][] y = {input.clone()};
        filter.process(y, 0, 2400);
        filter.configure(8, 2000, fs);
        filter.process(y, 2400, 9600);
        double maxStep = 0;
        for (int i = 1; i < y[0].length; i++) {
            maxStep = Math.max(maxStep, Math.abs(y[0][i] - y[0][i - 1]));
        }
        double inputStep = 2 * 0.5 * Math.sin(Math.PI * 200 / fs);  // the largest step of the input sine
        assertTrue(maxStep < 1.05 * inputStep, "max step " + maxStep + " vs input " + inputStep);
        assertEquals(8, filter.order());
        // after the fade the output is the order-8 response again
        double db = Measure.db(Measure.amplitudeAt(y[0], 7200, 9600, 200, fs) / 0.5);
        assertEquals(20 * Math.log10(Butterworth.magnitude(false, 8, 200, 2000, fs)), db, 0.01);
    }
}
