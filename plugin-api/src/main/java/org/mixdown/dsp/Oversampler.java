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
            stages[s] = new HalfBand(STAGE_TAPS[s], STAGE_K[s], phases[s]);
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
     * Histories are doubled arrays (each sample written twice) so the dot products read contiguously.
     */
    private static final class HalfBand {
        private final double[] taps;
        private final int length;  // 2K
        private final int k;
        private final int phase;
        private final float[] upHistory;
        private final float[] branchHistory;
        private final float[] centreHistory;
        private int upPosition;
        private int downPosition;

        HalfBand(double[] taps, int k, int phase) {
            this.taps = taps;
            this.length = taps.length;
            this.k = k;
            this.phase = phase;
            this.upHistory = new float[2 * length];
            this.branchHistory = new float[2 * length];
            this.centreHistory = new float[2 * length];
        }

        void up(float[] in, int from, int to, float[] out) {
            float[] history = upHistory;
            double[] h = taps;
            int n = length;
            int position = upPosition;
            int o = 0;
            for (int i = from; i < to; i++) {
                position = position == 0 ? n - 1 : position - 1;
                float x = in[i];
                history[position] = x;
                history[position + n] = x;
                double acc = 0;
                for (int j = 0; j < n; j++) {
                    acc += h[j] * history[position + j];
                }
                out[o++] = (float) (2 * acc);
                out[o++] = history[position + k - 1];
            }
            upPosition = position;
        }

        void down(float[] in, float[] out, int from, int to) {
            float[] branch = branchHistory;
            float[] centre = centreHistory;
            double[] h = taps;
            int n = length;
            int centreDelay = phase == 0 ? k : k - 1;
            int position = downPosition;
            int s = 0;
            for (int i = from; i < to; i++) {
                float even = in[s++];
                float odd = in[s++];
                position = position == 0 ? n - 1 : position - 1;
                float b = phase == 0 ? even : odd;
                float c = phase == 0 ? odd : even;
                branch[position] = b;
                branch[position + n] = b;
                centre[position] = c;
                centre[position + n] = c;
                double acc = 0;
                for (int j = 0; j < n; j++) {
                    acc += h[j] * branch[position + j];
                }
                out[i] = (float) (acc + 0.5 * centre[position + centreDelay]);
            }
            downPosition = position;
        }

        void reset() {
            java.util.Arrays.fill(upHistory, 0f);
            java.util.Arrays.fill(branchHistory, 0f);
            java.util.Arrays.fill(centreHistory, 0f);
            upPosition = 0;
            downPosition = 0;
        }

        double stateMagnitude() {
            double max = 0;
            for (int i = 0; i < length; i++) {
                max = Math.max(max, Math.abs(upHistory[i]));
                max = Math.max(max, Math.abs(branchHistory[i]));
                max = Math.max(max, Math.abs(centreHistory[i]));
            }
            return max;
        }
    }
}
