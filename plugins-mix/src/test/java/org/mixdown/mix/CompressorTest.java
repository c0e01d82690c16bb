package org.mixdown.mix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mixdown.mix.StepRunner.set;

import org.junit.jupiter.api.Test;
import org.mixdown.api.AudioPlugin;
import org.mixdown.api.ProcessSetup;
import org.mixdown.dsp.EnvelopeFollower;
import org.mixdown.dsp.GainComputer;
import org.mixdown.testkit.Measure;
import org.mixdown.testkit.PluginChecks;
import org.mixdown.testkit.PluginRunner;
import org.mixdown.testkit.Signals;

class CompressorTest {
    private static final double FS = 48_000;
    private static final double F = 997;

    /** Steady-state gain in dB of a sine at {@code levelDb} dBFS peak, measured on the output. */
    private static double steadyGainDb(Compressor comp, double levelDb) {
        double a = Math.pow(10, levelDb / 20);
        float[] x = Signals.sine(F, FS, (int) (1.5 * FS), a);
        float[] y = PluginRunner.run(comp, new float[][] {x}, FS, 512)[0];
        int from = (int) FS;
        return Measure.db(Measure.amplitudeAt(y, from, y.length, F, FS) / Measure.amplitudeAt(x, from, x.length, F, FS));
    }

    private static Compressor compressor(Object... settings) {
        Compressor comp = new Compressor();
        set(comp, "attack", 5, "release", 50);
        set(comp, settings);
        return comp;
    }

    @Test
    void steadySinesFollowTheHardKneeCurve() {
        double worst = 0;
        GainComputer curve = new GainComputer(-30, 4, 0);
        for (double level : new double[] {-45, -35, -31, -30, -29, -25, -18, -10, -3}) {
            Compressor comp = compressor("threshold", -30, "ratio", 4, "knee", 0);
            double measured = steadyGainDb(comp, level);
            worst = Math.max(worst, Math.abs(curve.gainDb(level) - measured));
            assertEquals(curve.gainDb(level), measured, 0.1, "level " + level + " dBFS");
        }
        System.out.printf("compressor static curve, knee %.0f dB: worst error %.3f dB%n", curve.kneeDb(), worst);
    }

    @Test
    void steadySinesFollowTheSoftKneeAcrossTheKnee() {
        double worst = 0;
        GainComputer curve = new GainComputer(-30, 6, 12);
        for (double level : new double[] {-40, -36.5, -35, -33, -31, -30, -28, -26, -24.5, -22, -15}) {
            Compressor comp = compressor("threshold", -30, "ratio", 6, "knee", 12);
            double measured = steadyGainDb(comp, level);
            worst = Math.max(worst, Math.abs(curve.gainDb(level) - measured));
            assertEquals(curve.gainDb(level), measured, 0.1, "level " + level + " dBFS");
        }
        System.out.printf("compressor static curve, knee %.0f dB: worst error %.3f dB%n", curve.kneeDb(), worst);
    }

    @Test
    void rmsDetectorReadsASineThreeDecibelsBelowItsPeak() {
        double worst = 0;
        GainComputer curve = new GainComputer(-24, 3, 6);
        for (double level : new double[] {-30, -24, -18, -12, -6}) {
            Compressor comp = compressor("threshold", -24, "ratio", 3, "knee", 6, "detector", 1);
            double rmsDb = level + 20 * Math.log10(Math.sqrt(0.5));
            double measured = steadyGainDb(comp, level);
            worst = Math.max(worst, Math.abs(curve.gainDb(rmsDb) - measured));
            assertEquals(curve.gainDb(rmsDb), measured, 0.1, "level " + level + " dBFS");
        }
        System.out.printf("compressor static curve, rms detector: worst error %.3f dB%n", worst);
    }

    /**
     * Gain per sample with the key on the side-chain input (2 -> 1) and a constant on the main input:
     * the output divided by the constant is the applied gain.
     */
    private static double[] gainTrace(Compressor comp, float[] key, double fs) {
        float[] probe = new float[key.length];
        java.util.Arrays.fill(probe, 0.25f);
        float[] y = PluginRunner.run(comp, new float[][] {probe, key}, fs, 256)[0];
        double[] gainDb = new double[y.length];
        for (int n = 0; n < y.length; n++) {
            gainDb[n] = Measure.db(y[n] / 0.25);
        }
        return gainDb;
    }

    /** Seconds from {@code start} until the gain has covered 63.2 % of its change from {@code before} to {@code after}. */
    private static double timeTo63(double[] gainDb, int start, double before, double after, double fs) {
        double mark = before + (1 - Math.exp(-1)) * (after - before);
        for (int n = start; n < gainDb.length; n++) {
            if (after < before ? gainDb[n] <= mark : gainDb[n] >= mark) {
                return (n - start + 1) / fs;
            }
        }
        return Double.NaN;
    }

    @Test
    void attackAndReleaseAreTheTimesTo63PercentOfTheGainChangeInDecibels() {
        for (double[] times : new double[][] {{10, 100}, {30, 500}, {2, 150}, {100, 1000}}) {
            double attack = times[0], release = times[1];
            Compressor comp = new Compressor();
            set(comp, "threshold", -40, "ratio", 4, "knee", 0, "attack", attack, "release", release);
            int step = (int) (FS * Math.max(1, 6 * release / 1000));  // lets the switch-on transient decay
            int back = step + (int) FS;
            float[] key = Signals.concat(Signals.sine(F, FS, step, 0.03),     // -30.5 dBFS
                    Signals.sine(F, FS, back - step, 0.5),                    // -6 dBFS
                    Signals.sine(F, FS, step, 0.03));
            double[] g = gainTrace(comp, key, FS);
            GainComputer curve = new GainComputer(-40, 4, 0);
            double quiet = curve.gainDb(Measure.db(0.03)), loud = curve.gainDb(Measure.db(0.5));
            assertEquals(quiet, g[step - 1], 0.05);
            assertEquals(loud, g[back - 1], 0.05);
            double measuredAttack = timeTo63(g, step, quiet, loud, FS) * 1000;
            double measuredRelease = timeTo63(g, back, loud, quiet, FS) * 1000;
            System.out.printf("compressor attack %.1f ms -> %.2f ms, release %.0f ms -> %.2f ms%n", attack,
                    measuredAttack, release, measuredRelease);
            assertEquals(attack, measuredAttack, 0.1 * attack, "attack " + attack + " ms measured " + measuredAttack);
            assertEquals(release, measuredRelease, 0.1 * release, "release " + release + " ms measured " + measuredRelease);
        }
    }

    @Test
    void timeConstantsHoldAtOtherSampleRates() {
        for (double fs : new double[] {44_100, 96_000, 192_000}) {
            Compressor comp = new Compressor();
            set(comp, "threshold", -40, "ratio", 4, "knee", 0, "attack", 10, "release", 100);
            int step = (int) fs;
            float[] key = Signals.concat(Signals.sine(F, fs, step, 0.03), Signals.sine(F, fs, step, 0.5),
                    Signals.sine(F, fs, step, 0.03));
            double[] g = gainTrace(comp, key, fs);
            GainComputer curve = new GainComputer(-40, 4, 0);
            double quiet = curve.gainDb(Measure.db(0.03)), loud = curve.gainDb(Measure.db(0.5));
            assertEquals(10, timeTo63(g, step, quiet, loud, fs) * 1000, 1, fs + " Hz attack");
            assertEquals(100, timeTo63(g, 2 * step, loud, quiet, fs) * 1000, 10, fs + " Hz release");
        }
    }

    @Test
    void aShortReleaseStartsAtMostOnePeakWindowLate() {
        Compressor comp = new Compressor();
        set(comp, "threshold", -40, "ratio", 4, "knee", 0, "attack", 1, "release", 20);
        int step = (int) FS / 4;
        float[] key = Signals.concat(Signals.sine(F, FS, step, 0.5), Signals.sine(F, FS, step, 0.03));
        double[] g = gainTrace(comp, key, FS);
        double measured = timeTo63(g, step, g[step - 1], g[g.length - 1], FS) * 1000;
        assertTrue(measured >= 20 && measured <= 20 + Compressor.PEAK_WINDOW_MS + 1.5, "release 20 ms measured " + measured);
    }

    @Test
    void anExternalKeyControlsTheMainSignal() {
        Compressor comp = compressor("threshold", -20, "ratio", 4, "knee", 0);
        float[] main = Signals.sine(F, FS, (int) FS, 0.03);         // below the threshold
        float[] key = Signals.sine(440, FS, (int) FS, 0.5);          // -6 dBFS
        float[][] y = PluginRunner.run(comp, new float[][] {main, main, key, key}, FS, 256);
        double expected = new GainComputer(-20, 4, 0).gainDb(Measure.db(0.5));
        for (float[] channel : y) {
            double gain = Measure.db(Measure.amplitudeAt(channel, 24_000, 48_000, F, FS) / 0.03);
            assertEquals(expected, gain, 0.1);
        }
        assertEquals(-expected, comp.meters().get(0).value(), 0.1);
    }

    @Test
    void stereoLinkInterpolatesTheKeyLevelInDecibels() {
        GainComputer curve = new GainComputer(-20, 4, 0);
        float[] loud = Signals.sine(F, FS, (int) FS, 0.5);           // -6 dBFS
        float[] quiet = Signals.sine(F, FS, (int) FS, Math.pow(10, -30 / 20.0));
        for (double link : new double[] {0, 50, 100}) {
            Compressor comp = compressor("threshold", -20, "ratio", 4, "knee", 0, "link", link);
            float[][] y = PluginRunner.run(comp, new float[][] {loud, quiet}, FS, 256);
            double left = Measure.db(Measure.amplitudeAt(y[0], 24_000, 48_000, F, FS) / 0.5);
            double right = Measure.db(Measure.amplitudeAt(y[1], 24_000, 48_000, F, FS) / Math.pow(10, -30 / 20.0));
            double loudDb = Measure.db(0.5);
            assertEquals(curve.gainDb(loudDb), left, 0.1, "link " + link);
            assertEquals(curve.gainDb(-30 + link / 100 * (loudDb + 30)), right, 0.1, "link " + link);
        }
    }

    @Test
    void makeupAutoMakeupAndParallelMix() {
        GainComputer curve = new GainComputer(-24, 4, 0);
        double level = -6;
        double g = curve.gainDb(level);
        assertEquals(g + 5, steadyGainDb(compressor("threshold", -24, "knee", 0, "makeup", 5), level), 0.1);
        assertEquals(g + curve.makeupForAuto(),
                steadyGainDb(compressor("threshold", -24, "knee", 0, "auto", 1), level), 0.1);
        double wet = Math.pow(10, g / 20);
        assertEquals(Measure.db(0.3 * wet + 0.7),
                steadyGainDb(compressor("threshold", -24, "knee", 0, "mix", 30), level), 0.1);
    }

    @Test
    void parameterStepsMoveTheGainNoFasterThanTheBallisticsAndRamps() {
        double attackStep = 1 - EnvelopeFollower.coefficient(10, FS);
        double releaseStep = 1 - EnvelopeFollower.coefficient(100, FS);
        double ramp = FS * 0.020;
        float[] key = Signals.sine(F, FS, (int) FS, 0.5);
        float[] probe = new float[key.length];
        java.util.Arrays.fill(probe, 0.25f);
        int at = (int) FS / 2;
        // the key sits 34 dB over a -40 dB threshold: 25.5 dB of reduction at 4:1
        Object[][] steps = {
                {Compressor.THRESHOLD, -10.0, (25.5 - 3) * releaseStep},   // 4 dB over: 3 dB, released
                {Compressor.RATIO, 10.0, (34 * 0.9 - 25.5) * attackStep},  // 30.6 dB at 10:1, attacked
                {Compressor.MAKEUP, 12.0, 12 / ramp},                        // 20 ms ramp
        };
        for (Object[] s : steps) {
            Compressor comp = compressor("threshold", -40, "ratio", 4, "knee", 0, "attack", 10, "release", 100);
            float[] y = StepRunner.renderWithStep(comp, new float[][] {probe, key}, FS, 256, (int) s[0],
                    (double) s[1], at)[0];
            double maxStepDb = 0;
            for (int n = at - 100; n < y.length; n++) {
                maxStepDb = Math.max(maxStepDb, Math.abs(Measure.db(y[n] / (double) y[n - 1])));
            }
            double bound = (double) s[2];
            assertTrue(maxStepDb <= bound * 1.01 + 1e-5, "parameter " + s[0] + ": " + maxStepDb
                    + " dB per sample, bound " + bound);
            assertTrue(maxStepDb > bound * 0.5, "parameter " + s[0] + " had no effect");
        }
        // mix 100 -> 0 %: the linear gain moves by (1 - g) / ramp per sample
        Compressor comp = compressor("threshold", -40, "ratio", 4, "knee", 0);
        float[] y = StepRunner.renderWithStep(comp, new float[][] {probe, key}, FS, 256, Compressor.MIX, 0, at)[0];
        double g = Math.pow(10, new GainComputer(-40, 4, 0).gainDb(Measure.db(0.5)) / 20);
        assertTrue(StepRunner.maxStep(y, at - 100, y.length) / 0.25 <= (1 - g) / ramp * 1.01);
        assertEquals(1, y[y.length - 1] / 0.25, 1e-6);
    }

    @Test
    void silenceAfterLoudInputEmptiesEveryStateToExactlyZero() {
        Compressor comp = compressor("threshold", -40, "release", 30, "detector", 1, "sc.freq", 100);
        float[][] loud = PluginChecks.noise(2, (int) FS, 3);
        comp.prepare(ProcessSetup.of(FS, 512, 2));
        PluginRunner.process(comp, loud, 2, 512);
        assertTrue(comp.stateMagnitude() > 0);
        assertTrue(comp.meters().get(0).value() > 10);
        float[][] out = PluginRunner.process(comp, new float[2][(int) (4 * FS)], 2, 512);
        assertEquals(0, comp.stateMagnitude(), 0);
        assertEquals(0, out[0][out[0].length - 1], 0);
        assertEquals(0, comp.meters().get(0).value(), 0);
    }

    private static void loudSettings(AudioPlugin p) {
        set(p, "threshold", -30, "ratio", 8, "knee", 6, "attack", 1, "release", 50, "link", 60, "mix", 80,
                "auto", 1, "sc.freq", 80);
    }

    @Test
    void contract() {
        StepRunner.assertZeroAllocation(Compressor::new, ProcessSetup.of(FS, 64, 2));
        StepRunner.assertZeroAllocation(Compressor::new, new ProcessSetup(FS, 64, 4, 2));
        PluginChecks.assertFiniteOutput(Compressor::new, CompressorTest::loudSettings, 2, FS);
        PluginChecks.assertFiniteOutput(Compressor::new, p -> set(p, "detector", 1, "knee", 0), 1, FS);
        PluginChecks.assertBlockSizeIndependent(Compressor::new, CompressorTest::loudSettings, 2, FS, 1e-6,
                1, 7, 64, 1000);
        PluginChecks.assertBlockSizeIndependent(Compressor::new, p -> set(p, "detector", 1), 4, FS, 1e-6,
                1, 7, 64, 1000);
        PluginChecks.assertStateRoundTrip(Compressor::new);
    }

    @Test
    void processesInPlace() {
        float[][] x = PluginChecks.noise(2, 10_000, 8);
        Compressor a = compressor("threshold", -30);
        float[][] expected = PluginRunner.run(a, x, FS, 100);
        Compressor b = compressor("threshold", -30);
        b.prepare(ProcessSetup.of(FS, 100, 2));
        float[][] actual = PluginRunner.processInPlace(b, x, 100);
        for (int c = 0; c < 2; c++) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(expected[c], actual[c]);
        }
    }
}
