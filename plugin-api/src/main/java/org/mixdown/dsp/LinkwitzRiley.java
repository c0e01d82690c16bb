package org.mixdown.dsp;

/**
 * A Linkwitz-Riley two-way split: low pass and high pass that are each a Butterworth filter squared, so
 * both are -6.02 dB at the crossover, in phase with each other at every frequency, and sum to an all-pass.
 * The same instance also offers that all-pass alone ({@link #allpass}), which a multi-band splitter puts in
 * the bands that did not take a split, so every band carries the same phase and the sum stays flat.
 *
 * <p>Every second-order section is a trapezoidal state-variable filter (Simper): the bilinear transform of
 * the analog section with the cutoff prewarped, double-precision state, stable while the cutoff glides.
 * The split runs the low path (2 S sections) and the all-pass the bands sum to (S sections, the first
 * shared with the low path); the high band is their difference.
 * Section i with k = 1/Q gives lp = 1/D, hp = s^2/D and the all-pass (lp - k bp + hp) = D(-s)/D(s),
 * D = s^2 + k s + 1. LR4 = (one section, Q = 1/sqrt2)^2; LR8 = (two sections, Q = 0.5412 and 1.3066)^2.
 *
 * <p>{@link #split} and {@link #allpass} keep separate state, so use one instance for one job. One
 * instance filters one channel. Audio thread only; nothing allocates after construction.
 */
public final class LinkwitzRiley {

    /** The slopes offered: LR4 (24 dB/octave) and LR8 (48 dB/octave). */
    public enum Slope {
        LR4("LR4 24dB/oct", 1 / Math.sqrt(2)),
        /** Butterworth 4th order: Q = 1 / (2 cos(pi/8)) and 1 / (2 cos(3 pi/8)). */
        LR8("LR8 48dB/oct", 1 / (2 * Math.cos(Math.PI / 8)), 1 / (2 * Math.cos(3 * Math.PI / 8)));

        private final String label;
        private final double[] sectionQ;

        Slope(String label, double... sectionQ) {
            this.label = label;
            this.sectionQ = sectionQ;
        }

        public String label() {
            return label;
        }

        /** The number of second-order sections of the Butterworth filter that is squared. */
        public int sections() {
            return sectionQ.length;
        }

        /** The order of the Butterworth prototype (2 for LR4, 4 for LR8); the LR filter has twice this order. */
        public int butterworthOrder() {
            return 2 * sectionQ.length;
        }

        double q(int section) {
            return sectionQ[section];
        }
    }

    /** State below this is flushed to zero so silence after loud input never goes subnormal. */
    private static final double TINY = 1e-30;
    private static final int MAX_SECTIONS = 2;
    /** The low path runs 2 S stages; stage 0 (section 0 on the input) also starts the sum path. */
    private static final int MAX_STAGES = 2 * MAX_SECTIONS;

    private Slope slope;
    private int sections;
    private double g;
    private final double[] k = new double[MAX_SECTIONS];
    // the state update as a 2x2 state space (see step): c11 = 2 a1 - 1, c12 = 2 a2, c22 = 2 a3
    private final double[] c11 = new double[MAX_SECTIONS];
    private final double[] c12 = new double[MAX_SECTIONS];
    private final double[] c22 = new double[MAX_SECTIONS];
    // split state: the low path's stages [0 .. 2S) (stage 0 shared), the sum path's sections [1 .. S)
    private final double[] lowIc1 = new double[MAX_STAGES];
    private final double[] lowIc2 = new double[MAX_STAGES];
    private final double[] sumIc1 = new double[MAX_SECTIONS];
    private final double[] sumIc2 = new double[MAX_SECTIONS];
    private final double[] apIc1 = new double[MAX_SECTIONS];
    private final double[] apIc2 = new double[MAX_SECTIONS];
    private double high;

    public LinkwitzRiley(Slope slope) {
        setSlope(slope);
        setWarpedFrequency(Math.tan(Math.PI * 0.1));
    }

    /** Changes the slope and clears the state (the old state means nothing to the new filter). */
    public void setSlope(Slope slope) {
        this.slope = slope;
        this.sections = slope.sections();
        reset();
        setWarpedFrequency(g == 0 ? Math.tan(Math.PI * 0.1) : g);
    }

    public Slope slope() {
        return slope;
    }

    /** Sets the crossover frequency (below Nyquist). */
    public void setFrequency(double frequency, double sampleRate) {
        setWarpedFrequency(warp(frequency, sampleRate));
    }

    /** The prewarped cutoff g = tan(pi fc / fs) the sections use. */
    public static double warp(double frequency, double sampleRate) {
        double nyquistSafe = Math.min(frequency, 0.49 * sampleRate);
        return Math.tan(Math.PI * nyquistSafe / sampleRate);
    }

    /** Sets the cutoff as g = tan(pi fc / fs); cheap enough to call every sample while a cutoff glides. */
    public void setWarpedFrequency(double g) {
        this.g = g;
        for (int s = 0; s < sections; s++) {
            double kq = 1 / slope.q(s);
            double a1 = 1 / (1 + g * (g + kq));
            double a2 = g * a1;
            k[s] = kq;
            c11[s] = 2 * a1 - 1;
            c12[s] = 2 * a2;
            c22[s] = 2 * (g * a2);
        }
    }

    /*
     * One section, one sample (Simper's trapezoidal SVF, a1 = 1/(1 + g(g + k)), a2 = g a1, a3 = g a2):
     *   v1 = a1 ic1 + a2 (x - ic2),  v2 = ic2 + a2 ic1 + a3 (x - ic2),  ic1' = 2 v1 - ic1,  ic2' = 2 v2 - ic2.
     * Substituted, with fused multiply-adds, every path from the old state to the new is two operations
     * deep (the recursion waits ~8 cycles a sample, not ~24):  d = x - ic2,  ic1' = fma(c12, d, c11 ic1),
     * ic2' = fma(c22, d, fma(c12, ic1, ic2));
     * and the outputs follow off the recursion: lp = v2 = (ic2 + ic2') / 2, ap = x - 2k v1 = x - k (ic1 + ic1').
     * The split's high band is the all-pass minus the low band (LR: lp + hp = ap exactly, Linkwitz 1976),
     * so the high path costs no section of its own. Every loop below writes these expressions in this order,
     * so each fused form equals the plain one bit for bit.
     */

    /** Low pass of section {@code s} on {@code x}, state {@code [i]} of {@code ic1}/{@code ic2}. */
    private double lowPassStep(double x, double[] ic1, double[] ic2, int i, int s) {
        double s1 = ic1[i], s2 = ic2[i];
        double d = x - s2;
        double n1 = Math.fma(c12[s], d, c11[s] * s1);
        double n2 = Math.fma(c22[s], d, Math.fma(c12[s], s1, s2));
        ic1[i] = n1;
        ic2[i] = n2;
        return 0.5 * (s2 + n2);
    }

    /** All-pass of section {@code s} on {@code x}, state {@code [i]} of {@code ic1}/{@code ic2}. */
    private double allPassStep(double x, double[] ic1, double[] ic2, int i, int s) {
        double s1 = ic1[i], s2 = ic2[i];
        double d = x - s2;
        double n1 = Math.fma(c12[s], d, c11[s] * s1);
        double n2 = Math.fma(c22[s], d, Math.fma(c12[s], s1, s2));
        ic1[i] = n1;
        ic2[i] = n2;
        return x - k[s] * (s1 + n1);
    }

    /** Splits one sample: returns the low band; the high band is then {@link #high()}. */
    public double split(double x) {
        // stage 0, section 0 on x: its low pass starts the low path, its all-pass the sum path
        double s1 = lowIc1[0], s2 = lowIc2[0];
        double d = x - s2;
        double n1 = Math.fma(c12[0], d, c11[0] * s1);
        double n2 = Math.fma(c22[0], d, Math.fma(c12[0], s1, s2));
        lowIc1[0] = n1;
        lowIc2[0] = n2;
        double low = 0.5 * (s2 + n2);
        double sum = x - k[0] * (s1 + n1);
        int stages = 2 * sections;
        for (int st = 1; st < stages; st++) {
            low = lowPassStep(low, lowIc1, lowIc2, st, st < sections ? st : st - sections);
        }
        for (int s = 1; s < sections; s++) {
            sum = allPassStep(sum, sumIc1, sumIc2, s, s);
        }
        high = sum - low;
        return low;
    }

    /** The high band of the last {@link #split}. */
    public double high() {
        return high;
    }

    /** The all-pass the split sums to (lp + hp), for the bands that do not take this split. */
    public double allpass(double x) {
        double y = x;
        for (int s = 0; s < sections; s++) {
            y = allPassStep(y, apIc1, apIc2, s, s);
        }
        return y;
    }

    /**
     * Splits {@code x[0 .. n)} into {@code low} and {@code high} (either may be {@code x} itself): the same
     * arithmetic as {@link #split(double)} sample by sample, with an LR4's state held in locals for the block.
     */
    public void split(double[] x, double[] low, double[] high, int n) {
        if (sections != 1) {
            for (int i = 0; i < n; i++) {
                low[i] = split(x[i]);
                high[i] = this.high;
            }
            return;
        }
        double kk = k[0], e11 = c11[0], e12 = c12[0], e22 = c22[0];
        double s1 = lowIc1[0], s2 = lowIc2[0];  // stage 0, shared
        double l1 = lowIc1[1], l2 = lowIc2[1];  // stage 1 of the low path
        double hi = this.high;
        for (int i = 0; i < n; i++) {
            double in = x[i];
            double d = in - s2;
            double n1 = Math.fma(e12, d, e11 * s1);
            double n2 = Math.fma(e22, d, Math.fma(e12, s1, s2));
            double lo = 0.5 * (s2 + n2);
            double sum = in - kk * (s1 + n1);
            s1 = n1;
            s2 = n2;
            d = lo - l2;
            n1 = Math.fma(e12, d, e11 * l1);
            n2 = Math.fma(e22, d, Math.fma(e12, l1, l2));
            lo = 0.5 * (l2 + n2);
            l1 = n1;
            l2 = n2;
            hi = sum - lo;
            low[i] = lo;
            high[i] = hi;
        }
        lowIc1[0] = s1;
        lowIc2[0] = s2;
        lowIc1[1] = l1;
        lowIc2[1] = l2;
        this.high = hi;
    }

    /** The high band of {@link #split(double)} alone (the same state advances; the low band is not returned). */
    public double highPass(double x) {
        split(x);
        return high;
    }

    /**
     * The high band of {@link #split(double[], double[], double[], int)} alone, into {@code high} (may be
     * {@code x}): the same arithmetic, the low band not stored.
     */
    public void highPass(double[] x, double[] high, int n) {
        if (sections != 1) {
            for (int i = 0; i < n; i++) {
                high[i] = highPass(x[i]);
            }
            return;
        }
        double kk = k[0], e11 = c11[0], e12 = c12[0], e22 = c22[0];
        double s1 = lowIc1[0], s2 = lowIc2[0];
        double l1 = lowIc1[1], l2 = lowIc2[1];
        double hi = this.high;
        for (int i = 0; i < n; i++) {
            double in = x[i];
            double d = in - s2;
            double n1 = Math.fma(e12, d, e11 * s1);
            double n2 = Math.fma(e22, d, Math.fma(e12, s1, s2));
            double lo = 0.5 * (s2 + n2);
            double sum = in - kk * (s1 + n1);
            s1 = n1;
            s2 = n2;
            d = lo - l2;
            n1 = Math.fma(e12, d, e11 * l1);
            n2 = Math.fma(e22, d, Math.fma(e12, l1, l2));
            lo = 0.5 * (l2 + n2);
            l1 = n1;
            l2 = n2;
            hi = sum - lo;
            high[i] = hi;
        }
        lowIc1[0] = s1;
        lowIc2[0] = s2;
        lowIc1[1] = l1;
        lowIc2[1] = l2;
        this.high = hi;
    }

    /** {@link #allpass(double)} over {@code x[0 .. n)} in place, an LR4's state in locals for the block. */
    public void allpass(double[] x, int n) {
        if (sections != 1) {
            for (int i = 0; i < n; i++) {
                x[i] = allpass(x[i]);
            }
            return;
        }
        double kk = k[0], e11 = c11[0], e12 = c12[0], e22 = c22[0];
        double p1 = apIc1[0], p2 = apIc2[0];
        for (int i = 0; i < n; i++) {
            double y = x[i];
            double d = y - p2;
            double n1 = Math.fma(e12, d, e11 * p1);
            double n2 = Math.fma(e22, d, Math.fma(e12, p1, p2));
            x[i] = y - kk * (p1 + n1);
            p1 = n1;
            p2 = n2;
        }
        apIc1[0] = p1;
        apIc2[0] = p2;
    }

    /**
     * Whether {@link #splitPair}/{@link #allpassPair} may run this filter beside {@code other}: both LR4
     * with the same cutoff (the pair shares one set of coefficients).
     */
    public boolean pairsWith(LinkwitzRiley other) {
        return sections == 1 && other.sections == 1 && g == other.g;
    }

    /**
     * {@link #split(double[], double[], double[], int)} of two channels in one loop, {@code a} on
     * {@code xa} and {@code b} on {@code xb}: the same arithmetic per channel, but two independent
     * recurrences side by side keep the floating-point units busy where one waits on its own latency.
     * Requires {@code a.pairsWith(b)}.
     */
    public static void splitPair(LinkwitzRiley a, double[] xa, double[] lowA, double[] highA,
                                 LinkwitzRiley b, double[] xb, double[] lowB, double[] highB, int n) {
        double kk = a.k[0], e11 = a.c11[0], e12 = a.c12[0], e22 = a.c22[0];
        double sa1 = a.lowIc1[0], sa2 = a.lowIc2[0], la1 = a.lowIc1[1], la2 = a.lowIc2[1], hia = a.high;
        double sb1 = b.lowIc1[0], sb2 = b.lowIc2[0], lb1 = b.lowIc1[1], lb2 = b.lowIc2[1], hib = b.high;
        for (int i = 0; i < n; i++) {
            double ina = xa[i], inb = xb[i];
            double da = ina - sa2, db = inb - sb2;
            double n1a = Math.fma(e12, da, e11 * sa1), n1b = Math.fma(e12, db, e11 * sb1);
            double n2a = Math.fma(e22, da, Math.fma(e12, sa1, sa2)), n2b = Math.fma(e22, db, Math.fma(e12, sb1, sb2));
            double loa = 0.5 * (sa2 + n2a), lob = 0.5 * (sb2 + n2b);
            double suma = ina - kk * (sa1 + n1a), sumb = inb - kk * (sb1 + n1b);
            sa1 = n1a;
            sb1 = n1b;
            sa2 = n2a;
            sb2 = n2b;
            da = loa - la2;
            db = lob - lb2;
            n1a = Math.fma(e12, da, e11 * la1);
            n1b = Math.fma(e12, db, e11 * lb1);
            n2a = Math.fma(e22, da, Math.fma(e12, la1, la2));
            n2b = Math.fma(e22, db, Math.fma(e12, lb1, lb2));
            loa = 0.5 * (la2 + n2a);
            lob = 0.5 * (lb2 + n2b);
            la1 = n1a;
            lb1 = n1b;
            la2 = n2a;
            lb2 = n2b;
            hia = suma - loa;
            hib = sumb - lob;
            lowA[i] = loa;
            highA[i] = hia;
            lowB[i] = lob;
            highB[i] = hib;
        }
        a.lowIc1[0] = sa1;
        a.lowIc2[0] = sa2;
        a.lowIc1[1] = la1;
        a.lowIc2[1] = la2;
        a.high = hia;
        b.lowIc1[0] = sb1;
        b.lowIc2[0] = sb2;
        b.lowIc1[1] = lb1;
        b.lowIc2[1] = lb2;
        b.high = hib;
    }

    /** {@link #allpass(double[], int)} of two channels in one loop (see {@link #splitPair}). */
    public static void allpassPair(LinkwitzRiley a, double[] xa, LinkwitzRiley b, double[] xb, int n) {
        double kk = a.k[0], e11 = a.c11[0], e12 = a.c12[0], e22 = a.c22[0];
        double pa1 = a.apIc1[0], pa2 = a.apIc2[0], pb1 = b.apIc1[0], pb2 = b.apIc2[0];
        for (int i = 0; i < n; i++) {
            double ya = xa[i], yb = xb[i];
            double da = ya - pa2, db = yb - pb2;
            double n1a = Math.fma(e12, da, e11 * pa1), n1b = Math.fma(e12, db, e11 * pb1);
            double n2a = Math.fma(e22, da, Math.fma(e12, pa1, pa2)), n2b = Math.fma(e22, db, Math.fma(e12, pb1, pb2));
            xa[i] = ya - kk * (pa1 + n1a);
            xb[i] = yb - kk * (pb1 + n1b);
            pa1 = n1a;
            pb1 = n1b;
            pa2 = n2a;
            pb2 = n2b;
        }
        a.apIc1[0] = pa1;
        a.apIc2[0] = pa2;
        b.apIc1[0] = pb1;
        b.apIc2[0] = pb2;
    }

    /**
     * {@code s} splits {@code x} into {@code low} and {@code high} while {@code a} all-passes {@code y} in
     * place, in one loop (two independent recurrences side by side, see {@link #splitPair}); each bit for
     * bit as alone. Requires {@code s.pairsWith(a)}.
     */
    public static void splitWithAllpass(LinkwitzRiley s, double[] x, double[] low, double[] high,
                                        LinkwitzRiley a, double[] y, int n) {
        double kk = s.k[0], e11 = s.c11[0], e12 = s.c12[0], e22 = s.c22[0];
        double s1 = s.lowIc1[0], s2 = s.lowIc2[0], l1 = s.lowIc1[1], l2 = s.lowIc2[1], hi = s.high;
        double p1 = a.apIc1[0], p2 = a.apIc2[0];
        for (int i = 0; i < n; i++) {
            double in = x[i], ya = y[i];
            double d = in - s2, dp = ya - p2;
            double n1 = Math.fma(e12, d, e11 * s1), m1 = Math.fma(e12, dp, e11 * p1);
            double n2 = Math.fma(e22, d, Math.fma(e12, s1, s2)), m2 = Math.fma(e22, dp, Math.fma(e12, p1, p2));
            double lo = 0.5 * (s2 + n2);
            double sum = in - kk * (s1 + n1);
            y[i] = ya - kk * (p1 + m1);
            s1 = n1;
            s2 = n2;
            p1 = m1;
            p2 = m2;
            d = lo - l2;
            n1 = Math.fma(e12, d, e11 * l1);
            n2 = Math.fma(e22, d, Math.fma(e12, l1, l2));
            lo = 0.5 * (l2 + n2);
            l1 = n1;
            l2 = n2;
            hi = sum - lo;
            low[i] = lo;
            high[i] = hi;
        }
        s.lowIc1[0] = s1;
        s.lowIc2[0] = s2;
        s.lowIc1[1] = l1;
        s.lowIc2[1] = l2;
        s.high = hi;
        a.apIc1[0] = p1;
        a.apIc2[0] = p2;
    }

    /**
     * {@link #splitWithAllpass} plus a second all-pass, {@code b} on {@code z} in place, in the same loop
     * (three independent recurrences). Requires {@code s.pairsWith(a)} and {@code s.pairsWith(b)}.
     */
    public static void splitWithTwoAllpasses(LinkwitzRiley s, double[] x, double[] low, double[] high,
                                             LinkwitzRiley a, double[] y, LinkwitzRiley b, double[] z, int n) {
        double kk = s.k[0], e11 = s.c11[0], e12 = s.c12[0], e22 = s.c22[0];
        double s1 = s.lowIc1[0], s2 = s.lowIc2[0], l1 = s.lowIc1[1], l2 = s.lowIc2[1], hi = s.high;
        double p1 = a.apIc1[0], p2 = a.apIc2[0], q1 = b.apIc1[0], q2 = b.apIc2[0];
        for (int i = 0; i < n; i++) {
            double in = x[i], ya = y[i], zb = z[i];
            double d = in - s2, dp = ya - p2, dq = zb - q2;
            double n1 = Math.fma(e12, d, e11 * s1), m1 = Math.fma(e12, dp, e11 * p1), r1 = Math.fma(e12, dq, e11 * q1);
            double n2 = Math.fma(e22, d, Math.fma(e12, s1, s2)), m2 = Math.fma(e22, dp, Math.fma(e12, p1, p2)), r2 = Math.fma(e22, dq, Math.fma(e12, q1, q2));
            double lo = 0.5 * (s2 + n2);
            double sum = in - kk * (s1 + n1);
            y[i] = ya - kk * (p1 + m1);
            z[i] = zb - kk * (q1 + r1);
            s1 = n1;
            s2 = n2;
            p1 = m1;
            p2 = m2;
            q1 = r1;
            q2 = r2;
            d = lo - l2;
            n1 = Math.fma(e12, d, e11 * l1);
            n2 = Math.fma(e22, d, Math.fma(e12, l1, l2));
            lo = 0.5 * (l2 + n2);
            l1 = n1;
            l2 = n2;
            hi = sum - lo;
            low[i] = lo;
            high[i] = hi;
        }
        s.lowIc1[0] = s1;
        s.lowIc2[0] = s2;
        s.lowIc1[1] = l1;
        s.lowIc2[1] = l2;
        s.high = hi;
        a.apIc1[0] = p1;
        a.apIc2[0] = p2;
        b.apIc1[0] = q1;
        b.apIc2[0] = q2;
    }

    /**
     * {@code s} high-passes {@code x} into {@code high} ({@link #highPass(double[], double[], int)}) while
     * {@code a} all-passes {@code y} in place, in one loop; each bit for bit as alone. Requires
     * {@code s.pairsWith(a)}.
     */
    public static void highPassWithAllpass(LinkwitzRiley s, double[] x, double[] high,
                                           LinkwitzRiley a, double[] y, int n) {
        double kk = s.k[0], e11 = s.c11[0], e12 = s.c12[0], e22 = s.c22[0];
        double s1 = s.lowIc1[0], s2 = s.lowIc2[0], l1 = s.lowIc1[1], l2 = s.lowIc2[1], hi = s.high;
        double p1 = a.apIc1[0], p2 = a.apIc2[0];
        for (int i = 0; i < n; i++) {
            double in = x[i], ya = y[i];
            double d = in - s2, dp = ya - p2;
            double n1 = Math.fma(e12, d, e11 * s1), m1 = Math.fma(e12, dp, e11 * p1);
            double n2 = Math.fma(e22, d, Math.fma(e12, s1, s2)), m2 = Math.fma(e22, dp, Math.fma(e12, p1, p2));
            double lo = 0.5 * (s2 + n2);
            double sum = in - kk * (s1 + n1);
            y[i] = ya - kk * (p1 + m1);
            s1 = n1;
            s2 = n2;
            p1 = m1;
            p2 = m2;
            d = lo - l2;
            n1 = Math.fma(e12, d, e11 * l1);
            n2 = Math.fma(e22, d, Math.fma(e12, l1, l2));
            lo = 0.5 * (l2 + n2);
            l1 = n1;
            l2 = n2;
            hi = sum - lo;
            high[i] = hi;
        }
        s.lowIc1[0] = s1;
        s.lowIc2[0] = s2;
        s.lowIc1[1] = l1;
        s.lowIc2[1] = l2;
        s.high = hi;
        a.apIc1[0] = p1;
        a.apIc2[0] = p2;
    }

    /** Snaps vanishing state to zero, and clears state a non-finite input has poisoned; call once per block. */
    public void flushDenormals() {
        // one pass over the state: flush and check finiteness together (& not &&: every array is flushed)
        boolean finite = flush(lowIc1) & flush(lowIc2) & flush(sumIc1) & flush(sumIc2) & flush(apIc1)
                & flush(apIc2) & Double.isFinite(high);
        if (!finite) {
            reset();
        }
    }

    /** Zeroes the entries below {@link #TINY}; whether every other entry is finite. */
    private static boolean flush(double[] state) {
        boolean finite = true;
        for (int i = 0; i < state.length; i++) {
            double v = state[i];
            if (Math.abs(v) < TINY) {
                state[i] = 0;
            } else {
                finite &= Double.isFinite(v);
            }
        }
        return finite;
    }

    public void reset() {
        java.util.Arrays.fill(lowIc1, 0);
        java.util.Arrays.fill(lowIc2, 0);
        java.util.Arrays.fill(sumIc1, 0);
        java.util.Arrays.fill(sumIc2, 0);
        java.util.Arrays.fill(apIc1, 0);
        java.util.Arrays.fill(apIc2, 0);
        high = 0;
    }

    /** The largest magnitude of the state (tests use it to prove silence decays to exactly zero). */
    public double stateMagnitude() {
        double max = 0;
        for (int i = 0; i < MAX_STAGES; i++) {
            max = Math.max(max, Math.max(Math.abs(lowIc1[i]), Math.abs(lowIc2[i])));
        }
        for (int i = 0; i < MAX_SECTIONS; i++) {
            max = Math.max(max, Math.max(Math.max(Math.abs(sumIc1[i]), Math.abs(sumIc2[i])),
                    Math.max(Math.abs(apIc1[i]), Math.abs(apIc2[i]))));
        }
        return max;
    }

    // ---- analytic response (bilinear transform: the analog response at r = tan(pi f/fs) / tan(pi fc/fs)) ----

    /** |low pass| = 1 / (1 + r^2n), n the Butterworth order: -6.02 dB at the crossover. */
    public static double lowMagnitude(Slope slope, double frequency, double crossover, double sampleRate) {
        double rn = Math.pow(ratio(frequency, crossover, sampleRate), slope.butterworthOrder());
        return 1 / (1 + rn * rn);
    }

    /** |high pass| = r^2n / (1 + r^2n); low + high = 1 at every frequency (both share one phase). */
    public static double highMagnitude(Slope slope, double frequency, double crossover, double sampleRate) {
        return 1 - lowMagnitude(slope, frequency, crossover, sampleRate);
    }

    /**
     * The phase (radians) shared by the low pass, the high pass and the all-pass: -2 sum arg(D_i(j r)),
     * D_i = 1 - r^2 + j r / Q_i.
     */
    public static double phase(Slope slope, double frequency, double crossover, double sampleRate) {
        double r = ratio(frequency, crossover, sampleRate);
        double sum = 0;
        for (int s = 0; s < slope.sections(); s++) {
            sum += Math.atan2(r / slope.q(s), 1 - r * r);
        }
        return -2 * sum;
    }

    private static double ratio(double frequency, double crossover, double sampleRate) {
        return Math.tan(Math.PI * frequency / sampleRate) / warp(crossover, sampleRate);
    }
}
