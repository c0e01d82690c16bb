package org.mixdown.mix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mixdown.mix.StepRunner.set;

import org.junit.jupiter.api.Test;
import org.mixdown.api.AudioBuffer;
import org.mixdown.api.AudioPlugin;
import org.mixdown.api.ParameterEvents;
import org.mixdown.api.ProcessSetup;
import org.mixdown.dsp.Biquad;
import org.mixdown.dsp.EnvelopeFollower;
import org.mixdown.dsp.GainComputer;
import org.mixdown.dsp.PeakHold;
import org.mixdown.dsp.SmoothedValue;
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

    /**
     * The compressor written per sample straight from its formulas, with exact logarithms and powers
     * (the plugin computes in passes over the block with fast approximations): side-chain high-pass, both
     * level detectors, level in dB, stereo link in dB, gain computer, attack/release follower, makeup and
     * mix through their smoothers.
     */
    private static final class ReferenceCompressor {
        private final int channels;
        private final int keyOffset;
        private final double fs;
        private final double[] p;
        private final Biquad[] highPass;
        private final PeakHold[] peaks;
        private final EnvelopeFollower[] meanSquares;
        private final EnvelopeFollower[] reductions;
        private final GainComputer curve = new GainComputer();
        private final SmoothedValue makeup = new SmoothedValue(0);
        private final SmoothedValue wet = new SmoothedValue(1);
        private final double[] levelDb;

        ReferenceCompressor(int inputs, int outputs, double fs, double[] parameters) {
            channels = outputs;
            keyOffset = inputs > outputs ? outputs : 0;
            this.fs = fs;
            p = parameters.clone();
            highPass = new Biquad[channels];
            peaks = new PeakHold[channels];
            meanSquares = new EnvelopeFollower[channels];
            reductions = new EnvelopeFollower[channels];
            levelDb = new double[channels];
            for (int c = 0; c < channels; c++) {
                highPass[c] = new Biquad();
                peaks[c] = new PeakHold();
                peaks[c].prepare((int) Math.round(0.005 * fs));
                meanSquares[c] = new EnvelopeFollower(EnvelopeFollower.Detector.RMS, 10, 10);
                meanSquares[c].prepare(fs);
                reductions[c] = new EnvelopeFollower();
                reductions[c].prepare(fs);
            }
            makeup.prepare(fs, SmoothedValue.DEFAULT_RAMP_SECONDS);
            wet.prepare(fs, SmoothedValue.DEFAULT_RAMP_SECONDS);
            update();
            makeup.snap();
            wet.snap();
        }

        void set(int index, double value) {
            p[index] = value;
            update();
        }

        private void update() {
            curve.set(p[Compressor.THRESHOLD], p[Compressor.RATIO], p[Compressor.KNEE]);
            makeup.setTarget(p[Compressor.MAKEUP] + (p[Compressor.AUTO] >= 0.5 ? curve.makeupForAuto() : 0));
            wet.setTarget(p[Compressor.MIX] / 100);
            for (int c = 0; c < channels; c++) {
                reductions[c].setTimes(p[Compressor.ATTACK], p[Compressor.RELEASE]);
                highPass[c].design(Biquad.Type.HIGHPASS, fs, p[Compressor.SC_FREQ], Math.sqrt(0.5), 0);
            }
        }

        void process(float[][] in, float[][] out, int n) {
            boolean rms = p[Compressor.DETECTOR] == 1;
            double loudestDb = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < channels; c++) {
                double x = highPass[c].process(in[keyOffset + c][n]);
                double peak = peaks[c].process(x);
                double meanSquare = meanSquares[c].follow(x * x);
                double db = rms ? 10 * Math.log10(meanSquare) : 20 * Math.log10(peak);
                levelDb[c] = Math.max(-200, db);  // log10(0) = -infinity
                loudestDb = Math.max(loudestDb, levelDb[c]);
            }
            double link = p[Compressor.LINK] / 100;
            double makeupDb = makeup.next();
            double mix = wet.next();
            for (int c = 0; c < channels; c++) {
                double key = levelDb[c] + link * (loudestDb - levelDb[c]);
                double reductionDb = reductions[c].follow(-curve.gainDb(key));
                double gain = Math.pow(10, (makeupDb - reductionDb) / 20);
                out[c][n] = (float) (in[c][n] * (1 - mix + mix * gain));
            }
        }
    }

    /** Noise whose level steps every 3000 samples through loud, quiet, silent and in-between, differently per channel. */
    private static float[][] steppedNoise(int channels, int frames) {
        double[] levelsDb = {-40, -10, -25, -3, -200, -18, -60, -6};
        float[][] x = new float[channels][frames];
        java.util.SplittableRandom random = new java.util.SplittableRandom(11);
        for (int c = 0; c < channels; c++) {
            for (int n = 0; n < frames; n++) {
                double db = levelsDb[(n / 3000 + 3 * c) % levelsDb.length];
                double tone = Math.sin(2 * Math.PI * 80 * n / FS);
                x[c][n] = db <= -200 ? 0 : (float) (Math.pow(10, db / 20) * (0.7 * (random.nextDouble() - 0.5) + 0.5 * tone));
            }
        }
        return x;
    }

    @Test
    void theBlockPathMatchesAPerSampleReferenceWithAutomation() {
        int frames = 24_000;
        int[][] layouts = {{1, 1}, {2, 1}, {2, 2}, {4, 2}};
        double worst = 0;
        for (int[] layout : layouts) {
            int inputs = layout[0];
            int outputs = layout[1];
            float[][] input = steppedNoise(inputs, frames);
            for (int detector = 0; detector <= 1; detector++) {
                for (double link : outputs == 2 ? new double[] {0, 50, 100} : new double[] {100}) {
                    // sample -> (parameter, value): every parameter moves at least once, mostly inside a block
                    double[][] automation = {
                            {4003, Compressor.THRESHOLD, -30}, {7001, Compressor.RATIO, 8}, {9007, Compressor.KNEE, 0},
                            {11011, Compressor.ATTACK, 1}, {11011, Compressor.RELEASE, 300},
                            {13013, Compressor.MAKEUP, 6}, {15017, Compressor.MIX, 60},
                            {16019, Compressor.DETECTOR, 1 - detector}, {18023, Compressor.LINK, (link + 50) % 150},
                            {19031, Compressor.SC_FREQ, 300}, {20033, Compressor.AUTO, 1},
                            {21000, Compressor.KNEE, 12}, {21000, Compressor.RATIO, 2}};
                    double[] initial = new double[Compressor.DESCRIPTOR.parameters().size()];
                    for (int i = 0; i < initial.length; i++) {
                        initial[i] = Compressor.DESCRIPTOR.parameters().get(i).defaultValue();
                    }
                    initial[Compressor.THRESHOLD] = -20;
                    initial[Compressor.ATTACK] = 10;
                    initial[Compressor.RELEASE] = 100;
                    initial[Compressor.DETECTOR] = detector;
                    initial[Compressor.LINK] = link;
                    ReferenceCompressor reference = new ReferenceCompressor(inputs, outputs, FS, initial);
                    float[][] expected = new float[outputs][frames];
                    int next = 0;
                    for (int n = 0; n < frames; n++) {
                        while (next < automation.length && automation[next][0] == n) {
                            reference.set((int) automation[next][1], automation[next][2]);
                            next++;
                        }
                        reference.process(input, expected, n);
                    }
                    for (int block : new int[] {1, 17, 256, 1000}) {
                        Compressor comp = new Compressor();
                        for (int i = 0; i < initial.length; i++) {
                            comp.setParameter(i, initial[i]);
                        }
                        float[][] actual = renderWithAutomation(comp, input, outputs, block, automation);
                        String what = inputs + "->" + outputs + " detector " + detector + " link " + link + " block " + block;
                        for (int c = 0; c < outputs; c++) {
                            for (int n = 0; n < frames; n++) {
                                double error = Math.abs(actual[c][n] - expected[c][n]);
                                worst = Math.max(worst, error);
                                if (error > 1e-6) {
                                    assertEquals(expected[c][n], actual[c][n], 1e-6, what + " channel " + c + " sample " + n);
                                }
                            }
                        }
                    }
                }
            }
        }
        System.out.printf("compressor block path against the per-sample reference: worst difference %.2e%n", worst);
    }

    /** Renders in blocks of {@code blockSize}, each automation row {sample, parameter, value} an event at its offset. */
    private static float[][] renderWithAutomation(Compressor comp, float[][] input, int outputs, int blockSize,
                                                  double[][] automation) {
        comp.prepare(new ProcessSetup(FS, blockSize, input.length, outputs));
        int frames = input[0].length;
        float[][] output = new float[outputs][frames];
        AudioBuffer in = AudioBuffer.allocate(input.length, blockSize);
        AudioBuffer out = AudioBuffer.allocate(outputs, blockSize);
        ParameterEvents events = new ParameterEvents(automation.length);
        for (int start = 0; start < frames; start += blockSize) {
            int n = Math.min(blockSize, frames - start);
            in.frames(n);
            out.frames(n);
            for (int c = 0; c < input.length; c++) {
                System.arraycopy(input[c], start, in.channel(c), 0, n);
            }
            events.clear();
            for (double[] row : automation) {
                if (row[0] >= start && row[0] < start + n) {
                    events.add((int) row[0] - start, (int) row[1], row[2]);
                }
            }
            comp.process(in, out, events);
            for (int c = 0; c < outputs; c++) {
                System.arraycopy(out.channel(c), 0, output[c], start, n);
            }
        }
        return output;
    }

    @Test
    void monoAndExternalKeyProcessWithoutAllocating() {
        StepRunner.assertZeroAllocation(Compressor::new, ProcessSetup.of(FS, 64, 1));
        StepRunner.assertZeroAllocation(Compressor::new, new ProcessSetup(FS, 64, 2, 1));
    }
    @Test
    void quietBlocksGiveTheFullPathsOutputBitForBit() {
        // the stepped levels, then 2 s at -60 dB: long enough for a release to reach exactly 0
        float[][] stepped = steppedNoise(2, 48_000);
        float[][] input = new float[2][3 * 48_000];
        java.util.SplittableRandom random = new java.util.SplittableRandom(5);
        for (int c = 0; c < 2; c++) {
            System.arraycopy(stepped[c], 0, input[c], 0, 48_000);
            for (int n = 48_000; n < input[c].length; n++) {
                input[c][n] = (float) (0.001 * (random.nextDouble() - 0.5));
            }
        }
        for (int detector = 0; detector <= 1; detector++) {
            for (double makeup : new double[] {0, 3}) {
                for (double mix : new double[] {100, 70}) {
                    float[][][] outputs = new float[2][][];
                    for (int k = 0; k < 2; k++) {
                        Compressor comp = compressor("threshold", -30, "release", 20, "detector", detector,
                                "makeup", makeup, "mix", mix, "link", 50);
                        comp.quietPath = k == 0;
                        comp.prepare(ProcessSetup.of(FS, 256, 2));
                        outputs[k] = PluginRunner.process(comp, input, 2, 256);
                    }
                    for (int c = 0; c < 2; c++) {
                        org.junit.jupiter.api.Assertions.assertArrayEquals(outputs[1][c], outputs[0][c],
                                "detector " + detector + " makeup " + makeup + " mix " + mix + " channel " + c);
                    }
                }
            }
        }
    }
}
