package org.mixdown.host.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mixdown.host.io.RiffBuilder.fmt;
import static org.mixdown.host.io.RiffBuilder.fmtExtensible;
import static org.mixdown.host.io.RiffBuilder.pcm16;
import static org.mixdown.host.io.RiffBuilder.text;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of bad input gives one clear line naming the file; a failed write leaves nothing behind. */
class WavErrorTest {
    private static final WavFormat STEREO_16 = new WavFormat(2, 48000, SampleEncoding.PCM_16);

    @TempDir
    Path dir;

    @Test
    void missingFile() {
        assertOpenError(dir.resolve("nope.wav"), "cannot read: no such file or directory");
    }

    @Test
    void directoryInsteadOfFile() {
        assertOpenError(dir, "cannot read: is a directory");
    }

    @Test
    void notAWavFile() throws Exception {
        assertFileError(text("hello, this is a text file"), "not a WAV file (no RIFF header)");
        assertFileError(new byte[0], "not a WAV file (empty file)");
        assertFileError(text("RI"), "not a WAV file (no RIFF header)");
        assertFileError(RiffBuilder.wave().formType("AVI ").build(), "not a WAV file (RIFF type 'AVI ', not 'WAVE')");
        assertFileError(RiffBuilder.wave().riffId("RF64").build(), "unsupported: RF64 (64-bit WAV) files are not supported");
        assertFileError(RiffBuilder.wave().riffId("RIFX").build(), "unsupported: big-endian RIFX files are not supported");
    }

    @Test
    void truncatedDataIsReportedWhenOpening() throws Exception {
        // 480000 frames of 16-bit stereo declared, 1200 present.
        byte[] wav = RiffBuilder.wave().chunk("fmt ", fmt(1, 2, 48000, 16))
                .chunk("data", 480000L * 4, new byte[1200 * 4], false).build();
        Path file = Files.write(dir.resolve("in.wav"), wav);
        assertOpenError(file, "truncated: header declares 480000 frames, file holds 1200");
    }

    @Test
    void truncatedStreamIsReportedWhenReading() throws Exception {
        byte[] wav = RiffBuilder.wave().chunk("fmt ", fmt(1, 1, 48000, 16))
                .chunk("data", 1000, pcm16(1, 2, 3), false).build();
        try (WavReader reader = WavReader.open(WavRoundTripTest.slowChannel(wav, 64), "stdin")) {
            assertEquals(500, reader.frames());
            AudioFileException e = assertThrows(AudioFileException.class,
                    () -> reader.read(new float[1][500], 0, 500));
            assertEquals("stdin: truncated: header declares 500 frames, data ends after 3", e.getMessage());
        }
    }

    @Test
    void truncatedHeader() throws Exception {
        byte[] full = RiffBuilder.wave().chunk("fmt ", fmt(1, 2, 48000, 16)).chunk("data", pcm16(1, 2)).build();
        assertFileError(Arrays.copyOf(full, 10), "truncated: file ends inside the RIFF header");
        assertFileError(Arrays.copyOf(full, 30), "truncated: file ends inside the fmt chunk");
        assertFileError(Arrays.copyOf(full, 40), "truncated: file ends inside a chunk header");
    }

    @Test
    void missingChunks() throws Exception {
        assertFileError(RiffBuilder.wave().chunk("fmt ", fmt(1, 2, 48000, 16)).build(),
                "not a valid WAV file: no data chunk");
        assertFileError(RiffBuilder.wave().chunk("LIST", text("INFO")).build(), "not a valid WAV file: no fmt chunk");
        assertFileError(RiffBuilder.wave().chunk("fmt ", Arrays.copyOf(fmt(1, 2, 48000, 16), 14)).build(),
                "not a valid WAV file: fmt chunk of 14 bytes (at least 16 expected)");
    }

    @Test
    void unsupportedEncodings() throws Exception {
        assertFormatError(fmt(0x55, 2, 44100, 0, 1), "unsupported encoding: format tag 0x0055 (MPEG Layer 3)");
        assertFormatError(fmt(0x02, 2, 44100, 4, 2), "unsupported encoding: format tag 0x0002 (Microsoft ADPCM)");
        assertFormatError(fmt(0x1234, 2, 44100, 16), "unsupported encoding: format tag 0x1234");
        assertFormatError(fmt(3, 2, 44100, 24), "unsupported encoding: 24-bit float");
        assertFormatError(fmt(1, 2, 44100, 40), "unsupported encoding: 40-bit PCM");
        assertFormatError(fmtExtensible(2, 44100, 16, 16, 0x55),
                "unsupported encoding: format tag 0x0055 (MPEG Layer 3) in WAVE_FORMAT_EXTENSIBLE");
        byte[] oddGuid = fmtExtensible(2, 44100, 16, 16, 1);
        oddGuid[39] = 0x72;
        assertFormatError(oddGuid, "unsupported encoding: WAVE_FORMAT_EXTENSIBLE subformat "
                + "{00000001-0000-0010-8000-00AA00389B72}");
    }

    @Test
    void invalidFormats() throws Exception {
        assertFormatError(fmt(1, 0, 44100, 16, 0), "invalid format: 0 channels");
        assertFormatError(fmt(1, 9, 44100, 16), "unsupported: 9 channels (at most 8)");
        assertFormatError(fmt(1, 2, 0, 16), "invalid format: sample rate 0");
        assertFormatError(fmt(1, 2, 44100, 0, 4), "invalid format: 0 bits per sample");
        assertFormatError(fmt(1, 2, 44100, 16, 6),
                "invalid format: block align 6 does not match 2 x 16-bit samples (expected 4)");
        assertFormatError(fmtExtensible(2, 44100, 16, 24, 1), "invalid format: 24 valid bits in a 16-bit container");
        assertFormatError(fmtExtensible(2, 44100, 32, 24, 3),
                "unsupported encoding: 24-bit float in a 32-bit container");
        assertFormatError(Arrays.copyOf(fmtExtensible(2, 44100, 16, 16, 1), 18),
                "not a valid WAV file: WAVE_FORMAT_EXTENSIBLE fmt chunk too short (18 bytes, 40 expected)");
    }

    @Test
    void writerRefusesAMissingDirectoryAndLeavesNothing() {
        Path target = dir.resolve("missing").resolve("x.wav");
        AudioFileException e = assertThrows(AudioFileException.class, () -> WavWriter.create(target, STEREO_16));
        assertEquals(target + ": cannot write: directory " + dir.resolve("missing") + " does not exist",
                e.getMessage());
        assertFalse(Files.exists(dir.resolve("missing")));
    }

    @Test
    void writerRefusesAFileAsItsDirectory() throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("out"), "I am a file");
        Path target = notADirectory.resolve("x.wav");
        AudioFileException e = assertThrows(AudioFileException.class, () -> WavWriter.create(target, STEREO_16));
        assertEquals(target + ": cannot write: " + notADirectory + " is not a directory", e.getMessage());
        assertEquals("I am a file", Files.readString(notADirectory));
    }

    @Test
    void writerRefusesADirectoryAsTarget() throws Exception {
        Path target = Files.createDirectory(dir.resolve("x.wav"));
        AudioFileException e = assertThrows(AudioFileException.class, () -> WavWriter.create(target, STEREO_16));
        assertEquals(target + ": cannot write: is a directory", e.getMessage());
        assertTrue(Files.isDirectory(target));
        assertEquals(1, listing().length);
    }

    @Test
    void writerRefusesAnUnwritableDirectoryAndLeavesNothing() throws Exception {
        Path locked = Files.createDirectory(dir.resolve("locked"));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            // Root ignores permissions; sysfs refuses new files even to root on Linux.
            Path unwritable = Files.isWritable(locked) ? Path.of("/sys") : locked;
            assertTrue(Files.isDirectory(unwritable), "no unwritable directory to test with");
            Path target = unwritable.resolve("mixdown-test.wav");
            AudioFileException e = assertThrows(AudioFileException.class, () -> WavWriter.create(target, STEREO_16));
            assertEquals(target + ": cannot write: permission denied", e.getMessage());
            assertFalse(Files.exists(target));
            assertFalse(Files.exists(unwritable.resolve(".mixdown-test.wav.part")));
        } finally {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        try (Stream<Path> files = Files.list(locked)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void aFailedCommitLeavesTheTargetAsItWasAndNoTemporaryFile() throws Exception {
        Path target = dir.resolve("master.wav");
        try (WavWriter writer = WavWriter.create(target, STEREO_16)) {
            writer.write(new float[2][1000], 0, 1000);
            // Something else puts a non-empty directory where the file should go: the move must fail.
            Files.createDirectory(target);
            Files.writeString(target.resolve("keep.txt"), "precious");
            AudioFileException e = assertThrows(AudioFileException.class, writer::commit);
            // rename(2) says EISDIR ("Is a directory") on Linux; the reason must be the system's, not a file name
            assertTrue(e.getMessage().startsWith(target + ": cannot write: "), e.getMessage());
            assertFalse(e.problem().contains(dir.toString()), e.getMessage());
        }
        assertEquals("precious", Files.readString(target.resolve("keep.txt")));
        assertArrayEquals(new String[] {"master.wav"}, listing());
    }

    @Test
    void closeWithoutCommitLeavesTheOldTargetAndNoTemporaryFile() throws Exception {
        Path target = dir.resolve("master.wav");
        Files.writeString(target, "the previous master");
        try (WavWriter writer = WavWriter.create(target, STEREO_16)) {
            writer.write(new float[2][10_000], 0, 10_000);
            writer.write(new float[2][10_000], 0, 10_000);
            assertTrue(Files.exists(dir.resolve(".master.wav.part")), "work goes to the temporary file");
            assertEquals("the previous master", Files.readString(target));
        }
        assertEquals("the previous master", Files.readString(target));
        assertArrayEquals(new String[] {"master.wav"}, listing());
    }

    @Test
    void commitReplacesAnExistingTargetAndRemovesTheTemporaryFile() throws Exception {
        Path target = dir.resolve("master.wav");
        Files.writeString(target, "the previous master");
        try (WavWriter writer = WavWriter.create(target, STEREO_16)) {
            writer.write(new float[][] {{0.5f}, {-0.5f}}, 0, 1);
            writer.commit();
            assertThrows(IllegalStateException.class, () -> writer.write(new float[2][1], 0, 1));
            assertThrows(IllegalStateException.class, writer::commit);
        }
        assertArrayEquals(new String[] {"master.wav"}, listing());
        assertArrayEquals(new float[] {0.5f}, WavRoundTripTest.readAll(target)[0]);
    }

    @Test
    void aFailingChannelFailsTheWriteAndTheCommit() throws Exception {
        WritableByteChannel broken = new WritableByteChannel() {
            @Override
            public int write(ByteBuffer src) throws IOException {
                throw new IOException("No space left on device");
            }

            @Override
            public boolean isOpen() {
                return true;
            }

            @Override
            public void close() {
            }
        };
        try (WavWriter writer = WavWriter.create(broken, "stdout", STEREO_16)) {
            AudioFileException e = assertThrows(AudioFileException.class, () -> {
                for (int i = 0; i < 100; i++) {
                    writer.write(new float[2][4096], 0, 4096);
                }
            });
            assertEquals("stdout: cannot write: No space left on device", e.getMessage());
            assertEquals("stdout: cannot commit: an earlier write failed",
                    assertThrows(AudioFileException.class, writer::commit).getMessage());
        }
    }

    @Test
    void messagesAreOneLineStartingWithTheFileName() throws Exception {
        Path file = dir.resolve("in.wav");
        Files.write(file, text("not audio\nat all"));
        AudioFileException e = assertThrows(AudioFileException.class, () -> WavReader.open(file));
        assertEquals(file.toString(), e.file());
        assertEquals("not a WAV file (no RIFF header)", e.problem());
        assertFalse(e.getMessage().contains("\n"));
    }

    static void assertStreamError(byte[] wav, String problem) {
        AudioFileException e = assertThrows(AudioFileException.class,
                () -> WavReader.open(WavRoundTripTest.slowChannel(wav, 1 << 20), "stdin"));
        assertEquals("stdin: " + problem, e.getMessage());
    }

    private void assertFormatError(byte[] fmtBody, String problem) throws Exception {
        assertFileError(RiffBuilder.wave().chunk("fmt ", fmtBody).chunk("data", pcm16(0, 0, 0, 0)).build(), problem);
    }

    private void assertFileError(byte[] wav, String problem) throws Exception {
        Path file = Files.createTempFile(dir, "bad", ".wav");
        Files.write(file, wav);
        assertOpenError(file, problem);
        assertStreamError(wav, problem);
    }

    private static void assertOpenError(Path file, String problem) {
        AudioFileException e = assertThrows(AudioFileException.class, () -> WavReader.open(file));
        assertEquals(file + ": " + problem, e.getMessage());
    }

    private String[] listing() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toArray(String[]::new);
        }
    }
}
