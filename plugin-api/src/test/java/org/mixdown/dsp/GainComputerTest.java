package org.mixdown.dsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GainComputerTest {

    @Test
    void hardKneeIsTwoStraightLines() {
        GainComputer gc = new GainComputer(-20, 4, 0);
        assertEquals(0, gc.gainDb(-40), 0);
        assertEquals(0, gc.gainDb(-20), 0);
        assertEquals(-7.5, gc.gainDb(-10), 1e-12);   // 10 dB over, 4:1 -> 2.5 dB over
        assertEquals(-15, gc.gainDb(0), 1e-12);
        assertEquals(-15, gc.outputDb(0), 1e-12);
        assertEquals(0, gc.gainDb(Double.NEGATIVE_INFINITY), 0);
    }

    @Test
    void softKneeMatchesTheQuadraticAndJoinsTheLinesSmoothly() {
        double t = -20, r = 3, w = 10;
        GainComputer gc = new GainComputer(t, r, w);
        // outside the knee the hard-knee lines hold
        assertEquals(0, gc.gainDb(t - w / 2 - 0.01), 0);
        assertEquals((1 / r - 1) * (w / 2 + 1), gc.gainDb(t + w / 2 + 1), 1e-12);
        // at the threshold the quadratic gives (1/R - 1) W / 8
        assertEquals((1 / r - 1) * w / 8, gc.gainDb(t), 1e-12);
        // continuous value and slope at both knee edges
        for (double edge : new double[] {t - w / 2, t + w / 2}) {
            double h = 1e-6;
            assertEquals(gc.gainDb(edge - h), gc.gainDb(edge + h), 1e-5);
            double slopeBelow = (gc.gainDb(edge) - gc.gainDb(edge - h)) / h;
            double slopeAbove = (gc.gainDb(edge + h) - gc.gainDb(edge)) / h;
            assertEquals(slopeBelow, slopeAbove, 1e-4);
        }
        // the quadratic is tangent to both lines, so inside the knee it lies below them; outside it equals them
        GainComputer hard = new GainComputer(t, r, 0);
        for (double level = -40; level <= 0; level += 0.25) {
            assertTrue(gc.gainDb(level) <= hard.gainDb(level) + 1e-12, "at " + level);
            if (Math.abs(level - t) > w / 2) {
                assertEquals(hard.gainDb(level), gc.gainDb(level), 1e-12, "at " + level);
            }
        }
    }

    @Test
    void infiniteRatioIsABrickWall() {
        GainComputer gc = new GainComputer(-6, Double.POSITIVE_INFINITY, 0);
        assertEquals(-6, gc.outputDb(3), 1e-12);
        assertEquals(-6, gc.outputDb(-1), 1e-12);
    }

    @Test
    void autoMakeupRestoresFullScale() {
        GainComputer gc = new GainComputer(-24, 4, 0);
        assertEquals(18, gc.makeupForAuto(), 1e-12);
        assertEquals(0, gc.outputDb(0) + gc.makeupForAuto(), 1e-12);
        // a knee that reaches past 0 dBFS is included
        gc.set(-2, 2, 8);
        // 0 dBFS is 2 dB over, inside the knee [-6, 2]: (1 - 1/2) (2 + 4)^2 / 16
        assertEquals(1.125, gc.makeupForAuto(), 1e-12);
    }

    @Test
    void rejectsBadSettings() {
        GainComputer gc = new GainComputer();
        assertThrows(IllegalArgumentException.class, () -> gc.setRatio(0.5));
        assertThrows(IllegalArgumentException.class, () -> gc.setKneeDb(-1));
        assertThrows(IllegalArgumentException.class, () -> gc.setThresholdDb(Double.NaN));
    }
    @Test
    void theBlockReductionsAreMinusGainDbToAnUlpOnEveryCurve() {
        double[][] curves = {{-20, 4, 0}, {-20, 4, 6}, {-30, 1, 12}, {-10, Double.POSITIVE_INFINITY, 3}, {-60, 20, 24}};
        int frames = 40_001;
        double scale = 20 * Math.log10(2);  // log2 levels in, as the compressor hands them
        double[] log2 = new double[frames];
        for (int i = 0; i < frames; i++) {
            log2[i] = (-250 + 350.0 * i / (frames - 1)) / scale;
        }
        for (double[] c : curves) {
            GainComputer gc = new GainComputer(c[0], c[1], c[2]);
            double[] levels = log2.clone();
            // the knee's ends and the threshold exactly
            levels[0] = (c[0] - c[2] / 2) / scale;
            levels[1] = (c[0] + c[2] / 2) / scale;
            levels[2] = c[0] / scale;
            double[] out = new double[frames];
            gc.reductionsDb(levels, scale, out, frames);
            for (int i = 0; i < frames; i++) {
                double expected = -gc.gainDb(scale * levels[i]);
                assertEquals(expected, out[i], 2 * Math.ulp(Math.max(1, Math.abs(expected))),
                        "curve " + java.util.Arrays.toString(c) + " at " + scale * levels[i] + " dB");
                assertTrue(out[i] >= 0);
            }
            gc.reductionsDb(levels, scale, levels, 1000);
            assertEquals(out[999], levels[999], 0, "in place");
            assertEquals(log2[1000], levels[1000], 0, "only the frames asked for");
        }
    }
}
