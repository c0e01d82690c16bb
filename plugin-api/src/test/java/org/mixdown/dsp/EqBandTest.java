package org.mixdown.dsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mixdown.testkit.Measure;
import org.mixdown.testkit.Signals;

class EqBandTest {
    private static final double FS = 48000;

    private static double measureDb(EqBand band, double f) {
        int frames = (int) FS;
        float[] x = Signals.sine(f, FS, frames, 0.25);
        band.process(x, 0, frames);
        return Measure.db(Measure.amplitudeAt(x, frames / 2, frames, f, FS) / 0.25);
    }

    private static EqBand band(EqBand.Type type, double freq, double gain, double q) {
        EqBand band = new EqBand();
        band.configure(type, freq, gain, q, FS);
        return band;
    }

    @Test
    void analyticResponseEqualsTheCookbookForEveryType() {
        for (EqBand.Type type : EqBand.Type.values()) {
            EqBand band = band(type, 700, -7.5, 1.3);
            Biquad rbj = new Biquad();
            Biquad.Type rbjType = switch (type) {
                case LOWCUT -> Biquad.Type.HIGHPASS;
                case HIGHCUT -> Biquad.Type.LOWPASS;
                default -> Biquad.Type.valueOf(type.name());
            };
            rbj.design(rbjType, FS, 700, 1.3, -7.5);
            for (double f : Measure.logSpaced(20, 20000, 30)) {
                double expected = rbj.magnitudeDb(f, FS);
                if (expected > -120) {
                    assertEquals(expected, band.magnitudeDb(f, FS), 1e-6, type + " at " + f);
                }
            }
        }
    }

    @Test
    void peakReachesItsGainAtTheCentreFrequency() {
        for (double gain : new double[] {12, -9, 3}) {
            double atCentre = measureDb(band(EqBand.Type.PEAK, 1000, gain, 2), 1000);
            assertEquals(gain, atCentre, 0.01);
            double beside = measureDb(band(EqBand.Type.PEAK, 1000, gain, 2), 1100);
            assertTrue(Math.abs(beside) < Math.abs(atCentre), "the centre is the extreme");
        }
    }

    @Test
    void shelvesReachTheirGainFarIntoTheShelf() {
        assertEquals(9, measureDb(band(EqBand.Type.LOWSHELF, 2000, 9, 0.7071), 30), 0.02);
        assertEquals(0, measureDb(band(EqBand.Type.LOWSHELF, 2000, 9, 0.7071), 20000), 0.02);
        assertEquals(-6, measureDb(band(EqBand.Type.HIGHSHELF, 300, -6, 0.7071), 20000), 0.02);
        assertEquals(0, measureDb(band(EqBand.Type.HIGHSHELF, 300, -6, 0.7071), 20), 0.02);
        // half the gain at the corner frequency (cookbook shelves are symmetric in dB about f0)
        assertEquals(4.5, measureDb(band(EqBand.Type.LOWSHELF, 2000, 9, 0.7071), 2000), 0.01);
    }

    @Test
    void notchRemovesItsCentreAndBandpassPassesItsCentreAtUnity() {
        assertTrue(measureDb(band(EqBand.Type.NOTCH, 1000, 0, 4), 1000) < -80);
        assertEquals(0, measureDb(band(EqBand.Type.BANDPASS, 1000, 0, 4), 1000), 0.01);
    }

    @Test
    void typeChangeFadesThroughSilenceAndEndsAtTheNewType() {
        EqBand band = band(EqBand.Type.PEAK, 1000, 12, 1);
        float[] x = Signals.sine(1000, FS, 9600, 0.25);
        band.process(x, 0, 2412);  // switch at a crest of the sine, where a jump would be largest
        band.configure(EqBand.Type.NOTCH, 1000, 12, 1, FS);
        band.process(x, 2412, 9600);
        double maxStep = 0;
        for (int i = 1; i < x.length; i++) {
            maxStep = Math.max(maxStep, Math.abs(x[i] - x[i - 1]));
        }
        // the loudest steady output is the +12 dB peak: its largest step bounds a click-free fade
        double bound = Db.toLinear(12) * 2 * 0.25 * Math.sin(Math.PI * 1000 / FS);
        assertTrue(maxStep <= 1.02 * bound, "max step " + maxStep + " vs " + bound);
        assertTrue(Measure.amplitudeAt(x, 7200, 9600, 1000, FS) < 1e-4, "notched after the fade");
    }

    @Test
    void offIsAnExactPassThroughWithClearedState() {
        EqBand band = band(EqBand.Type.LOWSHELF, 200, 12, 0.7);
        float[] warm = Signals.whiteNoise(4800, 0.5, 1);
        band.process(warm, 0, warm.length);
        band.setEnabled(false);
        band.process(Signals.whiteNoise(4800, 0.5, 2), 0, 4800);
        float[] input = Signals.whiteNoise(4800, 0.5, 3);
        float[] y = input.clone();
        band.process(y, 0, y.length);
        org.junit.jupiter.api.Assertions.assertArrayEquals(input, y);
        assertEquals(0.0, band.stateMagnitude());
        assertEquals(0.0, band.magnitudeDb(200, FS));
    }

    @Test
    void channelsShareOneDesign() {
        EqBand stereo = new EqBand(2);
        stereo.configure(EqBand.Type.PEAK, 500, 6, 1, FS);
        stereo.configure(EqBand.Type.PEAK, 3000, -6, 2, FS);  // glide on both channels
        float[] sine = Signals.sine(700, FS, 4800, 0.3);
        float[][] y = {sine.clone(), sine.clone()};
        stereo.process(y, 0, 4800);
        org.junit.jupiter.api.Assertions.assertArrayEquals(y[0], y[1]);
        assertThrows(IllegalStateException.class, () -> stereo.process(new float[8], 0, 8));
    }
}
