package org.mixdown.dsp;

/**
 * Andrew Simper's linear trapezoidal state-variable filter (Cytomic, "Solving the continuous SVF equations
 * using trapezoidal integration and equivalent currents", 2013), double-precision state, one instance per
 * channel.
 *
 * <p>The structure computes the normalised prototype's band-pass {@code v1 = s / D} and low-pass
 * {@code v2 = 1 / D}, with {@code D = s^2 + k s + 1}, and every response is the mix
 * {@code m0 v0 + m1 v1 + m2 v2}, so {@code H(s) = (m0 D + m1 s + m2) / D}. Trapezoidal integration is the
 * bilinear transform with {@code s = (1 / g) (z - 1) / (z + 1)} and {@code g = tan(pi fc / fs)}. The state
 * is the integrators' charge, not past outputs, so coefficients may change every sample without the
 * bursts a direct-form biquad gives: this is the filter to use where a parameter sweeps.
 */
public final class Svf {

    /**
     * The designs. The shelves and the peak use Simper's forms, which equal the RBJ cookbook's (same
     * analog prototype, same prewarping); BANDPASS has a 0 dB peak like the cookbook's. LOWPASS1 and
     * HIGHPASS1 are first-order responses on the same structure: with {@code k = 2} the denominator is
     * {@code (s + 1)^2} and the mix cancels one of the two poles.
     */
    public enum Type { LOWPASS, HIGHPASS, BANDPASS, NOTCH, PEAK, LOWSHELF, HIGHSHELF, ALLPASS, LOWPASS1, HIGHPASS1 }

    /** Cut-offs are held below this fraction of the sample rate so tan(pi fc / fs) stays finite and positive. */
    public static final double MAX_CUTOFF_RATIO = 0.49;

    /** State below this is flushed to zero so silence after loud input never goes subnormal. */
    private static final double TINY = 1e-30;

    private double g;
    private double k;
    private double a1;
    private double a2;
    private double a3;
    private double m0;
    private double m1;
    private double m2;
    private double ic1eq;
    private double ic2eq;

    /** A pass-through (m0 = 1) until designed. */
    public Svf() {
        setCoefficients(0.1, 1, 1, 0, 0);
    }

    /** The prewarped integrator gain {@code tan(pi fc / fs)}, with fc held inside (0, 0.49 fs]. */
    public static double prewarp(double frequency, double sampleRate) {
        double f = Math.min(Math.max(frequency, 1e-3), MAX_CUTOFF_RATIO * sampleRate);
        return Math.tan(Math.PI * f / sampleRate);
    }

    /**
     * Designs {@code type} at {@code frequency} Hz. {@code q} is the cookbook Q (ignored by the first-order
     * types); {@code gainDb} is used by PEAK and the shelves.
     */
    public void design(Type type, double frequency, double q, double gainDb, double sampleRate) {
        designPrewarped(type, prewarp(frequency, sampleRate), q, gainDb);
    }

    /** As {@link #design}, from an already prewarped {@code g = tan(pi fc / fs)} (one tan for many sections). */
    public void designPrewarped(Type type, double g, double q, double gainDb) {
        double k = 1 / q;
        switch (type) {
            case LOWPASS -> setCoefficients(g, k, 0, 0, 1);
            case HIGHPASS -> setCoefficients(g, k, 1, -k, -1);
            case BANDPASS -> setCoefficients(g, k, 0, k, 0);
            case NOTCH -> setCoefficients(g, k, 1, -k, 0);
            case ALLPASS -> setCoefficients(g, k, 1, -2 * k, 0);
            case LOWPASS1 -> setCoefficients(g, 2, 0, 1, 1);
            case HIGHPASS1 -> setCoefficients(g, 2, 1, -1, -1);
            case PEAK -> {
                double a = Math.pow(10, gainDb / 40);
                double kb = k / a;  // Simper's bell: k = 1 / (Q A), m1 = k (A^2 - 1)
                setCoefficients(g, kb, 1, kb * (a * a - 1), 0);
            }
            case LOWSHELF -> {
                double a = Math.pow(10, gainDb / 40);
                setCoefficients(g / Math.sqrt(a), k, 1, k * (a - 1), a * a - 1);
            }
            case HIGHSHELF -> {
                double a = Math.pow(10, gainDb / 40);
                setCoefficients(g * Math.sqrt(a), k, a * a, k * (1 - a) * a, 1 - a * a);
            }
            default -> throw new IllegalArgumentException(type.name());
        }
    }

    /** Sets the integrator gain {@code g}, damping {@code k} (= 1/Q) and the output mix directly. */
    public void setCoefficients(double g, double k, double m0, double m1, double m2) {
        this.g = g;
        this.k = k;
        this.a1 = 1 / (1 + g * (g + k));
        this.a2 = g * a1;
        this.a3 = g * a2;
        this.m0 = m0;
        this.m1 = m1;
        this.m2 = m2;
    }

    /** Takes another instance's coefficients (one design shared by the channels), keeping this state. */
    public void copyCoefficientsFrom(Svf other) {
        g = other.g;
        k = other.k;
        a1 = other.a1;
        a2 = other.a2;
        a3 = other.a3;
        m0 = other.m0;
        m1 = other.m1;
        m2 = other.m2;
    }

    /** Filters one sample (call {@link #flushDenormals} once per block). */
    public double process(double v0) {
        double v3 = v0 - ic2eq;
        double v1 = a1 * ic1eq + a2 * v3;
        double v2 = ic2eq + a2 * ic1eq + a3 * v3;
        ic1eq = 2 * v1 - ic1eq;
        ic2eq = 2 * v2 - ic2eq;
        return m0 * v0 + m1 * v1 + m2 * v2;
    }

    /** Filters {@code [from, to)} of {@code buffer} in place, then keeps the state out of the subnormal range. */
    public void process(float[] buffer, int from, int to) {
        double s1 = ic1eq, s2 = ic2eq;
        double c1 = a1, c2 = a2, c3 = a3, n0 = m0, n1 = m1, n2 = m2;
        for (int i = from; i < to; i++) {
            double v0 = buffer[i];
            double v3 = v0 - s2;
            double v1 = c1 * s1 + c2 * v3;
            double v2 = s2 + c2 * s1 + c3 * v3;
            s1 = 2 * v1 - s1;
            s2 = 2 * v2 - s2;
            buffer[i] = (float) (n0 * v0 + n1 * v1 + n2 * v2);
        }
        ic1eq = s1;
        ic2eq = s2;
        flushDenormals();
    }

    /**
     * Filters two channels, each through its own instance, in one loop: the same arithmetic as
     * {@link #process(float[], int, int)} on each, but two independent recursions side by side, which a
     * CPU overlaps (a single SVF's loop waits on its own feedback chain every sample).
     */
    public static void processPair(Svf left, Svf right, float[] leftBuffer, float[] rightBuffer, int from, int to) {
        double l1 = left.ic1eq, l2 = left.ic2eq;
        double la1 = left.a1, la2 = left.a2, la3 = left.a3, lm0 = left.m0, lm1 = left.m1, lm2 = left.m2;
        double r1 = right.ic1eq, r2 = right.ic2eq;
        double ra1 = right.a1, ra2 = right.a2, ra3 = right.a3, rm0 = right.m0, rm1 = right.m1, rm2 = right.m2;
        for (int i = from; i < to; i++) {
            double lv0 = leftBuffer[i];
            double rv0 = rightBuffer[i];
            double lv3 = lv0 - l2;
            double rv3 = rv0 - r2;
            double lv1 = la1 * l1 + la2 * lv3;
            double rv1 = ra1 * r1 + ra2 * rv3;
            double lv2 = l2 + la2 * l1 + la3 * lv3;
            double rv2 = r2 + ra2 * r1 + ra3 * rv3;
            l1 = 2 * lv1 - l1;
            r1 = 2 * rv1 - r1;
            l2 = 2 * lv2 - l2;
            r2 = 2 * rv2 - r2;
            leftBuffer[i] = (float) (lm0 * lv0 + lm1 * lv1 + lm2 * lv2);
            rightBuffer[i] = (float) (rm0 * rv0 + rm1 * rv1 + rm2 * rv2);
        }
        left.ic1eq = l1;
        left.ic2eq = l2;
        right.ic1eq = r1;
        right.ic2eq = r2;
        left.flushDenormals();
        right.flushDenormals();
    }

    /** Snaps vanishing state to zero, and clears state a non-finite input has poisoned. */
    public void flushDenormals() {
        if (Math.abs(ic1eq) < TINY) {
            ic1eq = 0;
        }
        if (Math.abs(ic2eq) < TINY) {
            ic2eq = 0;
        }
        if (!Double.isFinite(ic1eq + ic2eq)) {
            reset();
        }
    }

    public void reset() {
        ic1eq = 0;
        ic2eq = 0;
    }

    /** The largest magnitude of the state (tests use it to prove silence decays to exactly zero). */
    public double stateMagnitude() {
        return Math.max(Math.abs(ic1eq), Math.abs(ic2eq));
    }

    /**
     * The analytic magnitude response at {@code frequency} for the rate the filter was designed at: the
     * prototype {@code H(s) = (m0 D + m1 s + m2) / D} evaluated at {@code s = j tan(pi f / fs) / g}, which is
     * where the bilinear transform maps the unit circle. Valid for {@code frequency < fs / 2}.
     */
    public double magnitude(double frequency, double sampleRate) {
        double omega = Math.tan(Math.PI * frequency / sampleRate) / g;
        double dr = 1 - omega * omega;
        double di = k * omega;
        double nr = m0 * dr + m2;
        double ni = m0 * di + m1 * omega;
        return Math.sqrt((nr * nr + ni * ni) / (dr * dr + di * di));
    }

    /** The analytic magnitude response in dB. */
    public double magnitudeDb(double frequency, double sampleRate) {
        return 20 * Math.log10(magnitude(frequency, sampleRate));
    }

    public double g() { return g; }
    public double k() { return k; }
    public double m0() { return m0; }
    public double m1() { return m1; }
    public double m2() { return m2; }
}
