package org.mixdown.dsp;

/**
 * A Linkwitz-Riley two-way split: low pass and high pass that are each a Butterworth filter squared, so
 * both are -6.02 dB at the crossover, in phase with each other at every frequency, and sum to an all-pass.
 * The same instance also offers that all-pass alone ({@link #allpass}), which a multi-band splitter puts in
 * the bands that did not take a split, so every band carries the same phase and the sum stays flat.
 *
 * <p>Every second-order section is a trapezoidal state-variable filter (Simper): the bilinear transform of
 * the analog section with the cutoff prewarped, double-precision state, stable while the cutoff glides.
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
    /** The split runs 2 S stages per path; stage 0 (shared by both paths) gives lp and hp of the input. */
    private static final int MAX_STAGES = 2 * MAX_SECTIONS;

    private Slope slope;
    private int sections;
    private double g;
    private final double[] k = new double[MAX_SECTIONS];
    private final double[] a1 = new double[MAX_SECTIONS];
    private final double[] a2 = new double[MAX_SECTIONS];
    private final double[] a3 = new double[MAX_SECTIONS];
    // split state: [0] stage 0 shared; low path stages 1.., high path stages 1..; each stage ic1, ic2
    private final double[] lowIc1 = new double[MAX_STAGES];
    private final double[] lowIc2 = new double[MAX_STAGES];
    private final double[] highIc1 = new double[MAX_STAGES];
    private final double[] highIc2 = new double[MAX_STAGES];
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
            k[s] = kq;
            a1[s] = 1 / (1 + g * (g + kq));
            a2[s] = g * a1[s];
            a3[s] = g * a2[s];
        }
    }

    /** Splits one sample: returns the low band; the high band is then {@link #high()}. */
    public double split(double x) {
        // stage 0, section 0: both outputs of one SVF
        double v3 = x - lowIc2[0];
        double v1 = a1[0] * lowIc1[0] + a2[0] * v3;
        double v2 = lowIc2[0] + a2[0] * lowIc1[0] + a3[0] * v3;
        lowIc1[0] = 2 * v1 - lowIc1[0];
        lowIc2[0] = 2 * v2 - lowIc2[0];
        double low = v2;
        double hi = x - k[0] * v1 - v2;
        int stages = 2 * sections;
        for (int st = 1; st < stages; st++) {
            int s = st < sections ? st : st - sections;  // section index of the stage (st < 2 sections)
            // low path: low pass output of the stage
            v3 = low - lowIc2[st];
            v1 = a1[s] * lowIc1[st] + a2[s] * v3;
            v2 = lowIc2[st] + a2[s] * lowIc1[st] + a3[s] * v3;
            lowIc1[st] = 2 * v1 - lowIc1[st];
            lowIc2[st] = 2 * v2 - lowIc2[st];
            low = v2;
            // high path: high pass output of the stage
            v3 = hi - highIc2[st];
            v1 = a1[s] * highIc1[st] + a2[s] * v3;
            v2 = highIc2[st] + a2[s] * highIc1[st] + a3[s] * v3;
            highIc1[st] = 2 * v1 - highIc1[st];
            highIc2[st] = 2 * v2 - highIc2[st];
            hi = hi - k[s] * v1 - v2;
        }
        high = hi;
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
            double v3 = y - apIc2[s];
            double v1 = a1[s] * apIc1[s] + a2[s] * v3;
            double v2 = apIc2[s] + a2[s] * apIc1[s] + a3[s] * v3;
            apIc1[s] = 2 * v1 - apIc1[s];
            apIc2[s] = 2 * v2 - apIc2[s];
            y = y - 2 * k[s] * v1;
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
        double kk = k[0], c1 = a1[0], c2 = a2[0], c3 = a3[0];
        double s1 = lowIc1[0], s2 = lowIc2[0];  // stage 0, shared
        double l1 = lowIc1[1], l2 = lowIc2[1];  // stage 1 of the low path
        double h1 = highIc1[1], h2 = highIc2[1];  // stage 1 of the high path
        double hi = this.high;
        for (int i = 0; i < n; i++) {
            double in = x[i];
            double v3 = in - s2;
            double v1 = c1 * s1 + c2 * v3;
            double v2 = s2 + c2 * s1 + c3 * v3;
            s1 = 2 * v1 - s1;
            s2 = 2 * v2 - s2;
            double lo = v2;
            hi = in - kk * v1 - v2;
            v3 = lo - l2;
            v1 = c1 * l1 + c2 * v3;
            v2 = l2 + c2 * l1 + c3 * v3;
            l1 = 2 * v1 - l1;
            l2 = 2 * v2 - l2;
            lo = v2;
            v3 = hi - h2;
            v1 = c1 * h1 + c2 * v3;
            v2 = h2 + c2 * h1 + c3 * v3;
            h1 = 2 * v1 - h1;
            h2 = 2 * v2 - h2;
            hi = hi - kk * v1 - v2;
            low[i] = lo;
            high[i] = hi;
        }
        lowIc1[0] = s1;
        lowIc2[0] = s2;
        lowIc1[1] = l1;
        lowIc2[1] = l2;
        highIc1[1] = h1;
        highIc2[1] = h2;
        this.high = hi;
    }

    /** The high band of {@link #split(double)} alone (the low path's state does not advance). */
    public double highPass(double x) {
        double v3 = x - lowIc2[0];
        double v1 = a1[0] * lowIc1[0] + a2[0] * v3;
        double v2 = lowIc2[0] + a2[0] * lowIc1[0] + a3[0] * v3;
        lowIc1[0] = 2 * v1 - lowIc1[0];
        lowIc2[0] = 2 * v2 - lowIc2[0];
        double hi = x - k[0] * v1 - v2;
        int stages = 2 * sections;
        for (int st = 1; st < stages; st++) {
            int s = st < sections ? st : st - sections;
            v3 = hi - highIc2[st];
            v1 = a1[s] * highIc1[st] + a2[s] * v3;
            v2 = highIc2[st] + a2[s] * highIc1[st] + a3[s] * v3;
            highIc1[st] = 2 * v1 - highIc1[st];
            highIc2[st] = 2 * v2 - highIc2[st];
            hi = hi - k[s] * v1 - v2;
        }
        high = hi;
        return hi;
    }

    /**
     * The high band of {@link #split(double[], double[], double[], int)} alone, into {@code high} (may be
     * {@code x}): two sections where the split runs three; the low path's state does not advance.
     */
    public void highPass(double[] x, double[] high, int n) {
        if (sections != 1) {
            for (int i = 0; i < n; i++) {
                high[i] = highPass(x[i]);
            }
            return;
        }
        double kk = k[0], c1 = a1[0], c2 = a2[0], c3 = a3[0];
        double s1 = lowIc1[0], s2 = lowIc2[0];
        double h1 = highIc1[1], h2 = highIc2[1];
        double hi = this.high;
        for (int i = 0; i < n; i++) {
            double in = x[i];
            double v3 = in - s2;
            double v1 = c1 * s1 + c2 * v3;
            double v2 = s2 + c2 * s1 + c3 * v3;
            s1 = 2 * v1 - s1;
            s2 = 2 * v2 - s2;
            hi = in - kk * v1 - v2;
            v3 = hi - h2;
            v1 = c1 * h1 + c2 * v3;
            v2 = h2 + c2 * h1 + c3 * v3;
            h1 = 2 * v1 - h1;
            h2 = 2 * v2 - h2;
            hi = hi - kk * v1 - v2;
            high[i] = hi;
        }
        lowIc1[0] = s1;
        lowIc2[0] = s2;
        highIc1[1] = h1;
        highIc2[1] = h2;
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
        double kk2 = 2 * k[0], c1 = a1[0], c2 = a2[0], c3 = a3[0];
        double s1 = apIc1[0], s2 = apIc2[0];
        for (int i = 0; i < n; i++) {
            double y = x[i];
            double v3 = y - s2;
            double v1 = c1 * s1 + c2 * v3;
            double v2 = s2 + c2 * s1 + c3 * v3;
            s1 = 2 * v1 - s1;
            s2 = 2 * v2 - s2;
            x[i] = y - kk2 * v1;
        }
        apIc1[0] = s1;
        apIc2[0] = s2;
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
        double kk = a.k[0], c1 = a.a1[0], c2 = a.a2[0], c3 = a.a3[0];
        double sa1 = a.lowIc1[0], sa2 = a.lowIc2[0], la1 = a.lowIc1[1], la2 = a.lowIc2[1];
        double ha1 = a.highIc1[1], ha2 = a.highIc2[1], hia = a.high;
        double sb1 = b.lowIc1[0], sb2 = b.lowIc2[0], lb1 = b.lowIc1[1], lb2 = b.lowIc2[1];
        double hb1 = b.highIc1[1], hb2 = b.highIc2[1], hib = b.high;
        for (int i = 0; i < n; i++) {
            double ina = xa[i], inb = xb[i];
            double v3a = ina - sa2, v3b = inb - sb2;
            double v1a = c1 * sa1 + c2 * v3a, v1b = c1 * sb1 + c2 * v3b;
            double v2a = sa2 + c2 * sa1 + c3 * v3a, v2b = sb2 + c2 * sb1 + c3 * v3b;
            sa1 = 2 * v1a - sa1;
            sb1 = 2 * v1b - sb1;
            sa2 = 2 * v2a - sa2;
            sb2 = 2 * v2b - sb2;
            double loa = v2a, lob = v2b;
            hia = ina - kk * v1a - v2a;
            hib = inb - kk * v1b - v2b;
            v3a = loa - la2;
            v3b = lob - lb2;
            v1a = c1 * la1 + c2 * v3a;
            v1b = c1 * lb1 + c2 * v3b;
            v2a = la2 + c2 * la1 + c3 * v3a;
            v2b = lb2 + c2 * lb1 + c3 * v3b;
            la1 = 2 * v1a - la1;
            lb1 = 2 * v1b - lb1;
            la2 = 2 * v2a - la2;
            lb2 = 2 * v2b - lb2;
            loa = v2a;
            lob = v2b;
            v3a = hia - ha2;
            v3b = hib - hb2;
            v1a = c1 * ha1 + c2 * v3a;
            v1b = c1 * hb1 + c2 * v3b;
            v2a = ha2 + c2 * ha1 + c3 * v3a;
            v2b = hb2 + c2 * hb1 + c3 * v3b;
            ha1 = 2 * v1a - ha1;
            hb1 = 2 * v1b - hb1;
            ha2 = 2 * v2a - ha2;
            hb2 = 2 * v2b - hb2;
            hia = hia - kk * v1a - v2a;
            hib = hib - kk * v1b - v2b;
            lowA[i] = loa;
            highA[i] = hia;
            lowB[i] = lob;
            highB[i] = hib;
        }
        a.lowIc1[0] = sa1;
        a.lowIc2[0] = sa2;
        a.lowIc1[1] = la1;
        a.lowIc2[1] = la2;
        a.highIc1[1] = ha1;
        a.highIc2[1] = ha2;
        a.high = hia;
        b.lowIc1[0] = sb1;
        b.lowIc2[0] = sb2;
        b.lowIc1[1] = lb1;
        b.lowIc2[1] = lb2;
        b.highIc1[1] = hb1;
        b.highIc2[1] = hb2;
        b.high = hib;
    }

    /** {@link #allpass(double[], int)} of two channels in one loop (see {@link #splitPair}). */
    public static void allpassPair(LinkwitzRiley a, double[] xa, LinkwitzRiley b, double[] xb, int n) {
        double kk2 = 2 * a.k[0], c1 = a.a1[0], c2 = a.a2[0], c3 = a.a3[0];
        double sa1 = a.apIc1[0], sa2 = a.apIc2[0], sb1 = b.apIc1[0], sb2 = b.apIc2[0];
        for (int i = 0; i < n; i++) {
            double ya = xa[i], yb = xb[i];
            double v3a = ya - sa2, v3b = yb - sb2;
            double v1a = c1 * sa1 + c2 * v3a, v1b = c1 * sb1 + c2 * v3b;
            double v2a = sa2 + c2 * sa1 + c3 * v3a, v2b = sb2 + c2 * sb1 + c3 * v3b;
            sa1 = 2 * v1a - sa1;
            sb1 = 2 * v1b - sb1;
            sa2 = 2 * v2a - sa2;
            sb2 = 2 * v2b - sb2;
            xa[i] = ya - kk2 * v1a;
            xb[i] = yb - kk2 * v1b;
        }
        a.apIc1[0] = sa1;
        a.apIc2[0] = sa2;
        b.apIc1[0] = sb1;
        b.apIc2[0] = sb2;
    }

    /**
     * {@code s} splits {@code x} into {@code low} and {@code high} while {@code a} all-passes {@code y} in
     * place, in one loop (two independent recurrences side by side, see {@link #splitPair}); each bit for
     * bit as alone. Requires {@code s.pairsWith(a)}.
     */
    public static void splitWithAllpass(LinkwitzRiley s, double[] x, double[] low, double[] high,
                                        LinkwitzRiley a, double[] y, int n) {
        double kk = s.k[0], c1 = s.a1[0], c2 = s.a2[0], c3 = s.a3[0], kk2 = 2 * kk;
        double s1 = s.lowIc1[0], s2 = s.lowIc2[0], l1 = s.lowIc1[1], l2 = s.lowIc2[1];
        double h1 = s.highIc1[1], h2 = s.highIc2[1], hi = s.high;
        double p1 = a.apIc1[0], p2 = a.apIc2[0];
        for (int i = 0; i < n; i++) {
            double in = x[i], ya = y[i];
            double v3 = in - s2, w3 = ya - p2;
            double v1 = c1 * s1 + c2 * v3, w1 = c1 * p1 + c2 * w3;
            double v2 = s2 + c2 * s1 + c3 * v3, w2 = p2 + c2 * p1 + c3 * w3;
            s1 = 2 * v1 - s1;
            s2 = 2 * v2 - s2;
            p1 = 2 * w1 - p1;
            p2 = 2 * w2 - p2;
            y[i] = ya - kk2 * w1;
            double lo = v2;
            hi = in - kk * v1 - v2;
            v3 = lo - l2;
            v1 = c1 * l1 + c2 * v3;
            v2 = l2 + c2 * l1 + c3 * v3;
            l1 = 2 * v1 - l1;
            l2 = 2 * v2 - l2;
            lo = v2;
            v3 = hi - h2;
            v1 = c1 * h1 + c2 * v3;
            v2 = h2 + c2 * h1 + c3 * v3;
            h1 = 2 * v1 - h1;
            h2 = 2 * v2 - h2;
            hi = hi - kk * v1 - v2;
            low[i] = lo;
            high[i] = hi;
        }
        s.lowIc1[0] = s1;
        s.lowIc2[0] = s2;
        s.lowIc1[1] = l1;
        s.lowIc2[1] = l2;
        s.highIc1[1] = h1;
        s.highIc2[1] = h2;
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
        double kk = s.k[0], c1 = s.a1[0], c2 = s.a2[0], c3 = s.a3[0], kk2 = 2 * kk;
        double s1 = s.lowIc1[0], s2 = s.lowIc2[0], l1 = s.lowIc1[1], l2 = s.lowIc2[1];
        double h1 = s.highIc1[1], h2 = s.highIc2[1], hi = s.high;
        double p1 = a.apIc1[0], p2 = a.apIc2[0], q1 = b.apIc1[0], q2 = b.apIc2[0];
        for (int i = 0; i < n; i++) {
            double in = x[i], ya = y[i], zb = z[i];
            double v3 = in - s2, w3 = ya - p2, u3 = zb - q2;
            double v1 = c1 * s1 + c2 * v3, w1 = c1 * p1 + c2 * w3, u1 = c1 * q1 + c2 * u3;
            double v2 = s2 + c2 * s1 + c3 * v3, w2 = p2 + c2 * p1 + c3 * w3, u2 = q2 + c2 * q1 + c3 * u3;
            s1 = 2 * v1 - s1;
            s2 = 2 * v2 - s2;
            p1 = 2 * w1 - p1;
            p2 = 2 * w2 - p2;
            q1 = 2 * u1 - q1;
            q2 = 2 * u2 - q2;
            y[i] = ya - kk2 * w1;
            z[i] = zb - kk2 * u1;
            double lo = v2;
            hi = in - kk * v1 - v2;
            v3 = lo - l2;
            v1 = c1 * l1 + c2 * v3;
            v2 = l2 + c2 * l1 + c3 * v3;
            l1 = 2 * v1 - l1;
            l2 = 2 * v2 - l2;
            lo = v2;
            v3 = hi - h2;
            v1 = c1 * h1 + c2 * v3;
            v2 = h2 + c2 * h1 + c3 * v3;
            h1 = 2 * v1 - h1;
            h2 = 2 * v2 - h2;
            hi = hi - kk * v1 - v2;
            low[i] = lo;
            high[i] = hi;
        }
        s.lowIc1[0] = s1;
        s.lowIc2[0] = s2;
        s.lowIc1[1] = l1;
        s.lowIc2[1] = l2;
        s.highIc1[1] = h1;
        s.highIc2[1] = h2;
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
        double kk = s.k[0], c1 = s.a1[0], c2 = s.a2[0], c3 = s.a3[0], kk2 = 2 * kk;
        double s1 = s.lowIc1[0], s2 = s.lowIc2[0], h1 = s.highIc1[1], h2 = s.highIc2[1], hi = s.high;
        double p1 = a.apIc1[0], p2 = a.apIc2[0];
        for (int i = 0; i < n; i++) {
            double in = x[i], ya = y[i];
            double v3 = in - s2, w3 = ya - p2;
            double v1 = c1 * s1 + c2 * v3, w1 = c1 * p1 + c2 * w3;
            double v2 = s2 + c2 * s1 + c3 * v3, w2 = p2 + c2 * p1 + c3 * w3;
            s1 = 2 * v1 - s1;
            s2 = 2 * v2 - s2;
            p1 = 2 * w1 - p1;
            p2 = 2 * w2 - p2;
            y[i] = ya - kk2 * w1;
            hi = in - kk * v1 - v2;
            v3 = hi - h2;
            v1 = c1 * h1 + c2 * v3;
            v2 = h2 + c2 * h1 + c3 * v3;
            h1 = 2 * v1 - h1;
            h2 = 2 * v2 - h2;
            hi = hi - kk * v1 - v2;
            high[i] = hi;
        }
        s.lowIc1[0] = s1;
        s.lowIc2[0] = s2;
        s.highIc1[1] = h1;
        s.highIc2[1] = h2;
        s.high = hi;
        a.apIc1[0] = p1;
        a.apIc2[0] = p2;
    }

    /** Snaps vanishing state to zero, and clears state a non-finite input has poisoned; call once per block. */
    public void flushDenormals() {
        // one pass over the state: flush and check finiteness together (& not &&: every array is flushed)
        boolean finite = flush(lowIc1) & flush(lowIc2) & flush(highIc1) & flush(highIc2) & flush(apIc1)
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
        java.util.Arrays.fill(highIc1, 0);
        java.util.Arrays.fill(highIc2, 0);
        java.util.Arrays.fill(apIc1, 0);
        java.util.Arrays.fill(apIc2, 0);
        high = 0;
    }

    /** The largest magnitude of the state (tests use it to prove silence decays to exactly zero). */
    public double stateMagnitude() {
        double max = 0;
        for (int i = 0; i < MAX_STAGES; i++) {
            max = Math.max(max, Math.max(Math.max(Math.abs(lowIc1[i]), Math.abs(lowIc2[i])),
                    Math.max(Math.abs(highIc1[i]), Math.abs(highIc2[i]))));
        }
        for (int i = 0; i < MAX_SECTIONS; i++) {
            max = Math.max(max, Math.max(Math.abs(apIc1[i]), Math.abs(apIc2[i])));
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
