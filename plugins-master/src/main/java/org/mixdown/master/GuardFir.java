package org.mixdown.master;

/**
 * {@link NyquistGuard}'s convolution in floats: {@code out[j] = sum_m h[m] x[start + j + m]} for a
 * {@value #TAPS}-tap kernel, in {@link MidpointFir}'s layout (one copy of the input per residue class
 * m mod 8, runs of five products at constant offsets), which C2 compiles to vectors of eight floats: twice
 * the samples per instruction of the doubles the detector needs. The guard's output is audio (floats, as
 * the limiter outputs) and a level for the detector that the limiter's margin covers (see
 * {@link NyquistGuard#ROUNDING}), so floats lose nothing that matters. Every output is the same sum in the
 * same order on the vector and the scalar path (short blocks).
 */
final class GuardFir {
    /** The kernel length this layout is written for. */
    static final int TAPS = NyquistGuard.TAPS;
    private static final int LANES = 8;
    private static final int VECTOR_MIN = 16;

    private final float[] h;
    private final float[] orderedTaps = new float[TAPS];
    private final int[] orderedOffsets = new int[TAPS];
    /** slice[j] = x[start + r + j] for the class r being summed. */
    private final float[] slice;
    /** The sums being built, from index 0 (a variable output offset would keep C2 from vectorising). */
    private final float[] sums;

    GuardFir(double[] kernel, int maxCount) {
        if (kernel.length != TAPS) {
            throw new IllegalArgumentException("the layout is written for " + TAPS + " taps, not " + kernel.length);
        }
        h = new float[TAPS];
        for (int m = 0; m < TAPS; m++) {
            h[m] = (float) kernel[m];
        }
        int i = 0;
        for (int r = 0; r < LANES; r++) {
            for (int m = r; m < TAPS; m += LANES) {
                orderedTaps[i] = h[m];
                orderedOffsets[i++] = m;
            }
        }
        slice = new float[maxCount + TAPS - 1];
        sums = new float[maxCount];
    }

    /** out[at + j] = sum_m h[m] x[start + j + m] for j in [0, count). */
    void filter(float[] x, int start, int count, float[] out, int at) {
        if (count < VECTOR_MIN) {
            scalar(x, start, count, out, at);
            return;
        }
        float[] s = slice, c = h, a = sums;
        for (int r = 0; r < LANES; r++) {
            int last = r + LANES * ((TAPS - 1 - r) / LANES);  // the class's last tap
            System.arraycopy(x, start + r, s, 0, count + last - r);
            if (r == 0) {
                first(a, s, c[0], c[8], c[16], c[24], c[32], count);
            } else {
                run0(a, s, c[r], c[r + 8], c[r + 16], c[r + 24], c[r + 32], count);
            }
            run40(a, s, c[r + 40], c[r + 48], c[r + 56], c[r + 64], c[r + 72], count);
            run80(a, s, c[r + 80], c[r + 88], c[r + 96], c[r + 104], c[r + 112], count);
            if (last == r + 120) {
                run120(a, s, c[r + 120], count);
            }
        }
        System.arraycopy(a, 0, out, at, count);
    }

    private void scalar(float[] x, int start, int count, float[] out, int at) {
        float[] c = orderedTaps;
        int[] offsets = orderedOffsets;
        for (int j = 0; j < count; j++) {
            int base = start + j;
            float y = c[0] * x[base + offsets[0]];
            for (int i = 1; i < TAPS; i++) {
                y = Math.fma(c[i], x[base + offsets[i]], y);
            }
            out[at + j] = y;
        }
    }

    private static void first(float[] a, float[] s, float c0, float c1, float c2, float c3, float c4, int count) {
        for (int j = 0; j < count; j++) {
            float y = c0 * s[j];
            y = Math.fma(c1, s[j + 8], y);
            y = Math.fma(c2, s[j + 16], y);
            y = Math.fma(c3, s[j + 24], y);
            y = Math.fma(c4, s[j + 32], y);
            a[j] = y;
        }
    }

    private static void run0(float[] a, float[] s, float c0, float c1, float c2, float c3, float c4, int count) {
        for (int j = 0; j < count; j++) {
            float y = a[j];
            y = Math.fma(c0, s[j], y);
            y = Math.fma(c1, s[j + 8], y);
            y = Math.fma(c2, s[j + 16], y);
            y = Math.fma(c3, s[j + 24], y);
            y = Math.fma(c4, s[j + 32], y);
            a[j] = y;
        }
    }

    private static void run40(float[] a, float[] s, float c0, float c1, float c2, float c3, float c4, int count) {
        for (int j = 0; j < count; j++) {
            float y = a[j];
            y = Math.fma(c0, s[j + 40], y);
            y = Math.fma(c1, s[j + 48], y);
            y = Math.fma(c2, s[j + 56], y);
            y = Math.fma(c3, s[j + 64], y);
            y = Math.fma(c4, s[j + 72], y);
            a[j] = y;
        }
    }

    private static void run80(float[] a, float[] s, float c0, float c1, float c2, float c3, float c4, int count) {
        for (int j = 0; j < count; j++) {
            float y = a[j];
            y = Math.fma(c0, s[j + 80], y);
            y = Math.fma(c1, s[j + 88], y);
            y = Math.fma(c2, s[j + 96], y);
            y = Math.fma(c3, s[j + 104], y);
            y = Math.fma(c4, s[j + 112], y);
            a[j] = y;
        }
    }

    private static void run120(float[] a, float[] s, float c0, int count) {
        for (int j = 0; j < count; j++) {
            a[j] = Math.fma(c0, s[j + 120], a[j]);
        }
    }
}
