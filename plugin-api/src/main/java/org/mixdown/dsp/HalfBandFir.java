package org.mixdown.dsp;

/**
 * The block FIR of the half-band stages ({@link Oversampler}) for their three designs (2K = 38, 12 and 8
 * taps): {@code a[n] = sum_m c[m] x[n + m]}, given {@code s[r][n] = x[n + r]} for the residue classes
 * r = m mod 8 (eight arrays that all start at the same index; s[0] is x itself).
 *
 * <p>Why this shape: C2 (Java 17) vectorises a loop only if every float access in it has the same
 * alignment relative to the vector (8 floats), hence one copy of the input per residue class; and only if
 * its body is small: five products a loop vectorise, six do not (measured: 0.7 against 5 ns a sample). So
 * the 2K products, in the order of {@code Oversampler.HalfBand.fir} (class by class, within a class by
 * offset), are cut into runs of five, each run one loop over the block, several classes to a loop where a
 * class has fewer than five taps; the first run starts the sum from 0, so nothing is cleared first. The
 * same products are added in the same order: the results are the same bits. Generated code: a loop only
 * vectorises with constant offsets, so the terms are spelt out.
 */
final class HalfBandFir {
    private HalfBandFir() {
    }

    /** Whether a kernel exists for {@code taps} (2K) taps. */
    static boolean has(int taps) {
        return taps == 38 || taps == 12 || taps == 8;
    }

    /** Runs the kernel for {@code c.length} taps (one that {@link #has}). */
    static void fir(float[] a, float[] c, float[][] s, int frames) {
        switch (c.length) {
            case 38 -> fir38(a, c, s, frames);
            case 12 -> fir12(a, c, s, frames);
            case 8 -> fir8(a, c, s, frames);
            default -> throw new IllegalArgumentException("no kernel for " + c.length + " taps");
        }
    }

    static void fir38(float[] a, float[] c, float[][] s, int frames) {
        fir38Part0(a, c, s[0], frames);
        fir38Part1(a, c, s[1], frames);
        fir38Part2(a, c, s[2], frames);
        fir38Part3(a, c, s[3], frames);
        fir38Part4(a, c, s[4], frames);
        fir38Part5(a, c, s[5], frames);
        fir38Part6(a, c, s[6], s[7], frames);
        fir38Part7(a, c, s[7], frames);
    }

    private static void fir38Part0(float[] a, float[] c, float[] s0, int frames) {
        float c0 = c[0];
        float c8 = c[8];
        float c16 = c[16];
        float c24 = c[24];
        float c32 = c[32];
        for (int n = 0; n < frames; n++) {
            float y = 0f;
            y += c0 * s0[n];
            y += c8 * s0[n + 8];
            y += c16 * s0[n + 16];
            y += c24 * s0[n + 24];
            y += c32 * s0[n + 32];
            a[n] = y;
        }
    }

    private static void fir38Part1(float[] a, float[] c, float[] s1, int frames) {
        float c1 = c[1];
        float c9 = c[9];
        float c17 = c[17];
        float c25 = c[25];
        float c33 = c[33];
        for (int n = 0; n < frames; n++) {
            float y = a[n];
            y += c1 * s1[n];
            y += c9 * s1[n + 8];
            y += c17 * s1[n + 16];
            y += c25 * s1[n + 24];
            y += c33 * s1[n + 32];
            a[n] = y;
        }
    }

    private static void fir38Part2(float[] a, float[] c, float[] s2, int frames) {
        float c2 = c[2];
        float c10 = c[10];
        float c18 = c[18];
        float c26 = c[26];
        float c34 = c[34];
        for (int n = 0; n < frames; n++) {
            float y = a[n];
            y += c2 * s2[n];
            y += c10 * s2[n + 8];
            y += c18 * s2[n + 16];
            y += c26 * s2[n + 24];
            y += c34 * s2[n + 32];
            a[n] = y;
        }
    }

    private static void fir38Part3(float[] a, float[] c, float[] s3, int frames) {
        float c3 = c[3];
        float c11 = c[11];
        float c19 = c[19];
        float c27 = c[27];
        float c35 = c[35];
        for (int n = 0; n < frames; n++) {
            float y = a[n];
            y += c3 * s3[n];
            y += c11 * s3[n + 8];
            y += c19 * s3[n + 16];
            y += c27 * s3[n + 24];
            y += c35 * s3[n + 32];
            a[n] = y;
        }
    }

    private static void fir38Part4(float[] a, float[] c, float[] s4, int frames) {
        float c4 = c[4];
        float c12 = c[12];
        float c20 = c[20];
        float c28 = c[28];
        float c36 = c[36];
        for (int n = 0; n < frames; n++) {
            float y = a[n];
            y += c4 * s4[n];
            y += c12 * s4[n + 8];
            y += c20 * s4[n + 16];
            y += c28 * s4[n + 24];
            y += c36 * s4[n + 32];
            a[n] = y;
        }
    }

    private static void fir38Part5(float[] a, float[] c, float[] s5, int frames) {
        float c5 = c[5];
        float c13 = c[13];
        float c21 = c[21];
        float c29 = c[29];
        float c37 = c[37];
        for (int n = 0; n < frames; n++) {
            float y = a[n];
            y += c5 * s5[n];
            y += c13 * s5[n + 8];
            y += c21 * s5[n + 16];
            y += c29 * s5[n + 24];
            y += c37 * s5[n + 32];
            a[n] = y;
        }
    }

    private static void fir38Part6(float[] a, float[] c, float[] s6, float[] s7, int frames) {
        float c6 = c[6];
        float c14 = c[14];
        float c22 = c[22];
        float c30 = c[30];
        float c7 = c[7];
        for (int n = 0; n < frames; n++) {
            float y = a[n];
            y += c6 * s6[n];
            y += c14 * s6[n + 8];
            y += c22 * s6[n + 16];
            y += c30 * s6[n + 24];
            y += c7 * s7[n];
            a[n] = y;
        }
    }

    private static void fir38Part7(float[] a, float[] c, float[] s7, int frames) {
        float c15 = c[15];
        float c23 = c[23];
        float c31 = c[31];
        for (int n = 0; n < frames; n++) {
            float y = a[n];
            y += c15 * s7[n + 8];
            y += c23 * s7[n + 16];
            y += c31 * s7[n + 24];
            a[n] = y;
        }
    }

    static void fir12(float[] a, float[] c, float[][] s, int frames) {
        fir12Part0(a, c, s[0], s[1], s[2], frames);
        fir12Part1(a, c, s[2], s[3], s[4], s[5], frames);
        fir12Part2(a, c, s[6], s[7], frames);
    }

    private static void fir12Part0(float[] a, float[] c, float[] s0, float[] s1, float[] s2, int frames) {
        float c0 = c[0];
        float c8 = c[8];
        float c1 = c[1];
        float c9 = c[9];
        float c2 = c[2];
        for (int n = 0; n < frames; n++) {
            float y = 0f;
            y += c0 * s0[n];
            y += c8 * s0[n + 8];
            y += c1 * s1[n];
            y += c9 * s1[n + 8];
            y += c2 * s2[n];
            a[n] = y;
        }
    }

    private static void fir12Part1(float[] a, float[] c, float[] s2, float[] s3, float[] s4, float[] s5, int frames) {
        float c10 = c[10];
        float c3 = c[3];
        float c11 = c[11];
        float c4 = c[4];
        float c5 = c[5];
        for (int n = 0; n < frames; n++) {
            float y = a[n];
            y += c10 * s2[n + 8];
            y += c3 * s3[n];
            y += c11 * s3[n + 8];
            y += c4 * s4[n];
            y += c5 * s5[n];
            a[n] = y;
        }
    }

    private static void fir12Part2(float[] a, float[] c, float[] s6, float[] s7, int frames) {
        float c6 = c[6];
        float c7 = c[7];
        for (int n = 0; n < frames; n++) {
            float y = a[n];
            y += c6 * s6[n];
            y += c7 * s7[n];
            a[n] = y;
        }
    }

    static void fir8(float[] a, float[] c, float[][] s, int frames) {
        fir8Part0(a, c, s[0], s[1], s[2], s[3], s[4], frames);
        fir8Part1(a, c, s[5], s[6], s[7], frames);
    }

    private static void fir8Part0(float[] a, float[] c, float[] s0, float[] s1, float[] s2, float[] s3, float[] s4,
            int frames) {
        float c0 = c[0];
        float c1 = c[1];
        float c2 = c[2];
        float c3 = c[3];
        float c4 = c[4];
        for (int n = 0; n < frames; n++) {
            float y = 0f;
            y += c0 * s0[n];
            y += c1 * s1[n];
            y += c2 * s2[n];
            y += c3 * s3[n];
            y += c4 * s4[n];
            a[n] = y;
        }
    }

    private static void fir8Part1(float[] a, float[] c, float[] s5, float[] s6, float[] s7, int frames) {
        float c5 = c[5];
        float c6 = c[6];
        float c7 = c[7];
        for (int n = 0; n < frames; n++) {
            float y = a[n];
            y += c5 * s5[n];
            y += c6 * s6[n];
            y += c7 * s7[n];
            a[n] = y;
        }
    }
}
