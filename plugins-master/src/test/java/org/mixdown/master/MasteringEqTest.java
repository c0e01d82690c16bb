package org.mixdown.master;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mixdown.api.AudioPlugin;
import org.mixdown.api.ProcessSetup;
import org.mixdown.dsp.Db;
import org.mixdown.dsp.EqBand;
import org.mixdown.dsp.Svf;
import org.mixdown.testkit.Measure;
import org.mixdown.testkit.PluginChecks;
import org.mixdown.testkit.PluginRunner;
import org.mixdown.testkit.Signals;

class MasteringEqTest {
    private static final double FS = 48_000;

    private static MasteringEq plugin(Consumer<AudioPlugin> configure) {
        MasteringEq p = new MasteringEq();
        configure.accept(p);
        return p;
    }

    private static void band(AudioPlugin p, int b, EqBand.Type type, double freq, double gain, double q) {
        p.setParameter("b" + b + ".type", type.ordinal());
        p.setParameter("b" + b + ".freq", freq);
        p.setParameter("b" + b + ".gain", gain);
        p.setParameter("b" + b + ".q", q);
        p.setParameter("b" + b + ".on", 1);
    }

    /** A realistic mastering curve: rumble cut, low shelf, dips, presence, air, a little tilt. */
    static void masteringCurve(AudioPlugin p) {
        band(p, 1, EqBand.Type.LOWCUT, 25, 0, 0.7071);
        band(p, 2, EqBand.Type.LOWSHELF, 90, 2.5, 0.7071);
        band(p, 3, EqBand.Type.PEAK, 250, -2, 1.4);
        band(p, 4, EqBand.Type.PEAK, 700, 1, 1);
        band(p, 5, EqBand.Type.PEAK, 3000, 1.5, 0.8);
        band(p, 6, EqBand.Type.PEAK, 140, -3, 4);  // a narrow dip on a low resonance
        band(p, 7, EqBand.Type.HIGHSHELF, 10_000, 1.5, 0.7071);
        p.setParameter("tilt", -1);
        p.setParameter("output", -1.5);
    }

    private static double[] dft(float[] h, int from, double frequency) {
        double w = 2 * Math.PI * frequency / FS;
        double re = 0, im = 0;
        for (int n = from; n < h.length; n++) {
            re += h[n] * Math.cos(w * (n - from));
            im -= h[n] * Math.sin(w * (n - from));
        }
        return new double[] {re, im};
    }

    /** The analytic magnitude of the curve (product of the band, tilt and output responses), in dB. */
    private static double analyticDb(double f) {
        MasteringEq p = new MasteringEq();
        masteringCurve(p);
        double db = p.parameter("output");
        for (int b = 1; b <= 8; b++) {
            if (p.parameter("b" + b + ".on") < 0.5) {
                continue;
            }
            Svf svf = new Svf();
            svf.design(EqBand.Type.ofIndex((int) p.parameter("b" + b + ".type")).svfType(), p.parameter("b" + b + ".freq"),
                    p.parameter("b" + b + ".q"), p.parameter("b" + b + ".gain"), FS);
            db += svf.magnitudeDb(f, FS);
        }
        return db + Db.toDb(TiltShelf.magnitude(p.parameter("tilt"), Math.tan(Math.PI * f / FS),
                Svf.prewarp(TiltShelf.PIVOT_HZ, FS)));
    }

    @Test
    void linearPhaseIsSymmetricExactlyDelayedAndMatchesTheMinimumPhaseMagnitude() {
        int frames = 65_536;
        MasteringEq minimum = plugin(MasteringEqTest::masteringCurve);
        float[] hMin = PluginRunner.run(minimum, new float[][] {Signals.impulse(frames, 0)}, FS, 512)[0];
        MasteringEq linear = plugin(q -> {
            masteringCurve(q);
            q.setParameter("phase", 1);
        });
        float[] hLin = PluginRunner.run(linear, new float[][] {Signals.impulse(frames, 0)}, FS, 512)[0];
        int latency = linear.latencySamples();
        assertEquals(1024 + 8192, latency, "chunk + half the 16384-tap kernel at 48 kHz");
        assertEquals(0, minimum.latencySamples());
        // symmetric about the latency, and nothing outside the kernel
        double peak = Measure.peak(hLin);
        assertEquals(peak, Math.abs(hLin[latency]), 1e-12, "the centre tap is the largest");
        double asymmetry = 0;
        for (int m = 1; m < 8192; m++) {
            asymmetry = Math.max(asymmetry, Math.abs(hLin[latency + m] - hLin[latency - m]));
        }
        assertTrue(asymmetry < 1e-6 * peak, "asymmetry " + asymmetry);
        assertTrue(Measure.peak(hLin, 0, latency - 8192) < 1e-9 * peak, "output before the kernel starts");
        assertTrue(Measure.peak(hLin, latency + 8192, frames) < 1e-9 * peak, "output after the kernel ends");
        double worst = 0;
        double worstAnalytic = 0;
        for (double f : Measure.logSpaced(20, 20_000, 120)) {
            double[] lin = dft(hLin, 0, f);
            double[] min = dft(hMin, 0, f);
            double linDb = Db.toDb(Math.hypot(lin[0], lin[1]));
            double minDb = Db.toDb(Math.hypot(min[0], min[1]));
            worst = Math.max(worst, Math.abs(linDb - minDb));
            worstAnalytic = Math.max(worstAnalytic, Math.abs(minDb - analyticDb(f)));
        }
        System.out.printf("master.eq: linear vs minimum phase within %.2e dB (20 Hz..20 kHz), minimum vs analytic"
                + " %.2e dB, latency %d, asymmetry %.1e%n", worst, worstAnalytic, latency, asymmetry / peak);
        assertTrue(worst < 0.1, "linear-phase magnitude differs by " + worst + " dB");
        assertTrue(worstAnalytic < 0.01, "minimum-phase magnitude differs from analytic by " + worstAnalytic + " dB");
    }

    @Test
    void flatLinearPhaseNullsAgainstTheDelayedInput() {
        MasteringEq p = plugin(q -> {
            q.setParameter("phase", 1);
            q.setParameter("mode", 1);
        });
        float[][] input = PluginChecks.noise(2, 48_000, 4);
        float[][] out = PluginRunner.run(p, input, FS, 100);
        int latency = p.latencySamples();
        double worst = Double.NEGATIVE_INFINITY;  // an exact null gives -infinity
        for (int c = 0; c < 2; c++) {
            worst = Math.max(worst, Measure.differenceDb(Arrays.copyOfRange(input[c], 0, 48_000 - latency),
                    Arrays.copyOfRange(out[c], latency, 48_000)));
        }
        System.out.printf("master.eq flat linear phase: null %.1f dB at latency %d%n", worst, latency);
        assertTrue(worst < -100, "null only " + worst + " dB");
    }

    @ParameterizedTest
    @ValueSource(doubles = {44_100, 96_000, 192_000})
    void linearPhaseLatencyScalesWithTheSampleRateAndStaysExact(double fs) {
        MasteringEq p = plugin(q -> {
            q.setParameter("phase", 1);
            q.setParameter("output", -6);
        });
        int frames = (int) fs;
        float[][] input = PluginChecks.noise(1, frames, 6);
        float[][] out = PluginRunner.run(p, input, fs, 480);
        int kernel = Integer.highestOneBit((int) Math.ceil(0.34 * fs) - 1) << 1;  // next power of two
        int latency = p.latencySamples();
        assertEquals(kernel / 16 + kernel / 2, latency, "chunk + half the kernel at " + fs);
        float[] expected = new float[frames - latency];
        for (int n = 0; n < expected.length; n++) {
            expected[n] = (float) (input[0][n] * Db.toLinear(-6));
        }
        double nullDb = Measure.differenceDb(expected, Arrays.copyOfRange(out[0], latency, frames));
        assertTrue(nullDb < -100, "null only " + nullDb + " dB at " + fs);
    }

    @Test
    void tiltPivotsAroundOneKilohertz() {
        for (double tilt : new double[] {-4, 3}) {
            MasteringEq p = plugin(q -> q.setParameter("tilt", tilt));
            float[] h = PluginRunner.run(p, new float[][] {Signals.impulse(16_384, 0)}, FS, 256)[0];
            double[] pivot = dft(h, 0, 1000);
            double[] low = dft(h, 0, 20);
            double[] high = dft(h, 0, 20_000);
            assertEquals(0, Db.toDb(Math.hypot(pivot[0], pivot[1])), 1e-4);
            assertEquals(-tilt / 2, Db.toDb(Math.hypot(low[0], low[1])), 0.05 * Math.abs(tilt));
            assertEquals(tilt / 2, Db.toDb(Math.hypot(high[0], high[1])), 0.05 * Math.abs(tilt));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {MasteringEq.PHASE_MINIMUM, MasteringEq.PHASE_LINEAR})
    void aSideOnlyBandLeavesAMonoSignalAlone(int phase) {
        MasteringEq p = plugin(q -> {
            q.setParameter("phase", phase);
            q.setParameter("mode", 1);
            band(q, 4, EqBand.Type.PEAK, 1000, 9, 1);
            q.setParameter("b4.channel", MasteringEq.CHANNEL_SECOND);
        });
        float[] sine = Signals.sine(1000, FS, 48_000, 0.4);
        float[][] out = PluginRunner.run(p, new float[][] {sine, sine.clone()}, FS, 512);
        assertEquals(0.4, Measure.amplitudeAt(out[0], 30_000, 48_000, 1000, FS), 0.4 * 1e-4, "mono through mid");
        // left only: half is mid (flat), half is side (+9 dB): L = (1 + g)/2, R = (1 - g)/2 of the input
        MasteringEq q2 = plugin(q -> {
            q.setParameter("phase", phase);
            q.setParameter("mode", 1);
            band(q, 4, EqBand.Type.PEAK, 1000, 9, 1);
            q.setParameter("b4.channel", MasteringEq.CHANNEL_SECOND);
        });
        out = PluginRunner.run(q2, new float[][] {sine, new float[48_000]}, FS, 512);
        double g = Db.toLinear(9);
        assertEquals(0.4 * (1 + g) / 2, Measure.amplitudeAt(out[0], 30_000, 48_000, 1000, FS), 0.4 * 1e-3);
        assertEquals(0.4 * (g - 1) / 2, Measure.amplitudeAt(out[1], 30_000, 48_000, 1000, FS), 0.4 * 1e-3);
    }

    @ParameterizedTest
    @ValueSource(ints = {MasteringEq.PHASE_MINIMUM, MasteringEq.PHASE_LINEAR})
    void aGainChangeGlidesWithoutAClick(int phase) {
        MasteringEq p = plugin(q -> {
            q.setParameter("phase", phase);
            band(q, 4, EqBand.Type.PEAK, 1000, 0, 1);
        });
        int frames = 48_000;
        float[][] x = {Signals.sine(1000, FS, frames, 0.25)};
        p.prepare(ProcessSetup.of(FS, 128, 1));
        float[][] first = PluginRunner.process(p, x, 1, 128);
        p.setParameter("b4.gain", 12);
        float[][] second = PluginRunner.process(p, x, 1, 128);
        // level per 1 kHz period never moves faster than the IIR glide (gain linear in dB over 20 ms: steepest
        // at its top, A ln10/20 dB/sample) or the linear-phase crossfade (linear over a 1024-sample chunk)
        double top = 0.25 * Db.toLinear(12);
        double bound = Math.max(top * Math.log(10) / 20 * 12 / (0.020 * FS), (top - 0.25) / 1024) * 48;
        double previous = Measure.peak(first[0], frames - 48, frames);
        for (int start = 0; start + 48 <= frames; start += 48) {
            double peak = Measure.peak(second[0], start, start + 48);
            assertTrue(Math.abs(peak - previous) <= bound + 0.01, "jump at " + start + ": " + previous + " -> " + peak);
            previous = peak;
        }
        assertEquals(0.25 * Db.toLinear(12), Measure.amplitudeAt(second[0], 24_000, frames, 1000, FS), 0.25 * 2e-3);
    }

    /**
     * The steady filters run in series in one loop (state-space form, no float rounding between stages) give
     * the band-by-band output to within float rounding (-120 dB), glides and a 0 dB band skipped included.
     */
    @Test
    void filtersInSeriesMatchBandByBand() {
        float[][] x = {Signals.pinkNoise(48_000, 0.5, 3), Signals.pinkNoise(48_000, 0.5, 4)};
        float[][][] results = new float[2][][];
        for (int run = 0; run < 2; run++) {
            MasteringEq p = new MasteringEq();
            masteringCurve(p);
            p.setParameter("b8.on", 1);
            p.setParameter("tilt", -1.5);
            p.prepare(ProcessSetup.of(FS, 256, 2));
            p.setInSeries(run == 0);
            float[][] first = PluginRunner.process(p, x, 2, 256);
            p.setParameter("b3.gain", 4);  // a glide, then steady again
            p.setParameter("b6.gain", 0);  // a peak at 0 dB
            float[][] second = PluginRunner.process(p, x, 2, 256);
            results[run] = new float[][] {first[0], first[1], second[0], second[1]};
        }
        for (int k = 0; k < 4; k++) {
            double worst = 0;
            for (int i = 0; i < results[0][k].length; i++) {
                worst = Math.max(worst, Math.abs(results[0][k][i] - results[1][k][i]));
            }
            assertTrue(worst < 1e-6, "channel " + k % 2 + (k < 2 ? " steady" : " after glides") + " differs by " + worst);
        }
    }

    // ---- the contract ----------------------------------------------------------------------------

    private static final Consumer<AudioPlugin> LINEAR = q -> {
        masteringCurve(q);
        q.setParameter("phase", 1);
    };
    private static final Consumer<AudioPlugin> MINIMUM_MID_SIDE = q -> {
        masteringCurve(q);
        q.setParameter("mode", 1);
        q.setParameter("b5.channel", MasteringEq.CHANNEL_SECOND);
    };

    @Test
    void allocatesNothingWhileProcessing() {
        PluginChecks.assertZeroAllocation(plugin(MINIMUM_MID_SIDE), ProcessSetup.of(FS, 64, 2), 10_000);
        // linear phase: the automated b1.freq redesigns the kernels every chunk, FFTs and all
        PluginChecks.assertZeroAllocation(plugin(LINEAR), ProcessSetup.of(FS, 64, 2), 10_000);
    }

    @Test
    void outputIsFinite() {
        PluginChecks.assertFiniteOutput(() -> plugin(MINIMUM_MID_SIDE), q -> { }, 2, FS);
        PluginChecks.assertFiniteOutput(() -> plugin(LINEAR), q -> { }, 2, FS);
        PluginChecks.assertFiniteOutput(() -> plugin(MasteringEqTest::masteringCurve), q -> { }, 1, 96_000);
    }

    @Test
    void blockSizeDoesNotChangeTheOutput() {
        PluginChecks.assertBlockSizeIndependent(MasteringEq::new, MINIMUM_MID_SIDE, 2, FS, 1e-6, 1, 7, 64, 1000);
        PluginChecks.assertBlockSizeIndependent(MasteringEq::new, LINEAR, 2, FS, 1e-6, 1, 7, 64, 1000);
    }

    @Test
    void stateRoundTripsExactly() {
        PluginChecks.assertStateRoundTrip(MasteringEq::new);
    }

    @ParameterizedTest
    @ValueSource(ints = {MasteringEq.PHASE_MINIMUM, MasteringEq.PHASE_LINEAR})
    void silenceAfterLoudInputBringsTheStateToExactlyZero(int phase) {
        MasteringEq p = plugin(q -> {
            MINIMUM_MID_SIDE.accept(q);
            q.setParameter("phase", phase);
        });
        PluginRunner.run(p, PluginChecks.noise(2, 24_000, 9), FS, 512);
        assertTrue(p.stateMagnitude() > 1e-3);
        float[][] silence = new float[2][48_000];
        for (int second = 0; second < 60 && p.stateMagnitude() > 0; second++) {
            PluginRunner.process(p, silence, 2, 512);
        }
        assertEquals(0.0, p.stateMagnitude());
    }
}
