package org.mixdown.host.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Reads a RIFF/WAVE header up to the first byte of audio: finds the {@code fmt } and {@code data} chunks,
 * skips every other chunk (LIST, fact, bext, ...) with its odd-size pad byte, and validates the format.
 * Accepts format tag 1 (PCM), 3 (IEEE float) and 0xFFFE (WAVE_FORMAT_EXTENSIBLE with a PCM or float subformat).
 */
final class WavHeaderParser {
    static final int TAG_PCM = 0x0001;
    static final int TAG_FLOAT = 0x0003;
    static final int TAG_EXTENSIBLE = 0xFFFE;
    /** The fixed tail of every KSDATAFORMAT_SUBTYPE GUID, bytes 4..15 as stored in the file. */
    static final byte[] GUID_TAIL = {0x00, 0x00, 0x10, 0x00, (byte) 0x80, 0x00, 0x00, (byte) 0xAA,
            0x00, 0x38, (byte) 0x9B, 0x71};
    /** A streamed writer's placeholder for "size unknown". */
    static final long UNKNOWN_SIZE = 0xFFFFFFFFL;
    private static final int MAX_FMT_BYTES = 1024;

    /**
     * The parsed header.
     *
     * @param dataStart byte offset of the first audio byte
     * @param dataBytes audio bytes: as declared, or up to the end of a file when the size was left open;
     *                  -1 for "until the stream ends"
     * @param validBits significant bits per sample (WAVE_FORMAT_EXTENSIBLE may declare fewer than the container)
     */
    record Header(WavFormat format, int validBits, long dataStart, long dataBytes) {
    }

    private final ByteSource source;
    private final String name;
    private final ByteBuffer chunkHeader = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);

    private WavHeaderParser(ByteSource source, String name) {
        this.source = source;
        this.name = name;
    }

    static Header parse(ByteSource source, String name) throws AudioFileException, IOException {
        return new WavHeaderParser(source, name).parse();
    }

    private Header parse() throws AudioFileException, IOException {
        long riffSize = readRiffHeader();
        WavFormat format = null;
        int validBits = 0;
        long earlyDataStart = -1;
        long earlyDataSize = 0;
        while (true) {
            chunkHeader.clear().limit(8);
            int got = source.readFully(chunkHeader);
            if (got == 0) {
                break;
            }
            if (got < 8) {
                throw error("truncated: file ends inside a chunk header");
            }
            String id = fourCc(chunkHeader, 0);
            long size = Integer.toUnsignedLong(chunkHeader.getInt(4));
            if (id.equals("fmt ")) {
                ByteBuffer fmt = readFmtChunk(size);
                format = parseFormat(fmt);
                validBits = validBits(fmt, format);
                if (earlyDataStart >= 0) {
                    source.seek(earlyDataStart);
                    return dataChunk(format, validBits, earlyDataSize, riffSize);
                }
            } else if (id.equals("data")) {
                if (format != null) {
                    return dataChunk(format, validBits, size, riffSize);
                }
                if (!source.canSeek() || isOpenSize(size, riffSize)) {
                    throw error("not a valid WAV file: data chunk comes before the fmt chunk");
                }
                earlyDataStart = source.position();
                earlyDataSize = size;
                skipChunkBody(size);
            } else {
                skipChunkBody(size);
            }
        }
        if (format == null) {
            throw error("not a valid WAV file: no fmt chunk");
        }
        throw error("not a valid WAV file: no data chunk");
    }

    /** Checks "RIFF" size "WAVE"; returns the RIFF size field. */
    private long readRiffHeader() throws AudioFileException, IOException {
        chunkHeader.clear().limit(12);
        int got = source.readFully(chunkHeader);
        if (got == 0) {
            throw error("not a WAV file (empty file)");
        }
        String riff = got >= 4 ? fourCc(chunkHeader, 0) : "";
        if (riff.equals("RF64") || riff.equals("BW64")) {
            throw error("unsupported: " + riff + " (64-bit WAV) files are not supported");
        }
        if (riff.equals("RIFX")) {
            throw error("unsupported: big-endian RIFX files are not supported");
        }
        if (!riff.equals("RIFF")) {
            throw error("not a WAV file (no RIFF header)");
        }
        if (got < 12) {
            throw error("truncated: file ends inside the RIFF header");
        }
        String type = fourCc(chunkHeader, 8);
        if (!type.equals("WAVE")) {
            throw error("not a WAV file (RIFF type '" + type + "', not 'WAVE')");
        }
        return Integer.toUnsignedLong(chunkHeader.getInt(4));
    }

    private ByteBuffer readFmtChunk(long size) throws AudioFileException, IOException {
        if (size < 16) {
            throw error("not a valid WAV file: fmt chunk of " + size + " bytes (at least 16 expected)");
        }
        if (size > MAX_FMT_BYTES) {
            throw error("not a valid WAV file: fmt chunk of " + size + " bytes");
        }
        ByteBuffer fmt = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
        if (source.readFully(fmt) < size) {
            throw error("truncated: file ends inside the fmt chunk");
        }
        if ((size & 1) != 0) {
            source.skip(1);
        }
        return fmt;
    }

    private WavFormat parseFormat(ByteBuffer fmt) throws AudioFileException {
        int tag = Short.toUnsignedInt(fmt.getShort(0));
        int channels = Short.toUnsignedInt(fmt.getShort(2));
        long sampleRate = Integer.toUnsignedLong(fmt.getInt(4));
        int blockAlign = Short.toUnsignedInt(fmt.getShort(12));
        int bits = Short.toUnsignedInt(fmt.getShort(14));
        int subformat = tag;
        if (tag == TAG_EXTENSIBLE) {
            subformat = extensibleSubformat(fmt);
        }
        if (subformat != TAG_PCM && subformat != TAG_FLOAT) {
            throw error("unsupported encoding: format tag " + hex(subformat) + formatTagName(subformat)
                    + (tag == TAG_EXTENSIBLE ? " in WAVE_FORMAT_EXTENSIBLE" : ""));
        }
        if (channels == 0) {
            throw error("invalid format: 0 channels");
        }
        if (channels > WavFormat.MAX_CHANNELS) {
            throw error("unsupported: " + channels + " channels (at most " + WavFormat.MAX_CHANNELS + ")");
        }
        if (sampleRate == 0 || sampleRate > Integer.MAX_VALUE) {
            throw error("invalid format: sample rate " + sampleRate);
        }
        if (bits == 0) {
            throw error("invalid format: 0 bits per sample");
        }
        // Tag 1 may store e.g. 12 or 20 bits in a whole-byte container; the container size is what we decode.
        int containerBytes = (bits + 7) / 8;
        if (blockAlign != channels * containerBytes) {
            throw error("invalid format: block align " + blockAlign + " does not match " + channels + " x "
                    + bits + "-bit samples (expected " + channels * containerBytes + ")");
        }
        int containerBits = containerBytes * 8;
        SampleEncoding encoding = subformat == TAG_PCM
                ? SampleEncoding.pcm(containerBits) : SampleEncoding.ieeeFloat(bits);
        if (encoding == null) {
            throw error("unsupported encoding: " + bits + "-bit " + (subformat == TAG_PCM ? "PCM" : "float"));
        }
        return new WavFormat(channels, (int) sampleRate, encoding);
    }

    /** The format tag hidden in the subformat GUID of a WAVE_FORMAT_EXTENSIBLE fmt chunk. */
    private int extensibleSubformat(ByteBuffer fmt) throws AudioFileException {
        if (fmt.capacity() < 40 || Short.toUnsignedInt(fmt.getShort(16)) < 22) {
            throw error("not a valid WAV file: WAVE_FORMAT_EXTENSIBLE fmt chunk too short (" + fmt.capacity()
                    + " bytes, 40 expected)");
        }
        for (int i = 0; i < GUID_TAIL.length; i++) {
            if (fmt.get(28 + i) != GUID_TAIL[i]) {
                throw error("unsupported encoding: WAVE_FORMAT_EXTENSIBLE subformat " + guid(fmt, 24));
            }
        }
        return fmt.getInt(24);
    }

    /** Significant bits per sample: the extensible header's wValidBitsPerSample, else the declared bits. */
    private int validBits(ByteBuffer fmt, WavFormat format) throws AudioFileException {
        int bits = Short.toUnsignedInt(fmt.getShort(14));
        if (Short.toUnsignedInt(fmt.getShort(0)) != TAG_EXTENSIBLE) {
            return bits;
        }
        int valid = Short.toUnsignedInt(fmt.getShort(18));
        if (valid == 0) {
            return bits; // some writers leave it 0, meaning "all of them"
        }
        if (valid > format.bitsPerSample()) {
            throw error("invalid format: " + valid + " valid bits in a " + format.bitsPerSample()
                    + "-bit container");
        }
        if (format.encoding().isFloat() && valid != format.bitsPerSample()) {
            throw error("unsupported encoding: " + valid + "-bit float in a " + format.bitsPerSample()
                    + "-bit container");
        }
        return valid;
    }

    private Header dataChunk(WavFormat format, int validBits, long declared, long riffSize)
            throws AudioFileException {
        long start = source.position();
        long inFile = source.size() < 0 ? -1 : source.size() - start;
        if (isOpenSize(declared, riffSize) && !(declared == 0 && inFile == 0)) {
            return new Header(format, validBits, start, inFile);
        }
        if (inFile >= 0 && inFile < declared) {
            throw error("truncated: header declares " + declared / format.bytesPerFrame() + " frames, file holds "
                    + inFile / format.bytesPerFrame());
        }
        return new Header(format, validBits, start, declared);
    }

    /**
     * Whether a data size means "until the end": 0xFFFFFFFF, or 0 unless the RIFF size is real and says more
     * chunks follow (then 0 is an honestly empty data chunk).
     */
    private boolean isOpenSize(long dataSize, long riffSize) {
        if (dataSize == UNKNOWN_SIZE) {
            return true;
        }
        if (dataSize != 0) {
            return false;
        }
        boolean riffIsReal = riffSize != 0 && riffSize != UNKNOWN_SIZE;
        return !(riffIsReal && riffSize + 8 > source.position());
    }

    private void skipChunkBody(long size) throws IOException {
        source.skip(size + (size & 1));
    }

    private AudioFileException error(String problem) {
        return new AudioFileException(name, problem);
    }

    private static String fourCc(ByteBuffer buffer, int at) {
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            byte b = buffer.get(at + i);
            bytes[i] = b >= 0x20 && b < 0x7F ? b : (byte) '?';
        }
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    private static String hex(int tag) {
        return String.format("0x%04X", tag);
    }

    private static String guid(ByteBuffer fmt, int at) {
        return String.format("{%08X-%04X-%04X-%02X%02X-%02X%02X%02X%02X%02X%02X}", fmt.getInt(at),
                fmt.getShort(at + 4), fmt.getShort(at + 6), fmt.get(at + 8), fmt.get(at + 9), fmt.get(at + 10),
                fmt.get(at + 11), fmt.get(at + 12), fmt.get(at + 13), fmt.get(at + 14), fmt.get(at + 15));
    }

    private static String formatTagName(int tag) {
        String name = switch (tag) {
            case 0x0002 -> "Microsoft ADPCM";
            case 0x0006 -> "A-law";
            case 0x0007 -> "mu-law";
            case 0x0011 -> "IMA ADPCM";
            case 0x0031 -> "GSM 6.10";
            case 0x0050 -> "MPEG";
            case 0x0055 -> "MPEG Layer 3";
            case 0x0092 -> "Dolby AC-3";
            case 0x00FF, 0x1610 -> "AAC";
            case 0xF1AC -> "FLAC";
            default -> null;
        };
        return name == null ? "" : " (" + name + ")";
    }
}
