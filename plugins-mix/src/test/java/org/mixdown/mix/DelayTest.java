package org.mixdown.mix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.mixdown.api.AudioPlugin;
import org.mixdown.api.ProcessSetup;
import org.mixdown.dsp.SmoothedValue;
import org.mixdown.testkit.Measure;
import org.mixdown.testkit.PluginChecks;
import org.mixdown.testkit.PluginRunner;
import org.mixdown.testkit.Signals;

class DelayTest {
    private static final double FS = 48_000;
    /** The default smoothing ramp at 48 kHz. */
    private static final double RAMP_SAMPLES = SmoothedValue.DEFAULT_RAMP_SECONDS * FS;

    private static Delay delay(double timeMs, double feedbackPercent) {
        Delay d = new Delay();
        d.setParameter("time", timeMs);
        d.setParameter("feedback", feedbackPercent);
        d.setParameter("hicut", Delay.MAX_HICUT_HZ);
        d.setParameter("mix", 100);
        return d;
    }

    /** The index of the largest magnitude in {@code x[from, to)}. */
    private static int peakIndex(float[] x, int from, int to) {
        int best = from;
        for (int n = from; n < to; n++) {
            if (Math.abs(x[n]) > Math.abs(x[best])) {
                best = n;
            }
        }
        return best;
    }

    @Test
    void impulseComesBackExactlyAtTheSetTime() {
        for (double fs : new double[] {44_100, 48_000, 96_000}) {
            for (double ms : new double[] {1, 10.4, 250, 1000, 3333.3}) {
                int expected = (int) Math.round(ms * fs / 1000);
                int at = 7;
                float[] input = Signals.impulse(at + expected + 100, at);
                float[] out = PluginRunner.run(delay(ms, 0), new float[][] {input}, fs, 256)[0];
                for (int n = 0; n < out.length; n++) {
                    float want = n == at + expected ? 1f : 0f;
                    assertEquals(want, out[n], 0, ms + " ms at " + fs + " Hz: sample " + n);
                }
            }
        }
    }

    @Test
    void tempoSyncGivesTheNoteLengthToTheSample() {
        Object[][] cases = {{120.0, "1/8", 250.0}, {100.0, "1/8.", 450.0}, {90.0, "1/4T", 444.444444},
                            {60.0, "1/2", 2000.0}, {140.0, "1/16", 107.142857}, {20.0, "1/1.", Delay.MAX_TIME_MS}};
        for (Object[] c : cases) {
            Delay d = delay(10, 0);
            d.setParameter("sync", 1);
            d.setParameter("bpm", (Double) c[0]);
            d.setParameter("note", d.descriptor().parameter("note").choiceIndex((String) c[1]));
            int expected = (int) Math.round((Double) c[2] * FS / 1000);
            float[] input = Signals.impulse(expected + 200, 0);
            float[][] out = PluginRunner.run(d, new float[][] {input, input}, FS, 512);
            assertEquals(expected, peakIndex(out[0], 0, out[0].length), c[0] + " bpm " + c[1]);
            assertEquals(1f, out[0][expected], 0);
            assertEquals(1f, out[1][expected], 0);
        }
    }

    @Test
    void echoesFallByTheFeedbackRatio() {
        for (double percent : new double[] {30, 50, 80, 95}) {
            int period = (int) Math.round(0.05 * FS);  // 50 ms
            float[] input = Signals.impulse(period * 8 + 10, 0);
            float[] out = PluginRunner.run(delay(50, percent), new float[][] {input}, FS, 333)[0];
            double expectedDb = Measure.db(percent / 100);
            for (int k = 1; k < 7; k++) {
                double ratioDb = Measure.db(Math.abs(out[(k + 1) * period] / out[k * period]));
                assertEquals(expectedDb, ratioDb, 0.1, percent + "% echo " + k);
                assertEquals((k + 1) * period, peakIndex(out, k * period + 1, (k + 1) * period + 5));
            }
        }
    }

    @Test
    void hicutDarkensEachRepeat() {
        // with a 2 kHz low-pass in the loop, each echo's energy falls faster than the feedback alone
        int period = (int) Math.round(0.05 * FS);
        float[] input = Signals.impulse(period * 5, 0);
        Delay d = delay(50, 80);
        d.setParameter("hicut", 2000);
        float[] out = PluginRunner.run(d, new float[][] {input}, FS, 256)[0];
        double first = Measure.rms(out, period - 10, 2 * period - 10);
        double second = Measure.rms(out, 2 * period - 10, 3 * period - 10);
        double third = Measure.rms(out, 3 * period - 10, 4 * period - 10);
        assertEquals(1.0, out[period], 0, "the first echo has not been through the loop filter");
        assertTrue(Measure.db(second / first) < Measure.db(0.8) - 3, "second echo is darker");
        assertTrue(Measure.db(third / second) < Measure.db(0.8) - 0.5, "third echo is darker still");
    }

    @Test
    void pingPongAlternatesChannels() {
        int period = (int) Math.round(0.03 * FS);
        float[] input = Signals.impulse(period * 7, 0);
        Delay d = delay(30, 50);
        d.setParameter("pingpong", 1);
        d.prepare(new ProcessSetup(FS, 100, 1, 2));  // mono in, stereo out
        float[][] out = PluginRunner.process(d, new float[][] {input}, 2, 100);
        for (int k = 1; k <= 6; k++) {
            int hot = k % 2 == 1 ? 0 : 1;  // odd echoes left, even echoes right
            double expected = Math.pow(0.5, k - 1);
            assertEquals(expected, out[hot][k * period], 1e-6, "echo " + k);
            assertEquals(0, out[1 - hot][k * period], 0, "echo " + k + " must be on one side only");
        }
        double energyL = 0, energyR = 0;
        for (int n = 1; n < out[0].length; n++) {
            energyL += out[0][n] * out[0][n];
            energyR += out[1][n] * out[1][n];
        }
        // echoes only where the theory puts them: 1 + 1/16 + 1/256 left, 1/4 + 1/64 + 1/1024 right
        assertEquals(1 + 1.0 / 16 + 1.0 / 256, energyL, 1e-5);
        assertEquals(0.25 + 1.0 / 64 + 1.0 / 1024, energyR, 1e-5);
    }

    @Test
    void stereoChannelsStaySeparateWithoutPingPong() {
        int period = (int) Math.round(0.02 * FS);
        float[] left = Signals.impulse(period * 4, 0);
        float[] right = new float[left.length];
        float[][] out = PluginRunner.run(delay(20, 50), new float[][] {left, right}, FS, 64);
        assertEquals(1f, out[0][period], 0);
        assertEquals(0.5f, out[0][2 * period], 1e-7);
        assertEquals(0, Measure.peak(out[1]), 0);
    }

    @Test
    void timeChangeGlidesWithoutClick() {
        // a 100 Hz sine read through a delay whose length moves by s samples per sample changes by at most
        // (1 + s) * A * w per sample; a jump of the read position would step by up to 2 A
        double amplitude = 0.5;
        double w = 2 * Math.PI * 100 / FS;
        Delay d = delay(400, 0);
        int block = 128;
        d.prepare(ProcessSetup.of(FS, block, 1));
        float[] sine = Signals.sine(100, FS, (int) FS, amplitude);
        float[] first = PluginRunner.process(d, new float[][] {java.util.Arrays.copyOfRange(sine, 0, 24_000)}, 1,
                block)[0];
        d.setParameter("time", 300);  // shorter: the read point speeds up, the pitch bends up
        float[] second = PluginRunner.process(d, new float[][] {java.util.Arrays.copyOfRange(sine, 24_000, 48_000)},
                1, block)[0];
        double slope = (400 - 300) * FS / 1000 / (Delay.GLIDE_SECONDS * FS);
        double bound = (1 + slope) * amplitude * w * 1.01 + amplitude * w * w;  // + linear interpolation error
        double worst = maxStep(Signals.concat(first, second), 15_000, 48_000);
        assertTrue(worst <= bound, "largest step " + worst + " > bound " + bound);
        assertTrue(worst > amplitude * w * 1.5, "the glide must bend the pitch (it did not move?)");
        // settled again: the output is the input 300 ms ago, to the sample
        int lag = (int) (0.3 * FS);
        for (int n = 24_000 + 10_000; n < 48_000; n++) {
            assertEquals(sine[n - lag], second[n - 24_000], 0, "sample " + n);
        }
    }

    @Test
    void parameterStepsDoNotClick() {
        Object[][] steps = {{"feedback", 0.0, 90.0}, {"mix", 0.0, 100.0}, {"hicut", 20000.0, 600.0},
                            {"hicut", 600.0, 20000.0}, {"pingpong", 0.0, 1.0}, {"mix", 100.0, 20.0}};
        for (Object[] step : steps) {
            String id = (String) step[0];
            Consumer<AudioPlugin> before = p -> p.setParameter(id, (Double) step[1]);
            Consumer<AudioPlugin> after = p -> p.setParameter(id, (Double) step[2]);
            float[][] steadyBefore = renderSteps(before, null);
            float[][] steadyAfter = renderSteps(after, null);
            float[][] stepped = renderSteps(before, after);
            for (int c = 0; c < 2; c++) {
                double reference = Math.max(maxStep(steadyBefore[c], 24_000, 48_000),
                        maxStep(steadyAfter[c], 36_000, 48_000));
                double peak = Math.max(Measure.peak(steadyBefore[c]), Measure.peak(steadyAfter[c]));
                // the smoothed parameter moves at most 1 / ramp of its span per sample
                double bound = 1.25 * reference + 4 * peak / RAMP_SAMPLES;
                double worst = maxStep(stepped[c], 23_000, 30_000);
                assertTrue(worst <= bound, id + " channel " + c + ": step " + worst + " > " + bound);
            }
        }
    }


    /** One second of stereo 150 / 190 Hz sines through a 40 ms delay; {@code after} applies at 0.5 s. */
    private static float[][] renderSteps(Consumer<AudioPlugin> before, Consumer<AudioPlugin> after) {
        Delay d = delay(40, 50);
        d.setParameter("hicut", 8000);
        before.accept(d);
        int block = 200;
        d.prepare(ProcessSetup.of(FS, block, 2));
        float[][] input = {Signals.sine(150, FS, (int) FS, 0.4), Signals.sine(190, FS, (int) FS, 0.4)};
        float[][] firstHalf = {java.util.Arrays.copyOf(input[0], 24_000), java.util.Arrays.copyOf(input[1], 24_000)};
        float[][] secondHalf = {java.util.Arrays.copyOfRange(input[0], 24_000, 48_000),
                                java.util.Arrays.copyOfRange(input[1], 24_000, 48_000)};
        float[][] a = PluginRunner.process(d, firstHalf, 2, block);
        if (after != null) {
            after.accept(d);
        }
        float[][] b = PluginRunner.process(d, secondHalf, 2, block);
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
    void silenceAfterLoudInputEmptiesEveryDelayLineExactly() {
        Delay d = delay(20, 60);
        d.setParameter("hicut", 3000);
        d.setParameter("pingpong", 1);
        int block = 256;
        d.prepare(ProcessSetup.of(FS, block, 2));
        float[][] loud = PluginChecks.noise(2, (int) FS, 3);
        for (float[] ch : loud) {
            for (int n = 0; n < ch.length; n++) {
                ch[n] *= 2;  // full scale
            }
        }
        PluginRunner.process(d, loud, 2, block);
        assertTrue(d.stateMagnitude() > 0.01);
        float[][] silence = new float[2][block];
        int blocks = 0;
        // 60 % feedback loses 4.4 dB per 20 ms repeat; 1e-30 is 600 dB down: about 140 repeats, 2.8 s
        while (d.stateMagnitude() != 0 && blocks < 10 * FS / block) {
            for (int k = 0; k < 20; k++) {  // scanning 2 x 4 s of delay line is the slow part: every 20 blocks
                float[][] out = PluginRunner.process(d, silence, 2, block);
                PluginChecks.assertFinite(out, "silence");
                blocks++;
            }
        }
        assertEquals(0.0, d.stateMagnitude(), 0, "state after " + blocks + " silent blocks");
        float[][] out = PluginRunner.process(d, silence, 2, block);
        assertEquals(0.0, Measure.peak(out[0]) + Measure.peak(out[1]), 0);
    }

    @Test
    void tailCoversTheEchoesDown60Db() {
        Delay d = delay(100, 50);
        d.prepare(ProcessSetup.of(FS, 64, 1));
        // 50 % is -6.02 dB per echo: 10 echoes reach -60 dB, plus the first: 11 x 100 ms
        assertEquals(11 * 4800, d.tailSamples());
    }

    @Test
    void contract() {
        Consumer<AudioPlugin> busy = p -> {
            p.setParameter("time", 23.7);
            p.setParameter("feedback", 70);
            p.setParameter("hicut", 3000);
            p.setParameter("pingpong", 1);
            p.setParameter("mix", 50);
        };
        Delay zero = new Delay();
        busy.accept(zero);
        PluginChecks.assertZeroAllocation(zero, ProcessSetup.of(FS, 512, 2), 10_000);
        Consumer<AudioPlugin> extreme = p -> {
            p.setParameter("time", 1);
            p.setParameter("feedback", 95);
            p.setParameter("mix", 100);
        };
        PluginChecks.assertFiniteOutput(Delay::new, extreme, 2, FS);
        PluginChecks.assertFiniteOutput(Delay::new, busy, 1, 44_100);
        PluginChecks.assertBlockSizeIndependent(Delay::new, busy, 2, FS, 1e-6, 1, 7, 64, 1000);
        PluginChecks.assertBlockSizeIndependent(Delay::new, busy, 1, 44_100, 1e-6, 1, 7, 64, 1000);
        PluginChecks.assertStateRoundTrip(Delay::new);
    }

    @Test
    void inPlaceProcessingMatches() {
        Consumer<AudioPlugin> busy = p -> {
            p.setParameter("time", 11);
            p.setParameter("feedback", 40);
            p.setParameter("pingpong", 1);
        };
        float[][] input = PluginChecks.noise(2, 20_000, 9);
        Delay a = new Delay();
        busy.accept(a);
        float[][] expected = PluginRunner.run(a, input, FS, 128);
        Delay b = new Delay();
        busy.accept(b);
        b.prepare(ProcessSetup.of(FS, 128, 2));
        float[][] actual = PluginRunner.processInPlace(b, input, 128);
        for (int c = 0; c < 2; c++) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(expected[c], actual[c]);
        }
    }
}
