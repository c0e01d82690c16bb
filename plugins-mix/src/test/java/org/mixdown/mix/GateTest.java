package org.mixdown.mix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mixdown.mix.StepRunner.set;

import org.junit.jupiter.api.Test;
import org.mixdown.api.AudioPlugin;
import org.mixdown.api.ProcessSetup;
import org.mixdown.dsp.EnvelopeFollower;
import org.mixdown.testkit.Measure;
import org.mixdown.testkit.PluginChecks;
import org.mixdown.testkit.PluginRunner;
import org.mixdown.testkit.Signals;

class GateTest {
    private static final double FS = 48_000;
    private static final double F = 997;

    @Test
    void opensAboveTheThresholdAndClosesBelowThresholdMinusHysteresis() {
        double worst = 0;
        for (double range : new double[] {-20, -40, -70}) {
            Gate gate = new Gate();
            set(gate, "threshold", -40, "hysteresis", 6, "range", range, "attack", 0.5, "hold", 0, "release", 5);
            // levels in 1 dB steps, half a dB off the thresholds so no step sits on an edge
            int steps = 15;
            int length = (int) (0.2 * FS);
            double[] levels = new double[2 * steps];
            for (int k = 0; k < steps; k++) {
                levels[k] = -49.5 + k;               // up to -35.5
                levels[2 * steps - 1 - k] = -49.5 + k; // and back down
            }
            float[][] parts = new float[levels.length][];
            for (int k = 0; k < levels.length; k++) {
                parts[k] = Signals.sine(F, FS, length, Math.pow(10, levels[k] / 20), k * 0.7);
            }
            float[] x = Signals.concat(parts);
            float[] y = PluginRunner.run(gate, new float[][] {x}, FS, 128)[0];
            boolean open = false;
            for (int k = 0; k < levels.length; k++) {
                boolean rising = k < steps;
                if (rising && levels[k] > -40) {
                    open = true;
                }
                if (!rising && levels[k] < -46) {
                    open = false;
                }
                int from = k * length + length / 2, to = (k + 1) * length;
                double gain = Measure.db(Measure.amplitudeAt(y, from, to, F, FS) / Measure.amplitudeAt(x, from, to, F, FS));
                worst = Math.max(worst, Math.abs((open ? 0 : range) - gain));
                assertEquals(open ? 0 : range, gain, 0.1, "range " + range + ", step " + k + " at " + levels[k]
                        + " dBFS " + (rising ? "rising" : "falling"));
            }
        }
        System.out.printf("gate: 60 level steps, open/closed gain within %.4f dB of 0 / range%n", worst);
    }

    @Test
    void holdKeepsTheGateOpenAfterTheKeyFallsAway() {
        for (double hold : new double[] {0, 50, 200}) {
            Gate gate = new Gate();
            set(gate, "threshold", -30, "hysteresis", 0, "hold", hold, "release", 1);
            int loud = (int) (0.2 * FS);
            float[] x = Signals.concat(Signals.sine(F, FS, loud, 0.5), new float[(int) FS / 2]);
            gate.prepare(ProcessSetup.of(FS, 1, 1));
            float[][] sample = new float[1][1];
            int closedAt = -1;
            for (int n = 0; n < x.length; n++) {
                sample[0][0] = x[n];
                PluginRunner.process(gate, sample, 1, 1);
                if (n > loud && closedAt < 0 && !gate.isOpen()) {
                    closedAt = n;
                }
            }
            // the level reads the last crest for one 5 ms peak window, then the hold runs
            double ms = (closedAt - loud) * 1000 / FS;
            assertEquals(hold + Gate.PEAK_WINDOW_MS, ms, 0.6, "hold " + hold);
        }
    }

    @Test
    void opensWithTheAttackTimeAndClosesWithTheReleaseTime() {
        Gate gate = new Gate();
        set(gate, "threshold", -30, "hysteresis", 0, "hold", 0, "range", -100, "attack", 2, "release", 40);
        int quiet = (int) (0.2 * FS);
        int on = (int) (0.5 * FS);
        // a square wave at the Nyquist frequency keeps |x| constant, so |y / x| is the gain itself;
        // 0.5 (-6 dBFS) opens the gate, 0.005 (-46 dBFS) stays below its -30 dB threshold
        float[] x = new float[quiet + on + (int) FS / 2];
        for (int n = 0; n < x.length; n++) {
            float a = n >= quiet && n < quiet + on ? 0.5f : 0.005f;
            x[n] = n % 2 == 0 ? a : -a;
        }
        float[] y = PluginRunner.run(gate, new float[][] {x}, FS, 64)[0];
        // attack and release: the times to 63.2 % of the gain change in dB (-100 dB <-> 0 dB)
        double openedMark = -100 * Math.exp(-1);
        double closedMark = -100 * (1 - Math.exp(-1));
        int opened = quiet;
        while (Measure.db(y[opened] / x[opened]) < openedMark) {
            opened++;
        }
        assertEquals(2, (opened - quiet + 1) * 1000 / FS, 0.05);
        // closing starts once the 5 ms peak window has let go of the last loud sample
        int start = quiet + on + (int) Math.round(Gate.PEAK_WINDOW_MS * FS / 1000);
        int closed = start;
        while (Measure.db(y[closed] / x[closed]) > closedMark) {
            closed++;
        }
        assertEquals(40, (closed - start + 1) * 1000 / FS, 0.05);
    }

    @Test
    void sidechainHighPassKeepsLowRumbleFromOpeningTheGate() {
        float[] rumble = Signals.sine(40, FS, (int) FS, 0.1);  // -20 dBFS, threshold -30
        Gate open = new Gate();
        set(open, "threshold", -30, "sc.freq", 20);
        PluginRunner.run(open, new float[][] {rumble}, FS, 256);
        assertTrue(open.isOpen());
        Gate closed = new Gate();
        set(closed, "threshold", -30, "sc.freq", 1000);  // 2nd order: 40 Hz is 56 dB down
        PluginRunner.run(closed, new float[][] {rumble}, FS, 256);
        assertFalse(closed.isOpen());
    }

    @Test
    void parameterStepsStayWithinTheGainRampBounds() {
        double amplitude = 0.25;
        float[] x = Signals.sine(F, FS, (int) FS, amplitude);
        double steadyStep = amplitude * 2 * Math.sin(Math.PI * F / FS);
        int at = (int) FS / 2;
        double ramp = FS * 0.020;
        // range -80 -> -10 on a closed gate: a 20 ms linear ramp in dB, so the gain moves at most
        // g ln(10)/20 * 70 dB / ramp per sample, largest at the end, g = -10 dB
        double rangeBound = Math.pow(10, -10 / 20.0) * Math.log(10) / 20 * 70 / ramp;
        // threshold -10 -> -40 opens the gate: with u = k (1 - opening), the gain e^-u moves by at most
        // (1 - a) / a * max(u e^-u) = (1 - a) / (a e) per sample while the opening follows its attack
        double a = EnvelopeFollower.coefficient(1, FS);
        double attackBound = (1 - a) / (a * Math.E);
        Object[][] steps = {{Gate.RANGE, -10.0, rangeBound}, {Gate.THRESHOLD, -40.0, attackBound}};
        for (Object[] s : steps) {
            Gate gate = new Gate();
            set(gate, "threshold", -10, "attack", 1, "release", 50);
            float[] y = StepRunner.renderWithStep(gate, new float[][] {x}, FS, 100, (int) s[0], (double) s[1], at)[0];
            double max = StepRunner.maxStep(y, at - 10, y.length);
            double bound = steadyStep + amplitude * (double) s[2];
            assertTrue(max <= bound * 1.001, "parameter " + s[0] + ": step " + max + " > bound " + bound);
            assertTrue(Math.abs(y[y.length - 100]) > 1e-3, "parameter " + s[0] + " had no effect");
        }
    }

    @Test
    void silenceAfterLoudInputEmptiesEveryStateToExactlyZero() {
        Gate gate = new Gate();
        set(gate, "sc.freq", 200, "release", 20);
        gate.prepare(ProcessSetup.of(FS, 512, 2));
        PluginRunner.process(gate, PluginChecks.noise(2, (int) FS, 3), 2, 512);
        assertTrue(gate.isOpen());
        assertTrue(gate.stateMagnitude() > 0);
        float[][] out = PluginRunner.process(gate, new float[2][(int) (2 * FS)], 2, 512);
        assertFalse(gate.isOpen());
        assertEquals(0, gate.stateMagnitude(), 0);
        assertEquals(80, gate.meters().get(0).value(), 1e-9);
        assertEquals(0, out[1][out[1].length - 1], 0);
    }

    private static void busySettings(AudioPlugin p) {
        // threshold near the noise level, so the gate opens and closes all the time
        set(p, "threshold", -12, "hysteresis", 3, "hold", 2, "attack", 0.2, "release", 10, "range", -60);
    }

    @Test
    void contract() {
        StepRunner.assertZeroAllocation(Gate::new, ProcessSetup.of(FS, 64, 2));
        PluginChecks.assertFiniteOutput(Gate::new, GateTest::busySettings, 2, FS);
        PluginChecks.assertBlockSizeIndependent(Gate::new, GateTest::busySettings, 2, FS, 1e-6, 1, 7, 64, 1000);
        PluginChecks.assertBlockSizeIndependent(Gate::new, p -> { }, 1, FS, 1e-6, 1, 7, 64, 1000);
        PluginChecks.assertStateRoundTrip(Gate::new);
    }

    @Test
    void preparingAgainStartsFromRest() {
        PluginChecks.assertPrepareAgainStartsFresh(Gate::new, g -> {
            g.setParameter("threshold", -20);
            g.setParameter("release", 400);
        }, 2, 48000);
    }
}
