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
    /** The most samples processed stage by stage (see {@link #process}). */
    private static final int CHUNK = 256;

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
    /** Per chunk: each line's output (then, after the Hadamard mix, its feedback), and the two output sums. */
    private final double[][] chunkLines = new double[LINES][CHUNK];
    private final double[] chunkLeft = new double[CHUNK];
    private final double[] chunkRight = new double[CHUNK];
    /** A chunk of one input channel in double precision. */
    private final double[] inputScratch = new double[CHUNK];
    /** Four lines' read spans, unwrapped (see {@link #span}). */
    private final float[][] readSpans = new float[4][CHUNK + 1];
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

    /**
     * Runs the network over {@code [0, frames)} of {@code inL}/{@code inR}; writes the tail to outL/outR.
     *
     * <p>Work goes in chunks of up to {@link #CHUNK} samples, each stage over the whole chunk: first every
     * line is read (the all-pass interpolation and the absorption, four lines side by side), then the output
     * taps, then the Hadamard mix, then the writes. No read point reaches back less than a chunk, so every
     * sample a chunk reads was written before it began. The operations per sample are the same and in the
     * same order as one sample at a time, so the output is the same bit for bit (except that a line's chunk
     * is flushed to zero only when all of it has died away below 1e-30, not sample by sample); but the taps,
     * the mix and the writes become long loops the JIT vectorises, and four independent recursions keep
     * the core busy where one would wait on its own feedback. While a size change glides the read points
     * move every sample, and the chunks are one sample long.
     */
    public void process(float[] inL, float[] inR, float[] outL, float[] outR, int frames) {
        int n = 0;
        while (n < frames) {
            int chunk;
            if (glide.isSmoothing()) {
                glideStep();
                if (gridCountdown == 0) {
                    gridCountdown = MOD_GRID;
                    modulate(0);
                } else {  // lengths slide every sample (like tape), so the read points follow each one
                    modulate(MOD_GRID - gridCountdown);
                }
                chunk = 1;
                readLines(0, 1);
                countDownGrid(1);
            } else {
                chunk = Math.min(frames - n, Math.min(CHUNK, safeChunk()));
                for (int k = 0; k < chunk; ) {
                    if (gridCountdown == 0) {
                        gridCountdown = MOD_GRID;
                        modulate(0);
                    }
                    int segment = Math.min(chunk - k, gridCountdown);
                    readLines(k, segment);
                    countDownGrid(segment);
                    k += segment;
                }
            }
            mixAndWrite(inL, inR, outL, outR, n, chunk);
            n += chunk;
        }
        for (int i = 0; i < LINES; i++) {
            if (Math.abs(allpassState[i]) < TINY) {
                allpassState[i] = 0;
            }
            if (Math.abs(absorbState[i]) < TINY) {
                absorbState[i] = 0;
            }
        }
    }

    private void countDownGrid(int samples) {
        gridCountdown -= samples;
        if (gridCountdown == 0) {
            advancePhases();
        }
    }

    /**
     * The longest chunk that reads only samples written before it: the shortest read delay the LFO can
     * reach ({@code length - modDepth}, less the all-pass's extra sample and the rounding in {@link #modulate}).
     */
    private int safeChunk() {
        double shortest = Double.MAX_VALUE;
        for (int i = 0; i < LINES; i++) {
            shortest = Math.min(shortest, length[i]);
        }
        return Math.max(1, (int) (shortest - modDepth) - 2);
    }

    /**
     * Reads every line for chunk samples {@code [from, from + count)} at the current read points: all-pass
     * interpolation, then the line's absorption one-pole, into {@link #chunkLines}. Four lines at a time, so
     * four independent recursions run side by side.
     */
    private void readLines(int from, int count) {
        int w = write + from;
        double[][] v = chunkLines;
        for (int i = 0; i < LINES; i += 4) {
            double[] o0 = v[i], o1 = v[i + 1], o2 = v[i + 2], o3 = v[i + 3];
            // a line's samples straight from its ring, or unwrapped into a span where they wrap around
            int s0 = readStart(i, w, count), s1 = readStart(i + 1, w, count);
            int s2 = readStart(i + 2, w, count), s3 = readStart(i + 3, w, count);
            float[] x0 = s0 >= 0 ? lines : span(i, w, count, readSpans[0]);
            float[] x1 = s1 >= 0 ? lines : span(i + 1, w, count, readSpans[1]);
            float[] x2 = s2 >= 0 ? lines : span(i + 2, w, count, readSpans[2]);
            float[] x3 = s3 >= 0 ? lines : span(i + 3, w, count, readSpans[3]);
            int j0 = Math.max(0, s0), j1 = Math.max(0, s1), j2 = Math.max(0, s2), j3 = Math.max(0, s3);
            double c0 = readCoefficient[i], c1 = readCoefficient[i + 1];
            double c2 = readCoefficient[i + 2], c3 = readCoefficient[i + 3];
            double g0 = gain[i], g1 = gain[i + 1], g2 = gain[i + 2], g3 = gain[i + 3];
            double p0 = pole[i], p1 = pole[i + 1], p2 = pole[i + 2], p3 = pole[i + 3];
            double ap0 = allpassState[i], ap1 = allpassState[i + 1];
            double ap2 = allpassState[i + 2], ap3 = allpassState[i + 3];
            double ab0 = absorbState[i], ab1 = absorbState[i + 1];
            double ab2 = absorbState[i + 2], ab3 = absorbState[i + 3];
            for (int k = 0; k < count; k++) {
                ap0 = c0 * (x0[j0 + k + 1] - ap0) + x0[j0 + k];
                ap1 = c1 * (x1[j1 + k + 1] - ap1) + x1[j1 + k];
                ap2 = c2 * (x2[j2 + k + 1] - ap2) + x2[j2 + k];
                ap3 = c3 * (x3[j3 + k + 1] - ap3) + x3[j3 + k];
                ab0 = g0 * ap0 + p0 * ab0;
                ab1 = g1 * ap1 + p1 * ab1;
                ab2 = g2 * ap2 + p2 * ab2;
                ab3 = g3 * ap3 + p3 * ab3;
                o0[from + k] = ab0;
                o1[from + k] = ab1;
                o2[from + k] = ab2;
                o3[from + k] = ab3;
            }
            allpassState[i] = ap0;
            allpassState[i + 1] = ap1;
            allpassState[i + 2] = ap2;
            allpassState[i + 3] = ap3;
            absorbState[i] = ab0;
            absorbState[i + 1] = ab1;
            absorbState[i + 2] = ab2;
            absorbState[i + 3] = ab3;
        }
    }

    /**
     * Where in {@link #lines} line {@code i}'s {@code count + 1} read samples (see {@link #span}) start, or -1
     * when they wrap around the end of its ring.
     */
    private int readStart(int i, int w, int count) {
        int start = (w - readWhole[i] - 1) & mask;
        return start + count + 1 <= stride ? i * stride + start : -1;
    }

    /**
     * Copies the {@code count + 1} samples line {@code i} is read from over the next {@code count} samples
     * (from the one before the first read point) into {@code span}, unwrapped from the ring, so the read
     * loop indexes straight arrays.
     */
    private float[] span(int i, int w, int count, float[] span) {
        int start = (w - readWhole[i] - 1) & mask;
        int first = Math.min(count + 1, stride - start);
        System.arraycopy(lines, i * stride + start, span, 0, first);
        System.arraycopy(lines, i * stride, span, first, count + 1 - first);
        return span;
    }

    /**
     * The chunk's output taps, then the Hadamard mix of the lines, then their writes with the new input, in
     * two passes of four lines each (see {@link #tapsAndFirstStages} and {@link #lastStagesAndWrite}): every
     * value gets the same operations in the same order as tap by tap and stage by stage, with half the trips
     * through memory.
     */
    private void mixAndWrite(float[] inL, float[] inR, float[] outL, float[] outR, int offset, int frames) {
        double[] left = chunkLeft;
        double[] right = chunkRight;
        for (int k = 0; k < frames; k++) {
            left[k] = 0;
            right[k] = 0;
        }
        for (int q = 0; q < LINES; q += 4) {  // groups in line order: the taps are summed in line order
            tapsAndFirstStages(q, frames);
        }
        for (int k = 0; k < frames; k++) {
            outL[offset + k] = (float) (OUTPUT_GAIN * left[k]);
            outR[offset + k] = (float) (OUTPUT_GAIN * right[k]);
        }
        int w = write;
        for (int j = 0; j < 4; j++) {
            lastStagesAndWrite(j, (j & 1) == 0 ? inL : inR, offset, frames);
        }
        write = (w + frames) & mask;
    }

    /**
     * Lines {@code q .. q + 3}: adds their output taps to {@link #chunkLeft}/{@link #chunkRight}, then runs the
     * Hadamard butterflies of stride 1 and 2 among them (the first two of the four stages of the
     * unnormalised 16-point Walsh-Hadamard transform; {@link #lastStagesAndWrite} runs the other two). Three
     * short loops rather than one: C2 (Java 17) vectorises a loop only when its body is small, and the three
     * jobs in one loop ran scalar, twice as slow.
     */
    private void tapsAndFirstStages(int q, int frames) {
        double[] a = chunkLines[q], b = chunkLines[q + 1], c = chunkLines[q + 2], d = chunkLines[q + 3];
        addTaps(chunkLeft, a, b, c, d, LEFT_TAP[q], LEFT_TAP[q + 1], LEFT_TAP[q + 2], LEFT_TAP[q + 3], frames);
        addTaps(chunkRight, a, b, c, d, RIGHT_TAP[q], RIGHT_TAP[q + 1], RIGHT_TAP[q + 2], RIGHT_TAP[q + 3], frames);
        for (int k = 0; k < frames; k++) {
            double xa = a[k], xb = b[k], xc = c[k], xd = d[k];
            double sab = xa + xb, dab = xa - xb, scd = xc + xd, dcd = xc - xd;
            a[k] = sab + scd;
            c[k] = sab - scd;
            b[k] = dab + dcd;
            d[k] = dab - dcd;
        }
    }

    /** {@code sum += ta a + tb b + tc c + td d}, sample by sample (in that order). */
    private static void addTaps(double[] sum, double[] a, double[] b, double[] c, double[] d, double ta, double tb,
                                double tc, double td, int frames) {
        for (int k = 0; k < frames; k++) {
            sum[k] = sum[k] + ta * a[k] + tb * b[k] + tc * c[k] + td * d[k];
        }
    }

    /**
     * Lines {@code j, j + 4, j + 8, j + 12} (all fed by the same input channel): the Hadamard butterflies of
     * stride 4 and 8 among them, the scaling and the new input, then the writes into the lines. A line whose
     * chunk has died away below 1e-30 gets exact zeros instead (never denormals). Short loops (see
     * {@link #tapsAndFirstStages}); the sums and differences of the first loop are exact to store, so every
     * value gets the same operations as in one loop.
     */
    private void lastStagesAndWrite(int j, float[] input, int offset, int frames) {
        double[] a = chunkLines[j], b = chunkLines[j + 4], c = chunkLines[j + 8], d = chunkLines[j + 12];
        // exact: +-1 times a power of two
        double sa = INPUT_SIGN[j] * INPUT_GAIN, sb = INPUT_SIGN[j + 4] * INPUT_GAIN;
        double sc = INPUT_SIGN[j + 8] * INPUT_GAIN, sd = INPUT_SIGN[j + 12] * INPUT_GAIN;
        for (int k = 0; k < frames; k++) {  // stride 4: a, b <- a + b, a - b; c, d <- c + d, c - d
            double xa = a[k], xb = b[k], xc = c[k], xd = d[k];
            a[k] = xa + xb;
            b[k] = xa - xb;
            c[k] = xc + xd;
            d[k] = xc - xd;
        }
        double[] in = inputScratch;
        for (int k = 0; k < frames; k++) {
            in[k] = input[offset + k];
        }
        finalStage(a, c, sa, sc, in, frames);  // stride 8, scaled, plus the input
        finalStage(b, d, sb, sd, in, frames);
        writeLine(a, j, frames);
        writeLine(b, j + 4, frames);
        writeLine(c, j + 8, frames);
        writeLine(d, j + 12, frames);
    }

    /** {@code lo, hi <- 0.25 (lo + hi) + sLo in, 0.25 (lo - hi) + sHi in}. */
    private static void finalStage(double[] lo, double[] hi, double sLo, double sHi, double[] in, int frames) {
        for (int k = 0; k < frames; k++) {
            double x = lo[k], y = hi[k], v = in[k];
            lo[k] = 0.25 * (x + y) + sLo * v;
            hi[k] = 0.25 * (x - y) + sHi * v;
        }
    }

    /**
     * Writes line {@code i}'s new chunk into its ring at the write position (to the ring's end, then from its
     * start), or exact zeros if all of it is below 1e-30.
     */
    private void writeLine(double[] chunk, int i, int frames) {
        int base = i * stride;
        int first = Math.min(frames, stride - write);
        float[] buf = lines;
        if (belowTiny(chunk, frames)) {
            Arrays.fill(buf, base + write, base + write + first, 0f);
            Arrays.fill(buf, base, base + frames - first, 0f);
            return;
        }
        int at = base + write;
        for (int k = 0; k < first; k++) {
            buf[at + k] = (float) chunk[k];
        }
        at = base - first;
        for (int k = first; k < frames; k++) {
            buf[at + k] = (float) chunk[k];
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
     * Whether every value is below {@link #TINY}: then the chunk is written as exact silence (a decaying
     * line would otherwise sink into denormals, which are slow). Returns at the first audible value, so
     * in normal operation it looks at one sample.
     */
    private static boolean belowTiny(double[] values, int count) {
        for (int k = 0; k < count; k++) {
            if (Math.abs(values[k]) >= TINY) {
                return false;
            }
        }
        return true;
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
