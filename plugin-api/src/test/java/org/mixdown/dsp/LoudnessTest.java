package org.mixdown.dsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mixdown.testkit.EbuSignals;
import org.mixdown.testkit.PluginChecks;
import org.mixdown.testkit.Signals;

/** Loudness against EBU Tech 3341 (M, S, I) and Tech 3342 (LRA), at 44.1 and 48 kHz. */
class LoudnessTest {
    private static final double TOLERANCE = EbuSignals.LOUDNESS_TOLERANCE_LU;

    /** Feeds the whole signal in blocks of {@code blockSize} frames. */
    private static Loudness measure(float[][] signal, double sampleRate, int blockSize) {
        Loudness meter = new Loudness(sampleRate, signal.length);
        feed(meter, signal, blockSize);
        return meter;
    }

    private static void feed(Loudness meter, float[][] signal, int blockSize) {
        int frames = signal[0].length;
        for (int start = 0; start < frames; start += blockSize) {
            meter.process(signal, start, Math.min(frames, start + blockSize));
        }
    }

    private static void report(String what, double sampleRate, double measured, double expected) {
        System.out.printf("%-28s %6.1f kHz: %8.3f (expected %6.1f, error %+.4f)%n", what, sampleRate / 1000,
                measured, expected, measured - expected);
    }

    @ParameterizedTest
    @ValueSource(doubles = {44100, 48000})
    void calibrationToneReadsMinus18(double sampleRate) {
        Loudness meter = measure(EbuSignals.calibration(sampleRate, 10), sampleRate, 1024);
        report("calibration M", sampleRate, meter.momentaryLufs(), -18);
        report("calibration S", sampleRate, meter.shortTermLufs(), -18);
        report("calibration I", sampleRate, meter.integratedLufs(), -18);
        assertEquals(-18.0, meter.momentaryLufs(), TOLERANCE);
        assertEquals(-18.0, meter.shortTermLufs(), TOLERANCE);
        assertEquals(-18.0, meter.integratedLufs(), TOLERANCE);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void steadyTonesReadTheirLevelOnEveryScale(int testCase) {
        for (double sampleRate : new double[] {44100, 48000}) {
            Loudness meter = measure(EbuSignals.tech3341(testCase, sampleRate), sampleRate, 1024);
            double expected = EbuSignals.tech3341Expected(testCase);
            report("3341 case " + testCase + " M", sampleRate, meter.momentaryLufs(), expected);
            report("3341 case " + testCase + " S", sampleRate, meter.shortTermLufs(), expected);
            report("3341 case " + testCase + " I", sampleRate, meter.integratedLufs(), expected);
            assertEquals(expected, meter.momentaryLufs(), TOLERANCE, "M at " + sampleRate);
            assertEquals(expected, meter.shortTermLufs(), TOLERANCE, "S at " + sampleRate);
            assertEquals(expected, meter.integratedLufs(), TOLERANCE, "I at " + sampleRate);
            // a steady tone: the maxima equal the final readings
            assertEquals(meter.momentaryLufs(), meter.momentaryMaxLufs(), 0.01);
            assertEquals(meter.shortTermLufs(), meter.shortTermMaxLufs(), 0.01);
        }
    }

    /** Cases 3 and 5 exercise the relative gate, case 4 the absolute gate too. */
    @ParameterizedTest
    @ValueSource(ints = {3, 4, 5})
    void gatedIntegratedLoudness(int testCase) {
        for (double sampleRate : new double[] {44100, 48000}) {
            Loudness meter = measure(EbuSignals.tech3341(testCase, sampleRate), sampleRate, 4096);
            report("3341 case " + testCase + " I", sampleRate, meter.integratedLufs(), -23);
            assertEquals(EbuSignals.tech3341Expected(testCase), meter.integratedLufs(), TOLERANCE, "at " + sampleRate);
        }
    }

    /**
     * The histograms must give what exact gating over the full list of blocks gives: a programme of noise whose
     * level jumps every 2 s between -75 and -5 dBFS, against a direct BS.1770 / Tech 3342 computation.
     */
    @Test
    void histogramGatingMatchesExactGatingOfEveryBlock() {
        double rate = 44100;
        java.util.SplittableRandom random = new java.util.SplittableRandom(17);
        int segment = (int) (2 * rate);
        float[][] signal = new float[2][segment * 40];
        for (int s = 0; s < 40; s++) {
            double gain = Math.pow(10, (-75 + 70 * random.nextDouble()) / 20);
            float[] noise = Signals.pinkNoise(segment, 1.0, s);
            for (int n = 0; n < segment; n++) {
                signal[0][s * segment + n] = (float) (gain * noise[n]);
                signal[1][s * segment + n] = (float) (0.5 * gain * noise[(n + 1000) % segment]);
            }
        }
        Loudness meter = measure(signal, rate, 999);
        ExactGating exact = new ExactGating(signal, rate, meter.subBlockFrames());
        System.out.printf("exact gating: I %.4f vs %.4f, LRA %.4f vs %.4f%n", exact.integrated(),
                meter.integratedLufs(), exact.range(), meter.loudnessRange());
        assertEquals(exact.integrated(), meter.integratedLufs(), 0.005);
        assertEquals(exact.range(), meter.loudnessRange(), 0.02);
        assertTrue(exact.range() > 10, "the programme has a wide range: " + exact.range());
    }

    /** BS.1770-4 and Tech 3342 computed the direct way: every block kept in a list, gated and sorted exactly. */
    private static final class ExactGating {
        private final double[] blocks400;
        private final double[] blocks3s;

        ExactGating(float[][] signal, double rate, int subBlock) {
            int subBlocks = signal[0].length / subBlock;
            double[] energy = new double[subBlocks];
            for (float[] channel : signal) {
                KWeighting k = new KWeighting(rate);
                for (int n = 0; n < subBlocks * subBlock; n++) {
                    double y = k.process(channel[n]);
                    energy[n / subBlock] += y * y;
                }
            }
            blocks400 = windows(energy, 4, subBlock);
            blocks3s = windows(energy, 30, subBlock);
        }

        private static double[] windows(double[] energy, int length, int subBlock) {
            double[] out = new double[energy.length - length + 1];
            for (int j = 0; j < out.length; j++) {
                for (int k = 0; k < length; k++) {
                    out[j] += energy[j + k];
                }
                out[j] /= (double) length * subBlock;
            }
            return out;
        }

        private static double gatedMean(double[] blocks, double gate) {
            double sum = 0;
            int count = 0;
            for (double z : blocks) {
                if (Loudness.lufs(z) > gate) {
                    sum += z;
                    count++;
                }
            }
            return sum / count;
        }

        double integrated() {
            double relative = Loudness.lufs(gatedMean(blocks400, -70)) - 10;
            return Loudness.lufs(gatedMean(blocks400, relative));
        }

        double range() {
            double relative = Loudness.lufs(gatedMean(blocks3s, -70)) - 20;
            double[] kept = java.util.Arrays.stream(blocks3s).map(Loudness::lufs)
                    .filter(l -> l > -70 && l > relative).sorted().toArray();
            int n = kept.length;
            return kept[(int) Math.round((n - 1) * 0.95)] - kept[(int) Math.round((n - 1) * 0.10)];
        }
    }

    @ParameterizedTest
    @ValueSource(doubles = {44100, 48000})
    void case9ShortTermIsConstantAfter3s(double sampleRate) {
        float[][] signal = EbuSignals.tech3341(9, sampleRate);
        Loudness meter = new Loudness(sampleRate, 2);
        int hop = meter.subBlockFrames();
        double worst = 0, lowest = Double.MAX_VALUE, highest = -Double.MAX_VALUE;
        int readings = 0;
        for (int start = 0; start + hop <= signal[0].length; start += hop) {
            meter.process(signal, start, start + hop);
            if (start + hop >= 3 * sampleRate) {
                double reading = meter.shortTermLufs();
                double error = reading - EbuSignals.tech3341Expected(9);
                worst = Math.abs(error) > Math.abs(worst) ? error : worst;
                lowest = Math.min(lowest, reading);
                highest = Math.max(highest, reading);
                readings++;
            }
        }
        System.out.printf("3341 case 9 spread of %d readings: %.5f LU%n", readings, highest - lowest);
        assertTrue(highest - lowest < 0.01, "not constant: spread " + (highest - lowest));
        report("3341 case 9 S worst", sampleRate, -23 + worst, -23);
        assertTrue(readings >= 120, "readings " + readings);
        assertEquals(0, worst, TOLERANCE);
    }

    @ParameterizedTest
    @ValueSource(doubles = {44100, 48000})
    void case12MomentaryIsConstantAfter1s(double sampleRate) {
        float[][] signal = EbuSignals.tech3341(12, sampleRate);
        Loudness meter = new Loudness(sampleRate, 2);
        int hop = meter.subBlockFrames();
        double worst = 0, lowest = Double.MAX_VALUE, highest = -Double.MAX_VALUE;
        int readings = 0;
        for (int start = 0; start + hop <= signal[0].length; start += hop) {
            meter.process(signal, start, start + hop);
            if (start + hop >= sampleRate) {
                double reading = meter.momentaryLufs();
                double error = reading - EbuSignals.tech3341Expected(12);
                worst = Math.abs(error) > Math.abs(worst) ? error : worst;
                lowest = Math.min(lowest, reading);
                highest = Math.max(highest, reading);
                readings++;
            }
        }
        System.out.printf("3341 case 12 spread of %d readings: %.5f LU%n", readings, highest - lowest);
        assertTrue(highest - lowest < 0.01, "not constant: spread " + (highest - lowest));
        report("3341 case 12 M worst", sampleRate, -23 + worst, -23);
        assertTrue(readings >= 90, "readings " + readings);
        assertEquals(0, worst, TOLERANCE);
    }

    @Test
    void integratedAt96kHz() {
        Loudness meter = measure(EbuSignals.tech3341(1, 96000), 96000, 1000);
        report("3341 case 1 I", 96000, meter.integratedLufs(), -23);
        assertEquals(-23.0, meter.integratedLufs(), TOLERANCE);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4})
    void tech3342LoudnessRange(int testCase) {
        for (double sampleRate : new double[] {44100, 48000}) {
            Loudness meter = measure(EbuSignals.tech3342(testCase, sampleRate), sampleRate, 4096);
            double expected = EbuSignals.tech3342Expected(testCase);
            report("3342 case " + testCase + " LRA", sampleRate, meter.loudnessRange(), expected);
            assertEquals(expected, meter.loudnessRange(), EbuSignals.RANGE_TOLERANCE_LU, "at " + sampleRate);
        }
    }

    @Test
    void kWeightingAt48kHzEqualsTheRecommendationsTable() {
        double[] shelf = KWeighting.shelfCoefficients(48000);
        double[] highPass = KWeighting.highPassCoefficients(48000);
        double[] shelfTable = {1.53512485958697, -2.69169618940638, 1.19839281085285, -1.69065929318241,
            0.73248077421585};
        double[] highPassTable = {1, -2, 1, -1.99004745483398, 0.99007225036621};
        for (int i = 0; i < 5; i++) {
            assertEquals(shelfTable[i], shelf[i], 1e-12, "shelf coefficient " + i);
            assertEquals(highPassTable[i], highPass[i], 1e-12, "high-pass coefficient " + i);
        }
    }

    @Test
    void kWeightingResponseIsTheSameShapeAtEveryRate() {
        // the response at 1 kHz is what makes a -23 dBFS tone read -23 LUFS (+0.691 dB): any rate must agree
        double at48 = new KWeighting(48000).magnitudeDb(1000, 48000);
        assertEquals(0.691, at48, 0.01);
        // bilinear transforms of one analog prototype differ a little from rate to rate (the most at low rates,
        // where the 1.7 kHz shelf nears Nyquist): within 0.05 dB at 1 kHz, far inside the 0.1 LU tolerance
        for (double rate : new double[] {8000, 11025, 22050, 32000, 44100, 88200, 96000, 192000}) {
            KWeighting k = new KWeighting(rate);
            assertEquals(at48, k.magnitudeDb(1000, rate), 0.05, "1 kHz at " + rate);
            assertEquals(new KWeighting(48000).magnitudeDb(100, 48000), k.magnitudeDb(100, rate), 0.25, "100 Hz at " + rate);
        }
    }

    @ParameterizedTest
    @ValueSource(doubles = {44100, 48000})
    void case6SurroundReadsMinus23(double sampleRate) {
        Loudness meter = measure(EbuSignals.tech3341Case6(sampleRate), sampleRate, 2048);
        report("3341 case 6 (5.0) I", sampleRate, meter.integratedLufs(), -23);
        assertEquals(EbuSignals.tech3341Expected(6), meter.integratedLufs(), TOLERANCE);
    }

    @Test
    void surroundsWeigh141AndLfeIsExcluded() {
        double rate = 48000;
        float[] tone = EbuSignals.calibration(rate, 3)[0];
        float[] silence = new float[tone.length];
        double front = loudnessWithToneOn(6, 0, tone, silence, rate);
        double lfe = loudnessWithToneOn(6, 3, tone, silence, rate);
        double surround = loudnessWithToneOn(6, 4, tone, silence, rate);
        double surroundOf5 = loudnessWithToneOn(5, 3, tone, silence, rate);
        assertEquals(10 * Math.log10(1.41), surround - front, 1e-6);
        assertEquals(10 * Math.log10(1.41), surroundOf5 - front, 1e-6);
        assertEquals(Loudness.SILENCE_LUFS, lfe);
    }

    private static double loudnessWithToneOn(int channels, int channel, float[] tone, float[] silence, double rate) {
        float[][] signal = new float[channels][];
        for (int c = 0; c < channels; c++) {
            signal[c] = c == channel ? tone : silence;
        }
        return measure(signal, rate, 4800).integratedLufs();
    }

    @Test
    void silenceReadsSilenceAndNoRange() {
        Loudness meter = measure(new float[2][48000 * 4], 48000, 512);
        assertEquals(Loudness.SILENCE_LUFS, meter.momentaryLufs());
        assertEquals(Loudness.SILENCE_LUFS, meter.shortTermLufs());
        assertEquals(Loudness.SILENCE_LUFS, meter.integratedLufs());
        assertEquals(Loudness.SILENCE_LUFS, meter.momentaryMaxLufs());
        assertEquals(0.0, meter.loudnessRange());
    }

    @Test
    void readingsDoNotDependOnBlockSize() {
        double rate = 44100;
        float[][] signal = Signals.channels(Signals.pinkNoise((int) (rate * 5), 0.5, 3), 2);
        signal[1] = Signals.whiteNoise(signal[0].length, 0.1, 4);
        Loudness reference = measure(signal, rate, signal[0].length);
        for (int blockSize : new int[] {1, 7, 64, 1000}) {
            Loudness meter = measure(signal, rate, blockSize);
            assertEquals(reference.momentaryLufs(), meter.momentaryLufs(), 1e-9, "M, block " + blockSize);
            assertEquals(reference.shortTermLufs(), meter.shortTermLufs(), 1e-9, "S, block " + blockSize);
            assertEquals(reference.momentaryMaxLufs(), meter.momentaryMaxLufs(), 1e-9);
            assertEquals(reference.shortTermMaxLufs(), meter.shortTermMaxLufs(), 1e-9);
            assertEquals(reference.integratedLufs(), meter.integratedLufs(), 1e-9, "I, block " + blockSize);
            assertEquals(reference.loudnessRange(), meter.loudnessRange(), 1e-9, "LRA, block " + blockSize);
        }
    }

    @Test
    void resetForgetsEverything() {
        float[][] loud = EbuSignals.tech3341(1, 48000);
        float[][] quiet = EbuSignals.tech3341(2, 48000);
        Loudness meter = measure(loud, 48000, 4096);
        meter.reset();
        assertEquals(Loudness.SILENCE_LUFS, meter.integratedLufs());
        assertEquals(Loudness.SILENCE_LUFS, meter.momentaryMaxLufs());
        assertEquals(0.0, meter.filterStateMagnitude());
        feed(meter, quiet, 4096);
        Loudness fresh = measure(quiet, 48000, 4096);
        assertEquals(fresh.integratedLufs(), meter.integratedLufs(), 1e-12);
        assertEquals(fresh.shortTermMaxLufs(), meter.shortTermMaxLufs(), 1e-12);
        assertEquals(fresh.loudnessRange(), meter.loudnessRange(), 1e-12);
    }

    @Test
    void silenceAfterLoudInputFlushesTheFiltersToExactlyZero() {
        Loudness meter = measure(Signals.channels(Signals.whiteNoise(48000, 1.0, 9), 2), 48000, 512);
        assertTrue(meter.filterStateMagnitude() > 0);
        feed(meter, new float[2][48000 * 30], 512);
        assertEquals(0.0, meter.filterStateMagnitude());
        assertEquals(Loudness.SILENCE_LUFS, meter.shortTermLufs());
    }

    @Test
    void nonFiniteInputNeverReachesAReading() {
        float[][] signal = EbuSignals.tech3341(1, 48000);
        signal[0][100_000] = Float.NaN;
        signal[1][200_000] = Float.POSITIVE_INFINITY;
        Loudness meter = measure(signal, 48000, 1024);
        assertTrue(Double.isFinite(meter.integratedLufs()));
        assertTrue(Double.isFinite(meter.momentaryMaxLufs()));
        assertEquals(-23.0, meter.momentaryLufs(), TOLERANCE);
        assertEquals(-23.0, meter.integratedLufs(), 0.2);
    }

    @Test
    void rejectsRatesTheFiltersCannotServe() {
        assertThrows(IllegalArgumentException.class, () -> new Loudness(4000, 2));
        assertThrows(IllegalArgumentException.class, () -> new Loudness(48000, 0));
    }

    @Test
    void processAndReadingsAllocateNothing() {
        double rate = 48000;
        int frames = 512;
        float[][] block = PluginChecks.noise(2, frames, 1);
        Loudness meter = new Loudness(rate, 2);
        double sink = 0;
        for (int i = 0; i < 20_000; i++) {  // warm-up for the JIT
            meter.process(block, 0, frames);
            sink += meter.integratedLufs() + meter.loudnessRange() + meter.momentaryLufs();
        }
        long before = PluginChecks.allocatedBytes();
        for (int i = 0; i < 10_000; i++) {  // ~107 s of audio: gating history grows, memory must not
            meter.process(block, i % 3, frames);
            sink += meter.integratedLufs() + meter.loudnessRange() + meter.momentaryLufs() + meter.shortTermLufs()
                    + meter.momentaryMaxLufs() + meter.shortTermMaxLufs();
        }
        long allocated = PluginChecks.allocatedBytes() - before;
        assertEquals(0, allocated, "allocated " + allocated + " bytes");
        assertTrue(!Double.isNaN(sink));  // the readings were used (so not optimised away)
    }
}
