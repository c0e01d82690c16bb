package org.mixdown.host.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mixdown.testkit.Signals;

class WavRoundTripTest {
    @TempDir
    Path dir;

    static List<Arguments> formats() {
        List<Arguments> all = new ArrayList<>();
        for (SampleEncoding encoding : SampleEncoding.values()) {
            for (int rate : new int[] {44100, 48000, 96000, 192000}) {
                for (int channels = 1; channels <= 2; channels++) {
                    all.add(Arguments.of(encoding, rate, channels));
                }
            }
        }
        return all;
    }

    /** A sine plus noise per channel, below full scale so nothing clips. */
    static float[][] testSignal(int channels, int frames, int rate) {
        float[][] signal = new float[channels][];
        for (int c = 0; c < channels; c++) {
            float[] sine = Signals.sine(997 * (c + 1), rate, frames, 0.6, c);
            float[] noise = Signals.whiteNoise(frames, 0.3, 11 + c);
            for (int i = 0; i < frames; i++) {
                sine[i] += noise[i];
            }
            signal[c] = sine;
        }
        return signal;
    }

    /** What an encoding stores for {@code x}: integers round to the nearest step of 2^-(bits-1). */
    static float quantized(SampleEncoding encoding, float x) {
        if (encoding.isFloat()) {
            return x;
        }
        double scale = 1L << (encoding.bitsPerSample() - 1);
        return (float) (Math.rint(x * scale) / scale);
    }

    @ParameterizedTest(name = "{0} {1} Hz {2} ch")
    @MethodSource("formats")
    void roundTripsThroughAFileInUnevenBlocks(SampleEncoding encoding, int rate, int channels) throws Exception {
        int frames = 12_345; // odd, so 8- and 24-bit mono need the pad byte
        float[][] signal = testSignal(channels, frames, rate);
        WavFormat format = new WavFormat(channels, rate, encoding);
        Path file = dir.resolve("rt.wav");
        try (WavWriter writer = WavWriter.create(file, format)) {
            int[] blocks = {1, 7, 1000, 64, 4096};
            int done = 0;
            for (int b = 0; done < frames; b++) {
                int n = Math.min(blocks[b % blocks.length], frames - done);
                writer.write(signal, done, n);
                done += n;
            }
            assertEquals(frames, writer.framesWritten());
            assertEquals(0, writer.clippedSamples());
            writer.commit();
        }
        long dataBytes = (long) frames * format.bytesPerFrame();
        long expectedSize = new WavHeaderWriter(format).size() + dataBytes + (dataBytes & 1);
        assertEquals(expectedSize, Files.size(file), "header + data + pad");

        float[][] back = new float[channels][frames];
        try (WavReader reader = WavReader.open(file)) {
            assertEquals(format, reader.format());
            assertEquals(frames, reader.frames());
            assertEquals(encoding.bitsPerSample(), reader.validBitsPerSample());
            int done = 0;
            int[] blocks = {64, 1, 333, 8192};
            for (int b = 0; done < frames; b++) {
                int n = reader.read(back, done, Math.min(blocks[b % blocks.length], frames - done));
                assertTrue(n > 0);
                done += n;
            }
            assertEquals(0, reader.read(back, 0, 10), "0 at the end");
            assertEquals(frames, reader.framesRead());
        }
        double step = encoding.isFloat() ? 0 : Math.pow(2, 1 - encoding.bitsPerSample());
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < frames; i++) {
                float expected = quantized(encoding, signal[c][i]);
                if (expected != back[c][i] || Math.abs(back[c][i] - signal[c][i]) > step / 2 + 1e-9) {
                    assertEquals(expected, back[c][i], 0, "channel " + c + " frame " + i);
                    fail("channel " + c + " frame " + i + " is more than half a step from the input");
                }
            }
        }
    }

    @Test
    void exactStepsSurviveUnchangedIncludingBothEnds() throws Exception {
        for (SampleEncoding encoding : SampleEncoding.values()) {
            double step = encoding.isFloat() ? Math.pow(2, -23) : Math.pow(2, 1 - encoding.bitsPerSample());
            float[] values = {-1f, (float) (1 - step), 0f, (float) step, (float) -step, 0.5f, -0.5f};
            float[] back = roundTrip(new WavFormat(1, 48000, encoding), values);
            assertArrayEquals(values, back, 0f, encoding.toString());
        }
    }

    @Test
    void integersClipAndCountWhileFloatsKeepEverything() throws Exception {
        float[] loud = {1f, -1f, 1.5f, -2f, Float.NaN, 0.99998f};
        WavFormat pcm16 = new WavFormat(1, 48000, SampleEncoding.PCM_16);
        Path file = dir.resolve("clip.wav");
        try (WavWriter writer = WavWriter.create(file, pcm16)) {
            writer.write(new float[][] {loud}, 0, loud.length);
            assertEquals(4, writer.clippedSamples(), "1.0, 1.5, -2 and NaN do not fit int16");
            writer.commit();
        }
        float max = 32767 / 32768f;
        assertArrayEquals(new float[] {max, -1f, max, -1f, 0f, 32767 / 32768f}, readAll(file)[0], 0f);

        float[] back = roundTrip(new WavFormat(1, 48000, SampleEncoding.FLOAT_32), loud);
        assertArrayEquals(loud, back, 0f);
        for (SampleEncoding encoding : new SampleEncoding[] {SampleEncoding.PCM_8, SampleEncoding.PCM_24,
                SampleEncoding.PCM_32}) {
            try (WavWriter writer = WavWriter.create(dir.resolve("c.wav"), new WavFormat(1, 48000, encoding))) {
                writer.write(new float[][] {loud}, 0, loud.length);
                // 0.99998 rounds to 128 in 8 bits: one more clip there
                assertEquals(encoding == SampleEncoding.PCM_8 ? 5 : 4, writer.clippedSamples(), encoding.toString());
            }
        }
    }

    @Test
    void eightBitIsUnsignedWithSilenceAt128() throws Exception {
        Path file = dir.resolve("u8.wav");
        try (WavWriter writer = WavWriter.create(file, new WavFormat(1, 8000, SampleEncoding.PCM_8))) {
            writer.write(new float[][] {{0f, -1f, 127 / 128f}}, 0, 3);
            writer.commit();
        }
        byte[] bytes = Files.readAllBytes(file);
        assertEquals(44 + 3 + 1, bytes.length);
        assertEquals(128, bytes[44] & 0xFF);
        assertEquals(0, bytes[45] & 0xFF);
        assertEquals(255, bytes[46] & 0xFF);
        assertEquals(0, bytes[47], "pad byte");
    }

    @Test
    void headerFollowsTheDocumentedFormatChoice() throws Exception {
        assertHeader(new WavFormat(2, 44100, SampleEncoding.PCM_16), 1, 16, false, 44);
        assertHeader(new WavFormat(1, 44100, SampleEncoding.PCM_8), 1, 16, false, 44);
        assertHeader(new WavFormat(2, 48000, SampleEncoding.PCM_24), 0xFFFE, 40, false, 68);
        assertHeader(new WavFormat(1, 48000, SampleEncoding.PCM_32), 0xFFFE, 40, false, 68);
        assertHeader(new WavFormat(4, 48000, SampleEncoding.PCM_16), 0xFFFE, 40, false, 68);
        assertHeader(new WavFormat(2, 96000, SampleEncoding.FLOAT_32), 3, 18, true, 58);
        assertHeader(new WavFormat(1, 96000, SampleEncoding.FLOAT_64), 3, 18, true, 58);
        assertHeader(new WavFormat(6, 96000, SampleEncoding.FLOAT_32), 0xFFFE, 40, true, 80);
    }

    @Test
    void sizeLimitKeepsEveryRiffSizeFieldWithin32Bits() {
        for (SampleEncoding encoding : SampleEncoding.values()) {
            for (int channels : new int[] {1, 2, 6}) {
                WavFormat format = new WavFormat(channels, 48000, encoding);
                WavHeaderWriter header = new WavHeaderWriter(format);
                long max = header.maxDataBytes();
                assertEquals(0, max % format.bytesPerFrame(), "whole frames");
                long riff = header.size() - 8 + max + (max & 1);
                assertTrue(riff <= 0xFFFFFFFFL, format + ": RIFF size " + riff);
                long next = max + format.bytesPerFrame();
                assertTrue(header.size() - 8 + next + (next & 1) > 0xFFFFFFFFL, format + ": one frame more fits");
            }
        }
    }

    private void assertHeader(WavFormat format, int tag, int fmtSize, boolean fact, int dataOffset)
            throws Exception {
        Path file = dir.resolve("h.wav");
        int frames = 5;
        try (WavWriter writer = WavWriter.create(file, format)) {
            writer.write(new float[format.channels()][frames], 0, frames);
            writer.commit();
        }
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        int dataBytes = frames * format.bytesPerFrame();
        assertEquals(b.capacity() - 8, b.getInt(4), "RIFF size");
        assertEquals(fmtSize, b.getInt(16));
        assertEquals(tag, Short.toUnsignedInt(b.getShort(20)));
        assertEquals(format.channels(), b.getShort(22));
        assertEquals(format.sampleRate(), b.getInt(24));
        assertEquals(format.sampleRate() * format.bytesPerFrame(), b.getInt(28), "byte rate");
        assertEquals(format.bytesPerFrame(), b.getShort(32), "block align");
        assertEquals(format.bitsPerSample(), b.getShort(34));
        if (tag == 0xFFFE) {
            assertEquals(format.bitsPerSample(), b.getShort(38), "valid bits");
            assertEquals(format.encoding().isFloat() ? 3 : 1, b.getInt(44), "subformat");
        }
        int next = 20 + fmtSize;
        if (fact) {
            assertEquals("fact", new String(b.array(), next, 4, "US-ASCII"));
            assertEquals(frames, b.getInt(next + 8), "fact frame count");
            next += 12;
        }
        assertEquals("data", new String(b.array(), next, 4, "US-ASCII"));
        assertEquals(dataBytes, b.getInt(next + 4));
        assertEquals(dataOffset, next + 8);
    }

    @Test
    void streamedToAPipeLeavesSizesOpenAndStillReads() throws Exception {
        WavFormat format = new WavFormat(2, 48000, SampleEncoding.PCM_24);
        float[][] signal = testSignal(2, 5000, 48000);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (WavWriter writer = WavWriter.create(Channels.newChannel(sink), "stdout", format)) {
            writer.write(signal, 0, 5000);
            writer.commit();
        }
        byte[] bytes = sink.toByteArray();
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(-1, b.getInt(4), "RIFF size left open");
        assertEquals(-1, b.getInt(64), "data size left open");

        // As a stream: length unknown, every frame read.
        try (WavReader reader = WavReader.open(slowChannel(bytes, 5), "stdin")) {
            assertEquals(-1, reader.frames());
            float[][] back = new float[2][6000];
            assertEquals(5000, readFully(reader, back));
            assertEquals(quantized(SampleEncoding.PCM_24, signal[1][4999]), back[1][4999], 0f);
        }
        // As a file: length counted from the file size.
        Path file = dir.resolve("piped.wav");
        Files.write(file, bytes);
        try (WavReader reader = WavReader.open(file)) {
            assertEquals(5000, reader.frames());
        }
    }

    @Test
    void seekableChannelGetsItsSizesPatchedAtItsOwnPosition() throws Exception {
        Path file = dir.resolve("seek.bin");
        WavFormat format = new WavFormat(1, 44100, SampleEncoding.FLOAT_32);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
            try (WavWriter writer = WavWriter.create(channel, "seek.bin", format)) {
                writer.write(new float[][] {{0.25f, -0.5f}}, 0, 2);
                writer.commit();
            }
            assertTrue(channel.isOpen(), "the caller's channel stays open");
        }
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer b = ByteBuffer.wrap(bytes, 3, bytes.length - 3).slice().order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(bytes.length - 3 - 8, b.getInt(4));
        assertEquals(2, b.getInt(46), "fact");
        assertEquals(8, b.getInt(54), "data size");
        try (ReadableByteChannel in = Channels.newChannel(new ByteArrayInputStream(bytes, 3, bytes.length));
             WavReader reader = WavReader.open(in, "seek.bin")) {
            assertEquals(2, reader.frames());
            float[][] back = new float[1][2];
            reader.read(back, 0, 2);
            assertArrayEquals(new float[] {0.25f, -0.5f}, back[0]);
        }
    }

    @Test
    void aNamedPipeIsReadAsAStream() throws Exception {
        Path fifo = dir.resolve("pipe.wav");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        byte[] wav = RiffBuilder.wave().chunk("fmt ", RiffBuilder.fmt(1, 1, 48000, 16))
                .chunk("data", RiffBuilder.pcm16(16384, -16384)).build();
        Thread feeder = new Thread(() -> {
            try {
                Files.write(fifo, wav);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        feeder.start();
        try (WavReader reader = WavReader.open(fifo)) {
            assertEquals(2, reader.frames());
            float[][] out = new float[1][2];
            assertEquals(2, readFully(reader, out));
            assertArrayEquals(new float[] {0.5f, -0.5f}, out[0]);
        }
        feeder.join();
    }

    @Test
    void anEmptyRenderIsAValidEmptyFile() throws Exception {
        Path file = dir.resolve("empty.wav");
        try (WavWriter writer = WavWriter.create(file, new WavFormat(2, 44100, SampleEncoding.FLOAT_32))) {
            writer.commit();
        }
        assertEquals(58, Files.size(file));
        try (WavReader reader = WavReader.open(file)) {
            assertEquals(0, reader.frames());
            assertEquals(0, reader.read(new float[2][16], 0, 16));
        }
    }

    @Test
    void monoFileLeavesExtraDestinationChannelsAlone() throws Exception {
        Path file = dir.resolve("mono.wav");
        try (WavWriter writer = WavWriter.create(file, new WavFormat(1, 48000, SampleEncoding.PCM_16))) {
            writer.write(new float[][] {{0.5f, 0.25f}}, 0, 2);
            writer.commit();
        }
        float[][] dest = {new float[4], {9, 9, 9, 9}};
        try (WavReader reader = WavReader.open(file)) {
            assertEquals(2, reader.read(dest, 2, 2));
        }
        assertArrayEquals(new float[] {0, 0, 0.5f, 0.25f}, dest[0]);
        assertArrayEquals(new float[] {9, 9, 9, 9}, dest[1]);
    }

    private float[] roundTrip(WavFormat format, float[] mono) throws Exception {
        Path file = dir.resolve("one.wav");
        try (WavWriter writer = WavWriter.create(file, format)) {
            writer.write(new float[][] {mono}, 0, mono.length);
            writer.commit();
        }
        return readAll(file)[0];
    }

    static float[][] readAll(Path file) throws AudioFileException {
        try (WavReader reader = WavReader.open(file)) {
            float[][] out = new float[reader.format().channels()][(int) reader.frames()];
            assertEquals(reader.frames(), readFully(reader, out));
            return out;
        }
    }

    static int readFully(WavReader reader, float[][] dest) throws AudioFileException {
        int done = 0;
        int n;
        while (done < dest[0].length && (n = reader.read(dest, done, Math.min(777, dest[0].length - done))) > 0) {
            done += n;
        }
        return done;
    }

    /** A stream that hands out at most {@code chunk} bytes per read, splitting frames like a pipe can. */
    static ReadableByteChannel slowChannel(byte[] bytes, int chunk) {
        return new ReadableByteChannel() {
            private int position;

            @Override
            public int read(ByteBuffer dst) {
                if (position == bytes.length) {
                    return -1;
                }
                int n = Math.min(Math.min(chunk, dst.remaining()), bytes.length - position);
                dst.put(bytes, position, n);
                position += n;
                return n;
            }

            @Override
            public boolean isOpen() {
                return true;
            }

            @Override
            public void close() throws IOException {
            }
        };
    }
}
