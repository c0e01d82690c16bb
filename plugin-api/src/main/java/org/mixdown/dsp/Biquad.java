package org.mixdown.dsp;

/**
 * A second-order IIR section in transposed direct form II with double-precision state (quiet at low
 * frequencies in float audio). Coefficients from the RBJ Audio EQ Cookbook, normalised so a0 = 1.
 * One instance filters one channel.
 */
public final class Biquad {

    /** The cookbook designs. */
    public enum Type { LOWPASS, HIGHPASS, BANDPASS, NOTCH, PEAK, LOWSHELF, HIGHSHELF, ALLPASS }

    /** State below this is flushed to zero so silence after loud input never goes subnormal. */
    private static final double TINY = 1e-30;

    private double b0 = 1, b1, b2, a1, a2;
    private double s1, s2;

    /** Sets normalised coefficients directly (a0 already divided out). */
    public void setCoefficients(double b0, double b1, double b2, double a1, double a2) {
        this.b0 = b0;
        this.b1 = b1;
        this.b2 = b2;
        this.a1 = a1;
        this.a2 = a2;
    }

    /**
     * Designs an RBJ filter. {@code gainDb} is used by PEAK and the shelves; for the shelves {@code q} is
     * the cookbook's Q (0.7071 gives the steepest slope without overshoot).
     */
    public void design(Type type, double sampleRate, double frequency, double q, double gainDb) {
        double w0 = 2 * Math.PI * frequency / sampleRate;
        double cos = Math.cos(w0);
        double sin = Math.sin(w0);
        double alpha = sin / (2 * q);
        double a = Math.pow(10, gainDb / 40);
        double nb0, nb1, nb2, na0, na1, na2;
        switch (type) {
            case LOWPASS -> {
                nb0 = (1 - cos) / 2; nb1 = 1 - cos; nb2 = (1 - cos) / 2;
                na0 = 1 + alpha; na1 = -2 * cos; na2 = 1 - alpha;
            }
            case HIGHPASS -> {
                nb0 = (1 + cos) / 2; nb1 = -(1 + cos); nb2 = (1 + cos) / 2;
                na0 = 1 + alpha; na1 = -2 * cos; na2 = 1 - alpha;
            }
            case BANDPASS -> {  // constant 0 dB peak gain
                nb0 = alpha; nb1 = 0; nb2 = -alpha;
                na0 = 1 + alpha; na1 = -2 * cos; na2 = 1 - alpha;
            }
            case NOTCH -> {
                nb0 = 1; nb1 = -2 * cos; nb2 = 1;
                na0 = 1 + alpha; na1 = -2 * cos; na2 = 1 - alpha;
            }
            case PEAK -> {
                nb0 = 1 + alpha * a; nb1 = -2 * cos; nb2 = 1 - alpha * a;
                na0 = 1 + alpha / a; na1 = -2 * cos; na2 = 1 - alpha / a;
            }
            case LOWSHELF -> {
                double k = 2 * Math.sqrt(a) * alpha;
                nb0 = a * ((a + 1) - (a - 1) * cos + k);
                nb1 = 2 * a * ((a - 1) - (a + 1) * cos);
                nb2 = a * ((a + 1) - (a - 1) * cos - k);
                na0 = (a + 1) + (a - 1) * cos + k;
                na1 = -2 * ((a - 1) + (a + 1) * cos);
                na2 = (a + 1) + (a - 1) * cos - k;
            }
            case HIGHSHELF -> {
                double k = 2 * Math.sqrt(a) * alpha;
                nb0 = a * ((a + 1) + (a - 1) * cos + k);
                nb1 = -2 * a * ((a - 1) + (a + 1) * cos);
                nb2 = a * ((a + 1) + (a - 1) * cos - k);
                na0 = (a + 1) - (a - 1) * cos + k;
                na1 = 2 * ((a - 1) - (a + 1) * cos);
                na2 = (a + 1) - (a - 1) * cos - k;
            }
            case ALLPASS -> {
                nb0 = 1 - alpha; nb1 = -2 * cos; nb2 = 1 + alpha;
                na0 = 1 + alpha; na1 = -2 * cos; na2 = 1 - alpha;
            }
            default -> throw new IllegalArgumentException(type.name());
        }
        setCoefficients(nb0 / na0, nb1 / na0, nb2 / na0, na1 / na0, na2 / na0);
    }

    /**
     * Filters one sample (transposed direct form II). The feedback terms are fused multiply-adds onto the
     * feed-forward terms, which do not wait for the output: from one output to the next is then one
     * multiply-add and one add, where a multiply, a subtraction and two adds would follow each other.
     */
    public double process(double x) {
        double y = b0 * x + s1;
        s1 = Math.fma(-a1, y, b1 * x + s2);
        s2 = Math.fma(-a2, y, b2 * x);
        return y;
    }

    /** Filters {@code [from, to)} of {@code buffer} in place, then keeps the state out of the subnormal range. */
    public void process(float[] buffer, int from, int to) {
        double z1 = s1, z2 = s2;
        double c0 = b0, c1 = b1, c2 = b2, d1 = a1, d2 = a2;
        for (int i = from; i < to; i++) {
            double x = buffer[i];
            double y = c0 * x + z1;
            z1 = Math.fma(-d1, y, c1 * x + z2);  // as process(double)
            z2 = Math.fma(-d2, y, c2 * x);
            buffer[i] = (float) y;
        }
        s1 = z1;
        s2 = z2;
        flushDenormals();
    }

    /**
     * Filters {@code in[from, from + frames)} into {@code out[0, frames)} (double output for a side chain),
     * with the state in registers for the loop; the same arithmetic as {@link #process(double)}.
     */
    public void process(float[] in, int from, double[] out, int frames) {
        double z1 = s1, z2 = s2;
        double c0 = b0, c1 = b1, c2 = b2, d1 = a1, d2 = a2;
        for (int i = 0; i < frames; i++) {
            double x = in[from + i];
            double y = c0 * x + z1;
            z1 = Math.fma(-d1, y, c1 * x + z2);  // as process(double)
            z2 = Math.fma(-d2, y, c2 * x);
            out[i] = y;
        }
        s1 = z1;
        s2 = z2;
    }

    /**
     * Two channels, each through its own instance, in one loop (as {@link #process(float[], int, double[], int)}
     * on each): two independent feedback chains side by side, which a CPU overlaps.
     */
    public static void processPair(Biquad left, Biquad right, float[] leftIn, float[] rightIn, int from,
                                   double[] leftOut, double[] rightOut, int frames) {
        double l1 = left.s1, l2 = left.s2, r1 = right.s1, r2 = right.s2;
        double lb0 = left.b0, lb1 = left.b1, lb2 = left.b2, la1 = left.a1, la2 = left.a2;
        double rb0 = right.b0, rb1 = right.b1, rb2 = right.b2, ra1 = right.a1, ra2 = right.a2;
        for (int i = 0; i < frames; i++) {
            double lx = leftIn[from + i];
            double rx = rightIn[from + i];
            double ly = lb0 * lx + l1;
            double ry = rb0 * rx + r1;
            l1 = Math.fma(-la1, ly, lb1 * lx + l2);  // as process(double)
            r1 = Math.fma(-ra1, ry, rb1 * rx + r2);
            l2 = Math.fma(-la2, ly, lb2 * lx);
            r2 = Math.fma(-ra2, ry, rb2 * rx);
            leftOut[i] = ly;
            rightOut[i] = ry;
        }
        left.s1 = l1;
        left.s2 = l2;
        right.s1 = r1;
        right.s2 = r2;
    }

    /** Snaps vanishing state to zero; call once per block when using {@link #process(double)}. */
    public void flushDenormals() {
        if (Math.abs(s1) < TINY) {
            s1 = 0;
        }
        if (Math.abs(s2) < TINY) {
            s2 = 0;
        }
    }

    public void reset() {
        s1 = 0;
        s2 = 0;
    }

    /** The largest magnitude of the state (tests use it to prove silence decays to exactly zero). */
    public double stateMagnitude() {
        return Math.max(Math.abs(s1), Math.abs(s2));
    }

    /** The analytic magnitude response |H(e^jw)| at {@code frequency}. */
    public double magnitude(double frequency, double sampleRate) {
        double w = 2 * Math.PI * frequency / sampleRate;
        double c1 = Math.cos(w), s1w = Math.sin(w), c2 = Math.cos(2 * w), s2w = Math.sin(2 * w);
        double nr = b0 + b1 * c1 + b2 * c2, ni = -(b1 * s1w + b2 * s2w);
        double dr = 1 + a1 * c1 + a2 * c2, di = -(a1 * s1w + a2 * s2w);
        return Math.sqrt((nr * nr + ni * ni) / (dr * dr + di * di));
    }

    /** The analytic magnitude response in dB. */
    public double magnitudeDb(double frequency, double sampleRate) {
        return 20 * Math.log10(magnitude(frequency, sampleRate));
    }

    public double b0() { return b0; }
    public double b1() { return b1; }
    public double b2() { return b2; }
    public double a1() { return a1; }
    public double a2() { return a2; }
}
