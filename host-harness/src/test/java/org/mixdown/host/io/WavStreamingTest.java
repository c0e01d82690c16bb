package org.mixdown.host.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mixdown.host.io.RiffBuilder.fmtExtensible;

import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mixdown.testkit.PluginChecks;

/** Memory stays flat: after the first blocks, reading and writing allocate nothing, however long the audio. */
class WavStreamingTest {
    private static final int RATE = 96_000;
    private static final int BLOCK = 1024;
    /** As PluginChecks does: long enough for C2 to compile the whole path before allocation is measured. */
    private static final int WARM_UP_BLOCKS = 20_000;
    /** Blocks per allocation round (up to five rounds fit in the ten minutes after the warm-up). */
    private static final int ROUND_BLOCKS = 6_000;

    @TempDir
    Path dir;

    @Test
    void tenMinutesOf96kStereoStreamThroughWithoutAllocatingAndBitExact() throws Exception {
        long frames = 10L * 60 * RATE;
        WavFormat format = new WavFormat(2, RATE, SampleEncoding.PCM_24);
        byte[] pattern = patternOf(format, 4801); // an odd frame count, so blocks and pattern never line up
        GeneratedWav source = new GeneratedWav(format, frames, pattern);
        VerifyingSink sink = new VerifyingSink(new WavHeaderWriter(format).size(), pattern);

        long start = System.nanoTime();
        try (WavReader reader = WavReader.open(source, "generated");
             WavWriter writer = WavWriter.create(sink, "discard", format)) {
            assertEquals(frames, reader.frames());
            float[][] block = new float[2][BLOCK];
            for (int i = 0; i < WARM_UP_BLOCKS; i++) {
                pump(reader, writer, block);
            }
            // rounds of blocks, as the test kit's steady-state check does: a JIT event late in a long test JVM
            // may allocate a few bytes once; an allocation in the path shows in every round
            PluginChecks.assertSteadyStateAllocationFree("streaming", () -> {
                try {
                    pump(reader, writer, block);
                } catch (AudioFileException e) {
                    throw new IllegalStateException(e);
                }
            }, 0, ROUND_BLOCKS);
            while (pump(reader, writer, block) > 0) {
                // the rest of the stream, for the bit-exact check
            }
            writer.commit();
            assertEquals(frames, writer.framesWritten());
            assertEquals(0, writer.clippedSamples());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long dataBytes = frames * format.bytesPerFrame();
        System.out.printf(Locale.ROOT, "WavStreamingTest: 10 min of 96 kHz stereo 24-bit (%d MB) read, decoded, "
                + "encoded and written in %.2f s: %.0f MB/s, %.1fx real time%n", dataBytes >> 20, seconds,
                dataBytes / seconds / 1e6, 600 / seconds);
        assertEquals(dataBytes, sink.dataBytesChecked(), "every data byte came out as it went in");
    }

    @Test
    void fileToFileStreamingAllocatesNothingPerBlock() throws Exception {
        WavFormat format = new WavFormat(2, RATE, SampleEncoding.FLOAT_32);
        Path in = dir.resolve("in.wav");
        Path out = dir.resolve("out.wav");
        long frames = 20L * RATE;
        float[][] block = new float[2][BLOCK];
        try (WavWriter writer = WavWriter.create(in, format)) {
            for (long done = 0; done < frames; done += BLOCK) {
                for (int c = 0; c < 2; c++) {
                    for (int i = 0; i < BLOCK; i++) {
                        block[c][i] = (float) Math.sin(0.01 * (done + i) + c);
                    }
                }
                writer.write(block, 0, (int) Math.min(BLOCK, frames - done));
            }
            writer.commit();
        }
        // Warm up the file paths as long as the in-memory test does, copying into a file that is never committed.
        for (long warmed = 0; warmed < WARM_UP_BLOCKS; warmed += frames / BLOCK) {
            try (WavReader reader = WavReader.open(in); WavWriter writer = WavWriter.create(out, format)) {
                while (pump(reader, writer, block) > 0) {
                    // warming up
                }
            }
        }
        long allocated;
        try (WavReader reader = WavReader.open(in); WavWriter writer = WavWriter.create(out, format)) {
            long before = PluginChecks.allocatedBytes();
            while (pump(reader, writer, block) > 0) {
                // streaming
            }
            allocated = PluginChecks.allocatedBytes() - before;
            assertEquals(frames, writer.framesWritten());
            writer.commit();
        }
        assertEquals(0, allocated, "file to file streaming allocated");
        assertEquals(-1L, Files.mismatch(in, out), "a float copy is byte for byte the same");
    }

    /** Moves one block from reader to writer; returns the frames moved. */
    private static int pump(WavReader reader, WavWriter writer, float[][] block) throws AudioFileException {
        int n = reader.read(block, 0, BLOCK);
        writer.write(block, 0, n);
        return n;
    }

    /** Interleaved little-endian 24-bit frames of a stereo sine pair, as one repeating data block. */
    private static byte[] patternOf(WavFormat format, int frames) {
        ByteBuffer b = ByteBuffer.allocate(frames * format.bytesPerFrame());
        for (int i = 0; i < frames; i++) {
            for (int c = 0; c < format.channels(); c++) {
                int v = (int) Math.round(8_000_000 * Math.sin(2 * Math.PI * (c + 1) * i / frames));
                b.put((byte) v).put((byte) (v >> 8)).put((byte) (v >> 16));
            }
        }
        return b.array();
    }

    /** A WAV stream made up on the fly: a header, then {@code pattern} repeated; nothing is stored. */
    private static final class GeneratedWav implements ReadableByteChannel {
        private final byte[] header;
        private final byte[] pattern;
        private final long total;
        private long position;

        GeneratedWav(WavFormat format, long frames, byte[] pattern) {
            long dataBytes = frames * format.bytesPerFrame();
            this.header = RiffBuilder.wave().riffSize(4 + 48 + 8 + dataBytes)
                    .chunk("fmt ", fmtExtensible(format.channels(), format.sampleRate(), 24, 24, 1))
                    .chunk("data", dataBytes, new byte[0], false).build();
            this.pattern = pattern;
            this.total = header.length + dataBytes;
        }

        @Override
        public int read(ByteBuffer dst) {
            if (position == total) {
                return -1;
            }
            int n;
            if (position < header.length) {
                n = Math.min(dst.remaining(), header.length - (int) position);
                dst.put(header, (int) position, n);
            } else {
                int at = (int) ((position - header.length) % pattern.length);
                n = (int) Math.min(Math.min(dst.remaining(), pattern.length - at), total - position);
                dst.put(pattern, at, n);
            }
            position += n;
            return n;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }

    /** Discards what it is given after checking each data byte against the pattern the source repeated. */
    private static final class VerifyingSink implements WritableByteChannel {
        private final int headerBytes;
        private final int patternLength;
        /** The pattern repeated past the largest write, so any write compares against one contiguous range. */
        private final byte[] repeated;
        private final byte[] scratch = new byte[WavWriter.BUFFER_BYTES];
        private long position;
        private long checked;

        VerifyingSink(int headerBytes, byte[] pattern) {
            this.headerBytes = headerBytes;
            this.patternLength = pattern.length;
            int copies = (WavWriter.BUFFER_BYTES + headerBytes) / pattern.length + 2;
            this.repeated = new byte[copies * pattern.length];
            for (int i = 0; i < copies; i++) {
                System.arraycopy(pattern, 0, repeated, i * pattern.length, pattern.length);
            }
        }

        @Override
        public int write(ByteBuffer src) {
            int n = Math.min(src.remaining(), scratch.length);
            src.get(src.position(), scratch, 0, n);
            int skip = (int) Math.max(0, Math.min(n, headerBytes - position));
            int at = (int) ((position + skip - headerBytes) % patternLength);
            int mismatch = Arrays.mismatch(scratch, skip, n, repeated, at, at + n - skip);
            if (mismatch >= 0) {
                throw new AssertionError("data byte " + (position + skip + mismatch - headerBytes) + " changed");
            }
            checked += n - skip;
            position += n;
            src.position(src.position() + n);
            return n;
        }

        long dataBytesChecked() {
            return checked;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }
}
