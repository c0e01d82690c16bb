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
        double dither = uniform() + uniform() - 1.0;  // TPDF on (-1, 1) LSB
        double q = Math.rint(v + dither);
        // the error is taken before clipping, so a clipped overload cannot wind up the feedback loop
        double e = q - v;
        ringPosition = (ringPosition - 1) & (MAX_ORDER - 1);
        errors[ringPosition] = e;
        errors[ringPosition + MAX_ORDER] = e;
        long code = (long) q;
        return Math.max(minCode, Math.min(maxCode, code));
    }

    /** Dithers and quantises one sample; the result is an exact multiple of {@link #lsb()}. */
    public float process(double x) {
        return (float) (quantizeToCode(x) * lsb);
    }

    /** Processes {@code [from, to)} of {@code in} into {@code out} (may be the same array). */
    public void process(float[] in, float[] out, int from, int to) {
        for (int i = from; i < to; i++) {
            out[i] = process(in[i]);
        }
    }

    /** The largest magnitude of the feedback state (tests use it to prove silence clears it). */
    public double stateMagnitude() {
        double max = 0;
        for (double e : errors) {
            max = Math.max(max, Math.abs(e));
        }
        return max;
    }

    /** Uniform on [0, 1) from SplitMix64 (Steele, Lea and Flood 2014): fast, allocation-free, repeatable. */
    private double uniform() {
        long z = (random += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return (z >>> 11) * 0x1.0p-53;
    }
}
