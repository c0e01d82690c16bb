package org.mixdown.host.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mixdown.host.io.RiffBuilder.float32;
import static org.mixdown.host.io.RiffBuilder.fmt;
import static org.mixdown.host.io.RiffBuilder.fmtExtensible;
import static org.mixdown.host.io.RiffBuilder.pcm16;
import static org.mixdown.host.io.RiffBuilder.pcm24;
import static org.mixdown.host.io.RiffBuilder.pcm32;
import static org.mixdown.host.io.RiffBuilder.text;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hand-built files: WAVE_FORMAT_EXTENSIBLE, chunk order, odd sizes, open sizes, unusual rates and layouts. */
class WavChunkTest {
    private static final float S24 = 1f / 8388608;
    private static final float S16 = 1f / 32768;

    @TempDir
    Path dir;

    @Test
    void readsExtensiblePcm24() throws Exception {
        byte[] wav = RiffBuilder.wave().chunk("fmt ", fmtExtensible(2, 48000, 24, 24, 1))
                .chunk("data", pcm24(8388607, -8388608, 1, -1)).build();
        try (WavReader reader = open(wav)) {
            assertEquals(new WavFormat(2, 48000, SampleEncoding.PCM_24), reader.format());
            assertEquals(2, reader.frames());
            float[][] out = readAll(reader);
            assertArrayEquals(new float[] {8388607 * S24, S24}, out[0]);
            assertArrayEquals(new float[] {-1f, -S24}, out[1]);
        }
    }

    @Test
    void readsExtensible24BitsInA32BitContainer() throws Exception {
        byte[] wav = RiffBuilder.wave().chunk("fmt ", fmtExtensible(1, 96000, 32, 24, 1))
                .chunk("data", pcm32(0x40000000, 0x7FFFFF00, 0x100)).build();
        try (WavReader reader = open(wav)) {
            assertEquals(SampleEncoding.PCM_32, reader.format().encoding());
            assertEquals(24, reader.validBitsPerSample());
            assertArrayEquals(new float[] {0.5f, 8388607 * S24, S24}, readAll(reader)[0]);
        }
    }

    @Test
    void readsExtensibleFloatAndZeroValidBitsMeansAll() throws Exception {
        byte[] wav = RiffBuilder.wave().chunk("fmt ", fmtExtensible(1, 44100, 32, 0, 3))
                .chunk("data", float32(0.125f, -1.5f)).build();
        try (WavReader reader = open(wav)) {
            assertEquals(SampleEncoding.FLOAT_32, reader.format().encoding());
            assertEquals(32, reader.validBitsPerSample());
            assertArrayEquals(new float[] {0.125f, -1.5f}, readAll(reader)[0]);
        }
    }

    @Test
    void skipsUnknownChunksBeforeBetweenAndAfter() throws Exception {
        byte[] wav = RiffBuilder.wave()
                .chunk("LIST", text("INFOISFT\u0005\0\0\0mixd\0\0")) // even
                .chunk("fmt ", fmt(1, 1, 44100, 16))
                .chunk("bext", text("odd")) // 3 bytes + pad byte
                .chunk("fact", RiffBuilder.le32(3))
                .chunk("data", pcm16(100, -200, 300))
                .chunk("LIST", text("INFOICMT\u0004\0\0\0abc\0")) // must not be read as audio
                .build();
        try (WavReader reader = open(wav)) {
            assertEquals(3, reader.frames());
            float[][] out = new float[1][10];
            assertEquals(3, WavRoundTripTest.readFully(reader, out));
            assertEquals(-200 * S16, out[0][1], 0f);
            assertEquals(0, reader.read(out, 0, 10));
        }
    }

    @Test
    void oddSizedDataIsPaddedAndTheChunkAfterItIgnored() throws Exception {
        byte[] wav = RiffBuilder.wave().chunk("fmt ", fmt(1, 1, 48000, 24))
                .chunk("data", pcm24(1, 2, 3)) // 9 bytes + pad
                .chunk("LIST", text("INFOxxxx"))
                .build();
        try (WavReader reader = open(wav)) {
            assertEquals(3, reader.frames());
            assertArrayEquals(new float[] {S24, 2 * S24, 3 * S24}, readAll(reader)[0]);
        }
    }

    @Test
    void dataBeforeFmtReadsFromAFileButNotFromAStream() throws Exception {
        byte[] wav = RiffBuilder.wave().chunk("data", pcm16(1000, 2000))
                .chunk("fmt ", fmt(1, 1, 22050, 16)).build();
        Path file = dir.resolve("early.wav");
        Files.write(file, wav);
        try (WavReader reader = WavReader.open(file)) {
            assertEquals(2, reader.frames());
            assertArrayEquals(new float[] {1000 * S16, 2000 * S16}, readAll(reader)[0]);
        }
        WavErrorTest.assertStreamError(wav, "not a valid WAV file: data chunk comes before the fmt chunk");
    }

    @Test
    void dataSizeFfffffffMeansUntilTheEnd() throws Exception {
        byte[] wav = RiffBuilder.wave().riffSize(0xFFFFFFFFL).chunk("fmt ", fmt(1, 2, 48000, 16))
                .chunk("data", 0xFFFFFFFFL, pcm16(1, 2, 3, 4, 5, 6), false).build();
        try (WavReader reader = open(wav)) {
            assertEquals(3, reader.frames(), "a file counts its frames from its size");
            assertArrayEquals(new float[] {S16, 3 * S16, 5 * S16}, readAll(reader)[0]);
        }
        try (WavReader reader = WavReader.open(WavRoundTripTest.slowChannel(wav, 3), "pipe")) {
            assertEquals(-1, reader.frames(), "a stream cannot know");
            float[][] out = new float[2][10];
            assertEquals(3, WavRoundTripTest.readFully(reader, out));
            assertArrayEquals(new float[] {2 * S16, 4 * S16, 6 * S16}, java.util.Arrays.copyOf(out[1], 3));
        }
    }

    @Test
    void dataSizeZeroFromAStreamingWriterMeansUntilTheEnd() throws Exception {
        // A naive streaming writer: RIFF size 36 (header only), data size 0, audio follows.
        byte[] wav = RiffBuilder.wave().riffSize(36).chunk("fmt ", fmt(1, 1, 48000, 16))
                .chunk("data", 0, pcm16(7, 8, 9), false).build();
        try (WavReader reader = open(wav)) {
            assertEquals(3, reader.frames());
            assertArrayEquals(new float[] {7 * S16, 8 * S16, 9 * S16}, readAll(reader)[0]);
        }
    }

    @Test
    void emptyDataChunkFollowedByOtherChunksIsEmpty() throws Exception {
        // The RIFF size is real and covers a chunk after the data: 0 is an honest size.
        byte[] wav = RiffBuilder.wave().chunk("fmt ", fmt(1, 1, 48000, 16))
                .chunk("data", new byte[0]).chunk("LIST", text("INFOxxxx")).build();
        try (WavReader reader = open(wav)) {
            assertEquals(0, reader.frames());
            assertEquals(0, reader.read(new float[1][4], 0, 4));
        }
    }

    @Test
    void twelveBitPcmIsReadFromItsSixteenBitContainer() throws Exception {
        byte[] wav = RiffBuilder.wave().chunk("fmt ", fmt(1, 1, 8000, 12, 2))
                .chunk("data", pcm16(0x7FF0, -0x8000)).build();
        try (WavReader reader = open(wav)) {
            assertEquals(SampleEncoding.PCM_16, reader.format().encoding());
            assertArrayEquals(new float[] {0x7FF0 * S16, -1f}, readAll(reader)[0]);
        }
    }

    @Test
    void acceptsAnySampleRate() throws Exception {
        for (int rate : new int[] {1, 8000, 11025, 22050, 352800, 384000}) {
            byte[] wav = RiffBuilder.wave().chunk("fmt ", fmt(1, 1, rate, 16)).chunk("data", pcm16(1)).build();
            try (WavReader reader = open(wav)) {
                assertEquals(rate, reader.format().sampleRate());
            }
        }
    }

    @Test
    void eightChannelsDeinterleaveInOrder() throws Exception {
        int[] samples = new int[16];
        for (int i = 0; i < 16; i++) {
            samples[i] = (i % 8) * 1000 + (i / 8);
        }
        byte[] wav = RiffBuilder.wave().chunk("fmt ", fmtExtensible(8, 48000, 16, 16, 1))
                .chunk("data", pcm16(samples)).build();
        try (WavReader reader = open(wav)) {
            float[][] out = readAll(reader);
            for (int c = 0; c < 8; c++) {
                assertArrayEquals(new float[] {c * 1000 * S16, (c * 1000 + 1) * S16}, out[c], "channel " + c);
            }
        }
    }

    @Test
    void eightBitUnsignedDecodesAroundOneTwentyEight() throws Exception {
        byte[] wav = RiffBuilder.wave().chunk("fmt ", fmt(1, 1, 8000, 8))
                .chunk("data", new byte[] {0, (byte) 128, (byte) 255}).build();
        try (WavReader reader = open(wav)) {
            assertArrayEquals(new float[] {-1f, 0f, 127 / 128f}, readAll(reader)[0]);
        }
    }

    private WavReader open(byte[] wav) throws Exception {
        Path file = Files.createTempFile(dir, "t", ".wav");
        Files.write(file, wav);
        return WavReader.open(file);
    }

    private static float[][] readAll(WavReader reader) throws AudioFileException {
        float[][] out = new float[reader.format().channels()][(int) reader.frames()];
        assertEquals(reader.frames(), WavRoundTripTest.readFully(reader, out));
        assertEquals(0, reader.read(new float[reader.format().channels()][1], 0, 1));
        return out;
    }
}
