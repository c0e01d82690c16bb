package org.mixdown.host.io;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Builds WAV files byte by byte for tests, independently of {@link WavWriter}: any chunk order, any size field. */
final class RiffBuilder {
    private final ByteArrayOutputStream chunks = new ByteArrayOutputStream();
    private Long riffSize;
    private String riffId = "RIFF";
    private String formType = "WAVE";

    static RiffBuilder wave() {
        return new RiffBuilder();
    }

    RiffBuilder riffId(String id) {
        this.riffId = id;
        return this;
    }

    RiffBuilder formType(String type) {
        this.formType = type;
        return this;
    }

    /** Overrides the RIFF size field (default: the real size). */
    RiffBuilder riffSize(long size) {
        this.riffSize = size;
        return this;
    }

    /** A chunk with its true size, padded to even length. */
    RiffBuilder chunk(String id, byte[] body) {
        return chunk(id, body.length, body, true);
    }

    /** A chunk whose size field says {@code declaredSize}, whatever the body holds. */
    RiffBuilder chunk(String id, long declaredSize, byte[] body, boolean pad) {
        chunks.writeBytes(id.getBytes(StandardCharsets.US_ASCII));
        chunks.writeBytes(le32(declaredSize));
        chunks.writeBytes(body);
        if (pad && (body.length & 1) != 0) {
            chunks.write(0);
        }
        return this;
    }

    RiffBuilder raw(byte[] bytes) {
        chunks.writeBytes(bytes);
        return this;
    }

    byte[] build() {
        byte[] body = chunks.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(riffId.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(le32(riffSize != null ? riffSize : 4 + body.length));
        out.writeBytes(formType.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(body);
        return out.toByteArray();
    }

    /** A plain 16-byte fmt chunk body. */
    static byte[] fmt(int tag, int channels, int sampleRate, int bitsPerSample) {
        int blockAlign = channels * ((bitsPerSample + 7) / 8);
        return fmt(tag, channels, sampleRate, bitsPerSample, blockAlign);
    }

    static byte[] fmt(int tag, int channels, int sampleRate, int bitsPerSample, int blockAlign) {
        return le(16).putShort((short) tag).putShort((short) channels).putInt(sampleRate)
                .putInt(sampleRate * blockAlign).putShort((short) blockAlign).putShort((short) bitsPerSample).array();
    }

    /** A 40-byte WAVE_FORMAT_EXTENSIBLE fmt chunk body with the standard KSDATAFORMAT GUID of {@code subTag}. */
    static byte[] fmtExtensible(int channels, int sampleRate, int containerBits, int validBits, int subTag) {
        int blockAlign = channels * containerBits / 8;
        return le(40).putShort((short) 0xFFFE).putShort((short) channels).putInt(sampleRate)
                .putInt(sampleRate * blockAlign).putShort((short) blockAlign).putShort((short) containerBits)
                .putShort((short) 22).putShort((short) validBits).putInt(channels == 2 ? 3 : 4)
                .putInt(subTag).putShort((short) 0).putShort((short) 0x10)
                .put(new byte[] {(byte) 0x80, 0, 0, (byte) 0xAA, 0, 0x38, (byte) 0x9B, 0x71}).array();
    }

    static byte[] pcm16(int... samples) {
        ByteBuffer b = le(samples.length * 2);
        for (int s : samples) {
            b.putShort((short) s);
        }
        return b.array();
    }

    static byte[] pcm24(int... samples) {
        ByteBuffer b = le(samples.length * 3);
        for (int s : samples) {
            b.put((byte) s).put((byte) (s >> 8)).put((byte) (s >> 16));
        }
        return b.array();
    }

    static byte[] pcm32(int... samples) {
        ByteBuffer b = le(samples.length * 4);
        for (int s : samples) {
            b.putInt(s);
        }
        return b.array();
    }

    static byte[] float32(float... samples) {
        ByteBuffer b = le(samples.length * 4);
        for (float s : samples) {
            b.putFloat(s);
        }
        return b.array();
    }

    static byte[] text(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] le32(long value) {
        return le(4).putInt((int) value).array();
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }
}
