package org.mixdown.master;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mixdown.api.AudioPlugin;
import org.mixdown.api.ProcessSetup;
import org.mixdown.dsp.Crossover;
import org.mixdown.dsp.Db;
import org.mixdown.dsp.GainComputer;
import org.mixdown.dsp.LinkwitzRiley;
import org.mixdown.testkit.Measure;
import org.mixdown.testkit.PluginChecks;
import org.mixdown.testkit.PluginRunner;
import org.mixdown.testkit.Signals;

class MultibandCompressorTest {
    private static final double FS = 48_000;

    private static MultibandCompressor plugin(Consumer<AudioPlugin> configure) {
        MultibandCompressor p = new MultibandCompressor();
        configure.accept(p);
        return p;
    }

    /** Every band at ratio 1: the compressors pass their band untouched. */
    private static void transparent(AudioPlugin p) {
        for (int b = 1; b <= 6; b++) {
            p.setParameter("b" + b + ".ratio", 1);
        }
    }

    private static void sixBands(AudioPlugin p, String slope) {
        p.setParameter("bands", 6);
        double[] xover = {60, 250, 1200, 5000, 12_000};
        for (int i = 0; i < 5; i++) {
            p.setParameter("xover" + (i + 1), xover[i]);
        }
        p.setParameter("slope", slope.equals("LR8") ? 1 : 0);
    }

    /** A realistic setting: 4 bands LR4, every band compressing a mix at -6 dBFS peak noise. */
    static void compressing(AudioPlugin p) {
        p.setParameter("bands", 4);
        p.setParameter("xover1", 120);
        p.setParameter("xover2", 800);
        p.setParameter("xover3", 5000);
        for (int b = 1; b <= 4; b++) {
            p.setParameter("b" + b + ".threshold", -30);
            p.setParameter("b" + b + ".ratio", 3);
            p.setParameter("b" + b + ".knee", 6);
            p.setParameter("b" + b + ".attack", 5);
            p.setParameter("b" + b + ".release", 80);
            p.setParameter("b" + b + ".makeup", 3);
        }
    }

    private static double dftMagnitude(float[] h, int from, double frequency) {
        double w = 2 * Math.PI * frequency / FS;
        double re = 0, im = 0;
        for (int n = from; n < h.length; n++) {
            re += h[n] * Math.cos(w * (n - from));
            im -= h[n] * Math.sin(w * (n - from));
        }
        return Math.hypot(re, im);
    }

    @ParameterizedTest
    @ValueSource(strings = {"LR4", "LR8"})
    void minimumPhaseSumIsFlatWithinAHundredthOfADb(String slope) {
        MultibandCompressor p = plugin(q -> {
            transparent(q);
            sixBands(q, slope);
            q.setParameter("mode", 1);  // mid-side: L+R only on the left, so mid and side both carry it
        });
        int frames = 32_768;
        float[][] impulse = {Signals.impulse(frames, 0), Signals.impulse(frames, 0)};
        impulse[1][0] = 0;
        float[][] out = PluginRunner.run(p, impulse, FS, 512);
        double worst = 0;
        for (double f : Measure.logSpaced(20, 20_000, 200)) {
            worst = Math.max(worst, Math.abs(Db.toDb(dftMagnitude(out[0], 0, f))));
        }
        System.out.printf("master.multiband %s 6 bands minimum phase: flat within %.2e dB (20 Hz..20 kHz)%n",
                slope, worst);
        assertTrue(worst < 0.01, "sum deviates " + worst + " dB from flat");
        assertTrue(Measure.peak(out[1]) < 1e-6, "left-only input leaked into the right: " + Measure.peak(out[1]));
    }

    @ParameterizedTest
    @ValueSource(strings = {"LR4", "LR8"})
    void linearPhaseNullsAgainstTheInputDelayedByItsLatency(String slope) {
        MultibandCompressor p = plugin(q -> {
            transparent(q);
            sixBands(q, slope);
            q.setParameter("phase", 1);
            q.setParameter("lookahead", 2);
        });
        float[][] input = PluginChecks.noise(2, 48_000, 3);
        float[][] out = PluginRunner.run(p, input, FS, 333);
        int latency = p.latencySamples();
        int lookahead = (int) Math.round(2 * FS / 1000);
        assertEquals(1024 + 4096 + lookahead, latency, "chunk + kernel delay + lookahead at 48 kHz");
        double worst = -1000;
        for (int c = 0; c < 2; c++) {
            float[] expected = java.util.Arrays.copyOfRange(input[c], 0, input[c].length - latency);
            float[] actual = java.util.Arrays.copyOfRange(out[c], latency, out[c].length);
            worst = Math.max(worst, Measure.differenceDb(expected, actual));
        }
        System.out.printf("master.multiband %s 6 bands linear phase: latency %d samples, null %.1f dB%n",
                slope, latency, worst);
        assertTrue(worst < -100, "null only " + worst + " dB");
    }

    @Test
    void linearPhaseBandsAreSymmetricAboutTheLatency() {
        MultibandCompressor p = plugin(q -> {
            transparent(q);
            q.setParameter("phase", 1);
            q.setParameter("b2.solo", 1);
        });
        int frames = 16_384;
        float[][] out = PluginRunner.run(p, new float[][] {Signals.impulse(frames, 0)}, FS, 256);
        int centre = p.latencySamples();
        double peak = Measure.peak(out[0]);
        assertTrue(peak > 0.005, "band 2 impulse response peak " + peak);
        for (int m = 1; m < 4096; m++) {
            assertEquals(out[0][centre - m], out[0][centre + m], 1e-6 * peak, "tap " + m + " from the centre");
        }
        // band 2 of (120, 600, 2500): its FIR magnitude follows the Linkwitz-Riley band magnitude
        double[] xover = {120, 600, 2500, 6000, 12_000};
        for (double f : new double[] {80, 270, 1000}) {
            double expected = Crossover.bandMagnitude(LinkwitzRiley.Slope.LR4, 1, 4, xover, f, FS);
            assertEquals(Db.toDb(expected), Db.toDb(dftMagnitude(out[0], 0, f)), 0.1, "at " + f + " Hz");
        }
    }

    /**
     * Band 2 compresses a sine inside it: the output follows the static curve (10 ms RMS level of the band
     * into the gain computer); a sine in band 4 at the same time is untouched.
     */
    @ParameterizedTest
    @ValueSource(ints = {MultibandCompressor.PHASE_MINIMUM, MultibandCompressor.PHASE_LINEAR})
    void aBandFollowsItsStaticCurveAndLeavesTheOthersAlone(int phase) {
        double[] xover = {100, 1000, 4000};
        double inBand = 316;
        double elsewhere = 8000;
        double elsewhereAmplitude = 0.25;
        GainComputer curve = new GainComputer(-30, 4, 6);
        double worstCurve = 0;
        double worstOther = 0;
        for (double amplitude : new double[] {0.02, 0.05, 0.1, 0.3, 0.7}) {
            MultibandCompressor p = plugin(q -> {
                q.setParameter("phase", phase);
                q.setParameter("bands", 4);
                for (int i = 0; i < 3; i++) {
                    q.setParameter("xover" + (i + 1), xover[i]);
                }
                transparent(q);
                q.setParameter("b2.threshold", -30);
                q.setParameter("b2.ratio", 4);
                q.setParameter("b2.knee", 6);
                q.setParameter("b2.attack", 20);
                q.setParameter("b2.release", 200);
                q.setParameter("b2.makeup", 2);
            });
            int frames = 72_000;
            float[] a = Signals.sine(inBand, FS, frames, amplitude);
            float[] b = Signals.sine(elsewhere, FS, frames, elsewhereAmplitude);
            float[] x = new float[frames];
            for (int n = 0; n < frames; n++) {
                x[n] = a[n] + b[n];
            }
            float[][] out = PluginRunner.run(p, new float[][] {x}, FS, 512);
            double m1 = Crossover.bandMagnitude(LinkwitzRiley.Slope.LR4, 1, 4, xover, inBand, FS);
            double m2 = Crossover.bandMagnitude(LinkwitzRiley.Slope.LR4, 1, 4, xover, elsewhere, FS);
            double meanSquare = Math.pow(amplitude * m1, 2) / 2 + Math.pow(elsewhereAmplitude * m2, 2) / 2;
            double gain = Db.toLinear(curve.gainDb(Db.powerToDb(meanSquare)) + 2);
            // every band shares one phase, so band 2 scaled by g plus the rest is (1 - m (1 - g)) of the input
            double expected = amplitude * Math.abs(1 - m1 * (1 - gain));
            double measured = Measure.amplitudeAt(out[0], 48_000, frames, inBand, FS);
            double curveError = Db.toDb(measured / expected);
            double otherError = Db.toDb(Measure.amplitudeAt(out[0], 48_000, frames, elsewhere, FS) / elsewhereAmplitude);
            worstCurve = Math.max(worstCurve, Math.abs(curveError));
            worstOther = Math.max(worstOther, Math.abs(otherError));
            assertEquals(0, curveError, 0.2, "static curve at " + Db.toDb(amplitude) + " dBFS");
            assertEquals(0, otherError, 0.05, "band 4 while band 2 compresses, " + Db.toDb(amplitude) + " dBFS");
            assertEquals(curve.gainDb(Db.powerToDb(meanSquare)), p.meters().get(1).value(), 0.3, "b2.gr meter");
            assertEquals(0.0, p.meters().get(3).value(), 1e-9, "b4.gr meter");
        }
        System.out.printf("master.multiband phase %d: static curve within %.3f dB, other band within %.4f dB%n",
                phase, worstCurve, worstOther);
    }

    @Test
    void soloAndMuteSelectBands() {
        double[] xover = {100, 1000, 4000};
        float[] x = new float[48_000];
        float[] a = Signals.sine(316, FS, x.length, 0.3);
        float[] b = Signals.sine(8000, FS, x.length, 0.3);
        for (int n = 0; n < x.length; n++) {
            x[n] = a[n] + b[n];
        }
        MultibandCompressor solo = plugin(q -> {
            transparent(q);
            for (int i = 0; i < 3; i++) {
                q.setParameter("xover" + (i + 1), xover[i]);
            }
            q.setParameter("b2.solo", 1);
        });
        float[][] out = PluginRunner.run(solo, new float[][] {x}, FS, 512);
        assertEquals(0.3 * Crossover.bandMagnitude(LinkwitzRiley.Slope.LR4, 1, 4, xover, 316, FS),
                Measure.amplitudeAt(out[0], 24_000, x.length, 316, FS), 1e-4);
        assertTrue(Measure.amplitudeAt(out[0], 24_000, x.length, 8000, FS) < 0.3 * 1e-3);
        MultibandCompressor mute = plugin(q -> {
            transparent(q);
            for (int i = 0; i < 3; i++) {
                q.setParameter("xover" + (i + 1), xover[i]);
            }
            q.setParameter("b4.mute", 1);
        });
        out = PluginRunner.run(mute, new float[][] {x}, FS, 512);
        // what is left is the sum of the other bands: 1 - |band 4| (one shared phase)
        for (double f : new double[] {316, 8000}) {
            double rest = 1 - Crossover.bandMagnitude(LinkwitzRiley.Slope.LR4, 3, 4, xover, f, FS);
            assertEquals(0.3 * rest, Measure.amplitudeAt(out[0], 24_000, x.length, f, FS), 1e-4, "at " + f);
        }
    }

    @Test
    void lookaheadIsReportedAndDelaysTheMinimumPhaseOutput() {
        MultibandCompressor p = plugin(q -> {
            transparent(q);
            q.setParameter("lookahead", 5);
        });
        float[][] out = PluginRunner.run(p, new float[][] {Signals.impulse(8192, 0)}, FS, 64);
        assertEquals(240, p.latencySamples());
        for (int n = 0; n < 240; n++) {
            assertEquals(0f, out[0][n]);
        }
        assertTrue(Math.abs(out[0][240]) > 0.1);
    }

    // ---- the contract ----------------------------------------------------------------------------

    private static final Consumer<AudioPlugin> LINEAR_COMPRESSING = q -> {
        compressing(q);
        q.setParameter("phase", 1);
        q.setParameter("mode", 1);
    };
    private static final Consumer<AudioPlugin> MINIMUM_EVERYTHING = q -> {
        compressing(q);
        sixBands(q, "LR8");
        q.setParameter("lookahead", 3);
        q.setParameter("link", 50);
        q.setParameter("mode", 1);
        q.setParameter("b3.bypass", 1);
    };

    @Test
    void allocatesNothingWhileProcessing() {
        PluginChecks.assertZeroAllocation(plugin(MultibandCompressorTest::compressing), ProcessSetup.of(FS, 64, 2), 10_000);
        PluginChecks.assertZeroAllocation(plugin(MINIMUM_EVERYTHING), ProcessSetup.of(FS, 64, 2), 10_000);
        // linear phase: the automated xover1 redesigns the kernels every chunk, FFTs and all
        PluginChecks.assertZeroAllocation(plugin(LINEAR_COMPRESSING), ProcessSetup.of(FS, 64, 2), 10_000);
    }

    @Test
    void outputIsFinite() {
        PluginChecks.assertFiniteOutput(() -> plugin(MINIMUM_EVERYTHING), q -> { }, 2, FS);
        PluginChecks.assertFiniteOutput(() -> plugin(LINEAR_COMPRESSING), q -> { }, 2, FS);
        PluginChecks.assertFiniteOutput(() -> plugin(MultibandCompressorTest::compressing), q -> { }, 1, 44_100);
    }

    @Test
    void blockSizeDoesNotChangeTheOutput() {
        PluginChecks.assertBlockSizeIndependent(MultibandCompressor::new, MINIMUM_EVERYTHING, 2, FS, 1e-6, 1, 7, 64, 1000);
        PluginChecks.assertBlockSizeIndependent(MultibandCompressor::new, LINEAR_COMPRESSING, 2, FS, 1e-6, 1, 7, 64, 1000);
    }

    @Test
    void stateRoundTripsExactly() {
        PluginChecks.assertStateRoundTrip(MultibandCompressor::new);
    }

    @ParameterizedTest
    @ValueSource(ints = {MultibandCompressor.PHASE_MINIMUM, MultibandCompressor.PHASE_LINEAR})
    void silenceAfterLoudInputBringsTheStateToExactlyZero(int phase) {
        MultibandCompressor p = plugin(q -> {
            MINIMUM_EVERYTHING.accept(q);
            q.setParameter("phase", phase);
        });
        float[][] loud = PluginChecks.noise(2, 24_000, 9);
        PluginRunner.run(p, loud, FS, 512);
        assertTrue(p.stateMagnitude() > 1e-3);
        float[][] silence = new float[2][48_000];
        for (int second = 0; second < 60 && p.stateMagnitude() > 0; second++) {
            PluginRunner.process(p, silence, 2, 512);
        }
        assertEquals(0.0, p.stateMagnitude());
    }

    @Test
    void makeupAndCrossoverChangesGlideWithoutAClick() {
        MultibandCompressor p = plugin(MultibandCompressorTest::transparent);
        double f = 1000;
        int frames = 24_000;
        float[][] x = {Signals.sine(f, FS, frames, 0.5)};
        p.prepare(ProcessSetup.of(FS, 100, 1));
        float[][] first = PluginRunner.process(p, x, 1, 100);
        p.setParameter("b3.makeup", 12);  // the 1 kHz sine sits in band 3 (600..2500 Hz)
        p.setParameter("xover2", 700);
        float[][] second = PluginRunner.process(p, x, 1, 100);
        // the envelope may move by at most the ramp's step per sample: 12 dB over 20 ms
        double ramp = SmoothingBound.maxStepPerSample(0.5, 0.5 * Db.toLinear(12), FS);
        double previous = Measure.peak(first[0], frames - 48, frames);
        for (int start = 0; start + 48 <= frames; start += 48) {  // one 1 kHz period per window
            double peak = Measure.peak(second[0], start, start + 48);
            assertTrue(Math.abs(peak - previous) <= 48 * ramp + 0.01, "jump at " + start + ": " + previous + " -> " + peak);
            previous = peak;
        }
        double[] xover = {120, 700, 2500, 6000, 12_000};
        double band3 = Crossover.bandMagnitude(LinkwitzRiley.Slope.LR4, 2, 4, xover, f, FS);
        double expected = 0.5 * (1 + band3 * (Db.toLinear(12) - 1));
        assertEquals(expected, Measure.amplitudeAt(second[0], frames / 2, frames, f, FS), expected * 1e-3);
    }

    /** The slope bound of a linear ramp between two levels over the default smoothing time. */
    private static final class SmoothingBound {
        static double maxStepPerSample(double from, double to, double sampleRate) {
            return Math.abs(to - from) / (org.mixdown.dsp.SmoothedValue.DEFAULT_RAMP_SECONDS * sampleRate);
        }
    }
}
