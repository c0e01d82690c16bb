package org.mixdown.dsp;

/**
 * Oversampling by 1, 2, 4 or 8 through cascaded linear-phase half-band FIR stages in polyphase form
 * (each stage doubles or halves the rate; the zero taps of a half-band are never computed). One instance
 * serves one channel: {@link #up} turns a block at the base rate into {@code factor} times as many
 * samples, {@link #down} turns them back. Buffers are allocated in the constructor; up and down allocate
 * nothing.
 *
 * <p>Design: Kaiser-windowed sinc half-bands with the pass band up to {@link #PASSBAND} of the base rate
 * (20.6 kHz at 48 kHz) and the images / aliases that would land in it rejected by at least 80 dB
 * (lengths and Kaiser betas below were chosen by measuring the designed response). The innermost
 * stage's transition can be wide because the outer stages have already band-limited the signal.
 *
 * <p>Latency: up followed by down is a pure delay of {@link #latencySamples()} base-rate samples in the
 * pass band, an integer at every factor: each stage picks the decimation phase that makes its own delay
 * whole (see {@link #delayOf}).
 */
public final class Oversampler {
    /** The pass band edge as a fraction of the base sample rate. */
    public static final double PASSBAND = 0.43;
    /** The factors offered. */
    public static final int[] FACTORS = {1, 2, 4, 8};

    /** Per stage (outermost first): K, giving 4K - 1 taps, and the Kaiser beta; >= 80 dB stop band each. */
    private static final int[] STAGE_K = {19, 6, 4};
    private static final double[] STAGE_BETA = {8.0, 8.25, 7.25};
    /** Per stage: the 2K non-centre taps h[0], h[2], ..., h[4K - 2] (the centre tap is 0.5). */
    private static final double[][] STAGE_TAPS = new double[STAGE_K.length][];

    static {
        for (int s = 0; s < STAGE_K.length; s++) {
            STAGE_TAPS[s] = design(STAGE_K[s], STAGE_BETA[s]);
        }
    }

    private final int factor;
    private final int maxBlockSize;
    private final HalfBand[] stages;
    /** Intermediate buffers between stages: rate 2x, 4x (the outermost-in order). */
    private final float[][] intermediate;
    private final int latency;

    /**
     * @param factor       1, 2, 4 or 8
     * @param maxBlockSize the largest base-rate block {@link #up} and {@link #down} will be given
     */
    public Oversampler(int factor, int maxBlockSize) {
        int stageCount = stagesFor(factor);
        if (maxBlockSize < 1) {
            throw new IllegalArgumentException("max block size must be at least 1, not " + maxBlockSize);
        }
        this.factor = factor;
        this.maxBlockSize = maxBlockSize;
        this.stages = new HalfBand[stageCount];
        int[] phases = new int[stageCount];
        this.latency = delayOf(stageCount, phases);
        for (int s = 0; s < stageCount; s++) {
            stages[s] = new HalfBand(STAGE_TAPS[s], STAGE_K[s], phases[s], maxBlockSize << s);
        }
        this.intermediate = new float[Math.max(0, stageCount - 1)][];
        for (int s = 0; s < stageCount - 1; s++) {
            intermediate[s] = new float[maxBlockSize << (s + 1)];
        }
    }

    private static int stagesFor(int factor) {
        return switch (factor) {
            case 1 -> 0;
            case 2 -> 1;
            case 4 -> 2;
            case 8 -> 3;
            default -> throw new IllegalArgumentException("oversampling factor must be 1, 2, 4 or 8, not " + factor);
        };
    }

    /**
     * The round-trip delay of a cascade of {@code stageCount} stages in base-rate samples, filling in each
     * stage's decimation phase. From the innermost stage out: a stage of N = 4K - 1 taps around an inner
     * path of delay D (in its high-rate samples) delays by N - 1 + D high-rate samples; taking output
     * phase p = D mod 2 when decimating makes that (N - 1 + D - p) / 2 whole base samples of its own rate.
     */
    private static int delayOf(int stageCount, int[] phases) {
        int inner = 0;
        for (int s = stageCount - 1; s >= 0; s--) {
            int p = inner & 1;
            phases[s] = p;
            inner = (4 * STAGE_K[s] - 2 + inner - p) / 2;
        }
        return inner;
    }

    /** The round-trip latency in base-rate samples for {@code factor} (0 for 1). */
    public static int latencySamples(int factor) {
        int stageCount = stagesFor(factor);
        return delayOf(stageCount, new int[stageCount]);
    }

    /** The largest latency among {@link #FACTORS}: pad every factor to it to switch factors without a jump. */
    public static int maxLatencySamples() {
        int max = 0;
        for (int f : FACTORS) {
            max = Math.max(max, latencySamples(f));
        }
        return max;
    }

    public int factor() {
        return factor;
    }

    public int maxBlockSize() {
        return maxBlockSize;
    }

    /** Round-trip delay (up, then down) in base-rate samples. */
    public int latencySamples() {
        return latency;
    }

    /**
     * Upsamples {@code in[from, to)} into {@code high[0, (to - from) * factor)}.
     */
    public void up(float[] in, int from, int to, float[] high) {
        int frames = to - from;
        checkBlock(frames);
        if (factor == 1) {
            System.arraycopy(in, from, high, 0, frames);
            return;
        }
        float[] source = in;
        int start = from;
        int length = frames;
        for (int s = 0; s < stages.length; s++) {
            float[] target = s == stages.length - 1 ? high : intermediate[s];
            stages[s].up(source, start, start + length, target);
            source = target;
            start = 0;
            length *= 2;
        }
    }

    /**
     * Downsamples {@code high[0, (to - from) * factor)} into {@code out[from, to)}. {@code high} is used
     * as scratch and may be changed.
     */
    public void down(float[] high, float[] out, int from, int to) {
        int frames = to - from;
        checkBlock(frames);
        if (factor == 1) {
            System.arraycopy(high, 0, out, from, frames);
            return;
        }
        float[] source = high;
        int length = frames * factor;
        for (int s = stages.length - 1; s >= 0; s--) {
            length /= 2;
            if (s == 0) {
                stages[s].down(source, out, from, from + length);
            } else {
                float[] target = intermediate[s - 1];
                stages[s].down(source, target, 0, length);
                source = target;
            }
        }
    }

    /**
     * A function applied to the high-rate samples one by one (a waveshaper). {@link #apply} is handed a
     * stretch of them in place: {@code x[offset + i]} for i in [0, count) is the high-rate sample of index
     * {@code first + i * stride} in the block (index j belongs to base-rate frame j / factor), so a shaper
     * that changes over the block can look its setting up; the stretches of one block cover every index once.
     */
    public interface HighRateMap {
        void apply(float[] x, int offset, int count, int first, int stride);
    }

    /**
     * {@code up}, then {@code map} on every high-rate sample, then {@code down}: {@code in[from, to)} into
     * {@code out[outFrom, outFrom + to - from)} (the same arrays may be given; ranges may not overlap unless
     * equal). The result is bit for bit that of {@link #up}, the map over the high block, {@link #down};
     * it is cheaper because the innermost stage hands its two output phases to its own down stage as they
     * are, never interleaving them into one high-rate block and splitting it again.
     */
    public void process(float[] in, int from, int to, float[] out, int outFrom, HighRateMap map) {
        int frames = to - from;
        checkBlock(frames);
        if (factor == 1) {
            System.arraycopy(in, from, out, outFrom, frames);
            map.apply(out, outFrom, frames, 0, 1);
            return;
        }
        // each stage's up writes straight into the next one's input history, each down reads the inner
        // stage's filtered output where it lies: the block is copied only on the way in and out
        int last = stages.length - 1;
        stages[0].load(in, from, frames);
        int length = frames;
        for (int s = 0; s < last; s++) {
            HalfBand next = stages[s + 1];
            stages[s].upLoaded(length, next.upInput, next.length - 1);
            length *= 2;
        }
        float[] y = stages[last].upMapDown(length, map);
        for (int s = last - 1; s >= 0; s--) {
            length /= 2;
            y = stages[s].downToAcc(y, length);
        }
        System.arraycopy(y, 0, out, outFrom, frames);
    }

    private void checkBlock(int frames) {
        if (frames < 0 || frames > maxBlockSize) {
            throw new IllegalArgumentException("block of " + frames + " frames, prepared for " + maxBlockSize);
        }
    }

    /** Clears every filter history. */
    public void reset() {
        for (HalfBand stage : stages) {
            stage.reset();
        }
    }

    /** The largest magnitude held in any filter history (0 after enough silence: FIR state empties exactly). */
    public double stateMagnitude() {
        double max = 0;
        for (HalfBand stage : stages) {
            max = Math.max(max, stage.stateMagnitude());
        }
        return max;
    }

    /** The full impulse response of stage {@code s}'s half-band (for tests and plots). */
    static double[] stageImpulseResponse(int s) {
        int k = STAGE_K[s];
        double[] h = new double[4 * k - 1];
        for (int j = 0; j < 2 * k; j++) {
            h[2 * j] = STAGE_TAPS[s][j];
        }
        h[2 * k - 1] = 0.5;
        return h;
    }

    static int stageCount() {
        return STAGE_K.length;
    }

    /**
     * The 2K non-centre taps of a Kaiser-windowed half-band of 4K - 1 taps (centre c = 2K - 1):
     * {@code h[n] = 0.5 sinc((n - c) / 2) w(n)}, scaled so they sum to exactly 0.5 (unity gain at DC,
     * zero at the high rate's Nyquist).
     */
    private static double[] design(int k, double beta) {
        int c = 2 * k - 1;
        double[] taps = new double[2 * k];
        double sum = 0;
        double i0Beta = besselI0(beta);
        for (int j = 0; j < 2 * k; j++) {
            int m = 2 * j - c;  // odd offset from the centre
            double x = m / 2.0;
            double sinc = Math.sin(Math.PI * x) / (Math.PI * x);
            double r = m / (double) c;
            double window = besselI0(beta * Math.sqrt(Math.max(0, 1 - r * r))) / i0Beta;
            taps[j] = 0.5 * sinc * window;
            sum += taps[j];
        }
        for (int j = 0; j < taps.length; j++) {
            taps[j] *= 0.5 / sum;
        }
        return taps;
    }

    /** The modified Bessel function of the first kind, order 0, by its power series. */
    private static double besselI0(double x) {
        double term = 1;
        double sum = 1;
        double q = x * x / 4;
        for (int k = 1; k < 200 && term > 1e-17 * sum; k++) {
            term *= q / ((double) k * k);
            sum += term;
        }
        return sum;
    }

    /**
     * One polyphase half-band stage between a rate and its double. With h the 4K - 1 taps, centre
     * c = 2K - 1 (tap 0.5) and every other tap zero, the two polyphase branches are the 2K taps h[2j]
     * and a pure delay of the centre tap:
     * <pre>
     *   up:   u[2n] = 2 sum_j h[2j] x[n - j],   u[2n + 1] = x[n - K + 1]
     *   down (phase 0): y[n] = sum_j h[2j] s[2(n - j)]     + 0.5 s[2(n - K) + 1]
     *   down (phase 1): y[n] = sum_j h[2j] s[2(n - j) + 1] + 0.5 s[2(n - K + 1)]
     * </pre>
     * Block-wise for speed: the history (the last 2K - 1 inputs) sits in front of the block in one linear
     * array, and the dot products run over the whole block a few taps at a time ({@code acc[n] += c x[n + m]
     * + ...}), loops the JIT turns into SIMD code (see {@link #fir}). Every output sums its products in the
     * same fixed order whatever the block, so the result does not depend on the block size.
     */
    private static final class HalfBand {
        /** Floats per SIMD vector the offsets of one loop keep aligned to (AVX2: 32 bytes). */
        private static final int LANES = 8;
        /** The most taps one loop of {@link #fir} accumulates (2K = 38 offsets: at most 5 per class). */
        private static final int GROUP = 5;
        private final float[] taps;
        private final int length;  // 2K
        private final int k;
        private final int phase;
        /** [history of length - 1 | block]: the inputs of {@link #up}. */
        private final float[] upInput;
        /** The same for the two input phases of {@link #down}: the filtered branch and the delayed centre. */
        private final float[] branchInput;
        private final float[] centreInput;
        private final float[] acc;
        /** Scratch: the input from one offset on (see {@link #fir}); also the delayed centre branch of down. */
        private final float[] slice;
        /** For {@link HalfBandFir}: shifted[r][n] = x[n + r] for the residue classes r >= 1 (shifted[0] is x). */
        private final float[][] shifted;

        /** {@code maxFrames}: the largest block at this stage's lower rate. */
        HalfBand(double[] taps, int k, int phase, int maxFrames) {
            // float taps and arithmetic: twice the SIMD width of double and half the copying; the rounding
            // (about -140 dB) stays far below the 80 dB the design rejects
            this.taps = new float[taps.length];
            for (int j = 0; j < taps.length; j++) {
                this.taps[j] = (float) taps[j];
            }
            this.length = taps.length;
            this.k = k;
            this.phase = phase;
            this.upInput = new float[length - 1 + maxFrames];
            this.branchInput = new float[length - 1 + maxFrames];
            this.centreInput = new float[length - 1 + maxFrames];
            this.acc = new float[maxFrames];
            this.slice = new float[maxFrames + LANES * (GROUP - 1)];
            this.shifted = new float[LANES][];
            for (int r = 1; r < LANES && HalfBandFir.has(length); r++) {
                shifted[r] = new float[maxFrames + LANES * (classSize(r) - 1)];
            }
        }

        /** The number of tap offsets m < 2K with m mod LANES = r. */
        private int classSize(int r) {
            return (length - 1 - r) / LANES + 1;
        }

        void up(float[] in, int from, int to, float[] out) {
            int frames = to - from;
            load(in, from, frames);
            upLoaded(frames, out, 0);
        }

        /** Puts a block of up's input behind the history in {@link #upInput}. */
        void load(float[] in, int from, int frames) {
            System.arraycopy(in, from, upInput, length - 1, frames);
        }

        /** {@link #up} of the block already {@link #load}ed, into {@code out[outFrom, outFrom + 2 frames)}. */
        void upLoaded(int frames, float[] out, int outFrom) {
            int h = length - 1;
            float[] x = upInput;
            fir(x, frames);
            float[] a = acc;
            for (int n = 0, o = outFrom; n < frames; n++) {
                out[o++] = 2 * a[n];
                out[o++] = x[n + k];  // x[n - K + 1]: the centre tap's branch
            }
            System.arraycopy(x, frames, x, 0, h);  // keep the last 2K - 1 inputs
        }

        /**
         * {@link #up} of the block already {@link #load}ed, {@code map} on its output, {@link #down}; returns
         * {@link #acc}, holding the {@code frames} results. The up's two output phases go straight into the
         * down's two input histories (each phase a contiguous run: no interleaving).
         */
        float[] upMapDown(int frames, HighRateMap map) {
            int h = length - 1;
            float[] x = upInput;
            fir(x, frames);
            float[] a = acc;
            for (int n = 0; n < frames; n++) {
                a[n] = 2 * a[n];
            }
            // the up's output 2n (filtered) and 2n + 1 (the centre tap) feed the down's branch of that parity
            float[] even = phase == 0 ? branchInput : centreInput;
            float[] odd = phase == 0 ? centreInput : branchInput;
            System.arraycopy(a, 0, even, h, frames);
            System.arraycopy(x, k, odd, h, frames);
            System.arraycopy(x, frames, x, 0, h);
            map.apply(even, h, frames, 0, 2);
            map.apply(odd, h, frames, 1, 2);
            return filterDown(frames);
        }

        void down(float[] in, float[] out, int from, int to) {
            int frames = to - from;
            System.arraycopy(downToAcc(in, frames), 0, out, from, frames);
        }

        /** {@link #down} of {@code in[0, 2 frames)}, the result left in (and returned as) {@link #acc}. */
        float[] downToAcc(float[] in, int frames) {
            int h = length - 1;
            float[] b = branchInput;
            float[] c = centreInput;
            int branchPhase = phase;
            int centrePhase = 1 - phase;
            for (int i = 0; i < frames; i++) {
                b[h + i] = in[2 * i + branchPhase];
                c[h + i] = in[2 * i + centrePhase];
            }
            return filterDown(frames);
        }

        /** The down's filtering of the block already in the input histories, into (and returning) {@link #acc}. */
        private float[] filterDown(int frames) {
            int h = length - 1;
            float[] b = branchInput;
            float[] c = centreInput;
            fir(b, frames);
            float[] a = acc;
            int centre = h - (phase == 0 ? k : k - 1);
            float[] delayed = slice;  // free again after the FIR: the centre branch without an offset index
            System.arraycopy(c, centre, delayed, 0, frames);
            // in place and without an offset, so the loop vectorises; the copy out is System.arraycopy
            for (int n = 0; n < frames; n++) {
                a[n] += 0.5f * delayed[n];
            }
            System.arraycopy(b, frames, b, 0, h);
            System.arraycopy(c, frames, c, 0, h);
            return a;
        }

        /**
         * acc[n] = sum_j h[2j] x[n - j] for the block's n, x in [history | block] form: the sum over the
         * offsets m in [0, 2K) of {@code taps[m] x[n + m]}.
         *
         * <p>Why this shape: C2 (Java 17) turns a loop into SIMD code only if every float access in it has
         * the same alignment relative to the vector ({@link #LANES} floats), and not at all if an index has a
         * variable offset ({@code x[n + m]}, m a variable). So the offsets are taken by residue class
         * r = m mod LANES: one copy of x from r on ({@code slice[n] = x[n + r]}; r = 0 reads x itself), and one
         * loop accumulates that class's taps at the constant offsets 0, LANES, 2 LANES ... of it: LANES
         * copies and loops per call, where one copy pair and loop per tap pair ran 4K copies and 2K loops
         * (the copies dominated a 64-frame block). Per output the order of the sums is fixed: class by
         * class, and within a class by offset. For the three designs of {@link #STAGE_K} the same sums run in
         * {@link HalfBandFir}, several classes to a loop (fewer passes over the block, no clearing pass).
         */
        private void fir(float[] x, int frames) {
            float[] a = acc;
            float[] c = taps;
            int taps = c.length;
            if (HalfBandFir.has(taps)) {  // the same sums in one loop (see HalfBandFir)
                float[][] sh = shifted;
                sh[0] = x;
                for (int r = 1; r < LANES; r++) {
                    System.arraycopy(x, r, sh[r], 0, frames + LANES * (classSize(r) - 1));
                }
                HalfBandFir.fir(a, c, sh, frames);
                return;
            }
            java.util.Arrays.fill(a, 0, frames, 0f);
            for (int r = 0; r < Math.min(LANES, taps); r++) {
                for (int m = r; m < taps; m += LANES * GROUP) {
                    int count = Math.min(GROUP, (taps - 1 - m) / LANES + 1);  // offsets m, m + LANES, ... in this pass
                    float[] s = x;
                    if (m != 0) {
                        System.arraycopy(x, m, slice, 0, frames + LANES * (count - 1));
                        s = slice;
                    }
                    accumulate(a, s, c, m, count, frames);
                }
            }
        }

        /**
         * a[n] += c[m] s[n] + c[m + LANES] s[n + LANES] + ... ({@code count} terms, in that order). One small
         * method per count, so each loop is compiled (and vectorised) on its own whatever C2 inlines around it.
         */
        private static void accumulate(float[] a, float[] s, float[] c, int m, int count, int frames) {
            switch (count) {
                case 1 -> accumulate1(a, s, c[m], frames);
                case 2 -> accumulate2(a, s, c[m], c[m + LANES], frames);
                case 3 -> accumulate3(a, s, c[m], c[m + LANES], c[m + 2 * LANES], frames);
                case 4 -> accumulate4(a, s, c[m], c[m + LANES], c[m + 2 * LANES], c[m + 3 * LANES], frames);
                default -> accumulate5(a, s, c[m], c[m + LANES], c[m + 2 * LANES], c[m + 3 * LANES],
                        c[m + 4 * LANES], frames);
            }
        }

        private static void accumulate1(float[] a, float[] s, float c0, int frames) {
            for (int n = 0; n < frames; n++) {
                a[n] += c0 * s[n];
            }
        }

        private static void accumulate2(float[] a, float[] s, float c0, float c1, int frames) {
            for (int n = 0; n < frames; n++) {
                float y = a[n];
                y += c0 * s[n];
                y += c1 * s[n + LANES];
                a[n] = y;
            }
        }

        private static void accumulate3(float[] a, float[] s, float c0, float c1, float c2, int frames) {
            for (int n = 0; n < frames; n++) {
                float y = a[n];
                y += c0 * s[n];
                y += c1 * s[n + LANES];
                y += c2 * s[n + 2 * LANES];
                a[n] = y;
            }
        }

        private static void accumulate4(float[] a, float[] s, float c0, float c1, float c2, float c3, int frames) {
            for (int n = 0; n < frames; n++) {
                float y = a[n];
                y += c0 * s[n];
                y += c1 * s[n + LANES];
                y += c2 * s[n + 2 * LANES];
                y += c3 * s[n + 3 * LANES];
                a[n] = y;
            }
        }

        private static void accumulate5(float[] a, float[] s, float c0, float c1, float c2, float c3, float c4,
                                        int frames) {
            for (int n = 0; n < frames; n++) {
                float y = a[n];
                y += c0 * s[n];
                y += c1 * s[n + LANES];
                y += c2 * s[n + 2 * LANES];
                y += c3 * s[n + 3 * LANES];
                y += c4 * s[n + 4 * LANES];
                a[n] = y;
            }
        }

        void reset() {
            java.util.Arrays.fill(upInput, 0);
            java.util.Arrays.fill(branchInput, 0);
            java.util.Arrays.fill(centreInput, 0);
        }

        double stateMagnitude() {
            double max = 0;
            for (int i = 0; i < length - 1; i++) {
                max = Math.max(max, Math.abs(upInput[i]));
                max = Math.max(max, Math.abs(branchInput[i]));
                max = Math.max(max, Math.abs(centreInput[i]));
            }
            return max;
        }
    }
}
