package org.mixdown.host.album;

/**
 * Triangular (TPDF) dither for the writer path: before rounding to {@code bits}, each sample gets the sum of
 * two independent uniform values of +-1/2 LSB, which makes the rounding error independent of the signal
 * (Vanderkooy and Lipshitz, 1987). Used when the {@code master.dither} plugin is not available.
 * Allocation-free; a fixed seed keeps renders repeatable.
 */
public final class TpdfDither {
    private final float lsb;
    private long state = 0x9E3779B97F4A7C15L;

    public TpdfDither(int bits) {
        this.lsb = (float) Math.pow(2, -(bits - 1));
    }

    /** Adds dither to frames {@code [from, to)} of the first {@code channels} channels. */
    public void apply(float[][] audio, int channels, int from, int to) {
        for (int c = 0; c < channels; c++) {
            float[] x = audio[c];
            for (int i = from; i < to; i++) {
                x[i] += (float) ((uniform() + uniform() - 1.0) * lsb);
            }
        }
    }

    /** xorshift64*: a uniform double in [0, 1). */
    private double uniform() {
        state ^= state >>> 12;
        state ^= state << 25;
        state ^= state >>> 27;
        return ((state * 0x2545F4914F6CDD1DL) >>> 11) * 0x1.0p-53;
    }

    public void reset() {
        state = 0x9E3779B97F4A7C15L;
    }
}
