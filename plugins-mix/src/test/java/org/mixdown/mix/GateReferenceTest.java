package org.mixdown.mix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mixdown.api.AudioBuffer;
import org.mixdown.api.ParameterEvents;
import org.mixdown.api.ProcessSetup;
import org.mixdown.dsp.Biquad;

/**
 * The gate's block path (passes, fast exp2, the opening snapped to its target at rest) against the gate
 * written per sample from its formulas, with every parameter automated inside blocks.
 *
 * <p>Tolerance: one float step of the reference's output. The key level and the open/closed decisions are
 * exact (the same side-chain biquad arithmetic, a max is exact), so the two differ only in the gain:
 * {@code Db.fastExp2} is within 3e-10 relatively of {@code Math.exp}, the snap moves the gain by at most
 * 1.2e-10 relatively, the arithmetic's order by a few 1e-16. That is under 1/100 of a float's relative half
 * step (3e-8), so the products round to the same float or, when they straddle a rounding boundary, to the
 * next one. A wrong decision, hold count, ramp or follower coefficient moves samples by many steps.
 */
class GateReferenceTest {
    private static final double FS = 48_000;
    private static final double DB_TO_LN = Math.log(10) / 20;

    /**
     * The gate per sample, from its documentation: side-chain high-pass per channel, key level = the largest
     * |key| of any channel over the last 5 ms (a plain scan of the window), open above the threshold, closed
     * once the level stayed below threshold - hysteresis for hold ms, the opening a one-pole toward 1 / 0 with
     * the attack / release time constant, gain = e^(range ln10/20 (1 - opening)), range through a 20 ms
     * linear ramp.
     */
    private static final class ReferenceGate {
        private final int channels;
        private final double[] p;
        private final Biquad[] highPass;
        /** The last {@code window} values of max |key| over the channels, a ring. */
        private final double[] history;
        private int written;
        private boolean open;
        private int holdLeft;
        private double opening;
        private double range;
        private double rangeTarget;
        private double rangeStep;
        private int rangeRemaining;
        private final int rampSamples = (int) Math.round(0.020 * FS);

        ReferenceGate(int channels, double[] parameters) {
            this.channels = channels;
            p = parameters.clone();
            highPass = new Biquad[channels];
            for (int c = 0; c < channels; c++) {
                highPass[c] = new Biquad();
            }
            history = new double[(int) Math.round(Gate.PEAK_WINDOW_MS * FS / 1000)];
            range = p[Gate.RANGE];
            rangeTarget = range;
            update();
        }

        void set(int index, double value) {
            p[index] = value;
            update();
        }

        private void update() {
            for (Biquad b : highPass) {
                b.design(Biquad.Type.HIGHPASS, FS, p[Gate.SC_FREQ], Math.sqrt(0.5), 0);
            }
            if (p[Gate.RANGE] != rangeTarget) {  // a new ramp from where the range is now
                rangeTarget = p[Gate.RANGE];
                rangeRemaining = rampSamples;
                rangeStep = (rangeTarget - range) / rampSamples;
            }
        }

        private static double coefficient(double ms) {
            return Math.exp(-1 / (ms / 1000 * FS));
        }

        void process(float[][] in, float[][] out, int n) {
            double loudest = 0;
            for (int c = 0; c < channels; c++) {
                loudest = Math.max(loudest, Math.abs(highPass[c].process(in[c][n])));
            }
            history[written++ % history.length] = loudest;
            double level = 0;
            for (double h : history) {  // zeros before the first window is full: the gate starts from silence
                level = Math.max(level, h);
            }
            double openAbove = Math.pow(10, p[Gate.THRESHOLD] / 20);
            double closeBelow = Math.pow(10, (p[Gate.THRESHOLD] - p[Gate.HYSTERESIS]) / 20);
            int hold = (int) Math.round(p[Gate.HOLD] * FS / 1000);
            if (!open) {
                if (level > openAbove) {
                    open = true;
                    holdLeft = hold;
                }
            } else if (level >= closeBelow) {
                holdLeft = hold;
            } else if (holdLeft > 0) {
                holdLeft--;
            } else {
                open = false;
            }
            double target = open ? 1 : 0;
            double a = coefficient(target > opening ? p[Gate.ATTACK] : p[Gate.RELEASE]);
            opening = target + a * (opening - target);
            if (rangeRemaining > 0) {
                rangeRemaining--;
                range = rangeRemaining == 0 ? rangeTarget : range + rangeStep;
            }
            double gain = Math.exp(DB_TO_LN * range * (1 - opening));
            for (int c = 0; c < channels; c++) {
                out[c][n] = (float) (in[c][n] * gain);
            }
        }
    }

    /**
     * Noise plus a tone whose level steps every 2500 samples across the thresholds (open, closed, in the
     * hysteresis band, silence), differently per channel so that either channel can be the loudest key.
     */
    private static float[][] steppedNoise(int channels, int frames) {
        double[] levelsDb = {-60, -30, -44, -200, -20, -50, -43, -35, -70, -25};
        float[][] x = new float[channels][frames];
        SplittableRandom random = new SplittableRandom(5);
        for (int c = 0; c < channels; c++) {
            for (int n = 0; n < frames; n++) {
                double db = levelsDb[(n / 2500 + 4 * c) % levelsDb.length];
                double tone = Math.sin(2 * Math.PI * (150 + 50 * c) * n / FS);
                double noise = 0.6 * (random.nextDouble() - 0.5);
                x[c][n] = db <= -200 ? 0 : (float) (Math.pow(10, db / 20) * (noise + 0.5 * tone));
            }
        }
        return x;
    }

    @Test
    void theBlockPathMatchesAPerSampleReferenceWithAutomation() {
        int frames = 60_000;
        // sample -> (parameter, value): every parameter moves at least once, mostly inside a block
        double[][] automation = {
                {6007, Gate.RANGE, -40}, {9001, Gate.ATTACK, 5}, {13003, Gate.RELEASE, 30},
                {17011, Gate.HOLD, 0}, {21017, Gate.THRESHOLD, -32}, {24019, Gate.HYSTERESIS, 12},
                {27031, Gate.SC_FREQ, 400}, {30011, Gate.RANGE, -100}, {30500, Gate.RANGE, -60},
                {34003, Gate.ATTACK, 0.05}, {34003, Gate.RELEASE, 2}, {40009, Gate.HOLD, 40},
                {45007, Gate.THRESHOLD, -45}, {45007, Gate.HYSTERESIS, 0}, {50021, Gate.RANGE, 0},
                {53011, Gate.RANGE, -80}, {53011, Gate.SC_FREQ, 20}};
        double[] initial = new double[Gate.DESCRIPTOR.parameters().size()];
        for (int i = 0; i < initial.length; i++) {
            initial[i] = Gate.DESCRIPTOR.parameters().get(i).defaultValue();
        }
        initial[Gate.THRESHOLD] = -38;
        initial[Gate.HOLD] = 10;
        initial[Gate.RELEASE] = 8;  // short enough to close fully (and snap) between the key's steps
        double worstSteps = 0;
        int changedSamples = 0;
        for (int channels = 1; channels <= 2; channels++) {
            float[][] input = steppedNoise(channels, frames);
            ReferenceGate reference = new ReferenceGate(channels, initial);
            float[][] expected = new float[channels][frames];
            int next = 0;
            for (int n = 0; n < frames; n++) {
                while (next < automation.length && automation[next][0] == n) {
                    reference.set((int) automation[next][1], automation[next][2]);
                    next++;
                }
                reference.process(input, expected, n);
            }
            for (int c = 0; c < channels; c++) {  // the gate did gate: open and closed stretches, the ramps between
                for (int n = 0; n < frames; n++) {
                    changedSamples += expected[c][n] != input[c][n] ? 1 : 0;
                }
            }
            // the four block sizes with separate buffers, then 256 in place (as the channel strip runs it)
            int[][] runs = {{1, 0}, {17, 0}, {256, 0}, {1000, 0}, {256, 1}};
            for (int[] run : runs) {
                int block = run[0];
                Gate gate = new Gate();
                for (int i = 0; i < initial.length; i++) {
                    gate.setParameter(i, initial[i]);
                }
                float[][] actual = renderWithAutomation(gate, input, block, automation, run[1] == 1);
                for (int c = 0; c < channels; c++) {
                    for (int n = 0; n < frames; n++) {
                        double step = Math.ulp(expected[c][n]);
                        double error = Math.abs(actual[c][n] - expected[c][n]);
                        worstSteps = Math.max(worstSteps, error / step);
                        if (error > step) {
                            assertEquals(expected[c][n], actual[c][n], step, channels + " channel(s), block " + block
                                    + (run[1] == 1 ? " in place" : "")
                                    + ", channel " + c + ", sample " + n + ", input " + input[c][n]);
                        }
                    }
                }
            }
        }
        assertTrue(changedSamples > frames, "the reference hardly gated: " + changedSamples + " samples changed");
        System.out.printf("gate block path against the per-sample reference: worst difference %.2f float steps%n",
                worstSteps);
    }

    /**
     * Renders in blocks of {@code blockSize} (into the input buffer when {@code inPlace}), each automation row
     * {sample, parameter, value} an event at its offset.
     */
    private static float[][] renderWithAutomation(Gate gate, float[][] input, int blockSize, double[][] automation,
                                                  boolean inPlace) {
        int channels = input.length;
        gate.prepare(new ProcessSetup(FS, blockSize, channels, channels));
        int frames = input[0].length;
        float[][] output = new float[channels][frames];
        AudioBuffer in = AudioBuffer.allocate(channels, blockSize);
        AudioBuffer out = AudioBuffer.allocate(channels, blockSize);
        ParameterEvents events = new ParameterEvents(automation.length);
        for (int start = 0; start < frames; start += blockSize) {
            int n = Math.min(blockSize, frames - start);
            in.frames(n);
            out.frames(n);
            for (int c = 0; c < channels; c++) {
                System.arraycopy(input[c], start, in.channel(c), 0, n);
            }
            events.clear();
            for (double[] row : automation) {
                if (row[0] >= start && row[0] < start + n) {
                    events.add((int) row[0] - start, (int) row[1], row[2]);
                }
            }
            AudioBuffer result = inPlace ? in : out;
            gate.process(in, result, events);
            for (int c = 0; c < channels; c++) {
                System.arraycopy(result.channel(c), 0, output[c], start, n);
            }
        }
        return output;
    }
}
