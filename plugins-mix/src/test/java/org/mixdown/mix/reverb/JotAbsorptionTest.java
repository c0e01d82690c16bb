package org.mixdown.mix.reverb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class JotAbsorptionTest {
    private static final double FS = 48_000;

    @Test
    void lineGainTakesItsShareOfSixtyDecibels() {
        // a 2400-sample line passes 40 times in 2 s: 40 x its loss must be 60 dB
        double g = JotAbsorption.lineGain(2400, 2, FS);
        assertEquals(-60, 40 * 20 * Math.log10(g), 1e-9);
        assertEquals(Math.pow(10, -3 * 1000 / (0.5 * FS)), JotAbsorption.lineGain(1000, 0.5, FS), 1e-15);
    }

    @Test
    void dampingPoleDoublesTheLossAtTheDampingFrequency() {
        for (double rt60 : new double[] {0.3, 2, 20}) {
            for (double length : new double[] {200, 2641}) {
                for (double damping : new double[] {600, 3000, 12_000}) {
                    double g = JotAbsorption.lineGain(length, rt60, FS);
                    double b = JotAbsorption.dampingPole(g, damping, 20_000, FS);
                    assertTrue(b > 0 && b < 1);
                    assertEquals(g, JotAbsorption.lowPassMagnitude(b, damping, FS), 1e-9 * g);
                    assertEquals(1, JotAbsorption.lowPassMagnitude(b, 0, FS), 1e-12);
                }
            }
        }
    }

    @Test
    void dampingAtItsMaximumIsOff() {
        assertEquals(0, JotAbsorption.dampingPole(0.99, 20_000, 20_000, FS), 0);
    }
}
