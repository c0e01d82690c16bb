package org.mixdown.mix;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mixdown.mix.StepRunner.set;

import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.mixdown.api.AudioPlugin;
import org.mixdown.api.ProcessSetup;
import org.mixdown.dsp.Oversampler;
import org.mixdown.dsp.WindowedDft;
import org.mixdown.testkit.Measure;
import org.mixdown.testkit.PluginChecks;
import org.mixdown.testkit.PluginRunner;
import org.mixdown.testkit.Signals;

class SaturatorTest {
    private static final double FS = 48_000;

    /** Oversampling choice index of a factor. */
    private static int index(int factor) {
        return Integer.numberOfTrailingZeros(factor);
    }

    /**
     * Where the harmonics k * f (k = 2..60) of a tone land after sampling at fs, leaving out the harmonics
     * that really are in the band (multiples of f below fs/2), DC and Nyquist: the alias frequencies.
     */
    private static TreeSet<Double> aliasFrequencies(double f) {
        TreeSet<Double> aliases = new TreeSet<>();
        for (int k = 2; k <= 60; k++) {
            double a = (k * f) % FS;
            a = a > FS / 2 ? FS - a : a;
            boolean harmonic = Math.abs(a / f - Math.rint(a / f)) < 1e-9;
            if (!harmonic && a > 100 && a < FS / 2 - 100) {
                aliases.add(a);
            }
        }
        return aliases;
    }

    /** The loudest alias of a 9 kHz sine (-6 dBFS, drive 18 dB) relative to the fundamental, in dB. */
    private static double worstAliasDb(int type, int factor) {
        Saturator sat = new Saturator();
        set(sat, "drive", 18, "type", type, "oversampling", index(factor));
        float[] x = Signals.sine(9000, FS, 16_384, 0.5);
        float[] y = PluginRunner.run(sat, new float[][] {x}, FS, 512)[0];
        int from = 1024;
        double fundamental = WindowedDft.amplitudeAt(y, from, y.length, 9000, FS);
        double worst = -300;
        for (double a : aliasFrequencies(9000)) {
            worst = Math.max(worst, Measure.db(WindowedDft.amplitudeAt(y, from, y.length, a, FS) / fundamental));
        }
        return worst;
    }

    @Test
    void theAliasFrequenciesOfNineKilohertzAreKnown() {
        // odd harmonics 27, 45, 63 kHz fold to 21, 3, 15 kHz; even ones 36, 54 kHz to 12, 6 kHz
        assertEquals(new TreeSet<>(java.util.List.of(3000.0, 6000.0, 12_000.0, 15_000.0, 21_000.0)),
                aliasFrequencies(9000));
    }

    @Test
    void fourTimesOversamplingKeepsAliasesFortyDecibelsDown() {
        for (int type = 0; type < 3; type++) {
            double without = worstAliasDb(type, 1);
            double with4 = worstAliasDb(type, 4);
            double with8 = worstAliasDb(type, 8);
            System.out.printf("saturator type %d, 9 kHz, 18 dB drive: worst alias 1x %.1f dB, 4x %.1f dB, 8x %.1f dB%n",
                    type, without, with4, with8);
            assertTrue(without > -40, "type " + type + ": without oversampling aliases should show, got " + without);
            assertTrue(with4 < -40, "type " + type + ": 4x leaves an alias at " + with4 + " dB");
            assertTrue(with8 < -40, "type " + type + ": 8x leaves an alias at " + with8 + " dB");
        }
    }

    @Test
    void latencyIsReportedExactlyAndTheWetPathNullsAgainstTheDelayedInput() {
        int latency = Oversampler.maxLatencySamples();
        float[] x = Signals.sine(1000, FS, 8192, 1e-3);  // tanh is linear to -130 dB at this level
        for (int factor : Oversampler.FACTORS) {
            for (double mix : new double[] {100, 50}) {
                Saturator sat = new Saturator();
                set(sat, "drive", 0, "oversampling", index(factor), "mix", mix);
                float[] y = PluginRunner.run(sat, new float[][] {x}, FS, 256)[0];
                assertEquals(latency, sat.latencySamples());
                float[] reference = new float[x.length - 2048];
                float[] aligned = new float[reference.length];
                for (int n = 0; n < reference.length; n++) {
                    reference[n] = x[n + 2048 - latency];
                    aligned[n] = y[n + 2048];
                }
                double nullDb = Measure.differenceDb(reference, aligned);
                assertTrue(nullDb < -60, factor + "x, mix " + mix + ": null only " + nullDb + " dB");
            }
        }
    }

    @Test
    void theTailEndsWithinTheReportedTailSamples() {
        for (int factor : Oversampler.FACTORS) {
            Saturator sat = new Saturator();
            set(sat, "drive", 0, "oversampling", index(factor));
            float[] y = PluginRunner.run(sat, new float[][] {Signals.impulse(512, 0)}, FS, 64)[0];
            for (int n = sat.tailSamples() + 1; n < y.length; n++) {
                assertEquals(0, y[n], 0, factor + "x: sample " + n);
            }
        }
    }

    @Test
    void mixAtZeroIsTheInputDelayedByTheLatencyExactly() {
        Saturator sat = new Saturator();
        set(sat, "drive", 30, "mix", 0, "type", 2);
        float[] x = Signals.whiteNoise(4000, 0.9, 2);
        float[] y = PluginRunner.run(sat, new float[][] {x}, FS, 333)[0];
        int d = sat.latencySamples();
        for (int n = 0; n < x.length; n++) {
            assertEquals(n < d ? 0 : x[n - d], y[n], 0, "sample " + n);
        }
    }

    @Test
    void curvesHaveTheirShapes() {
        // the fast tanh against the exact one over a dense grid of floats, through the clamp and far beyond
        double worst = 0;
        for (double d = -40; d <= 40; d += 1e-5) {
            float x = (float) d;
            float y = Saturator.tanh(x);
            worst = Math.max(worst, Math.abs(y - Math.tanh(x)));
            assertEquals(-y, Saturator.tanh(-x), 0, "odd at " + x);  // odd exactly: no even harmonics
            assertEquals(Math.tanh(x) - Math.tanh(Saturator.TUBE_BIAS), Saturator.shape(Saturator.TUBE, x - Saturator.TUBE_BIAS),
                    2 * Saturator.TANH_MAX_ERROR + 1e-7, "tube(" + x + ")");
        }
        System.out.printf("fast tanh: worst error %.3g (%.1f dB)%n", worst, Measure.db(worst));
        assertTrue(worst <= Saturator.TANH_MAX_ERROR, "worst tanh error " + worst);
        assertTrue(worst > Saturator.TANH_MAX_ERROR / 4, "the stated bound should be tight, worst " + worst);
        for (float x : new float[] {1e-9f, 1e-30f, Float.MIN_VALUE, 0.5f, 9f, 1e30f, Float.MAX_VALUE}) {
            assertEquals(Math.tanh(x), Saturator.tanh(x), Math.min(Saturator.TANH_MAX_ERROR, 1e-7 * x), "tanh(" + x + ")");
        }
        assertEquals(0, Saturator.shape(Saturator.TANH, 0), 0);
        assertEquals(1, Saturator.shape(Saturator.SOFT_CLIP, 1.7), 0);
        assertEquals(-1, Saturator.shape(Saturator.SOFT_CLIP, -1), 0);
        assertEquals(1.5 * 0.5 - 0.5 * 0.125, Saturator.shape(Saturator.SOFT_CLIP, 0.5), 1e-15);
        assertEquals(0, Saturator.shape(Saturator.TUBE, 0), 1e-15);
        // asymmetric: the positive half saturates first
        assertTrue(Saturator.shape(Saturator.TUBE, 2) < -Saturator.shape(Saturator.TUBE, -2));
    }

    @Test
    void tubeMakesEvenHarmonicsAndNoDc() {
        Saturator sat = new Saturator();
        set(sat, "drive", 12, "type", 2, "oversampling", index(4));
        float[] x = Signals.sine(500, FS, (int) FS, 0.5);
        float[] y = PluginRunner.run(sat, new float[][] {x}, FS, 512)[0];
        int from = (int) FS / 2;
        double h1 = WindowedDft.amplitudeAt(y, from, y.length, 500, FS);
        double h2 = WindowedDft.amplitudeAt(y, from, y.length, 1000, FS);
        assertTrue(Measure.db(h2 / h1) > -40, "second harmonic " + Measure.db(h2 / h1));
        double mean = 0;
        for (int n = from; n < y.length; n++) {
            mean += y[n];
        }
        assertEquals(0, mean / (y.length - from), 1e-3);
        // tanh is odd-symmetric: no second harmonic
        Saturator odd = new Saturator();
        set(odd, "drive", 12, "type", 0, "oversampling", index(4));
        float[] z = PluginRunner.run(odd, new float[][] {x}, FS, 512)[0];
        assertTrue(Measure.db(WindowedDft.amplitudeAt(z, from, z.length, 1000, FS) / h1) < -90);
    }

    @Test
    void parameterStepsDoNotClick() {
        double amplitude = 0.25;
        float[] x = Signals.sine(997, FS, (int) FS / 2, amplitude);
        int at = (int) FS / 4 + 12;
        Object[][] steps = {
                {Saturator.DRIVE, 18.0}, {Saturator.OUTPUT, -12.0}, {Saturator.MIX, 0.0},
                {Saturator.TYPE, 1.0}, {Saturator.OVERSAMPLING, 0.0}, {Saturator.OVERSAMPLING, 3.0},
        };
        for (Object[] s : steps) {
            int index = (int) s[0];
            double value = (double) s[1];
            Saturator stepped = new Saturator();
            float[] y = StepRunner.renderWithStep(stepped, new float[][] {x}, FS, 256, index, value, at)[0];
            // the steady outputs before and after bound what a smooth change may do (plus the ramp's own slope)
            Saturator before = new Saturator();
            Saturator after = new Saturator();
            after.setParameter(Saturator.DESCRIPTOR.parameters().get(index).id(), value);
            float[] yBefore = PluginRunner.run(before, new float[][] {x}, FS, 256)[0];
            float[] yAfter = PluginRunner.run(after, new float[][] {x}, FS, 256)[0];
            double steady = Math.max(StepRunner.maxStep(yBefore, at - 2000, y.length),
                    StepRunner.maxStep(yAfter, at - 2000, y.length));
            double stepped0 = StepRunner.maxStep(y, at - 2000, y.length);
            assertTrue(stepped0 <= steady * 1.05, "parameter " + index + " -> " + value + ": step " + stepped0
                    + " vs steady " + steady);
            double changed = Measure.differenceDb(yBefore, y);
            assertTrue(changed > -100, "parameter " + index + " had no effect");
        }
    }

    @Test
    void silenceAfterLoudInputEmptiesEveryStateToExactlyZero() {
        Saturator sat = new Saturator();
        set(sat, "drive", 24, "type", 2);
        sat.prepare(ProcessSetup.of(FS, 512, 1));
        PluginRunner.process(sat, PluginChecks.noise(1, (int) FS / 2, 3), 1, 512);
        sat.setParameter("oversampling", 3);  // a cross-fade leaves two paths with history
        PluginRunner.process(sat, PluginChecks.noise(1, 512, 4), 1, 512);
        assertTrue(sat.stateMagnitude() > 0);
        // the 5 Hz DC blocker needs about 3.1 s to fall from full scale below 1e-30
        float[][] out = PluginRunner.process(sat, new float[1][(int) (3.5 * FS)], 1, 512);
        assertEquals(0, sat.stateMagnitude(), 0);
        assertEquals(0, out[0][out[0].length - 1], 0);
    }

    private static void hotSettings(AudioPlugin p) {
        set(p, "drive", 24, "type", 2, "oversampling", 3, "mix", 70, "output", -6);
    }

    @Test
    void contract() {
        StepRunner.assertZeroAllocation(Saturator::new, ProcessSetup.of(FS, 64, 2));
        PluginChecks.assertFiniteOutput(Saturator::new, SaturatorTest::hotSettings, 2, FS);
        PluginChecks.assertBlockSizeIndependent(Saturator::new, SaturatorTest::hotSettings, 2, FS, 1e-6,
                1, 7, 64, 1000);
        PluginChecks.assertBlockSizeIndependent(Saturator::new, p -> set(p, "oversampling", 1, "type", 1), 1, FS,
                1e-6, 1, 7, 64, 1000);
        PluginChecks.assertStateRoundTrip(Saturator::new);
    }

    @Test
    void processesInPlace() {
        float[][] x = PluginChecks.noise(2, 5000, 8);
        float[][] expected = PluginRunner.run(new Saturator(), x, FS, 100);
        Saturator b = new Saturator();
        b.prepare(ProcessSetup.of(FS, 100, 2));
        float[][] actual = PluginRunner.processInPlace(b, x, 100);
        assertArrayEquals(expected[0], actual[0]);
        assertArrayEquals(expected[1], actual[1]);
    }
}
