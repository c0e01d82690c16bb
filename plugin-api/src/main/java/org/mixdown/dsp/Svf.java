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

    /**
     * Filters {@code [from, to)} of {@code buffer} in place through {@code count} filters in series, for
     * filters whose coefficients stand still over the block. Each runs in the state-space form of its own
     * recursion on the same state ({@code s' = A s + B x}, {@code y = C s + D x} with A, B, C, D taken from
     * the SVF's coefficients), with fused multiply-adds and no rounding to float between stages: 9
     * operations per stage and sample instead of 17. Equal to {@link #process(float[], int, int)} on each
     * in turn to within double rounding (and more exact, the float rounding between stages gone); the state
     * stays the SVF's, so per-sample processing may take over at any block.
     */
    public static void processSeries(Svf[] stages, int count, float[] buffer, int from, int to) {
        int s = 0;
        for (; s + 3 < count; s += 4) {  // four stages per pass: one load and one store of the buffer for four
            seriesFour(stages[s], stages[s + 1], stages[s + 2], stages[s + 3], buffer, from, to);
        }
        for (; s + 1 < count; s += 2) {
            seriesTwo(stages[s], stages[s + 1], buffer, from, to);
        }
        if (s < count) {
            seriesOne(stages[s], buffer, from, to);
        }
    }

    // s1' = 2 v1 - s1 and s2' = 2 v2 - s2 with v1 = a1 s1 + a2 (x - s2), v2 = s2 + a2 s1 + a3 (x - s2), expanded
    private static void seriesFour(Svf a, Svf b, Svf c, Svf d, float[] buffer, int from, int to) {
        double p1 = a.ic1eq, p2 = a.ic2eq;
        double pa11 = 2 * a.a1 - 1, pa12 = -2 * a.a2, pb1 = 2 * a.a2;
        double pa21 = 2 * a.a2, pa22 = 1 - 2 * a.a3, pb2 = 2 * a.a3;
        double pc1 = a.m1 * a.a1 + a.m2 * a.a2, pc2 = a.m2 * (1 - a.a3) - a.m1 * a.a2;
        double pd = a.m0 + a.m1 * a.a2 + a.m2 * a.a3;
        double q1 = b.ic1eq, q2 = b.ic2eq;
        double qa11 = 2 * b.a1 - 1, qa12 = -2 * b.a2, qb1 = 2 * b.a2;
        double qa21 = 2 * b.a2, qa22 = 1 - 2 * b.a3, qb2 = 2 * b.a3;
        double qc1 = b.m1 * b.a1 + b.m2 * b.a2, qc2 = b.m2 * (1 - b.a3) - b.m1 * b.a2;
        double qd = b.m0 + b.m1 * b.a2 + b.m2 * b.a3;
        double r1 = c.ic1eq, r2 = c.ic2eq;
        double ra11 = 2 * c.a1 - 1, ra12 = -2 * c.a2, rb1 = 2 * c.a2;
        double ra21 = 2 * c.a2, ra22 = 1 - 2 * c.a3, rb2 = 2 * c.a3;
        double rc1 = c.m1 * c.a1 + c.m2 * c.a2, rc2 = c.m2 * (1 - c.a3) - c.m1 * c.a2;
        double rd = c.m0 + c.m1 * c.a2 + c.m2 * c.a3;
        double u1 = d.ic1eq, u2 = d.ic2eq;
        double ua11 = 2 * d.a1 - 1, ua12 = -2 * d.a2, ub1 = 2 * d.a2;
        double ua21 = 2 * d.a2, ua22 = 1 - 2 * d.a3, ub2 = 2 * d.a3;
        double uc1 = d.m1 * d.a1 + d.m2 * d.a2, uc2 = d.m2 * (1 - d.a3) - d.m1 * d.a2;
        double ud = d.m0 + d.m1 * d.a2 + d.m2 * d.a3;
        for (int i = from; i < to; i++) {
            double x = buffer[i];
            double py = Math.fma(pc1, p1, Math.fma(pc2, p2, pd * x));
            double pn1 = Math.fma(pa11, p1, Math.fma(pa12, p2, pb1 * x));
            p2 = Math.fma(pa21, p1, Math.fma(pa22, p2, pb2 * x));
            p1 = pn1;
            x = py;
            double qy = Math.fma(qc1, q1, Math.fma(qc2, q2, qd * x));
            double qn1 = Math.fma(qa11, q1, Math.fma(qa12, q2, qb1 * x));
            q2 = Math.fma(qa21, q1, Math.fma(qa22, q2, qb2 * x));
            q1 = qn1;
            x = qy;
            double ry = Math.fma(rc1, r1, Math.fma(rc2, r2, rd * x));
            double rn1 = Math.fma(ra11, r1, Math.fma(ra12, r2, rb1 * x));
            r2 = Math.fma(ra21, r1, Math.fma(ra22, r2, rb2 * x));
            r1 = rn1;
            x = ry;
            double uy = Math.fma(uc1, u1, Math.fma(uc2, u2, ud * x));
            double un1 = Math.fma(ua11, u1, Math.fma(ua12, u2, ub1 * x));
            u2 = Math.fma(ua21, u1, Math.fma(ua22, u2, ub2 * x));
            u1 = un1;
            x = uy;
            buffer[i] = (float) x;
        }
        a.ic1eq = p1;
        a.ic2eq = p2;
        a.flushDenormals();
        b.ic1eq = q1;
        b.ic2eq = q2;
        b.flushDenormals();
        c.ic1eq = r1;
        c.ic2eq = r2;
        c.flushDenormals();
        d.ic1eq = u1;
        d.ic2eq = u2;
        d.flushDenormals();
    }

    private static void seriesTwo(Svf a, Svf b, float[] buffer, int from, int to) {
        double p1 = a.ic1eq, p2 = a.ic2eq;
        double pa11 = 2 * a.a1 - 1, pa12 = -2 * a.a2, pb1 = 2 * a.a2;
        double pa21 = 2 * a.a2, pa22 = 1 - 2 * a.a3, pb2 = 2 * a.a3;
        double pc1 = a.m1 * a.a1 + a.m2 * a.a2, pc2 = a.m2 * (1 - a.a3) - a.m1 * a.a2;
        double pd = a.m0 + a.m1 * a.a2 + a.m2 * a.a3;
        double q1 = b.ic1eq, q2 = b.ic2eq;
        double qa11 = 2 * b.a1 - 1, qa12 = -2 * b.a2, qb1 = 2 * b.a2;
        double qa21 = 2 * b.a2, qa22 = 1 - 2 * b.a3, qb2 = 2 * b.a3;
        double qc1 = b.m1 * b.a1 + b.m2 * b.a2, qc2 = b.m2 * (1 - b.a3) - b.m1 * b.a2;
        double qd = b.m0 + b.m1 * b.a2 + b.m2 * b.a3;
        for (int i = from; i < to; i++) {
            double x = buffer[i];
            double py = Math.fma(pc1, p1, Math.fma(pc2, p2, pd * x));
            double pn1 = Math.fma(pa11, p1, Math.fma(pa12, p2, pb1 * x));
            p2 = Math.fma(pa21, p1, Math.fma(pa22, p2, pb2 * x));
            p1 = pn1;
            x = py;
            double qy = Math.fma(qc1, q1, Math.fma(qc2, q2, qd * x));
            double qn1 = Math.fma(qa11, q1, Math.fma(qa12, q2, qb1 * x));
            q2 = Math.fma(qa21, q1, Math.fma(qa22, q2, qb2 * x));
            q1 = qn1;
            x = qy;
            buffer[i] = (float) x;
        }
        a.ic1eq = p1;
        a.ic2eq = p2;
        a.flushDenormals();
        b.ic1eq = q1;
        b.ic2eq = q2;
        b.flushDenormals();
    }

    private static void seriesOne(Svf a, float[] buffer, int from, int to) {
        double p1 = a.ic1eq, p2 = a.ic2eq;
        double pa11 = 2 * a.a1 - 1, pa12 = -2 * a.a2, pb1 = 2 * a.a2;
        double pa21 = 2 * a.a2, pa22 = 1 - 2 * a.a3, pb2 = 2 * a.a3;
        double pc1 = a.m1 * a.a1 + a.m2 * a.a2, pc2 = a.m2 * (1 - a.a3) - a.m1 * a.a2;
        double pd = a.m0 + a.m1 * a.a2 + a.m2 * a.a3;
        for (int i = from; i < to; i++) {
            double x = buffer[i];
            double py = Math.fma(pc1, p1, Math.fma(pc2, p2, pd * x));
            double pn1 = Math.fma(pa11, p1, Math.fma(pa12, p2, pb1 * x));
            p2 = Math.fma(pa21, p1, Math.fma(pa22, p2, pb2 * x));
            p1 = pn1;
            x = py;
            buffer[i] = (float) x;
        }
        a.ic1eq = p1;
        a.ic2eq = p2;
        a.flushDenormals();
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
