package org.mixdown.mix;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.mixdown.api.AudioPlugin;
import org.mixdown.api.ProcessSetup;
import org.mixdown.dsp.Biquad;
import org.mixdown.dsp.SmoothedValue;
import org.mixdown.mix.reverb.FeedbackDelayNetwork;
import org.mixdown.mix.reverb.JotAbsorption;
import org.mixdown.testkit.Measure;
import org.mixdown.testkit.PluginChecks;
import org.mixdown.testkit.PluginRunner;
import org.mixdown.testkit.Signals;

class ReverbTest {
    private static final double FS = 48_000;
    /** Where the click tests change a parameter: 0.6 s, when a 1 s decay has settled to about -36 dB. */
    private static final int STEP_AT = (int) (0.6 * FS);

    /** A fully wet reverb without pre-delay; damping off unless set. */
    private static Reverb reverb(double decay, double size) {
        Reverb r = new Reverb();
        r.setParameter("decay", decay);
        r.setParameter("size", size);
        r.setParameter("predelay", 0);
        r.setParameter("damping", Reverb.MAX_DAMPING_HZ);
        r.setParameter("mix", 100);
        return r;
    }

    /** The stereo response to a unit impulse at the mono input. */
    private static float[][] impulseResponse(Reverb r, double sampleRate, int frames) {
        r.prepare(new ProcessSetup(sampleRate, 512, 1, 2));
        return PluginRunner.process(r, new float[][] {Signals.impulse(frames, 0)}, 2, 512);
    }

    @Test
    void rt60ByT30MatchesTheDecaySetting() {
        double[][] cases = {{48_000, 0.5, 50}, {48_000, 1.5, 50}, {48_000, 4, 50}, {44_100, 1.5, 50},
                            {48_000, 1.5, 100}, {48_000, 4, 15}};
        for (double[] c : cases) {
            double fs = c[0], decay = c[1], size = c[2];
            float[][] h = impulseResponse(reverb(decay, size), fs, (int) (fs * Math.max(1, 1.5 * decay)));
            for (int ch = 0; ch < 2; ch++) {
                double t30 = RoomAcoustics.t30(h[ch], fs);
                System.out.printf("reverb RT60: decay %.1f s, size %.0f %%, %.1f kHz, channel %d: T30 %.3f s"
                        + " (%+.1f %%)%n", decay, size, fs / 1000, ch, t30, 100 * (t30 / decay - 1));
                assertEquals(decay, t30, 0.15 * decay, "decay " + decay + " at " + fs + " Hz, size " + size);
            }
        }
    }

    @Test
    void dampingShortensTheDecayAboveItsFrequencyAsDesigned() {
        double decay = 2;
        double damping = 3000;
        Reverb r = reverb(decay, 50);
        r.setParameter("damping", damping);
        float[] h = impulseResponse(r, FS, (int) (3 * FS))[0];
        double[] t = new double[3];
        double[] bands = {500, 1000, 2000};
        for (int k = 0; k < bands.length; k++) {
            Biquad third = new Biquad();  // about a third of an octave wide
            third.design(Biquad.Type.BANDPASS, FS, bands[k], 4.32, 0);
            float[] band = h.clone();
            third.process(band, 0, band.length);
            t[k] = RoomAcoustics.t30(band, FS);
            // Jot: a line of m samples loses 60 m / (T60 fs) dB at DC and the low-pass's loss on top;
            // the ratio of the two is the same for every line
            double g = JotAbsorption.lineGain(1000, decay, FS);
            double pole = JotAbsorption.dampingPole(g, damping, Reverb.MAX_DAMPING_HZ, FS);
            double expected = decay * Math.log(g) / Math.log(g * JotAbsorption.lowPassMagnitude(pole, bands[k], FS));
            System.out.printf("reverb damping 3 kHz: RT60 at %.0f Hz %.3f s, designed %.3f s%n", bands[k], t[k],
                    expected);
            assertEquals(expected, t[k], 0.1 * expected, bands[k] + " Hz");
        }
        assertTrue(t[0] > t[1] && t[1] > t[2]);
    }

    @Test
    void echoDensityIsGaussianAfterTheFirstReflections() {
        for (double size : new double[] {10, 50, 100}) {
            Reverb r = reverb(1.5, size);
            r.setParameter("damping", 6000);
            float[] h = impulseResponse(r, FS, (int) (0.3 * FS))[0];
            int window = (int) (0.02 * FS);  // Abel and Huang's 20 ms
            double sum = 0;
            int count = 0;
            for (int ms = 60; ms <= 150; ms += 5) {
                double eta = RoomAcoustics.echoDensity(h, (int) (ms * FS / 1000), window);
                // Gaussian noise scatters about 0.06 around 1 in a 20 ms window; sparse echoes stay below 0.35
                assertTrue(eta > 0.75, "size " + size + ": density " + eta + " at " + ms + " ms");
                sum += eta;
                count++;
            }
            System.out.printf("reverb echo density (60-150 ms), size %.0f %%: %.3f%n", size, sum / count);
            assertEquals(1, sum / count, 0.1, "mean echo density, size " + size);
        }
    }

    @Test
    void fullWidthDecorrelatesTheChannelsAndZeroWidthMakesThemEqual() {
        for (double size : new double[] {10, 50, 100}) {
            float[][] h = impulseResponse(reverb(1.5, size), FS, (int) FS);
            double rho = RoomAcoustics.correlation(h[0], h[1], 0, h[0].length);
            System.out.printf("reverb L/R correlation, width 100 %%, size %.0f %%: %.3f%n", size, rho);
            assertTrue(Math.abs(rho) < 0.3, "size " + size + ": correlation " + rho);
            Reverb half = reverb(1.5, size);
            half.setParameter("width", 50);
            float[][] h50 = impulseResponse(half, FS, (int) FS);
            assertTrue(RoomAcoustics.correlation(h50[0], h50[1], 0, h[0].length) > 0.5, "width 50 % narrows");
            Reverb mono = reverb(1.5, size);
            mono.setParameter("width", 0);
            float[][] h0 = impulseResponse(mono, FS, (int) FS);
            assertArrayEquals(h0[0], h0[1], "width 0 %");
            assertTrue(Measure.rms(h0[0]) > 1e-3);
        }
    }

    @Test
    void eachInputChannelReachesBothOutputs() {
        for (int side = 0; side < 2; side++) {
            Reverb r = reverb(1.5, 50);
            float[][] input = new float[2][(int) FS];
            input[side][0] = 1;
            float[][] h = PluginRunner.run(r, input, FS, 256);
            double balanceDb = Measure.db(Measure.rms(h[0]) / Measure.rms(h[1]));
            assertEquals(0, balanceDb, 3, "impulse on input " + side);
        }
    }

    @Test
    void theTailHasNoDcAndADcInputDoesNotBuildUp() {
        float[] h = impulseResponse(reverb(2, 50), FS, 2 * (int) FS)[0];
        int from = (int) (0.05 * FS);
        double mean = 0;
        for (int n = from; n < h.length; n++) {
            mean += h[n];
        }
        mean /= h.length - from;
        double rms = Measure.rms(h, from, h.length);
        assertTrue(Math.abs(mean) < 0.01 * rms, "tail mean " + mean + " vs rms " + rms);

        Reverb r = reverb(8, 100);
        float[] dc = new float[10 * (int) FS];
        Arrays.fill(dc, 0.5f);
        float[][] out = PluginRunner.run(r, new float[][] {dc, dc}, FS, 512);
        int lastSecond = dc.length - (int) FS;
        for (int c = 0; c < 2; c++) {
            double lastMean = 0;
            for (int n = lastSecond; n < dc.length; n++) {
                lastMean += out[c][n];
            }
            lastMean /= FS;
            // the step's tail has fallen 60 dB in 8 s; the DC itself never reaches the network
            assertTrue(Math.abs(lastMean) < 1e-3, "mean of the last second " + lastMean);
            assertTrue(Measure.peak(out[c], lastSecond, dc.length) < 0.01);
        }
    }

    @Test
    void maximumSettingsStayBoundedUnderThirtySecondsOfLoudNoise() {
        Reverb r = new Reverb();
        for (var spec : Reverb.DESCRIPTOR.parameters()) {
            r.setParameter(spec.id(), spec.max());  // longest decay, largest room, damping off, all wet
        }
        int block = 1024;
        r.prepare(ProcessSetup.of(FS, block, 2));
        float[][] input = {Signals.whiteNoise(block * 1000, 1, 1), Signals.whiteNoise(block * 1000, 1, 2)};
        double[] rmsPerFiveSeconds = new double[6];
        int fiveSeconds = (int) (5 * FS);
        int total = 30 * (int) FS;
        float[][] buffer = new float[2][block];
        double sum = 0;
        double peak = 0;
        for (int start = 0; start < total; start += block) {
            int offset = start % (input[0].length - block);
            buffer[0] = Arrays.copyOfRange(input[0], offset, offset + block);
            buffer[1] = Arrays.copyOfRange(input[1], offset, offset + block);
            float[][] out = PluginRunner.process(r, buffer, 2, block);
            PluginChecks.assertFinite(out, "max settings");
            for (int n = 0; n < block; n++) {
                sum += out[0][n] * out[0][n] + out[1][n] * out[1][n];
                peak = Math.max(peak, Math.max(Math.abs(out[0][n]), Math.abs(out[1][n])));
            }
            if ((start + block) % fiveSeconds < block) {
                rmsPerFiveSeconds[(start + block) / fiveSeconds - 1] = Math.sqrt(sum / (2.0 * fiveSeconds));
                sum = 0;
            }
        }
        System.out.printf("reverb at maximum settings, 30 s of full-scale noise: rms per 5 s %s, peak %.2f%n",
                Arrays.toString(rmsPerFiveSeconds), peak);
        // a 20 s RT60 settles within 0.2 dB by 20 s; a runaway would keep growing
        assertEquals(0, Measure.db(rmsPerFiveSeconds[5] / rmsPerFiveSeconds[4]), 0.5);
        assertEquals(0, Measure.db(rmsPerFiveSeconds[5] / rmsPerFiveSeconds[3]), 0.5);
        // the network's gain is below 1 everywhere: the output is a finite sum of decaying echoes
        assertTrue(peak < 20, "peak " + peak);
    }

    @Test
    void silenceAfterLoudInputEmptiesEveryLineAndFilterExactly() {
        Reverb r = reverb(0.5, 80);
        r.setParameter("damping", 4000);
        r.setParameter("predelay", 40);
        int block = 256;
        r.prepare(ProcessSetup.of(FS, block, 2));
        float[][] loud = {Signals.whiteNoise((int) FS, 1, 5), Signals.whiteNoise((int) FS, 1, 6)};
        PluginRunner.process(r, loud, 2, block);
        assertTrue(r.stateMagnitude() > 0.01);
        float[][] silence = new float[2][block];
        int blocks = 0;
        // 0.5 s RT60 is 120 dB per second: 1e-30 (600 dB down) within about 5 s
        while (r.stateMagnitude() != 0 && blocks < 10 * FS / block) {
            PluginChecks.assertFinite(PluginRunner.process(r, silence, 2, block), "silence");
            blocks++;
        }
        assertEquals(0.0, r.stateMagnitude(), 0, "state after " + blocks + " silent blocks");
        System.out.printf("reverb state exactly 0 after %.2f s of silence (RT60 0.5 s)%n", blocks * block / FS);
        float[][] out = PluginRunner.process(r, silence, 2, block);
        assertEquals(0.0, Measure.peak(out[0]) + Measure.peak(out[1]), 0);
    }

    @Test
    void tailCoversTheDecayTo60DbAfterThePredelay() {
        Reverb r = reverb(1.2, 70);
        r.setParameter("predelay", 30);
        float[][] h = impulseResponse(r, FS, (int) (3 * FS));
        int tail = r.tailSamples();
        double longest = r.network().longestLine();
        assertEquals(Math.ceil((1.2 + 0.030) * FS + 2 * longest), tail, 0);
        for (int c = 0; c < 2; c++) {
            double remainingDb = RoomAcoustics.energyDecayDb(h[c])[tail];
            assertTrue(remainingDb < -60, "energy left after the tail: " + remainingDb + " dB");
            assertTrue(remainingDb > -80, "the tail is not wildly long: " + remainingDb + " dB");
        }
    }

    @Test
    void zeroMixPassesTheInputUntouched() {
        Reverb r = reverb(1, 50);
        r.setParameter("mix", 0);
        float[][] input = PluginChecks.noise(2, 20_000, 3);
        float[][] out = PluginRunner.run(r, input, FS, 333);
        assertArrayEquals(input[0], out[0]);
        assertArrayEquals(input[1], out[1]);
    }

    @Test
    void parameterStepsDoNotClick() {
        // each: parameter, from, to, and by how much the change may speed up the signal while it glides:
        // while the pre-delay grows by s samples per sample its read point moves at 1 - s (|1 - 2.2| for
        // 0 -> 111 ms), while it shrinks at 1 + s; a shrinking room squeezes the sound circulating in it
        // into shorter lines, raising its pitch by up to the ratio of the sizes (Doppler through the
        // feedback), and a growing room only lowers it. (111 ms: not a whole number of cycles of either sine.)
        double predelaySpeed = 0.111 * FS / (FeedbackDelayNetwork.GLIDE_SECONDS * FS);
        Object[][] steps = {
            {"decay", 0.5, 8.0, 1.0}, {"decay", 8.0, 0.3, 1.0}, {"damping", 20_000.0, 800.0, 1.0},
            {"size", 30.0, 100.0, 1.0}, {"size", 100.0, 50.0, 2.0}, {"size", 100.0, 10.0, 10.0},
            {"predelay", 0.0, 111.0, Math.max(1, predelaySpeed - 1)}, {"predelay", 111.0, 0.0, 1 + predelaySpeed},
            {"width", 100.0, 0.0, 1.0}, {"mix", 10.0, 100.0, 1.0}};
        for (Object[] step : steps) {
            String id = (String) step[0];
            Consumer<AudioPlugin> before = p -> p.setParameter(id, (Double) step[1]);
            Consumer<AudioPlugin> after = p -> p.setParameter(id, (Double) step[2]);
            double speedUp = (Double) step[3];
            String what = id + " " + step[1] + " -> " + step[2];
            float[][] steadyBefore = renderSteps(before, null);
            float[][] steadyAfter = renderSteps(after, null);
            float[][] stepped = renderSteps(before, after);
            int change = STEP_AT;
            int end = change + (int) (0.3 * FS);
            for (int c = 0; c < 2; c++) {
                double reference = maxStep(steadyBefore[c], change / 2, change) + maxStep(steadyAfter[c],
                        change + change / 2, 2 * change);
                double peak = Math.max(Measure.peak(steadyBefore[c]), Measure.peak(steadyAfter[c]));
                // old and new responses may overlap (their slopes add), a glide scales the slope by its
                // speed-up, and a smoothed gain moves its span in no less than the 20 ms ramp
                double bound = 1.1 * reference * speedUp + 2 * peak / (SmoothedValue.DEFAULT_RAMP_SECONDS * FS);
                double worst = maxStep(stepped[c], change - 100, end);
                assertTrue(worst <= bound, what + " channel " + c + ": step " + worst + " > bound " + bound);
                // a jump is broadband; these sines (and their glides up to 2x) have nothing above 5 kHz.
                // Measured: smoothed changes stay below 0.002 x the peak; an unsmoothed pre-delay jump (the
                // most smeared by the diffusers) reaches 0.007, unsmoothed gains 0.05 - 0.3
                if (speedUp <= 2) {
                    double burst = highFrequencyPeak(stepped[c], change - 100, end);
                    assertTrue(burst < 0.003 * peak, what + " channel " + c + ": a burst above 5 kHz of "
                            + burst + " (signal peak " + peak + ")");
                }
            }
        }
    }

    /** The peak of {@code x[from, to)} after a 4th-order Butterworth high-pass at 5 kHz. */
    private static double highFrequencyPeak(float[] x, int from, int to) {
        float[] y = x.clone();
        for (double q : new double[] {0.5412, 1.3066}) {
            Biquad section = new Biquad();
            section.design(Biquad.Type.HIGHPASS, FS, 5000, q, 0);
            section.process(y, 0, y.length);
        }
        return Measure.peak(y, from, to);
    }

    /** 1.2 s of 170 Hz / 230 Hz sines into the default reverb, fully wet; {@code after} applies at 0.6 s. */
    private static float[][] renderSteps(Consumer<AudioPlugin> before, Consumer<AudioPlugin> after) {
        Reverb r = new Reverb();
        r.setParameter("mix", 100);
        r.setParameter("decay", 1);
        before.accept(r);
        int block = 480;
        r.prepare(ProcessSetup.of(FS, block, 2));
        int half = STEP_AT;
        float[][] a = PluginRunner.process(r, new float[][] {Signals.sine(170, FS, half, 0.3),
            Signals.sine(230, FS, half, 0.3)}, 2, block);
        if (after != null) {
            after.accept(r);
        }
        float[][] b = PluginRunner.process(r, new float[][] {
            Arrays.copyOfRange(Signals.sine(170, FS, 2 * half, 0.3), half, 2 * half),
            Arrays.copyOfRange(Signals.sine(230, FS, 2 * half, 0.3), half, 2 * half)}, 2, block);
        return new float[][] {Signals.concat(a[0], b[0]), Signals.concat(a[1], b[1])};
    }

    private static double maxStep(float[] x, int from, int to) {
        double max = 0;
        for (int n = Math.max(1, from); n < to; n++) {
            max = Math.max(max, Math.abs(x[n] - x[n - 1]));
        }
        return max;
    }

    @Test
    void contract() {
        Consumer<AudioPlugin> busy = p -> {
            p.setParameter("decay", 2.5);
            p.setParameter("size", 70);
            p.setParameter("predelay", 23.3);
            p.setParameter("damping", 5000);
            p.setParameter("width", 80);
            p.setParameter("mix", 40);
        };
        Reverb zero = new Reverb();
        busy.accept(zero);
        PluginChecks.assertZeroAllocation(zero, ProcessSetup.of(FS, 256, 2), 10_000);
        Consumer<AudioPlugin> extreme = p -> {
            for (var spec : Reverb.DESCRIPTOR.parameters()) {
                p.setParameter(spec.id(), spec.max());
            }
        };
        PluginChecks.assertFiniteOutput(Reverb::new, extreme, 2, FS);
        PluginChecks.assertFiniteOutput(Reverb::new, busy, 1, 44_100);
        PluginChecks.assertBlockSizeIndependent(Reverb::new, busy, 2, FS, 1e-6, 1, 7, 64, 1000);
        PluginChecks.assertBlockSizeIndependent(Reverb::new, busy, 1, 44_100, 1e-6, 1, 7, 64, 1000);
        PluginChecks.assertStateRoundTrip(Reverb::new);
    }

    @Test
    void inPlaceProcessingMatches() {
        float[][] input = PluginChecks.noise(2, 20_000, 9);
        float[][] expected = PluginRunner.run(new Reverb(), input, FS, 128);
        Reverb b = new Reverb();
        b.prepare(ProcessSetup.of(FS, 128, 2));
        float[][] actual = PluginRunner.processInPlace(b, input, 128);
        assertArrayEquals(expected[0], actual[0]);
        assertArrayEquals(expected[1], actual[1]);
    }
}
