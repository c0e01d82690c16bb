package org.mixdown.master;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.mixdown.api.AudioBuffer;
import org.mixdown.api.AudioPlugin;
import org.mixdown.api.ParameterEvents;
import org.mixdown.api.ProcessSetup;
import org.mixdown.dsp.Crossover;
import org.mixdown.dsp.LinkwitzRiley;
import org.mixdown.testkit.Measure;
import org.mixdown.testkit.PluginChecks;
import org.mixdown.testkit.PluginRunner;
import org.mixdown.testkit.Signals;

class StereoImagerTest {
    private static final double FS = 48_000;
    private static final int N = (int) FS;

    private static StereoImager imager(String... idValuePairs) {
        StereoImager p = new StereoImager();
        for (int i = 0; i < idValuePairs.length; i += 2) {
            p.setParameter(idValuePairs[i], Double.parseDouble(idValuePairs[i + 1]));
        }
        return p;
    }

    private static double meter(AudioPlugin p, String id) {
        return p.meters().stream().filter(m -> m.id().equals(id)).findFirst().orElseThrow().value();
    }

    /** A stereo pair of sines at {@code f}, the right one {@code degrees} later. */
    private static float[][] pair(double f, double amplitude, double degrees) {
        return new float[][] {Signals.sine(f, FS, N, amplitude, 0), Signals.sine(f, FS, N, amplitude, Math.toRadians(degrees))};
    }

    /** Pearson correlation of two channels over the second half (after the filters settle). */
    private static double correlation(float[][] y) {
        double lr = 0, ll = 0, rr = 0;
        for (int i = y[0].length / 2; i < y[0].length; i++) {
            lr += (double) y[0][i] * y[1][i];
            ll += (double) y[0][i] * y[0][i];
            rr += (double) y[1][i] * y[1][i];
        }
        return lr / Math.sqrt(ll * rr);
    }

    private static float[] side(float[][] y) {
        float[] s = new float[y[0].length];
        for (int i = 0; i < s.length; i++) {
            s[i] = 0.5f * (y[0][i] - y[1][i]);
        }
        return s;
    }

    @Test
    void widthZeroGivesIdenticalChannelsWhateverElseIsSet() {
        float[][] x = PluginChecks.noise(2, N, 4);
        for (StereoImager p : new StereoImager[] {imager("width", "0"),
                imager("width", "0", "low.width", "170", "high.width", "30", "monobass", "120")}) {
            float[][] y = PluginRunner.run(p, x, FS, 512);
            assertArrayEquals(y[0], y[1]);
            assertTrue(Measure.rms(y[0]) > 0.1);
        }
    }

    @Test
    void widthHundredIsAPassthrough() {
        float[][] x = PluginChecks.noise(2, N, 5);
        float[][] y = PluginRunner.run(imager(), x, FS, 333);
        for (int c = 0; c < 2; c++) {
            assertArrayEquals(x[c], y[c], 1e-6f);
        }
    }

    /** After a band width goes back to 100 % the split path fades out and the passthrough is exact again. */
    @Test
    void bandPathIsBypassedOnceAllBandWidthsAreBackAtHundred() {
        StereoImager p = imager("low.width", "40");
        p.prepare(ProcessSetup.of(FS, 4800, 2));
        float[][] x = PluginChecks.noise(2, 4800, 6);
        AudioBuffer in = new AudioBuffer(x);
        AudioBuffer out = AudioBuffer.allocate(2, 4800);
        p.process(in, out, ParameterEvents.NONE);
        p.setParameter("low.width", 100);
        p.process(in, out, ParameterEvents.NONE);  // fades the split path out
        p.process(in, out, ParameterEvents.NONE);
        for (int c = 0; c < 2; c++) {
            assertArrayEquals(x[c], out.channel(c), 1e-6f);
        }
    }

    @Test
    void monoBassMakesTheLowsMonoAndLeavesTheHighsAlone() {
        // 40 Hz with the right channel 90 degrees late: correlation 0 in, 1 out
        StereoImager p = imager("monobass", "150");
        float[][] y = PluginRunner.run(p, pair(40, 0.5, 90), FS, 512);
        double lows = correlation(y);
        System.out.printf("imager monobass 150 Hz: 40 Hz correlation %.5f (meter %.4f)%n", lows, meter(p, "correlation"));
        assertEquals(1.0, lows, 0.01);
        assertEquals(1.0, meter(p, "correlation"), 0.01);
        // 3 kHz, same phase offset: each channel's level and the correlation stay as they were
        float[][] x = pair(3000, 0.5, 90);
        float[][] h = PluginRunner.run(imager("monobass", "150"), x, FS, 512);
        assertEquals(correlation(x), correlation(h), 0.01);
        for (int c = 0; c < 2; c++) {
            double db = Measure.db(Measure.amplitudeAt(h[c], N / 2, N, 3000, FS) / 0.5);
            System.out.printf("imager monobass 150 Hz: 3 kHz channel %d level change %+.4f dB%n", c, db);
            assertEquals(0, db, 0.05);
        }
    }

    @Test
    void bandWidthsActOnTheirOwnBands() {
        // low width 0: the side of a 50 Hz pair vanishes; an 8 kHz pair keeps its side
        float[][] low = PluginRunner.run(imager("low.width", "0"), pair(50, 0.5, 90), FS, 512);
        double inSide50 = Measure.amplitudeAt(side(pair(50, 0.5, 90)), N / 2, N, 50, FS);
        double outSide50 = Measure.amplitudeAt(side(low), N / 2, N, 50, FS);
        assertTrue(Measure.db(outSide50 / inSide50) < -30, "50 Hz side " + Measure.db(outSide50 / inSide50) + " dB");
        float[][] x8 = pair(8000, 0.5, 90);
        float[][] high = PluginRunner.run(imager("low.width", "0"), x8, FS, 512);
        double side8 = Measure.amplitudeAt(side(high), N / 2, N, 8000, FS) / Measure.amplitudeAt(side(x8), N / 2, N, 8000, FS);
        assertEquals(0, Measure.db(side8), 0.05);
        // high width 200: the 8 kHz side grows by sum_b width_b |band_b(8 kHz)| (the bands share one phase)
        float[][] wide = PluginRunner.run(imager("high.width", "200"), x8, FS, 512);
        double gain = Measure.amplitudeAt(side(wide), N / 2, N, 8000, FS) / Measure.amplitudeAt(side(x8), N / 2, N, 8000, FS);
        double[] widths = {1, 1, 2};
        double expected = 0;
        for (int b = 0; b < 3; b++) {
            expected += widths[b] * Crossover.bandMagnitude(LinkwitzRiley.Slope.LR4, b, 3, new double[] {250, 4000}, 8000, FS);
        }
        System.out.printf("imager: low.width 0 leaves %.1f dB of 50 Hz side; high.width 200 gives %+.3f dB of 8 kHz side"
                + " (theory %+.3f dB)%n", Measure.db(outSide50 / inSide50), Measure.db(gain), Measure.db(expected));
        assertEquals(Measure.db(expected), Measure.db(gain), 0.02);
        assertTrue(expected > 1.9);
    }

    @Test
    void widthScalesTheSideAndBalanceLowersOneSide() {
        float[][] x = pair(1000, 0.3, 120);
        float[][] y = PluginRunner.run(imager("width", "200"), x, FS, 512);
        double ratio = Measure.amplitudeAt(side(y), N / 2, N, 1000, FS) / Measure.amplitudeAt(side(x), N / 2, N, 1000, FS);
        assertEquals(2.0, ratio, 1e-4);
        float[][] b = PluginRunner.run(imager("balance", "50"), x, FS, 512);
        assertEquals(0.15, Measure.amplitudeAt(b[0], N / 2, N, 1000, FS), 1e-4);
        assertEquals(0.3, Measure.amplitudeAt(b[1], N / 2, N, 1000, FS), 1e-4);
    }

    @Test
    void metersReadCorrelationAndSideToMidEnergy() {
        float[] s = Signals.sine(500, FS, N, 0.5, 0);
        float[] minus = s.clone();
        for (int i = 0; i < N; i++) {
            minus[i] = -s[i];
        }
        StereoImager mono = imager();
        PluginRunner.run(mono, new float[][] {s, s.clone()}, FS, 512);
        assertEquals(1.0, meter(mono, "correlation"), 1e-6);
        assertEquals(0.0, meter(mono, "width"), 1e-9);
        StereoImager inverted = imager();
        PluginRunner.run(inverted, new float[][] {s, minus}, FS, 512);
        assertEquals(-1.0, meter(inverted, "correlation"), 1e-6);
        StereoImager leftOnly = imager();  // L only: M = S = L/2, equal energies
        PluginRunner.run(leftOnly, new float[][] {s, new float[N]}, FS, 512);
        assertEquals(1.0, meter(leftOnly, "width"), 1e-6);
        StereoImager quadrature = imager();
        PluginRunner.run(quadrature, pair(500, 0.5, 90), FS, 512);
        assertEquals(0.0, meter(quadrature, "correlation"), 0.01);
    }

    private static final Consumer<AudioPlugin> EVERYTHING_ON = p -> {
        p.setParameter("width", 140);
        p.setParameter("low.width", 60);
        p.setParameter("high.width", 150);
        p.setParameter("monobass", 90);
        p.setParameter("balance", -20);
    };

    @Test
    void passesTheContractChecks() {
        for (Consumer<AudioPlugin> configure : java.util.List.<Consumer<AudioPlugin>>of(p -> { }, EVERYTHING_ON)) {
            PluginChecks.assertBlockSizeIndependent(StereoImager::new, configure, 2, FS, 1e-6, 1, 7, 64, 1000);
            PluginChecks.assertFiniteOutput(StereoImager::new, configure, 2, FS);
        }
        PluginChecks.assertStateRoundTrip(StereoImager::new);
        StereoImager p = new StereoImager();
        EVERYTHING_ON.accept(p);
        JitWarmup.settle(p, ProcessSetup.of(FS, 64, 2), StereoImager.WIDTH, 100, 120, 100_000);
        PluginChecks.assertZeroAllocation(p, ProcessSetup.of(FS, 64, 2), 10_000);
    }

    @Test
    void nonFiniteInputIsTakenAsSilence() {
        float[][] x = PluginChecks.noise(2, 4800, 9);
        x[0][100] = Float.NaN;
        x[1][200] = Float.POSITIVE_INFINITY;
        StereoImager p = imager();
        EVERYTHING_ON.accept(p);
        float[][] y = PluginRunner.run(p, x, FS, 64);
        PluginChecks.assertFinite(y, "imager");
        assertTrue(Double.isFinite(meter(p, "correlation")) && Double.isFinite(meter(p, "width")));
    }

    @Test
    void silenceAfterLoudInputReturnsTheStateToExactlyZero() {
        StereoImager p = imager();
        EVERYTHING_ON.accept(p);
        PluginRunner.run(p, PluginChecks.noise(2, N, 3), FS, 512);
        assertTrue(p.stateMagnitude() > 0);
        PluginRunner.process(p, new float[2][(int) (60 * FS)], 2, 4096 / 8);
        assertEquals(0.0, p.stateMagnitude(), 0.0);
        assertEquals(0.0, meter(p, "correlation"), 0.0);
    }

    /** Width and band widths swept every block: the output never steps further than the signal itself can. */
    @Test
    void parameterSweepsDoNotClick() {
        StereoImager p = imager("monobass", "80");
        p.prepare(ProcessSetup.of(FS, 256, 2));
        float[][] x = pair(200, 0.4, 70);
        AudioBuffer in = AudioBuffer.allocate(2, 256);
        AudioBuffer out = AudioBuffer.allocate(2, 256);
        ParameterEvents events = new ParameterEvents(4);
        float[] previous = {x[0][0], x[1][0]};
        // a 200 Hz sine of 0.4 moves at most 2 pi 200 / fs * 0.4 per sample; width up to 2 and smoothing add at most 3x
        double bound = 3 * 2 * Math.PI * 200 / FS * 0.4;
        for (int block = 0; block < 150; block++) {
            for (int c = 0; c < 2; c++) {
                System.arraycopy(x[c], block * 256, in.channel(c), 0, 256);
            }
            events.clear();
            events.add(10, StereoImager.WIDTH, block % 2 == 0 ? 0 : 200);
            events.add(50, StereoImager.LOW_WIDTH, block % 3 == 0 ? 100 : 0);
            events.add(90, StereoImager.MONO_BASS, block % 5 == 0 ? 0 : 150);
            p.process(in, out, events);
            for (int c = 0; c < 2; c++) {
                for (int i = 0; i < 256; i++) {
                    float y = out.channel(c)[i];
                    assertTrue(Math.abs(y - previous[c]) <= bound, "block " + block + " channel " + c + " sample " + i
                            + " jumps " + (y - previous[c]));
                    previous[c] = y;
                }
            }
        }
    }
}
