package org.mixdown.dsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mixdown.testkit.Signals;

class DitherTest {
    private static final double FS = 48_000;

    /** The added noise (output - input) of a -20 dBFS sine, in LSB^2. */
    private static double addedNoisePower(int bits, Dither.Shaping shaping, int frames) {
        Dither dither = new Dither(1234);
        dither.configure(bits, shaping);
        float[] x = Signals.sine(997, FS, frames, 0.1, 0.3);
        double sum = 0;
        for (float v : x) {
            double e = (dither.process(v) - (double) v) / dither.lsb();
            sum += e * e;
        }
        return sum / frames;
    }

    @Test
    void outputIsAnExactMultipleOfTheLsbAtEveryDepth() {
        for (int bits : new int[] {16, 20, 24}) {
            for (Dither.Shaping shaping : Dither.Shaping.values()) {
                Dither dither = new Dither(9);
                dither.configure(bits, shaping);
                double scale = Math.scalb(1.0, bits - 1);
                float[] x = Signals.whiteNoise(20_000, 1.2, bits);  // includes overloads beyond full scale
                for (float v : x) {
                    double code = dither.process(v) * scale;
                    assertEquals(Math.rint(code), code, 0.0, bits + " bits " + shaping + " input " + v);
                    assertTrue(code >= -scale && code <= scale - 1, "code " + code + " outside the format");
                }
            }
        }
    }

    @Test
    void tpdfNoiseHasTheTheoreticalPowerAtEveryDepth() {
        // two uniform LSB-wide dither sources + the rounding error: 3 * LSB^2 / 12
        double theory = 3.0 / 12.0;
        for (int bits : new int[] {16, 20, 24}) {
            double measured = addedNoisePower(bits, Dither.Shaping.NONE, 200_000);
            double errorDb = 10 * Math.log10(measured / theory);
            System.out.printf("dither TPDF %d bits: added noise %.4f LSB^2 (theory 0.25, %+.3f dB)%n", bits, measured, errorDb);
            assertEquals(0, errorDb, bits == 24 ? 0.5 : 0.1, bits + " bits: noise " + measured + " LSB^2");
        }
    }

    @Test
    void shapedNoisePowerIsTheWhitePowerTimesTheFilterNoiseGain() {
        for (Dither.Shaping shaping : Dither.Shaping.values()) {
            double gain = 1;  // sum of the squared NTF taps: 1 + sum h_k^2
            for (double h : shaping.coefficients()) {
                gain += h * h;
            }
            double theory = 3.0 / 12.0 * gain;
            double measured = addedNoisePower(16, shaping, 200_000);
            System.out.printf("dither %s: total added noise %.4f LSB^2 (theory %.4f, %+.3f dB)%n", shaping.label(), measured,
                    theory, 10 * Math.log10(measured / theory));
            assertEquals(0, 10 * Math.log10(measured / theory), 0.1, shaping.name());
        }
    }

    @Test
    void noiseShapingResponseMatchesItsTaps() {
        assertEquals(1.0, Dither.Shaping.NONE.noisePowerGain(1000, FS), 1e-12);
        assertEquals(4.0, Dither.Shaping.HIGHPASS.noisePowerGain(FS / 2, FS), 1e-9);  // |1 - (-1)|^2
        assertEquals(0.0, Dither.Shaping.HIGHPASS.noisePowerGain(0, FS), 1e-12);
        // F-weighted: well below white in the ear's most sensitive region, far above it near fs/2
        assertTrue(Dither.Shaping.F_WEIGHTED.noisePowerGain(3500, 44_100) < Db.dbToPower(-10));
        assertTrue(Dither.Shaping.F_WEIGHTED.noisePowerGain(20_000, 44_100) > Db.dbToPower(20));
    }

    @Test
    void digitalSilenceMutesAndClearsTheFeedbackState() {
        Dither dither = new Dither(3);
        dither.configure(16, Dither.Shaping.F_WEIGHTED);
        for (float v : Signals.whiteNoise(10_000, 0.9, 4)) {
            dither.process(v);
        }
        assertTrue(dither.stateMagnitude() > 0);
        for (int n = 0; n < Dither.SILENCE_RUN; n++) {
            dither.process(0);
        }
        assertEquals(0.0, dither.stateMagnitude(), 0.0);
        for (int n = 0; n < 1000; n++) {
            assertEquals(0f, dither.process(0), 0f);
        }
    }

    @Test
    void nonFiniteInputGivesAFiniteClippedOutput() {
        Dither dither = new Dither(3);
        dither.configure(16, Dither.Shaping.F_WEIGHTED);
        assertEquals(1 - dither.lsb(), dither.process(Double.POSITIVE_INFINITY), 0);
        assertEquals(-1, dither.process(Double.NEGATIVE_INFINITY), 0);
        assertTrue(Float.isFinite(dither.process(Double.NaN)));
        for (float v : Signals.whiteNoise(1000, 0.5, 8)) {
            assertTrue(Math.abs(dither.process(v) - v) < 40 * dither.lsb());
        }
    }

    @Test
    void resetRepeatsTheNoiseSequence() {
        Dither dither = new Dither(77);
        float[] x = Signals.whiteNoise(1000, 0.3, 1);
        float[] first = new float[x.length];
        float[] second = new float[x.length];
        dither.process(x, first, 0, x.length);
        dither.reset();
        dither.process(x, second, 0, x.length);
        org.junit.jupiter.api.Assertions.assertArrayEquals(first, second);
    }

    /** The block path is the per-sample path bit for bit: every shaping, silence runs, overloads, NaN. */
    @Test
    void blockPathEqualsSampleBySample() {
        for (Dither.Shaping shaping : Dither.Shaping.values()) {
            Dither block = new Dither(5);
            Dither perSample = new Dither(5);
            block.configure(16, shaping);
            perSample.configure(16, shaping);
            float[] x = Signals.whiteNoise(30_000, 0.3, 2);
            java.util.Arrays.fill(x, 5000, 5000 + Dither.SILENCE_RUN + 100, 0f);  // mutes, clears, resumes
            x[20_000] = Float.NaN;
            x[20_001] = 7f;
            float[] y = new float[x.length];
            java.util.SplittableRandom random = new java.util.SplittableRandom(1);
            for (int from = 0; from < x.length; ) {
                int to = Math.min(x.length, from + 1 + random.nextInt(300));
                block.process(x, y, from, to);
                from = to;
            }
            for (int i = 0; i < x.length; i++) {
                assertEquals(perSample.process(x[i]), y[i], 0f, shaping + " sample " + i);
            }
        }
    }
}
