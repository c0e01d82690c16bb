package org.mixdown.host.io;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Lays out the header a {@link WavWriter} writes and fills in its sizes.
 *
 * <p>Format choice (Microsoft's rule for WAVE_FORMAT_EXTENSIBLE, which sox follows too): integer PCM with more
 * than 16 bits or more than 2 channels uses WAVE_FORMAT_EXTENSIBLE (subformat PCM, valid bits = container bits,
 * the standard speaker mask); 8/16-bit mono or stereo uses plain format tag 1. Float uses plain tag 3 for mono
 * and stereo (every float-capable reader knows it) and WAVE_FORMAT_EXTENSIBLE (subformat IEEE float) above 2
 * channels. Float files carry a {@code fact} chunk with the frame count, as the spec asks of non-PCM formats.
 * The header has a fixed size, so its sizes can be patched in place after the data is written.
 */
final class WavHeaderWriter {
    /** The largest value a RIFF size field holds. */
    private static final long MAX_RIFF_SIZE = 0xFFFFFFFFL;
    /** Speaker masks for 1..8 channels: FC; FL FR; FL FR FC; quad; 5.0; 5.1; 6.1; 7.1. */
    private static final int[] CHANNEL_MASKS = {0x4, 0x3, 0x7, 0x33, 0x37, 0x3F, 0x13F, 0x63F};

    private final WavFormat format;
    private final boolean extensible;
    private final boolean fact;
    private final int fmtSize;
    private final int size;

    WavHeaderWriter(WavFormat format) {
        this.format = format;
        boolean isFloat = format.encoding().isFloat();
        this.extensible = format.channels() > 2 || (!isFloat && format.bitsPerSample() > 16);
        this.fact = isFloat;
        this.fmtSize = extensible ? 40 : isFloat ? 18 : 16;
        this.size = 12 + 8 + fmtSize + (fact ? 12 : 0) + 8;
    }

    /** Header bytes, all chunks up to and including the data chunk's size field. */
    int size() {
        return size;
    }

    boolean isExtensible() {
        return extensible;
    }

    /** The most audio bytes (whole frames) whose sizes still fit the 32-bit RIFF fields, pad byte included. */
    long maxDataBytes() {
        long bytes = MAX_RIFF_SIZE - (size - 8) - 1;
        return bytes / format.bytesPerFrame() * format.bytesPerFrame();
    }

    /**
     * Writes the header at {@code buffer}'s position (little endian) and advances it.
     *
     * @param dataBytes audio bytes, or -1 if unknown: then RIFF and data sizes are 0xFFFFFFFF and the fact
     *                  frame count is 0, as ffmpeg writes to a pipe
     */
    void write(ByteBuffer buffer, long dataBytes) {
        boolean known = dataBytes >= 0;
        long pad = known ? dataBytes & 1 : 0;
        putFourCc(buffer, "RIFF");
        buffer.putInt(known ? (int) (size - 8 + dataBytes + pad) : -1);
        putFourCc(buffer, "WAVE");

        putFourCc(buffer, "fmt ");
        buffer.putInt(fmtSize);
        int tag = extensible ? WavHeaderParser.TAG_EXTENSIBLE
                : format.encoding().isFloat() ? WavHeaderParser.TAG_FLOAT : WavHeaderParser.TAG_PCM;
        buffer.putShort((short) tag);
        buffer.putShort((short) format.channels());
        buffer.putInt(format.sampleRate());
        buffer.putInt(format.sampleRate() * format.bytesPerFrame());
        buffer.putShort((short) format.bytesPerFrame());
        buffer.putShort((short) format.bitsPerSample());
        if (fmtSize > 16) {
            buffer.putShort((short) (fmtSize - 18)); // cbSize: bytes of extension that follow
        }
        if (extensible) {
            buffer.putShort((short) format.bitsPerSample());
            buffer.putInt(CHANNEL_MASKS[format.channels() - 1]);
            buffer.putInt(format.encoding().isFloat() ? WavHeaderParser.TAG_FLOAT : WavHeaderParser.TAG_PCM);
            buffer.put(WavHeaderParser.GUID_TAIL);
        }
        if (fact) {
            putFourCc(buffer, "fact");
            buffer.putInt(4);
            buffer.putInt(known ? (int) (dataBytes / format.bytesPerFrame()) : 0);
        }
        putFourCc(buffer, "data");
        buffer.putInt(known ? (int) dataBytes : -1);
    }

    private static void putFourCc(ByteBuffer buffer, String id) {
        buffer.put(id.getBytes(StandardCharsets.US_ASCII));
    }
}
