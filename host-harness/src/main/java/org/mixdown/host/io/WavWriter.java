package org.mixdown.host.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Streams de-interleaved floats into a WAV file block by block, with one fixed buffer: memory does not grow with
 * the length of the audio and {@link #write} allocates nothing.
 *
 * <p>A file is written to a temporary file beside the target ({@code .<name>.part}) and moved into place only by
 * {@link #commit()}; {@link #close()} without a commit deletes the temporary file, so a failed render never
 * leaves a partial file and never clobbers an existing one. Header layout: see {@link WavHeaderWriter}.
 *
 * <p>Writing to a channel: the sizes are patched at commit if the channel is seekable; on a pipe they stay
 * 0xFFFFFFFF ("until the end", as ffmpeg writes), which sox, ffmpeg and {@link WavReader} accept.
 */
public final class WavWriter implements AutoCloseable {
    /** Size of the one I/O buffer, rounded down to whole frames. */
    static final int BUFFER_BYTES = 1 << 17;

    private final String name;
    private final WavFormat format;
    private final WavHeaderWriter header;
    private final int bytesPerFrame;
    private final WritableByteChannel channel;
    /** The temporary file and the target when this writer created them, else null. */
    private final Path temp;
    private final Path target;
    /** Where the header starts in a seekable channel, or -1 if the sizes cannot be patched. */
    private final long headerPosition;
    private final ByteBuffer buffer;
    /** The frames being encoded, put into {@link #buffer} in one go (array loops beat per-byte puts). */
    private final byte[] bytes;
    private long dataBytes;
    private long clipped;
    private boolean failed;
    private boolean committed;
    private boolean closed;

    private WavWriter(String name, WavFormat format, WritableByteChannel channel, Path temp, Path target,
                      long headerPosition) {
        this.name = name;
        this.format = format;
        this.header = new WavHeaderWriter(format);
        this.bytesPerFrame = format.bytesPerFrame();
        this.channel = channel;
        this.temp = temp;
        this.target = target;
        this.headerPosition = headerPosition;
        int capacity = Math.max(1, BUFFER_BYTES / bytesPerFrame) * bytesPerFrame;
        this.buffer = ByteBuffer.allocateDirect(Math.max(capacity, header.size())).order(ByteOrder.LITTLE_ENDIAN);
        this.bytes = new byte[buffer.capacity() + SampleCodec.SLACK];
        // Sizes stay open until commit, so even an interrupted stream is a readable WAV.
        header.write(buffer, -1);
    }

    /**
     * Starts writing {@code target} through the temporary file {@code .<name>.part} in the same directory.
     *
     * @throws AudioFileException if the target is a directory or the temporary file cannot be created
     */
    public static WavWriter create(Path target, WavFormat format) throws AudioFileException {
        String name = target.toString();
        if (Files.isDirectory(target)) {
            throw new AudioFileException(name, "cannot write: is a directory");
        }
        Path fileName = target.getFileName();
        if (fileName == null) {
            throw new AudioFileException(name, "cannot write: not a file name");
        }
        Path directory = target.toAbsolutePath().getParent();
        if (!Files.isDirectory(directory)) {
            throw new AudioFileException(name, "cannot write: " + (Files.exists(directory)
                    ? directory + " is not a directory" : "directory " + directory + " does not exist"));
        }
        Path temp = target.resolveSibling("." + fileName + ".part");
        FileChannel file;
        try {
            file = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new AudioFileException(name, "cannot write: " + IoErrors.reason(e), e);
        }
        WavWriter writer = new WavWriter(name, format, file, temp, target, 0);
        try {
            writer.flush(); // the header goes out now, so an unusable disk fails here, before any rendering
        } catch (AudioFileException e) {
            writer.close();
            throw e;
        }
        return writer;
    }

    /**
     * Starts writing a WAV stream to {@code channel} at its current position. If the channel is seekable, the
     * header sizes are patched at commit; otherwise they stay 0xFFFFFFFF. The writer never closes the channel.
     *
     * @param name what error messages call the stream, e.g. "stdout"
     */
    public static WavWriter create(WritableByteChannel channel, String name, WavFormat format) {
        long headerPosition = -1;
        if (channel instanceof SeekableByteChannel seekable) {
            try {
                headerPosition = seekable.position();
            } catch (IOException e) {
                headerPosition = -1; // a FileChannel on a pipe cannot seek: leave the sizes open
            }
        }
        return new WavWriter(name, format, channel, null, null, headerPosition);
    }

    public WavFormat format() {
        return format;
    }

    /** Frames written so far. */
    public long framesWritten() {
        return dataBytes / bytesPerFrame;
    }

    /** Integer samples that were out of range (or NaN) and clipped; always 0 for float encodings. */
    public long clippedSamples() {
        return clipped;
    }

    /** The file or stream name used in error messages. */
    public String name() {
        return name;
    }

    /**
     * Appends {@code frames} frames from {@code src[c][offset ..]} for each channel {@code c}. Integer encodings
     * round to nearest and clip to their range (counted by {@link #clippedSamples()}); float encodings store the
     * values as they are. Allocates nothing.
     *
     * @param src at least {@code format().channels()} arrays; further arrays are ignored
     * @throws AudioFileException if writing fails, or the audio would exceed the 4 GiB size limit of WAV
     */
    public void write(float[][] src, int offset, int frames) throws AudioFileException {
        checkArguments(src, offset, frames);
        if (headerPosition >= 0 && dataBytes + (long) frames * bytesPerFrame > header.maxDataBytes()) {
            failed = true;
            throw new AudioFileException(name, "cannot write: more audio than a WAV file holds (at most "
                    + header.maxDataBytes() / bytesPerFrame + " frames of " + format + ")");
        }
        int done = 0;
        while (done < frames) {
            int room = buffer.remaining() / bytesPerFrame;
            if (room == 0) {
                flush();
                continue;
            }
            int n = Math.min(room, frames - done);
            int position = buffer.position();
            clipped += SampleCodec.encode(format.encoding(), bytes, 0, format.channels(), src, offset + done, n);
            buffer.put(position, bytes, 0, n * bytesPerFrame);
            buffer.position(position + n * bytesPerFrame);
            done += n;
        }
        dataBytes += (long) frames * bytesPerFrame;
    }

    /**
     * Writes what is buffered, completes the header and, for a file, moves it into place (atomically where the
     * file system can, replacing an existing target).
     *
     * @throws AudioFileException if any of that fails; the target is then untouched and the temporary file gone
     */
    public void commit() throws AudioFileException {
        if (closed || committed) {
            throw new IllegalStateException(name + ": writer is already " + (committed ? "committed" : "closed"));
        }
        if (failed) {
            throw new AudioFileException(name, "cannot commit: an earlier write failed");
        }
        try {
            if ((dataBytes & 1) != 0) {
                if (!buffer.hasRemaining()) {
                    flush();
                }
                buffer.put((byte) 0); // RIFF chunks are padded to even length
            }
            flush();
            if (headerPosition >= 0) {
                patchHeader();
            }
            if (temp != null) {
                FileChannel file = (FileChannel) channel;
                file.force(false);
                file.close();
                moveIntoPlace();
            }
            committed = true;
        } catch (IOException e) {
            failed = true;
            close();
            throw new AudioFileException(name, "cannot write: " + IoErrors.reason(e), e);
        } catch (AudioFileException e) {
            close();
            throw e;
        }
    }

    /**
     * Ends the writer. Without a prior {@link #commit()}, a file's temporary file is deleted and the target stays
     * as it was; on a caller's channel, buffered audio is dropped and the channel is left open.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (temp != null && !committed) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // deleting the file below is what matters
            }
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // nothing more we can do; the name starts with a dot and ends in .part
            }
        }
    }

    private void flush() throws AudioFileException {
        buffer.flip();
        try {
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        } catch (IOException e) {
            failed = true;
            throw new AudioFileException(name, "cannot write: " + IoErrors.reason(e), e);
        } finally {
            buffer.clear();
        }
    }

    private void patchHeader() throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(header.size()).order(ByteOrder.LITTLE_ENDIAN);
        header.write(bytes, dataBytes);
        bytes.flip();
        SeekableByteChannel seekable = (SeekableByteChannel) channel;
        long end = seekable.position();
        seekable.position(headerPosition);
        while (bytes.hasRemaining()) {
            seekable.write(bytes);
        }
        seekable.position(end);
    }

    private void moveIntoPlace() throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private void checkArguments(float[][] src, int offset, int frames) throws AudioFileException {
        if (closed || committed) {
            throw new IllegalStateException(name + ": writer is already " + (committed ? "committed" : "closed"));
        }
        if (failed) {
            throw new AudioFileException(name, "cannot write: an earlier write failed");
        }
        if (src.length < format.channels()) {
            throw new IllegalArgumentException(name + ": " + src.length + " source arrays for "
                    + format.channels() + " channels");
        }
        if (offset < 0 || frames < 0) {
            throw new IllegalArgumentException("negative offset or frame count");
        }
        for (int c = 0; c < format.channels(); c++) {
            if (src[c].length < offset + frames) {
                throw new IllegalArgumentException("source channel " + c + " holds " + src[c].length
                        + " floats, " + (offset + frames) + " needed");
            }
        }
    }
}
