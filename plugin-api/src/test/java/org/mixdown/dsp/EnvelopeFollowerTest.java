package org.mixdown.dsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mixdown.dsp.EnvelopeFollower.Detector;

class EnvelopeFollowerTest {
    private static final double FS = 48_000;
    private static final double ONE_MINUS_1_OVER_E = 1 - Math.exp(-1);

    @Test
    void attackReaches63PercentInExactlyTheSetTime() {
        EnvelopeFollower f = new EnvelopeFollower(Detector.PEAK, 10, 100);
        f.prepare(FS);
        int samples = (int) Math.round(0.010 * FS);  // 480
        double y = 0;
        for (int n = 0; n < samples; n++) {
            y = f.process(n % 2 == 0 ? 1 : -1);  // rectified: a step to 1
        }
        assertEquals(ONE_MINUS_1_OVER_E, y, 1e-12);
    }

    @Test
    void releaseFallsTo37PercentInExactlyTheSetTime() {
        EnvelopeFollower f = new EnvelopeFollower(Detector.PEAK, 1, 250);
        f.prepare(FS);
        f.reset(1);
        double y = 0;
        for (int n = 0; n < 0.250 * FS; n++) {
            y = f.follow(0);
        }
        assertEquals(Math.exp(-1), y, 1e-12);
    }

    @Test
    void branchesOnTheDirectionOfTheInput() {
        EnvelopeFollower f = new EnvelopeFollower(Detector.PEAK, 1, 1000);
        f.prepare(FS);
        f.reset(0.5);
        double up = f.follow(1);
        assertEquals(0.5 + 0.5 * (1 - EnvelopeFollower.coefficient(1, FS)), up, 1e-15);
        double down = f.follow(0);
        assertEquals(up * EnvelopeFollower.coefficient(1000, FS), down, 1e-15);
    }

    @Test
    void zeroTimeIsInstant() {
        EnvelopeFollower f = new EnvelopeFollower(Detector.PEAK, 0, 0);
        f.prepare(FS);
        assertEquals(0.7, f.process(-0.7), 0);
        assertEquals(0.2, f.process(0.2), 0);
    }

    @Test
    void rmsOfASineIsItsAmplitudeOverRootTwo() {
        EnvelopeFollower f = new EnvelopeFollower(Detector.RMS, 50, 50);
        f.prepare(FS);
        double w = 2 * Math.PI * 1000 / FS;
        double min = 1, max = 0;
        for (int n = 0; n < FS; n++) {
            double level = f.process(0.5 * Math.sin(w * n));
            if (n > FS / 2) {
                min = Math.min(min, level);
                max = Math.max(max, level);
            }
        }
        double expected = 0.5 / Math.sqrt(2);
        assertEquals(expected, min, expected * 0.01);
        assertEquals(expected, max, expected * 0.01);
        assertEquals(f.level(), Math.sqrt(f.state()), 0);
    }

    @Test
    void silenceFlushesTheStateToExactlyZero() {
        EnvelopeFollower f = new EnvelopeFollower(Detector.RMS, 1, 5);
        f.prepare(FS);
        for (int n = 0; n < 1000; n++) {
            f.process(1);
        }
        int n = 0;
        while (f.state() != 0 && n < FS) {
            f.process(0);
            assertTrue(f.state() == 0 || f.state() >= EnvelopeFollower.TINY, "subnormal-bound state " + f.state());
            n++;
        }
        assertEquals(0, f.state(), 0);
        // ln(1 / 1e-30) time constants of 5 ms at 48 kHz: about 16,600 samples
        assertTrue(n < 17_000, "took " + n + " samples");
    }

    /** Audio-rate noise with bursts and silences, so the follower attacks, releases and flushes to zero. */
    private static double[] burstyLevels(int frames, long seed) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        double[] x = new double[frames];
        for (int n = 0; n < frames; n++) {
            double envelope = (n / 3000) % 3 == 2 ? 0 : 1 + Math.sin(n * 0.003);
            double v = envelope * (random.nextDouble() - 0.5);
            x[n] = v * v;
        }
        return x;
    }

    @Test
    void theBlockFollowIsTheOneSampleFollowBitForBit() {
        double[][] times = {{10, 100}, {100, 5}, {10, 10}, {0, 50}, {0, 0}};
        for (double[] t : times) {
            for (int block : new int[] {1, 17, 256, 1000}) {
                EnvelopeFollower reference = new EnvelopeFollower(Detector.RMS, t[0], t[1]);
                EnvelopeFollower blocks = new EnvelopeFollower(Detector.RMS, t[0], t[1]);
                reference.prepare(FS);
                blocks.prepare(FS);
                double[] x = burstyLevels(20_000, block);
                double[] out = new double[block];
                double[] inPlace = x.clone();
                for (int start = 0; start < x.length; start += block) {
                    int n = Math.min(block, x.length - start);
                    double[] chunk = java.util.Arrays.copyOfRange(x, start, start + n);
                    if (start % (2 * block) == 0) {
                        blocks.follow(chunk, out, n);  // into another array
                    } else {
                        blocks.follow(chunk, chunk, n);  // in place
                        System.arraycopy(chunk, 0, out, 0, n);
                    }
                    for (int i = 0; i < n; i++) {
                        double expected = reference.follow(x[start + i]);
                        assertEquals(expected, out[i], 0, "times " + t[0] + "/" + t[1] + " block " + block + " sample " + (start + i));
                    }
                    assertEquals(reference.state(), blocks.state(), 0);
                }
            }
        }
    }

    @Test
    void thePairFollowIsTwoOneSampleFollowsBitForBit() {
        double[][][] times = {{{10, 10}, {25, 25}}, {{10, 10}, {5, 80}}, {{2, 50}, {30, 30}}};
        for (double[][] t : times) {
            EnvelopeFollower[] references = new EnvelopeFollower[2];
            EnvelopeFollower[] pair = new EnvelopeFollower[2];
            for (int c = 0; c < 2; c++) {
                references[c] = new EnvelopeFollower(Detector.RMS, t[c][0], t[c][1]);
                pair[c] = new EnvelopeFollower(Detector.RMS, t[c][0], t[c][1]);
                references[c].prepare(FS);
                pair[c].prepare(FS);
            }
            double[] left = burstyLevels(10_000, 1);
            double[] right = burstyLevels(10_000, 2);
            int block = 333;
            double[] leftOut = new double[block];
            double[] rightOut = new double[block];
            for (int start = 0; start < left.length; start += block) {
                int n = Math.min(block, left.length - start);
                double[] l = java.util.Arrays.copyOfRange(left, start, start + n);
                double[] r = java.util.Arrays.copyOfRange(right, start, start + n);
                EnvelopeFollower.followPair(pair[0], l, leftOut, pair[1], r, r, n);  // the second in place
                for (int i = 0; i < n; i++) {
                    assertEquals(references[0].follow(left[start + i]), leftOut[i], 0, "left sample " + (start + i));
                    assertEquals(references[1].follow(right[start + i]), r[i], 0, "right sample " + (start + i));
                }
            }
            assertEquals(references[0].state(), pair[0].state(), 0);
            assertEquals(references[1].state(), pair[1].state(), 0);
        }
    }
    @Test
    void smoothIsTheOneSampleFollowToAFewUlpAndEmptiesOnSilence() {
        java.util.Random r = new java.util.Random(12);
        int frames = 48_003;  // not a multiple of four: the tail runs one sample at a time
        double[] squares = new double[frames];
        for (int i = 0; i < frames; i++) {
            double x = (i / 4000 % 2 == 0 ? 1 : 1e-4) * r.nextGaussian();
            squares[i] = x * x;
        }
        for (double ms : new double[] {0.05, 1, 10, 300}) {
            EnvelopeFollower one = new EnvelopeFollower(Detector.RMS, ms, ms);
            EnvelopeFollower block = new EnvelopeFollower(Detector.RMS, ms, ms);
            one.prepare(FS);
            block.prepare(FS);
            double[] out = new double[frames];
            for (int start = 0; start < frames; start += 1000) {  // blocks of 1000 but the last
                int n = Math.min(1000, frames - start);
                double[] chunk = java.util.Arrays.copyOfRange(squares, start, start + n);
                block.smooth(chunk, chunk, n);
                System.arraycopy(chunk, 0, out, start, n);
            }
            // both round each step and carry it on: a one-pole's rounding adds up to about eps / (1 - a) relatively,
            // and what was made at a loud sample decays as the state does, so relative to the decayed loudest state
            double a = EnvelopeFollower.coefficient(ms, FS);
            double tolerance = 4 * Math.ulp(1.0) / (1 - a);
            double decayedLoudest = 0;
            for (int i = 0; i < frames; i++) {
                double expected = one.follow(squares[i]);
                decayedLoudest = Math.max(expected, a * decayedLoudest);
                assertEquals(expected, out[i], tolerance * decayedLoudest, ms + " ms, sample " + i);
            }
            assertEquals(one.state(), block.state(), tolerance * one.state());
            double[] silence = new double[(int) (80 * ms / 1000 * FS) + 1000];  // 1 to below TINY: 69 time constants
            block.smooth(silence, silence, silence.length);
            assertEquals(0, block.state(), 0, ms + " ms: silence empties the state");
            assertEquals(0, silence[silence.length - 1], 0);
        }
        EnvelopeFollower twoTimes = new EnvelopeFollower(Detector.PEAK, 1, 50);
        EnvelopeFollower reference = new EnvelopeFollower(Detector.PEAK, 1, 50);
        twoTimes.prepare(FS);
        reference.prepare(FS);
        double[] out = new double[1000];
        twoTimes.smooth(squares, out, 1000);
        for (int i = 0; i < 1000; i++) {
            assertEquals(reference.follow(squares[i]), out[i], 0, "attack and release differ: follow itself");
        }
    }
    @Test
    void followNonNegativeIsTheBlockFollowBitForBit() {
        java.util.Random r = new java.util.Random(13);
        int frames = 240_000;
        double[] levels = new double[frames];
        for (int i = 0; i < frames; i++) {  // loud stretches, then zeros long enough (over 69 releases) to be flushed
            levels[i] = i % 80_000 < 10_000 ? 20 * r.nextDouble() * r.nextDouble() : 0;
        }
        for (double[] times : new double[][] {{1, 5}, {10, 20}, {0, 5}, {3, 3}}) {
            EnvelopeFollower plain = new EnvelopeFollower(Detector.PEAK, times[0], times[1]);
            EnvelopeFollower fast = new EnvelopeFollower(Detector.PEAK, times[0], times[1]);
            plain.prepare(FS);
            fast.prepare(FS);
            boolean flushed = false;
            for (int block : new int[] {1, 17, 256, 4000}) {
                for (int start = 0; start + block <= frames; start += block) {
                    double[] a = java.util.Arrays.copyOfRange(levels, start, start + block);
                    double[] b = a.clone();
                    plain.follow(a, a, block);
                    fast.followNonNegative(b, b, block);
                    org.junit.jupiter.api.Assertions.assertArrayEquals(a, b, java.util.Arrays.toString(times) + " block " + block);
                    flushed |= fast.state() == 0 && start > 0 && levels[start] == 0;
                }
            }
            assertTrue(flushed, "the silences reach a flushed 0");
        }
    }
}
