package org.mixdown.master;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mixdown.api.AudioBuffer;
import org.mixdown.api.ParameterEvents;
import org.mixdown.api.ProcessSetup;
import org.mixdown.dsp.Db;
import org.mixdown.testkit.EbuSignals;
import org.mixdown.testkit.PluginChecks;
import org.mixdown.testkit.PluginRunner;
import org.mixdown.testkit.Signals;

class LimiterTest {
    private static final double[] RATES = {44_100, 48_000, 96_000};
    private static final int[] BLOCKS = {1, 64, 1000, 4096};
    private static final double CEILING_DB = -1.0;

    private static Limiter limiter(double gainDb) {
        Limiter l = new Limiter();
        l.setParameter("gain", gainDb);
        return l;
    }

    /**
     * The torture signals of the issue, each with the input gain it is driven by, followed by 20 ms of
     * silence so the limiter's whole response (the delayed end included) is in the output and the meter
     * never sees a signal cut off mid-waveform.
     */
    private static Map<String, float[][]> signals(double fs) {
        Map<String, float[][]> out = new LinkedHashMap<>();
        for (Map.Entry<String, float[][]> e : rawSignals(fs).entrySet()) {
            float[][] x = e.getValue();
            float[][] padded = new float[x.length][];
            for (int c = 0; c < x.length; c++) {
                padded[c] = Signals.concat(x[c], new float[(int) (0.02 * fs)]);
            }
            out.put(e.getKey(), padded);
        }
        return out;
    }

    private static Map<String, float[][]> rawSignals(double fs) {
        Map<String, float[][]> out = new LinkedHashMap<>();
        int n = (int) (0.3 * fs);
        out.put("pink +12", new float[][] {Signals.pinkNoise(n, 1.0, 1), Signals.pinkNoise(n, 1.0, 2)});
        float[] squares = Signals.concat(square(100, fs, n / 3), square(1000, fs, n / 3), square(3700, fs, n / 3));
        out.put("square +6", new float[][] {squares, squares.clone()});
        for (int testCase = 15; testCase <= 19; testCase++) {  // EBU Tech 3341 true-peak signals
            out.put("EBU " + testCase + " +6", EbuSignals.tech3341TruePeak(testCase, fs, 0.05));
        }
        // case 18 switched on and off without the fades: its own onset overshoot (+0.7 dB) on top
        float[] switched = Signals.sine(fs / 8, fs, (int) (0.05 * fs), 0.5, Math.toRadians(67.5));
        out.put("EBU 18 unfaded +6", new float[][] {switched, switched.clone()});
        out.put("drums +12", drums(fs, (int) (0.5 * fs)));
        return out;
    }

    private static double drive(String name) {
        return name.endsWith("+12") ? 12 : 6;
    }

    /** A naive (aliased) full-scale square wave. */
    private static float[] square(double f, double fs, int frames) {
        float[] out = new float[frames];
        for (int i = 0; i < frames; i++) {
            out[i] = (i * f / fs) % 1.0 < 0.5 ? 1f : -1f;
        }
        return out;
    }

    /** Kick (falling sine), snare (tone + noise) and hats (differentiated noise) on sixteenths at 120 BPM. */
    private static float[][] drums(double fs, int frames) {
        float[][] out = new float[2][frames];
        SplittableRandom random = new SplittableRandom(42);
        int step = (int) (fs * 0.125);
        for (int start = 0; start < frames; start += step) {
            int sixteenth = start / step;
            double previous = 0;
            for (int i = start; i < Math.min(frames, start + step); i++) {
                double t = (i - start) / fs;
                double s = 0;
                if (sixteenth % 4 == 0) {
                    s += 0.9 * Math.exp(-t / 0.08) * Math.sin(2 * Math.PI * (50 * t + 100 * 0.03 * (1 - Math.exp(-t / 0.03))));
                }
                if (sixteenth % 4 == 2) {
                    s += Math.exp(-t / 0.05) * (0.4 * Math.sin(2 * Math.PI * 190 * t) + 0.5 * (2 * random.nextDouble() - 1));
                }
                double noise = 2 * random.nextDouble() - 1;
                s += 0.3 * Math.exp(-t / 0.01) * (noise - previous);
                previous = noise;
                out[0][i] = (float) s;
                out[1][i] = (float) (0.8 * s + 0.1 * noise * Math.exp(-t / 0.02));
            }
        }
        double peak = Math.max(org.mixdown.testkit.Measure.peak(out[0]), org.mixdown.testkit.Measure.peak(out[1]));
        for (float[] channel : out) {
            for (int i = 0; i < frames; i++) {
                channel[i] /= peak;
            }
        }
        return out;
    }

    /**
     * The detector's skip of readings that cannot reach the ceiling is exact: the output is bit for bit the
     * output without it, on loud programme (most of it limited) and on the torture and EBU true-peak signals.
     */
    @Test
    void detectorSkipDoesNotChangeTheOutput() {
        double fs = 48_000;
        Map<String, float[][]> cases = new LinkedHashMap<>(signals(fs));
        int n = (int) fs;
        cases.put("long pink +6", new float[][] {Signals.pinkNoise(n, 0.9, 7), Signals.pinkNoise(n, 0.9, 8)});
        for (Map.Entry<String, float[][]> e : cases.entrySet()) {
            for (int block : new int[] {1, 64, 256, 1000}) {
                Limiter skipping = limiter(drive(e.getKey()));
                Limiter full = limiter(drive(e.getKey()));
                skipping.prepare(new ProcessSetup(fs, block, 2, 2));
                full.prepare(new ProcessSetup(fs, block, 2, 2));
                full.setDetectorSkipping(false);
                float[][] a = PluginRunner.process(skipping, e.getValue(), 2, block);
                float[][] b = PluginRunner.process(full, e.getValue(), 2, block);
                for (int c = 0; c < 2; c++) {
                    assertArrayEquals(b[c], a[c], e.getKey() + ", blocks of " + block + ", channel " + c);
                }
                if (block == 256) {
                    System.out.printf("limiter detector on %s: %.1f%% of outputs interpolated in full%n",
                            e.getKey(), 100 * skipping.interpolatedFraction());
                }
            }
        }
    }

    /**
     * Measured twice: by the 16x FIR meter, and by exact band-limited reconstruction, which also sees the
     * content just under fs/2 that every FIR meter (and the limiter's detector) under-reads: the
     * {@link NyquistGuard} is what keeps that content out of the limited output.
     */
    @Test
    void truePeakNeverExceedsTheCeilingOnTortureSignals() {
        double worst = -100, worstExact = -100;
        for (double fs : RATES) {
            for (Map.Entry<String, float[][]> e : signals(fs).entrySet()) {
                Limiter limiter = limiter(drive(e.getKey()));
                float[][] reference = PluginRunner.run(limiter, e.getValue(), fs, BLOCKS[0]);
                double inputTp = Db.toDb(ReferenceTruePeakMeter.truePeak(e.getValue())) + drive(e.getKey());
                double overshoot = Db.toDb(ReferenceTruePeakMeter.truePeak(reference)) - CEILING_DB;
                double exact = exactOvershoot(reference);
                worst = Math.max(worst, overshoot);
                worstExact = Math.max(worstExact, exact);
                System.out.printf("limiter %5.1f kHz %-18s input TP %+6.2f dBTP -> output TP %+7.3f dBTP"
                        + " (exact %+7.3f),"
                        + " over ceiling %+.3f dB%n", fs / 1000, e.getKey(), inputTp, CEILING_DB + overshoot,
                        CEILING_DB + exact, Math.max(overshoot, exact));
                assertTrue(overshoot <= 0.1, e.getKey() + " at " + fs + " Hz overshoots by " + overshoot + " dB");
                assertTrue(exact <= 0.1, e.getKey() + " at " + fs + " Hz overshoots by " + exact
                        + " dB, measured by exact reconstruction");
                assertEquals(0, limiter.clampedSamples(), "the safety clamp had to act: the envelope was late");
                assertTrue(overshoot > -1.0, e.getKey() + " at " + fs + " Hz is limited far below the ceiling: "
                        + overshoot + " dB");
                for (int b = 1; b < BLOCKS.length; b++) {  // the same samples at every block size: the same true peak
                    float[][] other = PluginRunner.run(limiter(drive(e.getKey())), e.getValue(), fs, BLOCKS[b]);
                    for (int c = 0; c < other.length; c++) {
                        assertArrayEquals(reference[c], other[c], e.getKey() + " block " + BLOCKS[b]);
                    }
                }
            }
        }
        System.out.printf("limiter worst true-peak overshoot: %+.3f dB (16x meter), %+.3f dB (exact)%n", worst,
                worstExact);
    }

    /**
     * The exact meter can fail: without the guard, the content above 0.475 fs that the detector under-reads
     * comes through, and aliased squares at 96 kHz overshoot by several tenths of a dB (0.9 measured).
     */
    @Test
    void withoutTheGuardContentNearNyquistOvershootsSoTheExactMeterCanTell() {
        double fs = 96_000;
        float[][] squares = signals(fs).get("square +6");
        Limiter unguarded = limiter(6);
        unguarded.setGuarding(false);
        double overshoot = exactOvershoot(PluginRunner.run(unguarded, squares, fs, 256));
        double guardedOvershoot = exactOvershoot(PluginRunner.run(limiter(6), squares, fs, 256));
        System.out.printf("limiter, aliased squares at 96 kHz, exact true peak over the ceiling: %+.3f dB unguarded,"
                + " %+.3f dB guarded%n", overshoot, guardedOvershoot);
        assertTrue(overshoot > 0.3, "unguarded overshoot " + overshoot + " dB");
        assertTrue(guardedOvershoot <= 0.1, "guarded overshoot " + guardedOvershoot + " dB");
    }


    private static double exactOvershoot(float[][] output) {
        return Db.toDb(IdealTruePeakMeter.truePeak(output)) - CEILING_DB;
    }

    /** The meter can fail: a sample-peak limiter lets EBU 19's inter-sample peak through by about 3 dB. */
    @Test
    void samplePeakModeMissesInterSamplePeaksSoTheMeterCanTell() {
        double fs = 48_000;
        float[][] x = signals(fs).get("EBU 19 +6");
        Limiter l = limiter(6);
        l.setParameter("truepeak", 0);
        double overshoot = Db.toDb(ReferenceTruePeakMeter.truePeak(PluginRunner.run(l, x, fs, 512))) - CEILING_DB;
        assertEquals(3.0, overshoot, 0.2);
    }

    @Test
    void signalSixDbBelowTheCeilingPassesUnchangedAfterTheLatency() {
        for (double fs : RATES) {
            float[][] x = {Signals.pinkNoise((int) fs / 2, 1, 7), Signals.pinkNoise((int) fs / 2, 1, 8)};
            double scale = Db.toLinear(CEILING_DB - 6) / ReferenceTruePeakMeter.truePeak(x);
            for (float[] channel : x) {
                for (int i = 0; i < channel.length; i++) {
                    channel[i] *= (float) scale;
                }
            }
            Limiter l = limiter(0);
            float[][] y = PluginRunner.run(l, x, fs, 64);
            int latency = l.latencySamples();
            for (int c = 0; c < 2; c++) {
                for (int i = 0; i < latency; i++) {
                    assertEquals(0f, y[c][i], 0f);
                }
                for (int i = latency; i < x[c].length; i++) {
                    assertEquals(x[c][i - latency], y[c][i], 1e-6, "sample " + i);
                }
            }
            assertEquals(0.0, l.meters().get(0).value(), 0.0);
        }
    }

    @Test
    void latencyIsExactAndFollowsTheLookahead() {
        for (double fs : RATES) {
            for (double lookaheadMs : new double[] {0.1, 1.5, 5}) {
                Limiter l = limiter(0);
                l.setParameter("lookahead", lookaheadMs);
                float[] impulse = new float[4096];
                impulse[100] = 0.5f;
                float[][] y = PluginRunner.run(l, new float[][] {impulse}, fs, 256);
                int window = Math.max(1, (int) Math.round(lookaheadMs * 1e-3 * fs));
                int expected = NyquistGuard.DELAY + IntersamplePeakDetector.DELAY + window - 1 + Limiter.MARGIN;
                assertEquals(expected, l.latencySamples());
                assertEquals(0.5f, y[0][100 + expected], 0f);
                System.out.printf("limiter latency at %.1f kHz, lookahead %.1f ms: %d samples%n", fs / 1000,
                        lookaheadMs, expected);
            }
        }
    }

    @Test
    void limitsASteadySineToTheCeilingWithTheExpectedGainReduction() {
        double fs = 48_000;
        Limiter l = limiter(6);
        float[] x = Signals.sine(1000, fs, (int) fs, 0.5, 0);  // 0 dBFS after the gain: 1 dB of reduction
        float[][] y = PluginRunner.run(l, new float[][] {x}, fs, 512);
        double amplitude = org.mixdown.testkit.Measure.amplitudeAt(y[0], (int) fs / 2, (int) fs, 1000, fs);
        assertEquals(CEILING_DB, Db.toDb(amplitude), 0.05);
        assertEquals(1.0, l.meters().get(0).value(), 0.05);
    }

    @Test
    void releaseRecoversWithTheReleaseTimeConstant() {
        double fs = 48_000;
        Limiter l = limiter(0);
        l.setParameter("release", 50);
        int burst = (int) (0.2 * fs);
        float[] x = Signals.concat(Signals.sine(1000, fs, burst, 1.0, 0), Signals.sine(1000, fs, burst, 0.1, 0));
        float[][] y = PluginRunner.run(l, new float[][] {x}, fs, 512);
        int latency = l.latencySamples();
        // reduction r = 1 - g decays as exp(-t / tau) once the loud burst has left the lookahead window
        double r0 = 1 - Db.toLinear(CEILING_DB);  // the burst needed 1 dB
        int t = burst + latency + (int) (0.05 * fs);  // one time constant after the burst (plus the box)
        double gain = org.mixdown.testkit.Measure.amplitudeAt(y[0], t - 96, t + 96, 1000, fs) / 0.1;
        double expected = 1 - r0 * Math.exp(-1);
        assertEquals(expected, gain, 0.01);
    }

    /**
     * Automatic release: after a single short peak the gain recovers as fast as with the plain release, after
     * sustained limiting it keeps part of the reduction (the slow floor) for much longer.
     */
    @Test
    void automaticReleaseHoldsSustainedReductionButNotIsolatedPeaks() {
        double fs = 48_000;
        int quiet = (int) (0.5 * fs);
        float[] shortPeak = Signals.concat(Signals.sine(1000, fs, (int) (0.005 * fs), 2.0, 0), Signals.sine(1000, fs, quiet, 0.1, 0));
        float[] sustained = Signals.concat(Signals.sine(1000, fs, (int) (2 * fs), 2.0, 0), Signals.sine(1000, fs, quiet, 0.1, 0));
        double[] reductionAfter = new double[4];
        int k = 0;
        for (float[] x : new float[][] {shortPeak, sustained}) {
            for (int auto = 0; auto <= 1; auto++) {
                Limiter l = limiter(0);
                l.setParameter("auto", auto);
                float[][] y = PluginRunner.run(l, new float[][] {x}, fs, 512);
                int t = x.length - quiet + l.latencySamples() + (int) (0.3 * fs);  // 300 ms into the quiet part
                double gain = org.mixdown.testkit.Measure.amplitudeAt(y[0], t - 480, t + 480, 1000, fs) / 0.1;
                reductionAfter[k++] = -Db.toDb(gain);
            }
        }
        System.out.printf("limiter reduction 300 ms after a 5 ms peak: %.2f dB (auto %.2f dB); after 2 s of limiting:"
                + " %.2f dB (auto %.2f dB)%n", reductionAfter[0], reductionAfter[1], reductionAfter[2], reductionAfter[3]);
        // plain release: r = r0 exp(-t / 100 ms), r0 = 1 - 0.891 / 2: 0.24 dB left after 300 ms either way
        double plain = -Db.toDb(1 - (1 - Db.toLinear(CEILING_DB) / 2.0) * Math.exp(-3));
        assertEquals(plain, reductionAfter[0], 0.05);
        assertEquals(plain, reductionAfter[2], 0.05);
        assertEquals(reductionAfter[0], reductionAfter[1], 0.1, "an isolated peak releases as fast with auto");
        assertTrue(reductionAfter[3] > reductionAfter[2] + 2, "sustained limiting holds its reduction with auto");
    }

    /**
     * Fully linked channels share one gain envelope (they feed it the same requirements from the same state):
     * bit for bit the output of one envelope per channel, also when the link loosens and tightens again, which
     * hands channel 0's state to the others, and at every block size.
     */
    @Test
    void sharingTheLinkedEnvelopeDoesNotChangeTheOutput() {
        double fs = 48_000;
        int n = (int) fs;
        float[][] x = {Signals.pinkNoise(n, 0.9, 3), Signals.pinkNoise(n, 0.5, 4)};
        for (int block : new int[] {1, 64, 1000}) {
            float[][][] outputs = new float[2][][];
            for (int variant = 0; variant < 2; variant++) {
                Limiter l = limiter(8);
                l.prepare(new ProcessSetup(fs, block, 2, 2));
                l.setEnvelopeSharing(variant == 0);
                float[][] y = new float[2][n];
                for (int start = 0; start < n; start += block) {
                    int frames = Math.min(block, n - start);
                    // linked, then loose for a moment (the link glides), then linked again
                    l.setParameter("link", start < n / 3 || start > n / 2 ? 100 : 40);
                    l.process(new AudioBuffer(x).window(start, frames), new AudioBuffer(y).window(start, frames),
                            ParameterEvents.NONE);
                }
                outputs[variant] = y;
            }
            for (int c = 0; c < 2; c++) {
                assertArrayEquals(outputs[1][c], outputs[0][c], "blocks of " + block + ", channel " + c);
            }
        }
    }

    @Test
    void stereoLinkSetsHowMuchTheQuietChannelFollows() {
        double fs = 48_000;
        int n = (int) (0.5 * fs);
        float[][] x = {Signals.sine(500, fs, n, 2.0, 0), Signals.sine(700, fs, n, 0.25, 0)};
        for (double link : new double[] {0, 100}) {
            Limiter l = limiter(0);
            l.setParameter("link", link);
            float[][] y = PluginRunner.run(l, x, fs, 512);
            double right = org.mixdown.testkit.Measure.amplitudeAt(y[1], n / 2, n, 700, fs);
            double expected = link == 0 ? 0.25 : 0.25 * Db.toLinear(CEILING_DB) / 2.0;
            assertEquals(expected, right, 0.003, "link " + link);
        }
    }

    @Test
    void passesTheContractChecks() {
        for (boolean auto : new boolean[] {false, true}) {
            for (int oversampling : auto ? new int[] {3} : new int[] {0, 2}) {
                int os = oversampling;
                java.util.function.Consumer<org.mixdown.api.AudioPlugin> configure = p -> {
                    p.setParameter("gain", 12);
                    p.setParameter("auto", auto ? 1 : 0);
                    p.setParameter("oversampling", os);
                };
                PluginChecks.assertBlockSizeIndependent(Limiter::new, configure, 2, 44_100, 1e-6, 1, 7, 64, 1000);
                PluginChecks.assertFiniteOutput(Limiter::new, configure, 2, 44_100);
            }
        }
        PluginChecks.assertStateRoundTrip(Limiter::new);
        Limiter l = limiter(12);
        l.setParameter("auto", 1);
        JitWarmup.settle(l, ProcessSetup.of(48_000, 32, 2), Limiter.GAIN, 12, 15.6, 100_000);
        PluginChecks.assertZeroAllocation(l, ProcessSetup.of(48_000, 32, 2), 10_000);
    }

    @Test
    void nonFiniteInputStaysFiniteAndTheLimiterRecovers() {
        double fs = 48_000;
        float[] x = Signals.sine(1000, fs, 4800, 0.5, 0);
        x[100] = Float.NaN;
        x[200] = Float.POSITIVE_INFINITY;
        x[300] = Float.NEGATIVE_INFINITY;
        float[][] y = PluginRunner.run(limiter(0), new float[][] {x}, fs, 64);
        PluginChecks.assertFinite(y, "limiter");
        for (float v : y[0]) {
            assertTrue(Math.abs(v) <= Db.toLinear(CEILING_DB) + 1e-6);
        }
    }

    @Test
    void silenceAfterLoudInputReturnsTheStateToExactlyZero() {
        double fs = 48_000;
        Limiter l = limiter(12);
        l.setParameter("auto", 1);
        PluginRunner.run(l, PluginChecks.noise(2, (int) fs, 3), fs, 512);
        assertTrue(l.stateMagnitude() > 0);
        // automatic release lets sustained reduction go with a 1 s time constant: 16 s reach the 1e-6 snap
        float[][] y = PluginRunner.process(l, new float[2][(int) (16 * fs)], 2, 512);
        assertEquals(0.0, l.stateMagnitude(), 0.0);
        assertEquals(0f, y[0][y[0].length - 1], 0f);
        assertEquals(0.0, l.meters().get(0).value(), 0.0);
    }

    /** Sweeping the input gain and ceiling every block: the output never steps by more than the signal can. */
    @Test
    void parameterAutomationDoesNotClick() {
        double fs = 48_000;
        Limiter l = limiter(0);
        l.prepare(ProcessSetup.of(fs, 256, 1));
        float[] x = Signals.sine(100, fs, 256 * 200, 0.9, 0);
        AudioBuffer in = AudioBuffer.allocate(1, 256);
        AudioBuffer out = AudioBuffer.allocate(1, 256);
        ParameterEvents events = new ParameterEvents(2);
        float previous = 0;
        // a 100 Hz sine at 0.9 moves at most 2 pi 100 / fs * 0.9 per sample; smoothing adds little to that
        double bound = 2 * Math.PI * 100 / fs * 0.9 * Db.toLinear(12) * 1.5;
        for (int block = 0; block < 200; block++) {
            System.arraycopy(x, block * 256, in.channel(0), 0, 256);
            events.clear();
            events.add(17, Limiter.GAIN, block % 2 == 0 ? 12 : 0);
            events.add(99, Limiter.CEILING, block % 3 == 0 ? -6 : -1);
            l.process(in, out, events);
            for (int i = 0; i < 256; i++) {
                float y = out.channel(0)[i];
                assertTrue(Math.abs(y - previous) <= bound, "block " + block + " sample " + i + " jumps "
                        + (y - previous));
                previous = y;
            }
        }
        assertEquals(0, l.clampedSamples(), "ceiling glides are followed by the envelope, not the clamp");
    }
}
