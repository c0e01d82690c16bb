package org.mixdown.host.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * sox is the independent reference: we decode what sox writes exactly as sox decodes it, and sox reads what we
 * write. These tests fail, never skip, when sox is missing. ffmpeg too.
 */
class SoxInteropTest {
    private static final double TOLERANCE = 1e-6;

    @TempDir
    Path dir;

    @Test
    void decodesSoxsTwentyFourBitStereoSineLikeSox() {
        Path file = dir.resolve("x.wav");
        Sox.run("sox", "-n", "-r", "48000", "-c", "2", "-b", "24", file.toString(), "synth", "1", "sine", "1000",
                "vol", "0.5");
        assertDecodesLike(file, Sox.decodeWithSox(file), new WavFormat(2, 48000, SampleEncoding.PCM_24));
    }

    @ParameterizedTest
    @EnumSource(SampleEncoding.class)
    void decodesEveryEncodingSoxWritesLikeSox(SampleEncoding encoding) {
        for (int channels = 1; channels <= 2; channels++) {
            Path file = dir.resolve(encoding.label() + "-" + channels + ".wav");
            List<String> command = new ArrayList<>(List.of("sox", "-n", "-r", "96000", "-c", "" + channels,
                    "-e", encoding.isFloat() ? "floating-point" : encoding == SampleEncoding.PCM_8 ? "unsigned-integer"
                            : "signed-integer", "-b", "" + encoding.bitsPerSample(), file.toString(),
                    "synth", "0.3", "sine", "997", "pinknoise", "vol", "0.4"));
            Sox.run(command);
            assertDecodesLike(file, Sox.decodeWithSox(file), new WavFormat(channels, 96000, encoding));
        }
    }

    @ParameterizedTest
    @EnumSource(SampleEncoding.class)
    void soxReadsEveryEncodingWeWrite(SampleEncoding encoding) throws Exception {
        for (int rate : new int[] {44100, 192000}) {
            for (int channels = 1; channels <= 2; channels++) {
                WavFormat format = new WavFormat(channels, rate, encoding);
                Path file = dir.resolve("ours-" + encoding.label() + "-" + rate + "-" + channels + ".wav");
                int frames = 4001;
                writeTestSignal(file, format, frames);

                String info = Sox.text("sox", "--i", file.toString());
                assertEquals("" + channels, Sox.field(info, "Channels"));
                assertEquals("" + rate, Sox.field(info, "Sample Rate"));
                assertEquals(soxEncodingName(encoding), Sox.field(info, "Sample Encoding"));
                assertTrue(Sox.field(info, "Duration").contains("= " + frames + " samples"), info);

                String stat = Sox.stderr("sox", file.toString(), "-n", "stat");
                assertEquals(frames * channels, Integer.parseInt(Sox.field(stat, "Samples read")));

                assertDecodesLike(file, Sox.decodeWithSox(file), format);
            }
        }
    }

    @Test
    void soxReadsAStreamWhoseSizesWereLeftOpen() throws Exception {
        Path file = dir.resolve("piped.wav");
        WavFormat format = new WavFormat(2, 48000, SampleEncoding.PCM_24);
        try (OutputStream out = Files.newOutputStream(file);
             WavWriter writer = WavWriter.create(Channels.newChannel(out), "stdout", format)) {
            writer.write(WavRoundTripTest.testSignal(2, 3000, 48000), 0, 3000);
            writer.commit();
        }
        String stat = Sox.stderr("sox", file.toString(), "-n", "stat");
        assertEquals(6000, Integer.parseInt(Sox.field(stat, "Samples read")));
        assertDecodesLike(file, Sox.decodeWithSox(file), format);
    }

    @ParameterizedTest
    @EnumSource(SampleEncoding.class)
    void ffmpegReadsEveryEncodingWeWrite(SampleEncoding encoding) throws Exception {
        assertFfmpegDecodesLikeUs(new WavFormat(2, 48000, encoding));
    }

    @Test
    void ffmpegReadsOurMultichannelExtensibleFiles() throws Exception {
        assertFfmpegDecodesLikeUs(new WavFormat(4, 96000, SampleEncoding.PCM_24));
        assertFfmpegDecodesLikeUs(new WavFormat(6, 96000, SampleEncoding.FLOAT_32));
    }

    private void assertFfmpegDecodesLikeUs(WavFormat format) throws AudioFileException {
        assertTrue(Sox.available("ffmpeg"), "ffmpeg must be installed (CI installs it): this check never skips");
        Path file = dir.resolve("ff-" + format.encoding().label() + "-" + format.channels() + ".wav");
        writeTestSignal(file, format, 2001);
        assertDecodesLike(file, Sox.decodeWithFfmpeg(file), format);
    }

    private static void writeTestSignal(Path file, WavFormat format, int frames) throws AudioFileException {
        float[][] signal = WavRoundTripTest.testSignal(format.channels(), frames, format.sampleRate());
        try (WavWriter writer = WavWriter.create(file, format)) {
            writer.write(signal, 0, frames);
            writer.commit();
        }
    }

    /** Our decoding of {@code file} equals a reference decoder's interleaved float output within 1e-6. */
    private static void assertDecodesLike(Path file, float[] reference, WavFormat expectedFormat) {
        float[][] ours;
        try (WavReader reader = WavReader.open(file)) {
            assertEquals(expectedFormat, reader.format());
            ours = new float[expectedFormat.channels()][(int) reader.frames()];
            assertEquals(reader.frames(), WavRoundTripTest.readFully(reader, ours));
        } catch (AudioFileException e) {
            throw new AssertionError(e.getMessage(), e);
        }
        int channels = expectedFormat.channels();
        assertEquals(reference.length, ours[0].length * channels, "sample count");
        double worst = 0;
        boolean anySignal = false;
        for (int i = 0; i < reference.length; i++) {
            float our = ours[i % channels][i / channels];
            worst = Math.max(worst, Math.abs(our - reference[i]));
            anySignal |= Math.abs(reference[i]) > 0.1;
        }
        assertTrue(anySignal, "the reference decoded silence: the comparison would prove nothing");
        if (worst > TOLERANCE) {
            fail(file.getFileName() + ": our decoding differs from the reference by " + worst);
        }
    }

    private static String soxEncodingName(SampleEncoding encoding) {
        return switch (encoding) {
            case PCM_8 -> "8-bit Unsigned Integer PCM";
            case PCM_16, PCM_24, PCM_32 -> encoding.bitsPerSample() + "-bit Signed Integer PCM";
            case FLOAT_32, FLOAT_64 -> encoding.bitsPerSample() + "-bit Floating Point PCM";
        };
    }
}
