package org.mixdown.host.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channel;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Streams the audio of a WAV file block by block into de-interleaved floats, with one fixed buffer: memory does
 * not grow with the file's length and {@link #read} allocates nothing.
 *
 * <p>Reads RIFF/WAVE with 8 (unsigned), 16, 24 and 32-bit integer PCM and 32/64-bit IEEE float, plain or
 * WAVE_FORMAT_EXTENSIBLE, 1..8 channels, any sample rate. Unknown chunks and their pad bytes are skipped, before
 * or after the data. A data size of 0xFFFFFFFF, or of 0 (left open by a streaming writer), means "until the end";
 * 0 is taken literally only when the RIFF size shows further chunks after an empty data chunk. Every defect of
 * the header, and a file shorter than its header declares, is reported by {@code open} as an
 * {@link AudioFileException}. RF64 is not supported.
 */
public final class WavReader implements AutoCloseable {
    /** Size of the one I/O buffer, rounded down to whole frames. */
    static final int BUFFER_BYTES = 1 << 17;

    private final String name;
    private final ReadableByteChannel channel;
    private final boolean ownsChannel;
    private final WavFormat format;
    private final int validBits;
    private final int bytesPerFrame;
    private final long frames;
    private final ByteBuffer buffer;
    /** The frames being decoded, copied out of {@link #buffer} in one go (array loops beat per-byte gets). */
    private final byte[] bytes;
    /** Data bytes not yet pulled from the channel, or -1 when the data runs until the stream ends. */
    private long unreadBytes;
    private long framesRead;
    private boolean closed;

    private WavReader(String name, ReadableByteChannel channel, boolean ownsChannel, WavHeaderParser.Header header) {
        this.name = name;
        this.channel = channel;
        this.ownsChannel = ownsChannel;
        this.format = header.format();
        this.validBits = header.validBits();
        this.bytesPerFrame = format.bytesPerFrame();
        this.unreadBytes = header.dataBytes();
        this.frames = header.dataBytes() < 0 ? -1 : header.dataBytes() / bytesPerFrame;
        int capacity = Math.max(1, BUFFER_BYTES / bytesPerFrame) * bytesPerFrame;
        this.buffer = ByteBuffer.allocateDirect(capacity).order(ByteOrder.LITTLE_ENDIAN);
        buffer.limit(0);
        this.bytes = new byte[capacity + SampleCodec.SLACK];
    }

    /**
     * Opens a WAV file and validates its header and its length against the size the header declares.
     *
     * @throws AudioFileException if the file is missing, unreadable, not a WAV file, of an unsupported encoding,
     *                            or truncated
     */
    public static WavReader open(Path file) throws AudioFileException {
        String name = file.toString();
        if (Files.isDirectory(file)) {
            throw new AudioFileException(name, "cannot read: is a directory");
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new AudioFileException(name, "cannot read: " + IoErrors.reason(e), e);
        }
        try {
            // A FIFO or device has no size to check against: read it as a stream.
            long size = Files.isRegularFile(file) ? channel.size() : -1;
            WavHeaderParser.Header header = WavHeaderParser.parse(new ByteSource(channel, 0, size), name);
            return new WavReader(name, channel, true, header);
        } catch (AudioFileException e) {
            closeQuietly(channel);
            throw e;
        } catch (IOException e) {
            closeQuietly(channel);
            throw new AudioFileException(name, "cannot read: " + IoErrors.reason(e), e);
        }
    }

    /**
     * Reads a WAV stream (a pipe, stdin, a generated channel) from its current position. The length cannot be
     * checked in advance, so a stream that ends before its declared data size fails in {@link #read}.
     * The reader does not close {@code channel}: the caller owns it.
     *
     * @param name what error messages call the stream, e.g. "stdin"
     */
    public static WavReader open(ReadableByteChannel channel, String name) throws AudioFileException {
        try {
            return new WavReader(name, channel, false, WavHeaderParser.parse(new ByteSource(channel, 0, -1), name));
        } catch (IOException e) {
            throw new AudioFileException(name, "cannot read: " + IoErrors.reason(e), e);
        }
    }

    public WavFormat format() {
        return format;
    }

    /** Significant bits per sample; less than {@code format().bitsPerSample()} only for some extensible files. */
    public int validBitsPerSample() {
        return validBits;
    }

    /**
     * Frames in the data chunk: as declared, or counted from the file size when the header left the size open;
     * -1 for a stream whose header left the size open.
     */
    public long frames() {
        return frames;
    }

    /** Frames returned by {@link #read} so far. */
    public long framesRead() {
        return framesRead;
    }

    /** The file or stream name used in error messages. */
    public String name() {
        return name;
    }

    /**
     * Reads up to {@code maxFrames} frames into {@code dest[c][offset ..]} for each channel {@code c}, as floats
     * in [-1, 1) for integer encodings and as stored for float encodings. Blocks until {@code maxFrames} frames are
     * read or the data ends. Allocates nothing.
     *
     * @param dest at least {@code format().channels()} arrays; further arrays are left untouched
     * @return frames read: {@code maxFrames} except at the end of the data; 0 once all data has been read
     *         (or when {@code maxFrames} is 0)
     * @throws AudioFileException if reading fails, or a stream ends before the size its header declared
     */
    public int read(float[][] dest, int offset, int maxFrames) throws AudioFileException {
        checkArguments(dest, offset, maxFrames);
        int done = 0;
        while (done < maxFrames) {
            int available = buffer.remaining() / bytesPerFrame;
            if (available == 0) {
                if (!refill()) {
                    break;
                }
                continue;
            }
            int n = Math.min(available, maxFrames - done);
            int position = buffer.position();
            buffer.get(position, bytes, 0, n * bytesPerFrame);
            SampleCodec.decode(format.encoding(), bytes, 0, format.channels(), dest, offset + done, n);
            buffer.position(position + n * bytesPerFrame);
            done += n;
            framesRead += n;
        }
        return done;
    }

    /** Moves a partial frame to the front and reads more data; false when no whole frame is left. */
    private boolean refill() throws AudioFileException {
        buffer.compact();
        try {
            while (buffer.position() < bytesPerFrame) {
                if (unreadBytes == 0) {
                    break;
                }
                if (unreadBytes > 0 && unreadBytes < buffer.remaining()) {
                    buffer.limit(buffer.position() + (int) unreadBytes);
                }
                int n = channel.read(buffer);
                if (n < 0) {
                    if (unreadBytes > 0) {
                        throw new AudioFileException(name, "truncated: header declares " + frames
                                + " frames, data ends after " + (framesRead + buffer.position() / bytesPerFrame));
                    }
                    unreadBytes = 0;
                    break;
                }
                if (unreadBytes > 0) {
                    unreadBytes -= n;
                }
            }
        } catch (IOException e) {
            throw new AudioFileException(name, "cannot read: " + IoErrors.reason(e), e);
        } finally {
            buffer.flip();
        }
        return buffer.remaining() >= bytesPerFrame;
    }

    private void checkArguments(float[][] dest, int offset, int maxFrames) {
        if (closed) {
            throw new IllegalStateException(name + ": reader is closed");
        }
        if (dest.length < format.channels()) {
            throw new IllegalArgumentException(name + ": " + dest.length + " destination arrays for "
                    + format.channels() + " channels");
        }
        if (offset < 0 || maxFrames < 0) {
            throw new IllegalArgumentException("negative offset or frame count");
        }
        for (int c = 0; c < format.channels(); c++) {
            if (dest[c].length < offset + maxFrames) {
                throw new IllegalArgumentException("destination channel " + c + " holds " + dest[c].length
                        + " floats, " + (offset + maxFrames) + " needed");
            }
        }
    }

    /** Closes the file this reader opened; a channel given to {@link #open(ReadableByteChannel, String)} stays open. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            if (ownsChannel) {
                closeQuietly(channel);
            }
        }
    }

    private static void closeQuietly(Channel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing useful to do: we only read from it
        }
    }
}
