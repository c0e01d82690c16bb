package org.mixdown.host.io;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Converts interleaved little-endian WAV samples in a byte array to and from de-interleaved floats.
 * Integers scale by 2^-(bits-1) (int16 / 32768, int24 / 8388608, int32 / 2147483648), so full scale is [-1, 1);
 * 8-bit WAV is unsigned with 128 as zero. Writing integers rounds to nearest and clips to the encoding's range.
 * Allocates nothing.
 *
 * <p>The loops index a plain {@code byte[]} and read or write whole little-endian words through view
 * {@link VarHandle}s, which the JIT turns into single loads and stores (a direct {@code ByteBuffer}'s
 * per-byte accessors cost a bounds and scope check each). A 24-bit sample is read as the 32-bit word at its
 * first byte and written as one: the callers leave {@link #SLACK} spare bytes after the data, so the last
 * sample's fourth byte stays inside the array.
 */
final class SampleCodec {
    /** Spare bytes a caller's array must have after the last sample (the fourth byte of a 24-bit word). */
    static final int SLACK = 1;

    private static final float SCALE_8 = 128f;
    private static final float SCALE_16 = 32768f;
    private static final float SCALE_24 = 8388608f;
    private static final float SCALE_32 = 2147483648f;
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private SampleCodec() {
    }

    /**
     * Decodes {@code frames} interleaved frames starting at byte {@code position} of {@code bytes} into
     * {@code dest[c][offset ..]} for every channel {@code c < channels}.
     */
    static void decode(SampleEncoding encoding, byte[] bytes, int position, int channels,
                       float[][] dest, int offset, int frames) {
        int size = encoding.bytesPerSample();
        int stride = channels * size;
        for (int c = 0; c < channels; c++) {
            float[] out = dest[c];
            int p = position + c * size;
            int end = offset + frames;
            switch (encoding) {
                case PCM_8 -> {
                    for (int i = offset; i < end; i++, p += stride) {
                        out[i] = ((bytes[p] & 0xFF) - 128) * (1f / SCALE_8);
                    }
                }
                case PCM_16 -> {
                    for (int i = offset; i < end; i++, p += stride) {
                        out[i] = (short) SHORT.get(bytes, p) * (1f / SCALE_16);
                    }
                }
                case PCM_24 -> {
                    for (int i = offset; i < end; i++, p += stride) {
                        // the word's top byte belongs to the next sample: shift it out, keeping the sign
                        out[i] = ((int) INT.get(bytes, p) << 8 >> 8) * (1f / SCALE_24);
                    }
                }
                case PCM_32 -> {
                    for (int i = offset; i < end; i++, p += stride) {
                        out[i] = (int) INT.get(bytes, p) * (1f / SCALE_32);
                    }
                }
                case FLOAT_32 -> {
                    for (int i = offset; i < end; i++, p += stride) {
                        out[i] = Float.intBitsToFloat((int) INT.get(bytes, p));
                    }
                }
                case FLOAT_64 -> {
                    for (int i = offset; i < end; i++, p += stride) {
                        out[i] = (float) Double.longBitsToDouble((long) LONG.get(bytes, p));
                    }
                }
                default -> throw new AssertionError(encoding);
            }
        }
    }

    /**
     * Encodes {@code src[c][offset ..]} for every channel {@code c < channels} as {@code frames} interleaved
     * frames starting at byte {@code position} of {@code bytes}. Floats are stored as they are; integers are
     * rounded to nearest and clipped. 24-bit frames are written one after the other, each sample as a 32-bit
     * word whose top byte the next sample (or the slack) overwrites.
     *
     * @return how many samples were clipped (or were NaN, which integer encodings store as 0)
     */
    static long encode(SampleEncoding encoding, byte[] bytes, int position, int channels,
                       float[][] src, int offset, int frames) {
        if (encoding == SampleEncoding.PCM_24) {
            return channels == 2 ? encode24Stereo(bytes, position, src[0], src[1], offset, frames)
                    : encode24(bytes, position, channels, src, offset, frames);
        }
        int size = encoding.bytesPerSample();
        int stride = channels * size;
        long clipped = 0;
        for (int c = 0; c < channels; c++) {
            float[] in = src[c];
            int p = position + c * size;
            int end = offset + frames;
            switch (encoding) {
                case PCM_8 -> {
                    for (int i = offset; i < end; i++, p += stride) {
                        double v = Math.rint(in[i] * SCALE_8);
                        if (!(v >= -128 && v <= 127)) {
                            clipped++;
                            v = v > 0 ? 127 : v < 0 ? -128 : 0;
                        }
                        bytes[p] = (byte) ((int) v + 128);
                    }
                }
                case PCM_16 -> {
                    for (int i = offset; i < end; i++, p += stride) {
                        double v = Math.rint(in[i] * SCALE_16);
                        if (!(v >= -32768 && v <= 32767)) {
                            clipped++;
                            v = v > 0 ? 32767 : v < 0 ? -32768 : 0;
                        }
                        SHORT.set(bytes, p, (short) v);
                    }
                }
                case PCM_32 -> {
                    for (int i = offset; i < end; i++, p += stride) {
                        double v = Math.rint(in[i] * SCALE_32);
                        if (!(v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE)) {
                            clipped++;
                            v = v > 0 ? Integer.MAX_VALUE : v < 0 ? Integer.MIN_VALUE : 0;
                        }
                        INT.set(bytes, p, (int) v);
                    }
                }
                case FLOAT_32 -> {
                    for (int i = offset; i < end; i++, p += stride) {
                        INT.set(bytes, p, Float.floatToRawIntBits(in[i]));
                    }
                }
                case FLOAT_64 -> {
                    for (int i = offset; i < end; i++, p += stride) {
                        LONG.set(bytes, p, Double.doubleToRawLongBits(in[i]));
                    }
                }
                default -> throw new AssertionError(encoding);
            }
        }
        return clipped;
    }

    /** 24-bit stereo, the common case: both channels of a frame, frame after frame. */
    private static long encode24Stereo(byte[] bytes, int position, float[] left, float[] right, int offset,
                                       int frames) {
        long clipped = 0;
        int p = position;
        int end = offset + frames;
        for (int i = offset; i < end; i++, p += 6) {
            double l = Math.rint(left[i] * SCALE_24);
            double r = Math.rint(right[i] * SCALE_24);
            if (!(l >= -8388608 && l <= 8388607)) {
                clipped++;
                l = clip24(l);
            }
            if (!(r >= -8388608 && r <= 8388607)) {
                clipped++;
                r = clip24(r);
            }
            INT.set(bytes, p, (int) l);
            INT.set(bytes, p + 3, (int) r);
        }
        return clipped;
    }

    /** 24-bit, any channel count: the samples in file order, so each word's top byte is overwritten next. */
    private static long encode24(byte[] bytes, int position, int channels, float[][] src, int offset, int frames) {
        long clipped = 0;
        int p = position;
        int end = offset + frames;
        for (int i = offset; i < end; i++) {
            for (int c = 0; c < channels; c++, p += 3) {
                double d = Math.rint(src[c][i] * SCALE_24);
                if (!(d >= -8388608 && d <= 8388607)) {
                    clipped++;
                    d = clip24(d);
                }
                INT.set(bytes, p, (int) d);
            }
        }
        return clipped;
    }

    private static double clip24(double d) {
        return d > 0 ? 8388607 : d < 0 ? -8388608 : 0;
    }
}
