package org.mixdown.master;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jtransforms.fft.DoubleFFT_1D;
import org.junit.jupiter.api.Test;
import org.mixdown.api.AudioBuffer;
import org.mixdown.api.ParameterEvents;
import org.mixdown.api.ProcessSetup;
import org.mixdown.dsp.Dither;
import org.mixdown.testkit.PluginChecks;
import org.mixdown.testkit.PluginRunner;
import org.mixdown.testkit.Signals;

class DitherPluginTest {
    private static final double FS = 44_100;

    private static DitherPlugin plugin(int bitsChoice, Dither.Shaping shaping) {
        DitherPlugin p = new DitherPlugin();
        p.setParameter("bits", bitsChoice);
        p.setParameter("shaping", shaping.ordinal());
        return p;
    }

    @Test
    void everyOutputSampleSitsOnTheTargetGrid() {
        for (int choice = 0; choice < DitherPlugin.DEPTHS.length; choice++) {
            double scale = Math.scalb(1.0, DitherPlugin.DEPTHS[choice] - 1);
            for (Dither.Shaping shaping : Dither.Shaping.values()) {
                float[][] out = PluginRunner.run(plugin(choice, shaping), PluginChecks.noise(2, 20_000, 3), FS, 333);
                for (float[] channel : out) {
                    for (float v : channel) {
                        assertEquals(Math.rint(v * scale), v * scale, 0.0);
                    }
                }
            }
        }
    }

    /**
     * Welch estimate of the added noise's power in each band against sigma^2 (2/fs) integral |NTF|^2 over the
     * band, with sigma^2 = LSB^2/4 (TPDF + rounding). Bands chosen to cover the shapers' dips and lifts.
     */
    @Test
    void shapingMovesNoiseEnergyAsTheFilterResponsePredicts() {
        double[][] bands = {{20, 2000}, {2000, 6000}, {6000, 12_000}, {12_000, 16_000}, {16_000, 22_050}};
        for (Dither.Shaping shaping : Dither.Shaping.values()) {
            DitherPlugin p = plugin(0, shaping);
            int frames = 1 << 18;
            float[] x = Signals.sine(997, FS, frames, 0.1, 0);
            float[] y = PluginRunner.run(p, new float[][] {x}, FS, 4096)[0];
            double lsb = Math.scalb(1.0, -15);
            double[] noise = new double[frames];
            for (int n = 0; n < frames; n++) {
                noise[n] = (y[n] - (double) x[n]) / lsb;
            }
            double[] measured = bandPowers(noise, bands);
            for (int b = 0; b < bands.length; b++) {
                double theory = 0.25 * theoreticalBandGain(shaping, bands[b][0], bands[b][1]);
                double errorDb = 10 * Math.log10(measured[b] / theory);
                System.out.printf("dither %-10s band %5.0f-%5.0f Hz: measured %.4f, theory %.4f LSB^2 (%+.2f dB)%n",
                        shaping.label(), bands[b][0], bands[b][1], measured[b], theory, errorDb);
                assertEquals(0, errorDb, 0.5, shaping + " band " + bands[b][0] + "-" + bands[b][1]);
            }
        }
    }

    /** (2/fs) times the integral of |NTF|^2 over [f1, f2] (trapezoid rule). */
    private static double theoreticalBandGain(Dither.Shaping shaping, double f1, double f2) {
        int steps = 4000;
        double df = (f2 - f1) / steps;
        double sum = 0;
        for (int i = 0; i <= steps; i++) {
            double w = (i == 0 || i == steps) ? 0.5 : 1;
            sum += w * shaping.noisePowerGain(f1 + i * df, FS);
        }
        return sum * df * 2 / FS;
    }

    /** Band powers of a signal by Welch's method (Hann, 50 % overlap), normalised so all bands sum to the variance. */
    private static double[] bandPowers(double[] x, double[][] bands) {
        int size = 4096;
        double[] window = new double[size];
        double windowPower = 0;
        for (int n = 0; n < size; n++) {
            window[n] = 0.5 - 0.5 * Math.cos(2 * Math.PI * n / size);
            windowPower += window[n] * window[n];
        }
        DoubleFFT_1D fft = new DoubleFFT_1D(size);
        double[] bins = new double[size / 2 + 1];
        int segments = 0;
        double[] a = new double[size];
        for (int start = 0; start + size <= x.length; start += size / 2) {
            for (int n = 0; n < size; n++) {
                a[n] = x[start + n] * window[n];
            }
            fft.realForward(a);
            bins[0] += a[0] * a[0];
            bins[size / 2] += a[1] * a[1];
            for (int k = 1; k < size / 2; k++) {
                bins[k] += 2 * (a[2 * k] * a[2 * k] + a[2 * k + 1] * a[2 * k + 1]);
            }
            segments++;
        }
        double[] out = new double[bands.length];
        for (int k = 0; k <= size / 2; k++) {
            double f = k * FS / size;
            for (int b = 0; b < bands.length; b++) {
                if (f >= bands[b][0] && f < bands[b][1] || (k == size / 2 && f == bands[b][1])) {
                    out[b] += bins[k] / (segments * size * windowPower);
                }
            }
        }
        return out;
    }

    @Test
    void passesTheContractChecks() {
        for (Dither.Shaping shaping : Dither.Shaping.values()) {
            PluginChecks.assertFiniteOutput(() -> plugin(0, shaping), p -> { }, 2, FS);
            PluginChecks.assertBlockSizeIndependent(() -> plugin(0, shaping), p -> { }, 2, FS, 1e-6, 1, 7, 64, 1000);
        }
        PluginChecks.assertStateRoundTrip(DitherPlugin::new);
        DitherPlugin p = plugin(0, Dither.Shaping.F_WEIGHTED);
        JitWarmup.settle(p, ProcessSetup.of(FS, 256, 2), -1, 0, 0, 50_000);
        PluginChecks.assertZeroAllocation(p, ProcessSetup.of(FS, 256, 2), 10_000);
    }

    @Test
    void silenceAfterLoudInputClearsTheStateExactly() {
        DitherPlugin p = plugin(0, Dither.Shaping.F_WEIGHTED);
        PluginRunner.run(p, PluginChecks.noise(2, 10_000, 5), FS, 512);
        assertTrue(p.stateMagnitude() > 0);
        float[][] silence = new float[2][(int) FS];
        float[][] out = PluginRunner.process(p, silence, 2, 512);
        assertEquals(0.0, p.stateMagnitude(), 0.0);
        for (int n = Dither.SILENCE_RUN; n < silence[0].length; n++) {
            assertEquals(0f, out[0][n], 0f);
            assertEquals(0f, out[1][n], 0f);
        }
    }

    /** Switching depth or curve mid-stream changes only the noise: the output never leaves the error bound. */
    @Test
    void parameterChangesDoNotClick() {
        DitherPlugin p = plugin(0, Dither.Shaping.NONE);
        p.prepare(ProcessSetup.of(FS, 512, 1));
        float[] x = Signals.sine(440, FS, 512 * 40, 0.5, 0);
        AudioBuffer in = AudioBuffer.allocate(1, 512);
        AudioBuffer out = AudioBuffer.allocate(1, 512);
        ParameterEvents events = new ParameterEvents(2);
        double lsb16 = Math.scalb(1.0, -15);
        for (int block = 0; block < 40; block++) {
            System.arraycopy(x, block * 512, in.channel(0), 0, 512);
            events.clear();
            events.add(100, DitherPlugin.SHAPING, block % Dither.Shaping.values().length);
            events.add(300, DitherPlugin.BITS, block % 3);
            p.process(in, out, events);
            for (int n = 0; n < 512; n++) {
                // the F-weighted loop's error is at most 1.5 LSB * (1 + sum |h_k|) < 36 LSB
                assertTrue(Math.abs(out.channel(0)[n] - in.channel(0)[n]) < 36 * lsb16, "block " + block);
            }
        }
    }
}
