package org.mixdown.mix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.mixdown.api.AudioPlugin;
import org.mixdown.api.ProcessSetup;
import org.mixdown.dsp.Biquad;
import org.mixdown.dsp.Db;
import org.mixdown.dsp.EqBand;
import org.mixdown.dsp.Svf;
import org.mixdown.testkit.Measure;
import org.mixdown.testkit.PluginChecks;
import org.mixdown.testkit.PluginRunner;
import org.mixdown.testkit.Signals;

class EqTest {
    private static final double[] RATES = {44100, 48000, 96000};

    /** One band's setting: type, frequency, gain, Q. */
    private record Band(EqBand.Type type, double freq, double gain, double q) {
        /**
         * The analytic response from the RBJ cookbook biquad: the same bilinear-transformed prototype,
         * designed by independent code (digital coefficients, not the SVF's).
         */
        double expectedDb(double f, double fs) {
            Biquad.Type t = switch (type) {
                case LOWCUT -> Biquad.Type.HIGHPASS;
                case HIGHCUT -> Biquad.Type.LOWPASS;
                default -> Biquad.Type.valueOf(type.name());
            };
            Biquad rbj = new Biquad();
            rbj.design(t, fs, freq, q, gain);
            return rbj.magnitudeDb(f, fs);
        }

        /** 20 time constants of the band's poles (Re p = -fs g k for the SVF's prototype), plus a margin. */
        double settleSeconds(double fs) {
            Svf svf = new Svf();
            svf.design(type.svfType(), freq, q, gain, fs);
            return 0.05 + 20 / (fs * svf.g() * svf.k());
        }

        void apply(AudioPlugin p, int b) {
            p.setParameter("b" + (b + 1) + ".type", type.ordinal());
            p.setParameter("b" + (b + 1) + ".freq", freq);
            p.setParameter("b" + (b + 1) + ".gain", gain);
            p.setParameter("b" + (b + 1) + ".q", q);
            p.setParameter("b" + (b + 1) + ".on", 1);
        }
    }

    /** Two or three settings of every type, wide and narrow, boost and cut, low and high. */
    private static final Band[] CASES = {
        new Band(EqBand.Type.PEAK, 1000, 12, 1),
        new Band(EqBand.Type.PEAK, 80, -9, 4),
        new Band(EqBand.Type.PEAK, 9000, 6, 0.5),
        new Band(EqBand.Type.LOWSHELF, 200, 9, 0.7071),
        new Band(EqBand.Type.LOWSHELF, 60, -12, 1.2),
        new Band(EqBand.Type.HIGHSHELF, 6000, -6, 0.7071),
        new Band(EqBand.Type.HIGHSHELF, 12000, 12, 0.5),
        new Band(EqBand.Type.LOWCUT, 100, 0, 0.7071),
        new Band(EqBand.Type.LOWCUT, 500, 0, 4),
        new Band(EqBand.Type.HIGHCUT, 3000, 0, 0.7071),
        new Band(EqBand.Type.HIGHCUT, 15000, 0, 2),
        new Band(EqBand.Type.NOTCH, 1000, 0, 2),
        new Band(EqBand.Type.NOTCH, 60, 0, 10),
        new Band(EqBand.Type.BANDPASS, 1000, 0, 1),
        new Band(EqBand.Type.BANDPASS, 250, 0, 5),
    };

    /** The realistic setting: six bands of six different types, all on, and an output trim. */
    private static final Band[] MIX_SETTING = {
        new Band(EqBand.Type.LOWCUT, 40, 0, 0.7071),
        new Band(EqBand.Type.LOWSHELF, 120, 3, 0.7071),
        new Band(EqBand.Type.PEAK, 400, -4, 1.5),
        new Band(EqBand.Type.NOTCH, 3150, 0, 8),
        new Band(EqBand.Type.HIGHSHELF, 8000, 4, 0.7071),
        new Band(EqBand.Type.HIGHCUT, 18000, 0, 0.7071),
    };
    private static final double MIX_OUTPUT_DB = -2;

    private static Supplier<AudioPlugin> eq(Consumer<AudioPlugin> configure) {
        return () -> {
            Eq p = new Eq();
            for (int b = 0; b < Eq.BANDS; b++) {
                p.setParameter("b" + (b + 1) + ".on", 0);
            }
            configure.accept(p);
            return p;
        };
    }

    static void mixSetting(AudioPlugin p) {
        for (int b = 0; b < Eq.BANDS; b++) {
            MIX_SETTING[b].apply(p, b);
        }
        p.setParameter("output", MIX_OUTPUT_DB);
    }

    @Test
    void everyTypeMatchesItsAnalyticResponseWithin0p05Db() {
        double worst = 0;
        for (double fs : RATES) {
            for (Band band : CASES) {
                // each band slot in turn, so all six are exercised
                int slot = java.util.Arrays.asList(CASES).indexOf(band) % Eq.BANDS;
                worst = Math.max(worst, ResponseMeasurement.assertMatches(band.toString(),
                        eq(p -> band.apply(p, slot)), f -> band.expectedDb(f, fs), fs, band.settleSeconds(fs), 0.05));
            }
        }
        System.out.printf("mix.eq: worst |measured - analytic| over %d settings x 3 rates: %.2e dB%n",
                CASES.length, worst);
    }

    @Test
    void allSixBandsTogetherMatchTheSumOfTheirResponses() {
        for (double fs : RATES) {
            double settle = 0;
            for (Band band : MIX_SETTING) {
                settle = Math.max(settle, band.settleSeconds(fs));
            }
            double worst = ResponseMeasurement.assertMatches("six bands", eq(EqTest::mixSetting), f -> {
                double db = MIX_OUTPUT_DB;
                for (Band band : MIX_SETTING) {
                    db += band.expectedDb(f, fs);
                }
                return db;
            }, fs, settle, 0.05);
            System.out.printf("mix.eq six bands at %.0f Hz: worst error %.2e dB%n", fs, worst);
        }
    }

    @Test
    void pluginDesignEqualsTheBandsAnalyticResponse() {
        Eq plugin = (Eq) eq(EqTest::mixSetting).get();
        plugin.prepare(ProcessSetup.of(48000, 64, 2));
        EqBand band = new EqBand();
        band.configure(EqBand.Type.PEAK, 400, -4, 1.5, 48000);
        assertEquals(MIX_SETTING[2].expectedDb(400, 48000), band.magnitudeDb(400, 48000), 1e-9);
        assertEquals(-4, band.magnitudeDb(400, 48000), 1e-9);
    }

    /**
     * Sweep cases: a band setting, the tone it filters, and the band's largest steady gain |H|max (the peak
     * gain; for a resonant cut the 2nd-order peak Q / sqrt(1 - 1 / (4 Q^2))).
     */
    private record SweepCase(Band band, double toneHz, double maxGain) {
    }

    private static final double RESONANT_Q = 8;
    private static final double RESONANT_PEAK = RESONANT_Q / Math.sqrt(1 - 1 / (4 * RESONANT_Q * RESONANT_Q));
    private static final SweepCase[] SWEEPS = {
        new SweepCase(new Band(EqBand.Type.PEAK, 20, 12, 2), 100, Db.toLinear(12)),
        new SweepCase(new Band(EqBand.Type.PEAK, 20, 12, 2), 1000, Db.toLinear(12)),
        new SweepCase(new Band(EqBand.Type.PEAK, 20, 12, 2), 5000, Db.toLinear(12)),
        new SweepCase(new Band(EqBand.Type.HIGHCUT, 20, 0, RESONANT_Q), 100, RESONANT_PEAK),
        new SweepCase(new Band(EqBand.Type.LOWCUT, 20, 0, RESONANT_Q), 100, RESONANT_PEAK),
    };
    private static final int SWEEP_BLOCK = 64;
    private static final double SWEEP_SECONDS = 0.3;

    /**
     * The click bound of a sweep: a steady sine through the band moves at most |H|max times as fast as the
     * input sine, 2 A sin(pi f / fs) per sample; 5 % more allows for the overshoot of a moving filter. A
     * click (a jump of the output) exceeds it.
     */
    private static double clickBound(SweepCase c, float[] input) {
        return 1.05 * c.maxGain() * ResponseMeasurement.maxStep(input, 0, input.length);
    }

    @Test
    void fastFrequencySweepDoesNotClick() {
        double fs = 48000;
        for (SweepCase c : SWEEPS) {
            AudioPlugin plugin = eq(p -> c.band().apply(p, 0)).get();
            float[] input = Signals.sine(c.toneHz(), fs, (int) (SWEEP_SECONDS * fs), 0.2);
            float[] output = FilterTest.sweep(plugin, input, fs, SWEEP_BLOCK, Eq.index(0, Eq.FREQ));
            double step = ResponseMeasurement.maxStep(output, 0, output.length);
            double bound = clickBound(c, input);
            System.out.printf("mix.eq %s swept 20 Hz -> 20 kHz in 100 ms over %.0f Hz: max step %.2f x the "
                    + "bound%n", c.band().type(), c.toneHz(), step / bound);
            assertTrue(step <= bound, c + ": max step " + step + " vs bound " + bound);
        }
    }

    /** The bound is not slack: a direct-form biquad redesigned at each block clicks through it. */
    @Test
    void theClickBoundCatchesADirectFormBiquadSweep() {
        double fs = 48000;
        SweepCase c = SWEEPS[3];
        float[] input = Signals.sine(c.toneHz(), fs, (int) (SWEEP_SECONDS * fs), 0.2);
        Biquad biquad = new Biquad();
        biquad.design(Biquad.Type.LOWPASS, fs, 20, RESONANT_Q, 0);
        float[] output = new float[input.length];
        for (int n = 0; n < input.length; n++) {
            double f = n % SWEEP_BLOCK == 0 ? FilterTest.sweepFrequency(n, SWEEP_BLOCK, fs) : Double.NaN;
            if (!Double.isNaN(f)) {
                biquad.design(Biquad.Type.LOWPASS, fs, f, RESONANT_Q, 0);
            }
            output[n] = (float) biquad.process(input[n]);
        }
        double step = ResponseMeasurement.maxStep(output, 0, output.length);
        System.out.printf("control: RBJ biquad swept the same way: max step %.2f x the bound%n",
                step / clickBound(c, input));
        assertTrue(step > 2 * clickBound(c, input));
    }

    @Test
    void gainStepGlidesWithoutAClick() {
        double fs = 48000;
        Eq plugin = (Eq) eq(p -> {
            p.setParameter("b3.on", 1);
            p.setParameter("b3.type", EqBand.Type.PEAK.ordinal());
            p.setParameter("b3.freq", 1000);
            p.setParameter("b3.gain", 24);
            p.setParameter("b3.q", 1);
        }).get();
        float[] input = Signals.sine(1000, fs, 9600, 0.2);
        plugin.prepare(ProcessSetup.of(fs, 9600, 1));
        float[][] first = PluginRunner.process(plugin, new float[][] {java.util.Arrays.copyOfRange(input, 0, 4812)},
                1, 4812);
        plugin.setParameter("b3.gain", -24);  // a 48 dB jump down, landing at a crest of the sine
        float[][] second = PluginRunner.process(plugin,
                new float[][] {java.util.Arrays.copyOfRange(input, 4812, 9600)}, 1, 4788);
        float[] out = Signals.concat(first[0], second[0]);
        double bound = Db.toLinear(24) * ResponseMeasurement.maxStep(input, 0, input.length);
        // the loudest steady output is the +24 dB one: a glide never steps faster than it (a jump of the
        // coefficients does: this fails with the gain smoothing removed)
        double step = ResponseMeasurement.maxStep(out, 0, out.length);
        assertTrue(step <= 1.05 * bound, "max step " + step + " vs " + bound);
        assertEquals(-24, Measure.db(Measure.amplitudeAt(out, 7200, 9600, 1000, fs) / 0.2), 0.05);
    }

    @Test
    void pluginContract() {
        PluginChecks.assertZeroAllocation(eq(EqTest::mixSetting).get(), ProcessSetup.of(48000, 64, 2), 10_000);
        PluginChecks.assertFiniteOutput(eq(EqTest::mixSetting), p -> { }, 2, 48000);
        PluginChecks.assertBlockSizeIndependent(eq(EqTest::mixSetting), p -> { }, 2, 48000, 1e-6, 1, 7, 64, 1000);
        PluginChecks.assertStateRoundTrip(Eq::new);
    }

    @Test
    void automatedFrequencyIsBlockSizeIndependent() {
        double fs = 48000;
        float[] input = Signals.whiteNoise((int) (0.3 * fs), 0.5, 8);
        float[] a = FilterTest.sweep(eq(EqTest::mixSetting).get(), input, fs, 64, Eq.index(2, Eq.FREQ));
        float[] b = FilterTest.sweep(eq(EqTest::mixSetting).get(), input, fs, 16, Eq.index(2, Eq.FREQ));
        // the events land at the same times only every 64 samples: compare after the sweep's last event
        int from = (int) (0.2 * fs);
        for (int i = from; i < input.length; i++) {
            assertEquals(a[i], b[i], 1e-6, "sample " + i);
        }
    }

    @Test
    void silenceAfterLoudInputDecaysToExactlyZeroState() {
        Eq plugin = (Eq) eq(EqTest::mixSetting).get();
        float[][] loud = PluginChecks.noise(2, 48000, 9);
        PluginRunner.run(plugin, loud, 48000, 512);
        assertTrue(plugin.stateMagnitude() > 1e-6);
        float[][] silence = new float[2][512];
        int blocks = 0;
        while (plugin.stateMagnitude() != 0 && blocks < 20_000) {
            PluginRunner.process(plugin, silence, 2, 512);
            blocks++;
        }
        assertEquals(0.0, plugin.stateMagnitude(), "state after " + blocks + " blocks of silence");
        float[][] out = PluginRunner.process(plugin, silence, 2, 512);
        assertEquals(0.0, Measure.peak(out[0]) + Measure.peak(out[1]));
    }

    @Test
    void flatDefaultsPassTheSignalUnchanged() {
        float[][] input = PluginChecks.noise(2, 4800, 4);
        float[][] out = PluginRunner.run(new Eq(), input, 48000, 256);
        org.junit.jupiter.api.Assertions.assertArrayEquals(input[0], out[0]);
        org.junit.jupiter.api.Assertions.assertArrayEquals(input[1], out[1]);
    }
}
