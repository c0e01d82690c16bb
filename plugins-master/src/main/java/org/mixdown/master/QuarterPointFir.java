package org.mixdown.master;

/**
 * The 4x detector's second stage over a run of intervals: for interval k, the points 1/4 and 3/4 of it,
 * each a {@value #TAPS}-tap kernel over the doubled-rate samples around it (samples {@code x} and
 * midpoints {@code m} in turn), and the midpoint 1/2 as it is. Shaped so that Java 17's C2 compiles it to
 * SIMD code (see {@link MidpointFir} for the rules: every array access of a loop at the same offset, at
 * most five products a loop).
 *
 * <p>So each tap's input gets its own shifted copy, {@code midShift[d][at + o] = m[start + o + d]} and
 * {@code sampleShift[d][at + o] = x[start + o + d]}, every loop reads and writes index {@code at + o} only,
 * and each point is three loops: the even chain's first five products, the odd chain's first five, then
 * the sixth of each and their sum. These are the products, in the order, of
 * {@link IntersamplePeakDetector#dot} (two chains, the first product plain, the rest fused, then even +
 * odd), so both paths give the same bits. Short runs, where the twelve copies cost more than the vector
 * loops save, take the scalar loop.
 */
final class QuarterPointFir {
    /** Taps per point, at the doubled rate. */
    static final int TAPS = 12;
    /** Runs shorter than this take the scalar loop. */
    static final int VECTOR_MIN = 16;

    private final double[] g;
    /** midShift[d + 3]: the midpoints from m[start + d] on, d in -3 .. 3 (d = 0 is the output y2 itself). */
    private final double[][] midShift = new double[7][];
    /** sampleShift[d + 2]: the samples from x[start + d] on, d in -2 .. 3. */
    private final double[][] sampleShift = new double[6][];
    /** The odd chains' partial sums. */
    private final double[] oddSums;

    /** {@code g}: the 1/4-step kernel ({@value #TAPS} taps); {@code length}: the output arrays' length. */
    QuarterPointFir(double[] g, int length) {
        if (g.length != TAPS) {
            throw new IllegalArgumentException("the layout is written for " + TAPS + " taps, not " + g.length);
        }
        this.g = g;  // read only
        for (int d = 0; d < midShift.length; d++) {
            midShift[d] = d == 3 ? null : new double[length];
        }
        for (int d = 0; d < sampleShift.length; d++) {
            sampleShift[d] = new double[length];
        }
        oddSums = new double[length];
    }

    /**
     * For the {@code count} intervals k = start + o: {@code y1[at + o]} the point 1/4 after x[k],
     * {@code y2[at + o] = m[k]}, {@code y3[at + o]} the point 1/4 after m[k]. Reads x[start - 3 ..
     * start + count + 2] and m[start - 3 .. start + count + 2].
     */
    void compute(double[] x, double[] m, int start, int count, double[] y1, double[] y2, double[] y3, int at) {
        if (count < VECTOR_MIN) {
            scalar(x, m, start, count, y1, y2, y3, at);
            return;
        }
        double[][] ms = midShift, xs = sampleShift;
        for (int d = -3; d <= 3; d++) {
            System.arraycopy(m, start + d, d == 0 ? y2 : ms[d + 3], at, count);
        }
        for (int d = -2; d <= 3; d++) {
            System.arraycopy(x, start + d, xs[d + 2], at, count);
        }
        double[] c = g, odd = oddSums;
        int end = at + count;
        // 1/4 after x[k]: even taps m[k - 3 .. k + 2], odd taps x[k - 2 .. k + 3]
        five(y1, ms[0], ms[1], ms[2], y2, ms[4], c[0], c[2], c[4], c[6], c[8], at, end);
        five(odd, xs[0], xs[1], xs[2], xs[3], xs[4], c[1], c[3], c[5], c[7], c[9], at, end);
        lastAndSum(y1, ms[5], odd, xs[5], c[10], c[11], at, end);
        // 1/4 after m[k]: even taps x[k - 2 .. k + 3], odd taps m[k - 2 .. k + 3]
        five(y3, xs[0], xs[1], xs[2], xs[3], xs[4], c[0], c[2], c[4], c[6], c[8], at, end);
        five(odd, ms[1], ms[2], y2, ms[4], ms[5], c[1], c[3], c[5], c[7], c[9], at, end);
        lastAndSum(y3, xs[5], odd, ms[6], c[10], c[11], at, end);
    }

    /** chain[j] = c0 z0[j] + c1 z1[j] + ... + c4 z4[j], the first product plain, the rest fused. */
    private static void five(double[] chain, double[] z0, double[] z1, double[] z2, double[] z3, double[] z4,
                             double c0, double c1, double c2, double c3, double c4, int from, int to) {
        for (int j = from; j < to; j++) {
            double y = c0 * z0[j];
            y = Math.fma(c1, z1[j], y);
            y = Math.fma(c2, z2[j], y);
            y = Math.fma(c3, z3[j], y);
            y = Math.fma(c4, z4[j], y);
            chain[j] = y;
        }
    }

    /** even[j] = (even[j] + c10 z10[j]) + (odd[j] + c11 z11[j]), each product fused into its chain. */
    private static void lastAndSum(double[] even, double[] z10, double[] odd, double[] z11, double c10, double c11,
                                   int from, int to) {
        for (int j = from; j < to; j++) {
            even[j] = Math.fma(c10, z10[j], even[j]) + Math.fma(c11, z11[j], odd[j]);
        }
    }

    /**
     * The same points one interval at a time, the twelve doubled-rate samples slid along in registers (the
     * form this class replaced for long runs; tests compare the two).
     */
    void scalar(double[] x, double[] m, int start, int count, double[] y1, double[] y2, double[] y3, int at) {
        double[] c = g;
        // the doubled signal z[2k - 5 .. 2k + 7] around interval k, midpoints (m) and samples (s) in turn:
        // m(k-3) s(k-2) m(k-2) s(k-1) m(k-1) s(k) m(k) s(k+1) m(k+1) s(k+2) m(k+2) s(k+3) m(k+3);
        // the loop slides it on by one interval before use
        int k = start - 1;
        double sb = x[k - 2], mb = m[k - 2], sc = x[k - 1], mc = m[k - 1], sd = x[k], md = m[k],
                se = x[k + 1], me = m[k + 1], sf = x[k + 2], mf = m[k + 2], sg = x[k + 3], mg = m[k + 3];
        for (int o = 0; o < count; o++) {
            k = start + o;
            double ma = mb;
            sb = sc; mb = mc; sc = sd; mc = md; sd = se; md = me; se = sf; me = mf; sf = sg; mf = mg;
            sg = x[k + 3];
            mg = m[k + 3];
            y1[at + o] = IntersamplePeakDetector.dot(c, ma, sb, mb, sc, mc, sd, md, se, me, sf, mf, sg);
            y2[at + o] = md;
            y3[at + o] = IntersamplePeakDetector.dot(c, sb, mb, sc, mc, sd, md, se, me, sf, mf, sg, mg);
        }
    }
}
