package org.mixdown.dsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mixdown.testkit.EbuSignals;
import org.mixdown.testkit.Measure;
import org.mixdown.testkit.PluginChecks;
import org.mixdown.testkit.Signals;

/** True peak against EBU Tech 3341 cases 15-19 and the theory of a 4x interpolating detector. */
class TruePeakTest {

    private static TruePeak measure(float[][] signal, int blockSize) {
        TruePeak meter = new TruePeak(signal.length);
        int frames = signal[0].length;
        for (int start = 0; start < frames; start += blockSize) {
            meter.process(signal, start, Math.min(frames, start + blockSize));
        }
        return meter;
    }

    @ParameterizedTest
    @ValueSource(ints = {15, 16, 17, 18, 19})
    void tech3341TruePeakCases(int testCase) {
        for (double sampleRate : new double[] {44100, 48000}) {
            float[][] signal = EbuSignals.tech3341TruePeak(testCase, sampleRate, 1.0);
            double measured = measure(signal, 1024).truePeakDbtp();
            double expected = EbuSignals.tech3341ExpectedDbtp(testCase);
            System.out.printf("3341 case %d TP %6.1f kHz: %+.3f dBTP (expected %+.1f, error %+.4f dB; sample peak %+.3f dBFS)%n",
                    testCase, sampleRate / 1000, measured, expected, measured - expected,
                    Measure.db(Measure.peak(signal[0])));
            assertTrue(measured <= expected + EbuSignals.TRUE_PEAK_OVER_DB
                    && measured >= expected - EbuSignals.TRUE_PEAK_UNDER_DB,
                    "case " + testCase + " at " + sampleRate + ": " + measured + " dBTP");
        }
    }

    @Test
    void findsPeaksASamplePeakMeterMisses() {
        // case 16 puts every sample 3 dB below the waveform's crest
        float[][] signal = EbuSignals.tech3341TruePeak(16, 48000, 0.5);
        assertEquals(-9.03, Measure.db(Measure.peak(signal[0])), 0.01);
        assertTrue(measure(signal, 256).truePeakDbtp() > -6.4);
    }

    @Test
    void readsAboveABandLimitedPeakByAtMostItsLargestFilterGain() {
        double bound = TruePeak.largestOverReadDb();
        assertTrue(bound > 0.2 && bound < 0.25, "the Annex 2 table's largest gain: " + bound + " dB");
        // sines of amplitude 0.5 (true peak -6.02 dBTP) from 1 kHz to 20 kHz at 48 kHz, every phase offset
        double worst = -1;
        for (double f = 1000; f <= 20000; f += 250) {
            for (double phase = 0; phase < 1; phase += 0.125) {
                float[] x = new float[4800];
                for (int n = 0; n < x.length; n++) {
                    // a slow raised-cosine onset: a sine switched on at once is not band-limited
                    double onset = n < 2400 ? 0.5 - 0.5 * Math.cos(Math.PI * n / 2400) : 1;
                    x[n] = (float) (onset * 0.5 * Math.sin(2 * Math.PI * (f * n / 48000.0 + phase / 4)));
                }
                TruePeak meter = new TruePeak(1);
                meter.process(new float[][] {x}, 0, x.length);
                worst = Math.max(worst, meter.truePeakDbtp() - 20 * Math.log10(0.5));
            }
        }
        System.out.printf("BS.1770 meter over-read: worst %.3f dB on sines, bound %.3f dB%n", worst, bound);
        assertTrue(worst <= bound + 1e-6, "over-read " + worst + " dB beyond the bound " + bound);
        assertTrue(worst > bound - 0.05, "the bound is reached near fs/4: worst " + worst);
    }

    @Test
    void coefficientsAreTheSymmetricAnnex2Table() {
        for (int age = 0; age < 12; age++) {
            assertEquals(TruePeak.coefficient(0, age), TruePeak.coefficient(3, 11 - age), 0.0);
            assertEquals(TruePeak.coefficient(1, age), TruePeak.coefficient(2, 11 - age), 0.0);
        }
        assertEquals(0.9721679687500, TruePeak.coefficient(0, 6), 0.0);
        assertEquals(0.7797851562500, TruePeak.coefficient(1, 6), 0.0);
        for (int phase = 0; phase < 4; phase++) {
            // an interpolator passes DC; the published table does so within its passband ripple
            assertEquals(0, Measure.db(phaseGain(phase, 0)), 0.25, "DC gain of phase " + phase);
        }
    }

    /** |H_p(f)| of one phase of the interpolator, from its coefficients. */
    private static double phaseGain(int phase, double frequencyOverRate) {
        double re = 0, im = 0;
        for (int age = 0; age < 12; age++) {
            double w = 2 * Math.PI * frequencyOverRate * age;
            re += TruePeak.coefficient(phase, age) * Math.cos(w);
            im -= TruePeak.coefficient(phase, age) * Math.sin(w);
        }
        return Math.hypot(re, im);
    }

    /**
     * Faded sines of random frequency and phase up to 0.4 fs. Each phase turns the sine into a sine of amplitude
     * |H_p(f)|, so the reading cannot exceed the largest phase gain; it falls short by at most the distance to the
     * nearest interpolated point (1/8 sample: 20 log10 cos(pi f / (4 fs))) times the smallest phase gain. 0.03 dB
     * of slack covers the fades.
     */
    @Test
    void sinesReadWithinTheTheoreticalBound() {
        SplittableRandom random = new SplittableRandom(2);
        double rate = 48000;
        double worstUnder = 0, worstOver = 0;
        for (int trial = 0; trial < 300; trial++) {
            double f = 0.005 + 0.395 * random.nextDouble();
            float[] tone = Signals.sine(f * rate, rate, 2048, 0.7, 2 * Math.PI * random.nextDouble());
            EbuSignals.fadeInAndOut(tone, 200);
            double error = Measure.db(measure(new float[][] {tone}, 2048).truePeak() / 0.7);
            double most = 0, least = Double.MAX_VALUE;
            for (int phase = 0; phase < 4; phase++) {
                most = Math.max(most, phaseGain(phase, f));
                least = Math.min(least, phaseGain(phase, f));
            }
            double upper = Measure.db(Math.max(1, most)) + 0.03;
            double lower = Measure.db(Math.cos(Math.PI * f / 4) * least) - 0.03;
            assertTrue(error <= upper && error >= lower,
                    "f " + f + " fs: " + error + " dB outside [" + lower + ", " + upper + "]");
            worstUnder = Math.min(worstUnder, error);
            worstOver = Math.max(worstOver, error);
        }
        System.out.printf("random sines to 0.4 fs: worst under-read %.3f dB, worst over-read %.3f dB%n",
                worstUnder, worstOver);
    }

    @Test
    void anInterSamplePeakIsReportedAfterLatencySamples() {
        // two equal samples: the band-limited curve through them peaks between them, above the samples
        TruePeak meter = new TruePeak(1);
        float[] x = new float[40];
        int at = 20;
        x[at] = 0.5f;
        x[at + 1] = 0.5f;
        float[][] signal = {x};
        int reportedAt = -1;
        for (int n = 0; n < x.length; n++) {
            meter.process(signal, n, n + 1);
            if (reportedAt < 0 && meter.truePeak() > 0.55) {
                reportedAt = n;
            }
        }
        assertEquals(at + meter.latencySamples(), reportedAt);
        assertTrue(meter.truePeak() > 0.6, "peak between two equal samples: " + meter.truePeak());
    }

    @Test
    void neverReadsBelowTheSamplePeak() {
        float[] impulse = Signals.impulse(64, 30);
        assertEquals(1.0, measure(new float[][] {impulse}, 64).truePeak(), 0.0);
        float[] noise = Signals.whiteNoise(10_000, 0.9, 3);
        assertTrue(measure(new float[][] {noise}, 100).truePeak() >= Measure.peak(noise));
    }

    @Test
    void channelsAreMeasuredSeparately() {
        float[][] signal = {Signals.sine(1000, 48000, 4800, 0.25), Signals.sine(1000, 48000, 4800, 0.5)};
        TruePeak meter = measure(signal, 480);
        assertEquals(0.25, meter.channelTruePeak(0), 0.002);
        assertEquals(0.5, meter.channelTruePeak(1), 0.004);
        assertEquals(meter.channelTruePeak(1), meter.truePeak(), 0.0);
        assertEquals(Db.toDb(meter.truePeak()), meter.truePeakDbtp(), 0.0);
    }

    @Test
    void readingDoesNotDependOnBlockSize() {
        float[][] signal = PluginChecks.noise(2, 20_000, 5);
        double reference = measure(signal, signal[0].length).truePeak();
        for (int blockSize : new int[] {1, 7, 15, 16, 17, 64, 1000}) {
            assertEquals(reference, measure(signal, blockSize).truePeak(), 0.0, "block " + blockSize);
        }
    }

    /**
     * The Annex 2 definition written out per frame (the twelve inputs times each phase's taps, the input
     * itself a candidate, a frame with any non-finite point skipped): the meter's folded form must read the
     * same within rounding at any block length, around non-finite input too, and every block length must
     * read the same bits.
     */
    @Test
    void readsWhatThePerFrameDefinitionReads() {
        float[] x = Signals.whiteNoise(3000, 0.9, 11);
        x[700] = Float.NaN;
        x[1500] = Float.NEGATIVE_INFINITY;
        x[2990] = 1.5f;
        double[] window = new double[12];
        double reference = 0;
        for (float sample : x) {
            System.arraycopy(window, 1, window, 0, 11);
            window[11] = sample;
            double largest = Math.abs(sample);
            for (int phase = 0; phase < 4; phase++) {
                double y = 0;
                for (int age = 11; age >= 0; age--) {
                    y += TruePeak.coefficient(phase, age) * window[11 - age];
                }
                largest = Math.max(largest, Math.abs(y));
            }
            if (largest > reference && largest <= Double.MAX_VALUE) {
                reference = largest;
            }
        }
        assertTrue(reference > 1.5, "the loud sample near the end is read");
        double whole = measure(new float[][] {x}, x.length).truePeak();
        assertEquals(reference, whole, 1e-14 * reference);
        for (int blockSize : new int[] {1, 5, 15, 16, 255, 256, 257, 1000}) {
            assertEquals(whole, measure(new float[][] {x}, blockSize).truePeak(), 0.0, "block " + blockSize);
        }
    }

    @Test
    void silenceAndResetReadMinusInfinity() {
        TruePeak meter = measure(new float[2][1000], 100);
        assertEquals(Double.NEGATIVE_INFINITY, meter.truePeakDbtp());
        meter.process(EbuSignals.tech3341TruePeak(19, 48000, 0.1), 0, 4800);
        assertTrue(meter.truePeak() > 1);
        meter.reset();
        assertEquals(0.0, meter.truePeak());
        meter.process(new float[2][100], 0, 100);
        assertEquals(0.0, meter.truePeak(), "history cleared by reset");
    }

    @Test
    void nonFiniteInputIsIgnored() {
        float[] x = Signals.sine(1000, 48000, 4800, 0.5);
        x[100] = Float.NaN;
        x[2000] = Float.POSITIVE_INFINITY;
        TruePeak meter = measure(new float[][] {x}, 480);
        assertTrue(Double.isFinite(meter.truePeak()));
        assertEquals(0.5, meter.truePeak(), 0.01);
    }

    /** A chunk holding a non-finite input still reads its finite frames, by either path, the same bits. */
    @Test
    void aNonFiniteInputSkipsOnlyTheFramesThatSeeIt() {
        float[] x = Signals.whiteNoise(512, 0.5, 4);
        x[100] = Float.NaN;
        x[200] = 1.5f;
        x[300] = Float.POSITIVE_INFINITY;
        double whole = measure(new float[][] {x}, 256).truePeak();
        assertTrue(whole >= 1.5 && Double.isFinite(whole), "read " + whole);
        assertEquals(whole, measure(new float[][] {x}, 1).truePeak(), 0.0);
        assertEquals(whole, measure(new float[][] {x}, 8).truePeak(), 0.0);
    }

    @Test
    void processAllocatesNothing() {
        int frames = 512;
        float[][] block = PluginChecks.noise(2, frames, 1);
        TruePeak meter = new TruePeak(2);
        double sink = 0;
        for (int i = 0; i < 20_000; i++) {
            meter.process(block, 0, frames);
            sink += meter.truePeakDbtp();
        }
        long before = PluginChecks.allocatedBytes();
        for (int i = 0; i < 10_000; i++) {
            meter.process(block, i % 5, frames);
            sink += meter.truePeakDbtp() + meter.channelTruePeak(1);
        }
        long allocated = PluginChecks.allocatedBytes() - before;
        assertEquals(0, allocated, "allocated " + allocated + " bytes");
        assertTrue(Double.isFinite(sink));
    }
}
