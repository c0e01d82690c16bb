package org.mixdown.dsp;

/**
 * Word-length reduction for one channel: TPDF dither, optional error-feedback noise shaping, rounding to
 * the grid of a {@code bits}-deep signed integer format (LSB = 2^-(bits-1) of full scale), clipping to
 * {@code [-1, 1 - LSB]}.
 *
 * <p>Error feedback (Lipshitz, Vanderkooy and Wannamaker, "Minimally audible noise shaping", JAES 1991):
 * {@code v = x - sum_k h_k e[n-k]}, {@code q = round(v + d)}, {@code e[n] = q - v}. The output error
 * {@code q - x} is then {@code NTF(z) e} with {@code NTF(z) = 1 - sum_k h_k z^-k}. With TPDF dither
 * {@code d} (the sum of two independent uniform variables one LSB wide) the total error {@code e} is white
 * with variance {@code 3 LSB^2 / 12} (two dither sources plus the rounding) whatever the signal.
 *
 * <p>A run of {@link #SILENCE_RUN} exactly-zero input samples mutes the output and clears the feedback
 * state, so digital silence stays digital silence. Audio thread safe: no allocation.
 */
public final class Dither {

    /** Noise-shaping curves: the error-feedback coefficients {@code h_1..h_K}. */
    public enum Shaping {
        /** Plain TPDF: white noise, the lowest total power. */
        NONE("none", new double[0]),
        /** First-order high-pass, NTF = 1 - z^-1: noise rises 6 dB per octave toward fs/2. */
        HIGHPASS("highpass", new double[] {1.0}),
        /**
         * Wannamaker's 9-tap F-weighted (psychoacoustic) curve for 44.1 kHz, as used in SoX: about 12 dB
         * less noise below 4 kHz, the rest pushed above 15 kHz where the ear is least sensitive.
         */
        F_WEIGHTED("f-weighted", new double[] {2.412, -3.370, 3.937, -4.174, 3.353, -2.205, 1.281, -0.569, 0.0847});

        private final String label;
        private final double[] coefficients;

        Shaping(String label, double[] coefficients) {
            this.label = label;
            this.coefficients = coefficients;
        }

        public String label() {
            return label;
        }

        /** The feedback coefficients h_1..h_K (a copy). */
        public double[] coefficients() {
            return coefficients.clone();
        }

        /** |NTF(e^jw)|^2 at {@code frequency}: the factor by which the white error's power is shaped. */
        public double noisePowerGain(double frequency, double sampleRate) {
            double w = 2 * Math.PI * frequency / sampleRate;
            double re = 1, im = 0;
            for (int k = 0; k < coefficients.length; k++) {
                re -= coefficients[k] * Math.cos(w * (k + 1));
                im += coefficients[k] * Math.sin(w * (k + 1));
            }
            return re * re + im * im;
        }
    }

    /** Consecutive zero input samples after which the output is muted. */
    public static final int SILENCE_RUN = 4096;

    private static final int MAX_ORDER = 16;
    /** Taps the block path holds in locals (the longest built-in shaping has 9). */
    private static final int BLOCK_TAPS = 9;

    /**
     * e[n-1], e[n-2], ... as a ring written twice (at p and p + MAX_ORDER), so the feedback reads
     * errors[p .. p + order) in one contiguous run without wrapping.
     */
    private final double[] errors = new double[2 * MAX_ORDER];
    private double[] h = new double[0];
    private int ringPosition;
    private int bits = 16;
    private double lsb;
    private double scale;
    private long maxCode;
    private long minCode;
    private long seed;
    private long random;
    private int zeroRun;

    /** A 16-bit TPDF dither without shaping; {@code seed} makes the noise repeatable. */
    public Dither(long seed) {
        this.seed = seed;
        configure(16, Shaping.NONE);
        reset();
    }

    /** Sets the target depth (2..24 bits) and the shaping curve; clears the feedback state. */
    public void configure(int bits, Shaping shaping) {
        if (bits < 2 || bits > 24) {
            throw new IllegalArgumentException("dither depth " + bits + " bits is outside 2..24");
        }
        this.bits = bits;
        this.h = shaping.coefficients;
        this.scale = Math.scalb(1.0, bits - 1);
        this.lsb = 1.0 / scale;
        this.maxCode = (1L << (bits - 1)) - 1;
        this.minCode = -(1L << (bits - 1));
        java.util.Arrays.fill(errors, 0);
        ringPosition = 0;
    }

    /** Clears the feedback state and restarts the noise sequence from the seed. */
    public void reset() {
        java.util.Arrays.fill(errors, 0);
        ringPosition = 0;
        random = seed;
        zeroRun = 0;
    }

    public int bits() {
        return bits;
    }

    /** One LSB of the target format as a fraction of full scale. */
    public double lsb() {
        return lsb;
    }

    /** Dithers, shapes and quantises one sample; returns the integer code (clipped to the format). */
    public long quantizeToCode(double x) {
        if (x == 0) {
            if (zeroRun >= SILENCE_RUN) {
                return 0;
            }
            if (++zeroRun == SILENCE_RUN) {
                java.util.Arrays.fill(errors, 0);
                return 0;
            }
        } else {
            zeroRun = 0;
        }
        if (!(Math.abs(x) <= 2.0)) {  // NaN, infinities and wild overloads must not reach the feedback loop
            x = Double.isNaN(x) ? 0.0 : Math.copySign(2.0, x);
        }
        int order = h.length;
        // The older errors first, in two sums: they do not wait for the last sample's error, so they
        // overlap with it; only the newest term is on the sample-to-sample dependency chain.
        double older0 = 0, older1 = 0;
        int k = order - 1;
        for (; k >= 2; k -= 2) {
            older0 += h[k] * errors[ringPosition + k];
            older1 += h[k - 1] * errors[ringPosition + k - 1];
        }
        if (k == 1) {
            older0 += h[1] * errors[ringPosition + 1];
        }
        double v = x * scale - (older0 + older1);  // in LSB units
        if (order > 0) {
            v -= h[0] * errors[ringPosition];
        }
        double dither = tpdf();
        double q = Math.rint(v + dither);
        // the error is taken before clipping, so a clipped overload cannot wind up the feedback loop
        double e = q - v;
        ringPosition = (ringPosition - 1) & (MAX_ORDER - 1);
        errors[ringPosition] = e;
        errors[ringPosition + MAX_ORDER] = e;
        long code = (long) q;
        return Math.max(minCode, Math.min(maxCode, code));
    }

    /** e[n-1-k] at ring position 0, written twice as the ring keeps it. */
    private void setError(int k, double e) {
        errors[k] = e;
        errors[k + MAX_ORDER] = e;
    }

    private double tap(int k) {
        return k < h.length ? h[k] : 0;
    }

    /** Dithers and quantises one sample; the result is an exact multiple of {@link #lsb()}. */
    public float process(double x) {
        return (float) (quantizeToCode(x) * lsb);
    }

    /**
     * Processes {@code [from, to)} of {@code in} into {@code out} (may be the same array): bit for bit
     * {@link #process(double)} per sample, but for up to {@value #BLOCK_TAPS} taps (every built-in shaping)
     * the feedback errors, the taps and the noise state live in locals for the block, with the unused taps
     * zero (a zero tap adds an exact 0, so the sums round as in {@link #quantizeToCode}).
     */
    public void process(float[] in, float[] out, int from, int to) {
        int order = h.length;
        if (order > BLOCK_TAPS) {
            for (int i = from; i < to; i++) {
                out[i] = process(in[i]);
            }
            return;
        }
        final double h0 = tap(0), h1 = tap(1), h2 = tap(2), h3 = tap(3), h4 = tap(4), h5 = tap(5), h6 = tap(6),
                h7 = tap(7), h8 = tap(8);
        final double scale = this.scale, lsb = this.lsb;
        final long maxCode = this.maxCode, minCode = this.minCode;
        int p = ringPosition;
        double e0 = errors[p], e1 = errors[p + 1], e2 = errors[p + 2], e3 = errors[p + 3], e4 = errors[p + 4],
                e5 = errors[p + 5], e6 = errors[p + 6], e7 = errors[p + 7], e8 = errors[p + 8];
        int zeros = zeroRun;
        long state = random;
        for (int i = from; i < to; i++) {
            double x = in[i];
            if (x == 0) {
                if (zeros >= SILENCE_RUN) {
                    out[i] = 0;
                    continue;
                }
                if (++zeros == SILENCE_RUN) {
                    e0 = e1 = e2 = e3 = e4 = e5 = e6 = e7 = e8 = 0;
                    out[i] = 0;
                    continue;
                }
            } else {
                zeros = 0;
            }
            if (!(Math.abs(x) <= 2.0)) {
                x = Double.isNaN(x) ? 0.0 : Math.copySign(2.0, x);
            }
            // the order of quantizeToCode's sums for 9 taps: (8, 7), (6, 5), (4, 3), (2, 1), then 0
            double older0 = 0, older1 = 0;
            older0 += h8 * e8;
            older1 += h7 * e7;
            older0 += h6 * e6;
            older1 += h5 * e5;
            older0 += h4 * e4;
            older1 += h3 * e3;
            older0 += h2 * e2;
            older1 += h1 * e1;
            double v = x * scale - (older0 + older1);
            v -= h0 * e0;
            long z = (state += 0x9E3779B97F4A7C15L);  // tpdf(), inlined on the local state
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            z = z ^ (z >>> 31);
            double dither = ((z >>> 32) + (z & 0xFFFF_FFFFL)) * 0x1.0p-32 - 1.0;
            double q = Math.rint(v + dither);
            e8 = e7;
            e7 = e6;
            e6 = e5;
            e5 = e4;
            e4 = e3;
            e3 = e2;
            e2 = e1;
            e1 = e0;
            e0 = q - v;
            long code = Math.max(minCode, Math.min(maxCode, (long) q));
            out[i] = (float) (code * lsb);
        }
        // back into the ring at position 0; older entries are never read at this order
        java.util.Arrays.fill(errors, 0);
        setError(0, e0);
        setError(1, e1);
        setError(2, e2);
        setError(3, e3);
        setError(4, e4);
        setError(5, e5);
        setError(6, e6);
        setError(7, e7);
        setError(8, e8);
        ringPosition = 0;
        zeroRun = zeros;
        random = state;
    }

    /** The largest magnitude of the feedback state (tests use it to prove silence clears it). */
    public double stateMagnitude() {
        double max = 0;
        for (double e : errors) {
            max = Math.max(max, Math.abs(e));
        }
        return max;
    }

    /**
     * TPDF on (-1, 1) LSB: the sum of two independent uniforms on [0, 1), minus 1. Both come from one
     * SplitMix64 draw (Steele, Lea and Flood 2014), its high and low 32 bits: one draw per sample, not
     * two; 2^-32 steps are far below any LSB the format offers. Fast, allocation-free, repeatable.
     */
    private double tpdf() {
        long z = (random += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return ((z >>> 32) + (z & 0xFFFF_FFFFL)) * 0x1.0p-32 - 1.0;
    }
}
