package org.mixdown.mix.reverb;

import java.util.Arrays;
import org.mixdown.dsp.SmoothedValue;

/**
 * A 16-line feedback delay network (Jot and Chaigne 1991; Stautner and Puckette 1982) for the reverb tail.
 *
 * <ul>
 *   <li>Line lengths are distinct primes (so mutually prime: their echoes never pile up on common
 *       multiples), spread 15..55 ms at size 1 and scaled by the room size.</li>
 *   <li>Feedback matrix: the 16 x 16 Hadamard matrix / 4, orthogonal (lossless), applied by a fast
 *       Walsh-Hadamard transform in 64 additions; every line feeds every other line each pass.</li>
 *   <li>Each line ends in a {@link JotAbsorption} one-pole: gain for the RT60, pole for the damping.</li>
 *   <li>Each line's length is modulated by a slow sine-like LFO of its own rate (0.13..0.97 Hz, +-0.2 ms)
 *       read through first-order all-pass interpolation, which is flat in magnitude, so the modulation
 *       smears the modes (no metallic ringing) without changing the decay. The read points are
 *       updated on a grid of {@link #MOD_GRID} samples counted from reset (every sample while a
 *       size change glides), so the output does not depend on the block size.</li>
 *   <li>Left input feeds the even lines, right input the odd lines, with signs; the outputs are taken
 *       from all lines with two orthogonal sign patterns, which decorrelates left from right.</li>
 * </ul>
 *
 * Changes of size, decay and damping glide over {@link #GLIDE_SECONDS} (the lengths slide like tape, the
 * gains and poles move linearly), so none clicks.
 */
public final class FeedbackDelayNetwork {
    public static final int LINES = 16;
    /** Line lengths in ms at size 1: geometric from 15 to 55 ms, each nudged so no two ratios repeat. */
    private static final double[] LENGTH_MS = {
        15.0, 16.6, 18.1, 19.9, 21.8, 23.7, 26.1, 28.4, 31.0, 33.9, 37.1, 40.3, 44.2, 47.9, 52.4, 55.0};
    /** Order in which lengths are given to lines, so neighbours (left/right input pairs) differ in length. */
    private static final int[] LENGTH_ORDER = {0, 8, 4, 12, 2, 10, 6, 14, 1, 9, 5, 13, 3, 11, 7, 15};
    private static final double MOD_DEPTH_MS = 0.2;
    private static final double SLOWEST_MOD_HZ = 0.13;
    private static final double FASTEST_MOD_HZ = 0.97;
    /** Input signs per line (even lines take the left input, odd lines the right). */
    private static final double[] INPUT_SIGN = {1, 1, -1, 1, 1, -1, -1, -1, 1, -1, 1, 1, -1, 1, -1, -1};
    /** Output tap signs; orthogonal to each other (their dot product is 0). */
    static final double[] LEFT_TAP = {1, -1, 1, 1, -1, 1, 1, -1, 1, 1, -1, -1, 1, -1, -1, -1};
    static final double[] RIGHT_TAP = {1, 1, -1, 1, 1, 1, -1, -1, -1, 1, 1, -1, -1, -1, 1, -1};
    /**
     * Input and output scaling: at size 50 % and a 1.5 s decay the impulse response holds energy 0.39 per
     * channel (white noise comes out 4 dB down). Like a real room the level grows with the decay and falls
     * with the size (the diffuse field's energy goes as T60 / volume).
     */
    private static final double INPUT_GAIN = 0.25;
    private static final double OUTPUT_GAIN = 0.25;
    public static final double GLIDE_SECONDS = 0.1;
    private static final float TINY = 1e-30f;
    /** The modulated read points are updated every this many samples (counted from reset, not per block). */
    static final int MOD_GRID = 16;

    private float[] lines = new float[0];
    private int stride;
    private int mask;
    private int write;
    private double sampleRate;
    private double modDepth;

    private final double[] length = new double[LINES];
    private final double[] lengthFrom = new double[LINES];
    private final double[] lengthTo = new double[LINES];
    /** The one-pole's input gain g (1 - b) and pole b (see {@link JotAbsorption}). */
    private final double[] gain = new double[LINES];
    private final double[] gainFrom = new double[LINES];
    private final double[] gainTo = new double[LINES];
    private final double[] pole = new double[LINES];
    private final double[] poleFrom = new double[LINES];
    private final double[] poleTo = new double[LINES];
    private final SmoothedValue glide = new SmoothedValue(1);

    private final double[] phase = new double[LINES];
    private final double[] phaseStep = new double[LINES];
    private final double[] allpassState = new double[LINES];
    private final double[] absorbState = new double[LINES];
    private final double[] mixed = new double[LINES];
    /** The read points held between grid updates: whole delay and all-pass coefficient per line. */
    private final int[] readWhole = new int[LINES];
    private final double[] readCoefficient = new double[LINES];
    /** Samples left in the current modulation grid segment (0: update at the next sample). */
    private int gridCountdown;

    /** Allocates the lines for the largest size at {@code sampleRate}; clears everything. */
    public void prepare(double sampleRate) {
        this.sampleRate = sampleRate;
        modDepth = MOD_DEPTH_MS * sampleRate / 1000;
        double longest = LENGTH_MS[LINES - 1] * sampleRate / 1000 + modDepth + 4;
        stride = Integer.highestOneBit((int) Math.ceil(longest)) << 1;
        mask = stride - 1;
        lines = new float[LINES * stride];
        glide.prepare(sampleRate, GLIDE_SECONDS);
        for (int i = 0; i < LINES; i++) {
            double rate = SLOWEST_MOD_HZ * Math.pow(FASTEST_MOD_HZ / SLOWEST_MOD_HZ, i / (LINES - 1.0));
            phaseStep[LENGTH_ORDER[i]] = rate / sampleRate;
        }
        reset();
    }

    /** Empties the lines and filters and restarts the LFOs; any glide ends at its target. */
    public void reset() {
        Arrays.fill(lines, 0f);
        Arrays.fill(allpassState, 0);
        Arrays.fill(absorbState, 0);
        write = 0;
        gridCountdown = 0;
        for (int i = 0; i < LINES; i++) {
            phase[i] = i / (double) LINES;
        }
        endGlide();
    }

    /**
     * Sets size (a factor on the line lengths, at most 1), RT60 in seconds and the damping frequency
     * ({@code dampingHz >= dampingOffHz} turns damping off). {@code immediately} skips the glide.
     */
    public void setShape(double size, double rt60Seconds, double dampingHz, double dampingOffHz,
                         boolean immediately) {
        int previous = 0;
        for (int k = 0; k < LINES; k++) {
            int i = LENGTH_ORDER[k];
            double target = Math.min(1, size) * LENGTH_MS[k] * sampleRate / 1000;
            int samples = nextPrime(Math.max(previous + 1, (int) Math.round(Math.max(target, modDepth + 3))));
            previous = samples;
            double g = JotAbsorption.lineGain(samples, rt60Seconds, sampleRate);
            double b = JotAbsorption.dampingPole(g, dampingHz, dampingOffHz, sampleRate);
            lengthTo[i] = samples;
            gainTo[i] = g * (1 - b);
            poleTo[i] = b;
        }
        if (immediately) {
            endGlide();
            return;
        }
        System.arraycopy(length, 0, lengthFrom, 0, LINES);
        System.arraycopy(gain, 0, gainFrom, 0, LINES);
        System.arraycopy(pole, 0, poleFrom, 0, LINES);
        glide.setImmediate(0);
        glide.setTarget(1);
    }

    private void endGlide() {
        glide.setImmediate(1);
        System.arraycopy(lengthTo, 0, length, 0, LINES);
        System.arraycopy(gainTo, 0, gain, 0, LINES);
        System.arraycopy(poleTo, 0, pole, 0, LINES);
    }

    private void glideStep() {
        double t = glide.next();
        if (!glide.isSmoothing()) {
            endGlide();
            return;
        }
        for (int i = 0; i < LINES; i++) {
            length[i] = lengthFrom[i] + (lengthTo[i] - lengthFrom[i]) * t;
            gain[i] = gainFrom[i] + (gainTo[i] - gainFrom[i]) * t;
            pole[i] = poleFrom[i] + (poleTo[i] - poleFrom[i]) * t;
        }
    }

    /** Runs the network over {@code [0, frames)} of {@code inL}/{@code inR}; writes the tail to outL/outR. */
    public void process(float[] inL, float[] inR, float[] outL, float[] outR, int frames) {
        float[] buf = lines;
        double[] v = mixed;
        int m = mask;
        int w = write;
        for (int n = 0; n < frames; n++) {
            boolean gliding = glide.isSmoothing();
            if (gliding) {
                glideStep();
            }
            if (gridCountdown == 0) {
                gridCountdown = MOD_GRID;
                modulate(0);
            } else if (gliding) {  // lengths slide every sample (like tape), so the read points follow each one
                modulate(MOD_GRID - gridCountdown);
            }
            if (--gridCountdown == 0) {
                advancePhases();
            }
            double left = 0;
            double right = 0;
            for (int i = 0; i < LINES; i++) {
                int whole = readWhole[i];
                int base = i * stride;
                double x0 = buf[base + ((w - whole) & m)];
                double x1 = buf[base + ((w - whole - 1) & m)];
                double y = readCoefficient[i] * (x0 - allpassState[i]) + x1;
                allpassState[i] = y;
                double s = gain[i] * y + pole[i] * absorbState[i];
                absorbState[i] = s;
                v[i] = s;
                left += LEFT_TAP[i] * s;
                right += RIGHT_TAP[i] * s;
            }
            outL[n] = (float) (OUTPUT_GAIN * left);
            outR[n] = (float) (OUTPUT_GAIN * right);
            hadamard16(v);
            double l = INPUT_GAIN * inL[n];
            double r = INPUT_GAIN * inR[n];
            for (int i = 0; i < LINES; i += 2) {
                buf[i * stride + w] = flush(0.25 * v[i] + INPUT_SIGN[i] * l);
                buf[(i + 1) * stride + w] = flush(0.25 * v[i + 1] + INPUT_SIGN[i + 1] * r);
            }
            w = (w + 1) & m;
        }
        write = w;
        for (int i = 0; i < LINES; i++) {
            if (Math.abs(allpassState[i]) < TINY) {
                allpassState[i] = 0;
            }
            if (Math.abs(absorbState[i]) < TINY) {
                absorbState[i] = 0;
            }
        }
    }

    /**
     * Each line's modulated read point for the sample {@code k} samples into the current grid segment:
     * the whole delay and the all-pass coefficient of the fraction. The LFO moves a read point by at most
     * 0.002 samples per sample, so between grid points (every {@link #MOD_GRID} samples) it is held: the
     * steps (under 0.03 samples) are far below what the all-pass interpolation smooths anyway.
     */
    private void modulate(int k) {
        for (int i = 0; i < LINES; i++) {
            // LFO: parabolic sine of the phase, 4 x (1 - |x|) for x = 2 phase - 1 in [-1, 1)
            double ph = phase[i] + (k + 1) * phaseStep[i];
            if (ph >= 1) {
                ph -= 1;
            }
            double x = 2 * ph - 1;
            double delay = length[i] + modDepth * 4 * x * (1 - Math.abs(x));
            // first-order all-pass interpolation; the fraction kept in [0.5, 1.5) keeps the pole small
            int whole = (int) (delay - 0.5);
            double fraction = delay - whole;
            readWhole[i] = whole;
            readCoefficient[i] = (1 - fraction) / (1 + fraction);
        }
    }

    /** Moves every LFO on by one grid segment. */
    private void advancePhases() {
        for (int i = 0; i < LINES; i++) {
            double ph = phase[i] + MOD_GRID * phaseStep[i];
            phase[i] = ph >= 1 ? ph - 1 : ph;
        }
    }

    /**
     * In-place unnormalised Walsh-Hadamard transform of 16 values: 4 stages of 8 butterflies, written out
     * in full on locals (the JIT keeps them in registers: no index arithmetic, no bounds checks, no store
     * and reload between stages). Same butterflies in the same order as the textbook loop.
     */
    private static void hadamard16(double[] v) {
        double a0 = v[0], a1 = v[1], a2 = v[2], a3 = v[3], a4 = v[4], a5 = v[5], a6 = v[6], a7 = v[7];
        double a8 = v[8], a9 = v[9], a10 = v[10], a11 = v[11], a12 = v[12], a13 = v[13], a14 = v[14], a15 = v[15];
        double b0 = a0 + a1, b1 = a0 - a1, b2 = a2 + a3, b3 = a2 - a3, b4 = a4 + a5, b5 = a4 - a5, b6 = a6 + a7, b7 = a6 - a7;
        double b8 = a8 + a9, b9 = a8 - a9, b10 = a10 + a11, b11 = a10 - a11, b12 = a12 + a13, b13 = a12 - a13, b14 = a14 + a15, b15 = a14 - a15;
        a0 = b0 + b2; a2 = b0 - b2; a1 = b1 + b3; a3 = b1 - b3;
        a4 = b4 + b6; a6 = b4 - b6; a5 = b5 + b7; a7 = b5 - b7;
        a8 = b8 + b10; a10 = b8 - b10; a9 = b9 + b11; a11 = b9 - b11;
        a12 = b12 + b14; a14 = b12 - b14; a13 = b13 + b15; a15 = b13 - b15;
        b0 = a0 + a4; b4 = a0 - a4; b1 = a1 + a5; b5 = a1 - a5;
        b2 = a2 + a6; b6 = a2 - a6; b3 = a3 + a7; b7 = a3 - a7;
        b8 = a8 + a12; b12 = a8 - a12; b9 = a9 + a13; b13 = a9 - a13;
        b10 = a10 + a14; b14 = a10 - a14; b11 = a11 + a15; b15 = a11 - a15;
        a0 = b0 + b8; a8 = b0 - b8; a1 = b1 + b9; a9 = b1 - b9;
        a2 = b2 + b10; a10 = b2 - b10; a3 = b3 + b11; a11 = b3 - b11;
        a4 = b4 + b12; a12 = b4 - b12; a5 = b5 + b13; a13 = b5 - b13;
        a6 = b6 + b14; a14 = b6 - b14; a7 = b7 + b15; a15 = b7 - b15;
        v[0] = a0; v[1] = a1; v[2] = a2; v[3] = a3; v[4] = a4; v[5] = a5; v[6] = a6; v[7] = a7;
        v[8] = a8; v[9] = a9; v[10] = a10; v[11] = a11; v[12] = a12; v[13] = a13; v[14] = a14; v[15] = a15;
    }

    private static float flush(double x) {
        return Math.abs(x) < TINY ? 0f : (float) x;
    }

    /** The smallest prime not below {@code n} (trial division; lengths are a few thousand samples). */
    static int nextPrime(int n) {
        for (int candidate = Math.max(2, n); ; candidate++) {
            if (isPrime(candidate)) {
                return candidate;
            }
        }
    }

    private static boolean isPrime(int n) {
        if (n < 4) {
            return n >= 2;
        }
        if (n % 2 == 0) {
            return false;
        }
        for (int d = 3; (long) d * d <= n; d += 2) {
            if (n % d == 0) {
                return false;
            }
        }
        return true;
    }

    /** The current (settled) line lengths in samples; a copy, for tests and the tail estimate. */
    public double[] lineLengths() {
        return lengthTo.clone();
    }

    /** The longest settled line in samples. */
    public double longestLine() {
        double max = 0;
        for (double l : lengthTo) {
            max = Math.max(max, l);
        }
        return max;
    }

    /** The largest magnitude held in any line or filter (tests use it to prove silence reaches 0). */
    public double stateMagnitude() {
        double max = 0;
        for (float x : lines) {
            max = Math.max(max, Math.abs(x));
        }
        for (int i = 0; i < LINES; i++) {
            max = Math.max(max, Math.max(Math.abs(allpassState[i]), Math.abs(absorbState[i])));
        }
        return max;
    }
}
