package org.mixdown.master;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mixdown.api.AudioPlugin;
import org.mixdown.api.ProcessSetup;
import org.mixdown.dsp.Db;
import org.mixdown.testkit.EbuSignals;
import org.mixdown.testkit.PluginChecks;
import org.mixdown.testkit.PluginRunner;

class LoudnessMeterTest {
    private static final double FS = 48_000;

    private static double meter(AudioPlugin p, String id) {
        return p.meters().stream().filter(m -> m.id().equals(id)).findFirst().orElseThrow().value();
    }

    @Test
    void readsTheTech3341LoudnessCasesAndPassesAudioUntouched() {
        for (int testCase : new int[] {1, 2, 3, 4, 5, 9, 12}) {
            float[][] x = EbuSignals.tech3341(testCase, FS);
            LoudnessMeter p = new LoudnessMeter();
            float[][] y = PluginRunner.run(p, x, FS, 1000);
            assertArrayEquals(x[0], y[0]);
            assertArrayEquals(x[1], y[1]);
            double expected = EbuSignals.tech3341Expected(testCase);
            double tolerance = EbuSignals.LOUDNESS_TOLERANCE_LU;
            switch (testCase) {
                case 1, 2 -> {
                    assertEquals(expected, meter(p, "momentary"), tolerance);
                    assertEquals(expected, meter(p, "shortterm"), tolerance);
                    assertEquals(expected, meter(p, "integrated"), tolerance);
                }
                case 9 -> assertEquals(expected, meter(p, "shortterm.max"), tolerance);
                case 12 -> assertEquals(expected, meter(p, "momentary.max"), tolerance);
                default -> assertEquals(expected, meter(p, "integrated"), tolerance, "case " + testCase);
            }
            System.out.printf("loudness meter Tech 3341 case %d: M %.2f S %.2f I %.2f (expected %.1f)%n", testCase,
                    meter(p, "momentary"), meter(p, "shortterm"), meter(p, "integrated"), expected);
        }
    }

    @Test
    void readsTheTech3342LoudnessRangeCases() {
        for (int testCase = 1; testCase <= 4; testCase++) {
            LoudnessMeter p = new LoudnessMeter();
            PluginRunner.run(p, EbuSignals.tech3342(testCase, FS), FS, 4096);
            assertEquals(EbuSignals.tech3342Expected(testCase), meter(p, "range"), EbuSignals.RANGE_TOLERANCE_LU);
            System.out.printf("loudness meter Tech 3342 case %d: LRA %.2f LU (expected %.0f)%n", testCase,
                    meter(p, "range"), EbuSignals.tech3342Expected(testCase));
        }
    }

    @Test
    void readsTheTech3341TruePeakCases() {
        for (int testCase = 15; testCase <= 19; testCase++) {
            for (double fs : new double[] {44_100, 48_000, 96_000}) {
                LoudnessMeter p = new LoudnessMeter();
                PluginRunner.run(p, EbuSignals.tech3341TruePeak(testCase, fs, 0.5), fs, 64);
                double expected = EbuSignals.tech3341ExpectedDbtp(testCase);
                double reading = meter(p, "truepeak");
                assertTrue(reading <= expected + EbuSignals.TRUE_PEAK_OVER_DB
                        && reading >= expected - EbuSignals.TRUE_PEAK_UNDER_DB, "case " + testCase + ": " + reading);
            }
        }
    }

    @Test
    void readingsDoNotDependOnTheBlockSize() {
        float[][] x = EbuSignals.tech3341(9, FS);
        double[] reference = null;
        for (int block : new int[] {4800, 1, 7, 64, 1000}) {
            LoudnessMeter p = new LoudnessMeter();
            PluginRunner.run(p, x, FS, block);
            double[] readings = p.meters().stream().mapToDouble(m -> m.value()).toArray();
            if (reference == null) {
                reference = readings;
            } else {
                assertArrayEquals(reference, readings, 1e-9, "block " + block);
            }
        }
    }

    @Test
    void passesTheContractChecks() {
        PluginChecks.assertFiniteOutput(LoudnessMeter::new, p -> { }, 2, FS);
        PluginChecks.assertBlockSizeIndependent(LoudnessMeter::new, p -> { }, 2, FS, 0, 1, 7, 64, 1000);
        PluginChecks.assertStateRoundTrip(LoudnessMeter::new);
        LoudnessMeter p = new LoudnessMeter();
        JitWarmup.settle(p, ProcessSetup.of(FS, 256, 2), -1, 0, 0, 50_000);
        PluginChecks.assertZeroAllocation(p, ProcessSetup.of(FS, 256, 2), 10_000);
    }

    @Test
    void silenceReadsTheFloorAndResetStartsOver() {
        LoudnessMeter p = new LoudnessMeter();
        assertEquals(Db.SILENCE_DB, meter(p, "momentary"), 0);
        PluginRunner.run(p, PluginChecks.noise(2, (int) FS, 3), FS, 512);
        assertTrue(meter(p, "momentary") > -20);
        // after loud input, 1 s of digital silence: the K-weighting state has flushed to exactly zero, or the
        // last 400 ms would hold a (tiny) energy and read above the floor
        PluginRunner.process(p, new float[2][(int) FS], 2, 512);
        assertEquals(Db.SILENCE_DB, meter(p, "momentary"), 0);
        assertTrue(meter(p, "integrated") > -20);
        p.reset();
        assertEquals(Db.SILENCE_DB, meter(p, "integrated"), 0);
        assertEquals(Db.SILENCE_DB, meter(p, "truepeak"), 0);
        assertEquals(0, meter(p, "range"), 0);
    }
}
