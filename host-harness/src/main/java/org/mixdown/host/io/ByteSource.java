package org.mixdown.host.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;

/**
 * A channel read for a RIFF header: exact reads, skips, and the byte position, with seeking when the channel
 * is seekable. Reads never run ahead, so the audio data starts exactly where the header parser stops.
 */
final class ByteSource {
    private final ReadableByteChannel channel;
    private final SeekableByteChannel seekable;
    private final long size;
    private final ByteBuffer scratch = ByteBuffer.allocate(8192);
    private long position;

    /** @param size the total byte count when known (a file), or -1 */
    ByteSource(ReadableByteChannel channel, long start, long size) {
        this.channel = channel;
        this.seekable = channel instanceof SeekableByteChannel s ? s : null;
        this.position = start;
        this.size = size;
    }

    long position() {
        return position;
    }

    /** The total byte count, or -1 when the source is a stream of unknown length. */
    long size() {
        return size;
    }

    boolean canSeek() {
        return seekable != null && size >= 0;
    }

    void seek(long target) throws IOException {
        seekable.position(target);
        position = target;
    }

    /** Reads until {@code dst} is full or the source ends; returns the bytes read. */
    int readFully(ByteBuffer dst) throws IOException {
        int total = 0;
        while (dst.hasRemaining()) {
            int n = channel.read(dst);
            if (n < 0) {
                break;
            }
            total += n;
        }
        position += total;
        return total;
    }

    /** Skips {@code count} bytes; returns false if the source ended first. */
    boolean skip(long count) throws IOException {
        if (canSeek()) {
            long target = position + count;
            if (target > size) {
                seek(size);
                return false;
            }
            seek(target);
            return true;
        }
        long left = count;
        while (left > 0) {
            scratch.clear().limit((int) Math.min(scratch.capacity(), left));
            int n = readFully(scratch);
            if (n == 0) {
                return false;
            }
            left -= n;
        }
        return true;
    }
}
