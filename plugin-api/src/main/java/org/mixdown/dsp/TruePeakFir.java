package org.mixdown.dsp;

/**
 * The loops of {@link TruePeak}'s block path, shaped so that Java 17's C2 compiles them to SIMD code: the folded
 * Annex 2 interpolator over a whole chunk, one step per loop, every array read at offset 0 or 8.
 *
 * <p>Why this shape: C2 vectorises a loop only when every array access in it has a constant offset with the same
 * alignment relative to the vector (8 doubles for AVX-512), and only when its body is small (five multiply-adds
 * a loop vectorise, six do not; see {@link HalfBandFir}). The folding pairs inputs 11 - 2t apart, an odd distance,
 * so they are read from residue-class copies {@code s[r][j] = w[j + r]} of the window (s[0] is the window); the
 * sums and differences of mirrored inputs are stored, and each of the four six-term chains is a run of five
 * products and a run of one.
 *
 * <p>Every value is the one {@link TruePeak}'s per-frame loop computes, in the same order: the pair sum
 * {@code older + newer}, the difference {@code older - newer}, the chain a product then fused multiply-adds
 * from tap 0 to tap 5, so the two paths give the same bits.
 */
final class TruePeakFir {
    private TruePeakFir() {
    }

    /**
     * plus[t][j] = w[j + t] + w[j + 11 - t], minus[t][j] = w[j + t] - w[j + 11 - t] for t = 0..5, from the
     * residue-class copies {@code s[r][j] = w[j + r]}.
     */
    static void fold(double[][] s, double[][] plus, double[][] minus, int n) {
        foldFar(plus[0], minus[0], s[0], s[3], n);   // w[j + 11] = s3[j + 8]
        foldFar(plus[1], minus[1], s[1], s[2], n);   // w[j + 10] = s2[j + 8]
        foldFar(plus[2], minus[2], s[2], s[1], n);   // w[j + 9] = s1[j + 8]
        foldFar(plus[3], minus[3], s[3], s[0], n);   // w[j + 8] = s0[j + 8]
        foldNear(plus[4], minus[4], s[4], s[7], n);  // w[j + 7] = s7[j]
        foldNear(plus[5], minus[5], s[5], s[6], n);  // w[j + 6] = s6[j]
    }

    // one store a loop: the sum and the difference in one loop measured 1.5x slower than in two loops
    private static void foldFar(double[] plus, double[] minus, double[] older, double[] newer, int n) {
        for (int j = 0; j < n; j++) {
            plus[j] = older[j] + newer[j + 8];
        }
        for (int j = 0; j < n; j++) {
            minus[j] = older[j] - newer[j + 8];
        }
    }

    private static void foldNear(double[] plus, double[] minus, double[] older, double[] newer, int n) {
        for (int j = 0; j < n; j++) {
            plus[j] = older[j] + newer[j];
        }
        for (int j = 0; j < n; j++) {
            minus[j] = older[j] - newer[j];
        }
    }

    /** y[j] = sum over t = 0..5 of c[t] * p[t][j]: a product, then fused multiply-adds in tap order. */
    static void chain(double[] y, double[] c, double[][] p, int n) {
        firstFive(y, c[0], p[0], c[1], p[1], c[2], p[2], c[3], p[3], c[4], p[4], n);
        addOne(y, c[5], p[5], n);
    }

    private static void firstFive(double[] y, double c0, double[] p0, double c1, double[] p1, double c2,
                                  double[] p2, double c3, double[] p3, double c4, double[] p4, int n) {
        for (int j = 0; j < n; j++) {
            double v = c0 * p0[j];
            v = Math.fma(c1, p1[j], v);
            v = Math.fma(c2, p2[j], v);
            v = Math.fma(c3, p3[j], v);
            v = Math.fma(c4, p4[j], v);
            y[j] = v;
        }
    }

    private static void addOne(double[] y, double c5, double[] p5, int n) {
        for (int j = 0; j < n; j++) {
            y[j] = Math.fma(c5, p5[j], y[j]);
        }
    }

    /**
     * The frame's reading into {@code sum03[j]}: half the larger of |y0 + y3| + |y0 - y3| and |y1 + y2| + |y1 - y2|
     * (the larger magnitude of each phase pair), or the input itself {@code sample[j + 8]} if larger. Three
     * loops, as one does not vectorise; {@code dif03} is left holding the second sum.
     */
    static void readings(double[] sum03, double[] dif03, double[] sum12, double[] dif12, double[] sample, int n) {
        for (int j = 0; j < n; j++) {
            sum03[j] = Math.abs(sum03[j]) + Math.abs(dif03[j]);  // twice the larger of points 1/8 and 7/8
        }
        for (int j = 0; j < n; j++) {
            dif03[j] = Math.abs(sum12[j]) + Math.abs(dif12[j]);  // twice the larger of points 3/8 and 5/8
        }
        for (int j = 0; j < n; j++) {
            sum03[j] = Math.max(Math.abs(sample[j + 8]), 0.5 * Math.max(sum03[j], dif03[j]));
        }
    }

    /**
     * The largest of m[0..256), NaN if any is NaN (so compare with Double.MAX_VALUE to learn all were finite);
     * m is overwritten. A tree of halvings at constant offsets, which vectorises, where a running maximum
     * is a chain of dependent scalar steps (three times slower).
     */
    static double largestOf256(double[] m) {
        for (int j = 0; j < 128; j++) {
            m[j] = Math.max(m[j], m[j + 128]);
        }
        for (int j = 0; j < 64; j++) {
            m[j] = Math.max(m[j], m[j + 64]);
        }
        for (int j = 0; j < 32; j++) {
            m[j] = Math.max(m[j], m[j + 32]);
        }
        for (int j = 0; j < 16; j++) {
            m[j] = Math.max(m[j], m[j + 16]);
        }
        for (int j = 0; j < 8; j++) {
            m[j] = Math.max(m[j], m[j + 8]);
        }
        double best = m[0];
        for (int j = 1; j < 8; j++) {
            best = Math.max(best, m[j]);
        }
        return best;
    }
}
