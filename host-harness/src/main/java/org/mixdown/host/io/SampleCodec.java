package org.mixdown.host.io;

import java.nio.ByteBuffer;

/**
 * Converts interleaved little-endian WAV samples in a byte buffer to and from de-interleaved floats.
 * Integers scale by 2^-(bits-1) (int16 / 32768, int24 / 8388608, int32 / 2147483648), so full scale is [-1, 1);
 * 8-bit WAV is unsigned with 128 as zero. Writing integers rounds to nearest and clips to the encoding's range.
 * All methods use absolute buffer positions and allocate nothing.
 */
final class SampleCodec {
    private static final float SCALE_8 = 128f;
    private static final float SCALE_16 = 32768f;
    private static final float SCALE_24 = 8388608f;
    private static final float SCALE_32 = 2147483648f;

    private SampleCodec() {
    }

    /**
     * Decodes {@code frames} interleaved frames starting at byte {@code position} of {@code buffer} into
     * {@code dest[c][offset ..]} for every channel {@code c < channels}.
     */
    static void decode(SampleEncoding encoding, ByteBuffer buffer, int position, int channels,
                       float[][] dest, int offset, int frames) {
        int bytes = encoding.bytesPerSample();
        int stride = channels * bytes;
        for (int c = 0; c < channels; c++) {
            float[] out = dest[c];
            int p = position + c * bytes;
            int end = offset + frames;
            switch (encoding) {
                case PCM_8 -> {
                    for (int i = offset; i < end; i++, p += stride) {
                        out[i] = ((buffer.get(p) & 0xFF) - 128) * (1f / SCALE_8);
                    }
                }
                case PCM_16 -> {
                    for (int i = offset; i < end; i++, p += stride) {
                        out[i] = buffer.getShort(p) * (1f / SCALE_16);
                    }
                }
                case PCM_24 -> {
                    for (int i = offset; i < end; i++, p += stride) {
                        int v = (buffer.get(p) & 0xFF) | (buffer.get(p + 1) & 0xFF) << 8 | buffer.get(p + 2) << 16;
                        out[i] = v * (1f / SCALE_24);
                    }
                }
                case PCM_32 -> {
                    for (int i = offset; i < end; i++, p += stride) {
                        out[i] = buffer.getInt(p) * (1f / SCALE_32);
                    }
                }
                case FLOAT_32 -> {
                    for (int i = offset; i < end; i++, p += stride) {
                        out[i] = buffer.getFloat(p);
                    }
                }
                case FLOAT_64 -> {
                    for (int i = offset; i < end; i++, p += stride) {
                        out[i] = (float) buffer.getDouble(p);
                    }
                }
                default -> throw new AssertionError(encoding);
            }
        }
    }

    /**
     * Encodes {@code src[c][offset ..]} for every channel {@code c < channels} as {@code frames} interleaved
     * frames starting at byte {@code position} of {@code buffer}. Floats are stored as they are; integers are
     * rounded to nearest and clipped.
     *
     * @return how many samples were clipped (or were NaN, which integer encodings store as 0)
     */
    static long encode(SampleEncoding encoding, ByteBuffer buffer, int position, int channels,
                       float[][] src, int offset, int frames) {
        int bytes = encoding.bytesPerSample();
        int stride = channels * bytes;
        long clipped = 0;
        for (int c = 0; c < channels; c++) {
            float[] in = src[c];
            int p = position + c * bytes;
            int end = offset + frames;
            switch (encoding) {
                case PCM_8 -> {
                    for (int i = offset; i < end; i++, p += stride) {
                        double v = Math.rint(in[i] * SCALE_8);
                        if (!(v >= -128 && v <= 127)) {
                            clipped++;
                            v = v > 0 ? 127 : v < 0 ? -128 : 0;
                        }
                        buffer.put(p, (byte) ((int) v + 128));
                    }
                }
                case PCM_16 -> {
                    for (int i = offset; i < end; i++, p += stride) {
                        double v = Math.rint(in[i] * SCALE_16);
                        if (!(v >= -32768 && v <= 32767)) {
                            clipped++;
                            v = v > 0 ? 32767 : v < 0 ? -32768 : 0;
                        }
                        buffer.putShort(p, (short) v);
                    }
                }
                case PCM_24 -> {
                    for (int i = offset; i < end; i++, p += stride) {
                        double d = Math.rint(in[i] * SCALE_24);
                        if (!(d >= -8388608 && d <= 8388607)) {
                            clipped++;
                            d = d > 0 ? 8388607 : d < 0 ? -8388608 : 0;
                        }
                        int v = (int) d;
                        buffer.put(p, (byte) v);
                        buffer.put(p + 1, (byte) (v >> 8));
                        buffer.put(p + 2, (byte) (v >> 16));
                    }
                }
                case PCM_32 -> {
                    for (int i = offset; i < end; i++, p += stride) {
                        double v = Math.rint(in[i] * SCALE_32);
                        if (!(v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE)) {
                            clipped++;
                            v = v > 0 ? Integer.MAX_VALUE : v < 0 ? Integer.MIN_VALUE : 0;
                        }
                        buffer.putInt(p, (int) v);
                    }
                }
                case FLOAT_32 -> {
                    for (int i = offset; i < end; i++, p += stride) {
                        buffer.putFloat(p, in[i]);
                    }
                }
                case FLOAT_64 -> {
                    for (int i = offset; i < end; i++, p += stride) {
                        buffer.putDouble(p, in[i]);
                    }
                }
                default -> throw new AssertionError(encoding);
            }
        }
        return clipped;
    }
}
