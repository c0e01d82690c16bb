package org.mixdown.master;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mixdown.dsp.DelayLine;
import org.mixdown.dsp.EnvelopeFollower;
import org.mixdown.dsp.GainComputer;
import org.mixdown.dsp.SmoothedValue;

/**
 * {@link BandCompressor}'s block passes (detector a grid step at a time, gain computer per grid point with
 * the fast log and exp, gain along closed-form ramps) against the compressor written plainly, one sample at
 * a time with Math.log and Math.exp: the same output within 1e-6 at every block size, with parameter
 * changes landing inside blocks.
 */
class BandCompressorTest {
    private static final double FS = 48_000;
    private static final int FRAMES = 48_000;

    /** The band compressor of the design, sample by sample: detector, grid-point gain computer, linear gain ramp. */
    private static final class PerSampleReference {
        final int channels;
        final double[] meanSquare, reduction, gain, gainStep, gainTarget;
        final DelayLine[] lookahead;
        final GainComputer curve = new GainComputer();
        final SmoothedValue makeup = new SmoothedValue(1), bypassMix = new SmoothedValue(0), audible = new SmoothedValue(1);
        final int lookaheadSamples;
        double msCoefficient, attack, release, kneeStart, link = 1, lastReductionDb;
        int phase;

        PerSampleReference(int channels, int lookaheadSamples) {
            this.channels = channels;
            this.lookaheadSamples = lookaheadSamples;
            meanSquare = new double[channels];
            reduction = new double[channels];
            gain = new double[channels];
            gainStep = new double[channels];
            gainTarget = new double[channels];
            lookahead = new DelayLine[channels];
            for (int c = 0; c < channels; c++) {
                gain[c] = gainTarget[c] = 1;
                lookahead[c] = new DelayLine();
                lookahead[c].allocate(Math.max(1, lookaheadSamples));
            }
            msCoefficient = EnvelopeFollower.coefficient(BandCompressor.RMS_MS, FS);
            for (SmoothedValue v : new SmoothedValue[] {makeup, bypassMix, audible}) {
                v.prepare(FS, SmoothedValue.DEFAULT_RAMP_SECONDS);
            }
        }

        void setCurve(double threshold, double ratio, double knee) {
            curve.set(threshold, ratio, knee);
            kneeStart = ratio == 1 ? Double.POSITIVE_INFINITY : Math.pow(10, (threshold - knee / 2) / 10);
        }

        void setTimes(double attackMs, double releaseMs) {
            attack = EnvelopeFollower.coefficient(attackMs, FS / BandCompressor.GRID);
            release = EnvelopeFollower.coefficient(releaseMs, FS / BandCompressor.GRID);
        }

        void process(double[][] band, int n, double[][] sum) {
            for (int i = 0; i < n; i++) {
                double wet = 1 - bypassMix.next(), out = audible.next();
                double a = out * (1 - wet), b = out * wet * makeup.next();
                for (int c = 0; c < channels; c++) {
                    double x = band[c][i];
                    meanSquare[c] = x * x + msCoefficient * (meanSquare[c] - x * x);
                    gain[c] += gainStep[c];
                    double d = lookaheadSamples > 0 ? lookahead[c].process((float) x, lookaheadSamples) : x;
                    sum[c][i] += d * (a + b * gain[c]);
                }
                if (++phase == BandCompressor.GRID) {
                    phase = 0;
                    gridPoint();
                }
            }
            lastReductionDb = maxReduction() * (1 - bypassMix.current());
        }

        private void gridPoint() {
            double loudest = 0;
            for (int c = 0; c < channels; c++) {
                if (meanSquare[c] < EnvelopeFollower.TINY) {
                    meanSquare[c] = 0;
                }
                loudest = Math.max(loudest, meanSquare[c]);
            }
            for (int c = 0; c < channels; c++) {
                double linked = link * loudest + (1 - link) * meanSquare[c];
                double target = linked <= kneeStart ? 0 : -curve.gainDb(10 * Math.log10(linked));
                double r = target + (target > reduction[c] ? attack : release) * (reduction[c] - target);
                reduction[c] = Math.abs(r) < EnvelopeFollower.TINY ? 0 : r;
                gain[c] = gainTarget[c];
                gainTarget[c] = reduction[c] == 0 ? 1 : Math.exp(-reduction[c] * Math.log(10) / 20);
                gainStep[c] = (gainTarget[c] - gain[c]) / BandCompressor.GRID;
            }
        }

        double maxReduction() {
            double max = 0;
            for (double r : reduction) {
                max = Math.max(max, r);
            }
            return max;
        }
    }

    /** A band-like test signal: noise whose level swells and falls by 40 dB, so the gain moves both ways. */
    private static double[][] band(int channels) {
        SplittableRandom random = new SplittableRandom(7);
        double[][] x = new double[channels][FRAMES];
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < FRAMES; i++) {
                double envelope = Math.pow(10, -2 * (0.5 + 0.5 * Math.sin(2 * Math.PI * 3 * i / FS + c)));
                x[c][i] = envelope * (2 * random.nextDouble() - 1);
            }
        }
        return x;
    }

    /** Parameter changes at these samples (none on a block or grid boundary of the sizes tested). */
    private static final int[] CHANGES = {5_003, 12_345, 20_001, 30_007, 41_111};

    private static void change(int index, BandCompressor tested, PerSampleReference reference) {
        switch (index) {
            case 0 -> {
                tested.setMakeupDb(6, false);
                reference.makeup.setTarget(Math.exp(6 * Math.log(10) / 20));
            }
            case 1 -> {
                tested.setCurve(-20, 6, 0);
                reference.setCurve(-20, 6, 0);
                tested.setTimes(0.5, 30);
                reference.setTimes(0.5, 30);
            }
            case 2 -> {
                tested.setBypassed(true, false);
                reference.bypassMix.setTarget(1);
                tested.setLink(0.3);
                reference.link = 0.3;
            }
            case 3 -> {
                tested.setBypassed(false, false);
                reference.bypassMix.setTarget(0);
                tested.setAudible(false, false);
                reference.audible.setTarget(0);
            }
            default -> {
                tested.setAudible(true, false);
                reference.audible.setTarget(1);
                tested.setCurve(-35, 2.5, 12);
                reference.setCurve(-35, 2.5, 12);
            }
        }
    }

    private static double[][] slice(double[][] x, int from, int n) {
        double[][] s = new double[x.length][n];
        for (int c = 0; c < x.length; c++) {
            System.arraycopy(x[c], from, s[c], 0, n);
        }
        return s;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 17, 256, 1000})
    void blockPassesMatchThePerSampleCompressor(int blockSize) {
        for (int channels = 1; channels <= 2; channels++) {
            for (int lookahead : new int[] {0, 37}) {
                double[][] x = band(channels);
                BandCompressor tested = new BandCompressor(channels);
                tested.prepare(FS, lookahead);
                PerSampleReference reference = new PerSampleReference(channels, lookahead);
                tested.setCurve(-30, 4, 6);
                reference.setCurve(-30, 4, 6);
                tested.setTimes(5, 80);
                reference.setTimes(5, 80);
                double worst = 0, deepest = 0;
                int next = 0;
                for (int start = 0; start < FRAMES; ) {
                    int end = Math.min(FRAMES, start + blockSize);
                    if (next < CHANGES.length && CHANGES[next] < end) {
                        end = CHANGES[next];  // a change inside the block: the host splits the block there
                    }
                    if (end > start) {
                        double[][] in = slice(x, start, end - start);
                        double[][] a = new double[channels][end - start], b = new double[channels][end - start];
                        tested.process(in, end - start, a);
                        reference.process(in, end - start, b);
                        for (int c = 0; c < channels; c++) {
                            for (int i = 0; i < end - start; i++) {
                                worst = Math.max(worst, Math.abs(a[c][i] - b[c][i]));
                            }
                        }
                        assertEquals(reference.lastReductionDb, tested.gainReductionDb(), 1e-6);
                        deepest = Math.max(deepest, tested.gainReductionDb());
                    }
                    if (next < CHANGES.length && CHANGES[next] == end) {
                        change(next++, tested, reference);
                    }
                    start = end;
                }
                System.out.printf("band compressor, %d channel(s), lookahead %d, blocks of %d: largest difference"
                        + " from the per-sample compressor %.2e (deepest reduction %.1f dB)%n", channels, lookahead,
                        blockSize, worst, deepest);
                assertTrue(worst < 1e-6, "differs by " + worst);
                assertTrue(deepest > 6, "the test signal must be compressed");
            }
        }
    }

    /** Two bands summed by applyPair (and a third by applyOne) equal the band-by-band process() bit for bit. */
    @ParameterizedTest
    @ValueSource(ints = {1, 17, 256, 333})
    void bandsAppliedTogetherEqualBandsAppliedOneByOne(int blockSize) {
        int channels = 2;
        double[][][] bands = {band(channels), band(channels), band(channels)};
        for (int b = 1; b < 3; b++) {  // distinct band signals
            for (double[] channel : bands[b]) {
                for (int i = 0; i < FRAMES; i++) {
                    channel[i] *= b == 1 ? 0.5 : Math.cos(i * 0.01);
                }
            }
        }
        BandCompressor[] alone = new BandCompressor[3], together = new BandCompressor[3];
        for (int b = 0; b < 3; b++) {
            for (BandCompressor[] set : new BandCompressor[][] {alone, together}) {
                set[b] = new BandCompressor(channels);
                set[b].prepare(FS, 0);
                set[b].setCurve(-36 + 4 * b, 2 + b, 6);
                set[b].setTimes(3 + b, 60);
                set[b].setMakeupDb(b, true);
                set[b].setLink(b == 2 ? 0.5 : 1);
            }
        }
        for (int start = 0; start + blockSize <= FRAMES; start += blockSize) {
            double[][] expected = new double[channels][blockSize], actual = new double[channels][blockSize];
            double[][][] in = new double[3][][];
            for (int b = 0; b < 3; b++) {
                in[b] = slice(bands[b], start, blockSize);
                alone[b].process(in[b], blockSize, expected);
                assertTrue(together[b].steady());
                together[b].analyse(in[b], 0, blockSize);
            }
            for (int c = 0; c < channels; c++) {
                BandCompressor.applyPair(together[0], in[0][c], together[1], in[1][c], c, actual[c], blockSize, true);
                BandCompressor.applyOne(together[2], in[2][c], c, actual[c], blockSize, false);
            }
            for (int b = 0; b < 3; b++) {
                together[b].advance(blockSize);
            }
            for (int c = 0; c < channels; c++) {
                org.junit.jupiter.api.Assertions.assertArrayEquals(expected[c], actual[c], "block at " + start);
            }
        }
    }
}
