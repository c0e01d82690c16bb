package org.mixdown.host.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The word-at-a-time codec against the byte-at-a-time definition of each encoding: every byte written and
 * every float read back, over several I/O buffers (a 24-bit word's spare byte at the very end of a buffer),
 * 1 to 3 channels, blocks of uneven length, and values that clip, are NaN or sit on both ends of the range.
 */
class SampleCodecTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(SampleEncoding.class)
    void bytesAndFloatsMatchTheByteByByteDefinition(SampleEncoding encoding) throws Exception {
        for (int channels = 1; channels <= 3; channels++) {
            WavFormat format = new WavFormat(channels, 48000, encoding);
            int frames = 2 * WavWriter.BUFFER_BYTES / format.bytesPerFrame() + 77;
            float[][] signal = signal(channels, frames);
            Path file = dir.resolve(encoding + "-" + channels + ".wav");
            long clipped;
            try (WavWriter writer = WavWriter.create(file, format)) {
                int[] blocks = {1, 4093, 512, 3, 70_000};
                for (int done = 0, b = 0; done < frames; b++) {
                    int n = Math.min(blocks[b % blocks.length], frames - done);
                    writer.write(signal, done, n);
                    done += n;
                }
                clipped = writer.clippedSamples();
                writer.commit();
            }
            byte[] bytes = Files.readAllBytes(file);
            int data = new WavHeaderWriter(format).size();
            int size = encoding.bytesPerSample();
            long expectedClipped = 0;
            for (int i = 0; i < frames; i++) {
                for (int c = 0; c < channels; c++) {
                    int p = data + (i * channels + c) * size;
                    long word = 0;
                    for (int k = size - 1; k >= 0; k--) {
                        word = word << 8 | (bytes[p + k] & 0xFF);
                    }
                    long expected = reference(encoding, signal[c][i]);
                    if (!encoding.isFloat() && isClipped(encoding, signal[c][i])) {
                        expectedClipped++;
                    }
                    long mask = size == 8 ? -1L : (1L << (8 * size)) - 1;
                    assertEquals(expected & mask, word, encoding + " " + channels + " ch, frame " + i + " channel " + c);
                }
            }
            assertEquals(expectedClipped, clipped, "clipped samples");
            float[][] back = new float[channels][frames];
            try (WavReader reader = WavReader.open(file)) {
                int[] blocks = {70_001, 5, 4096};
                for (int done = 0, b = 0; done < frames; b++) {
                    done += reader.read(back, done, Math.min(blocks[b % blocks.length], frames - done));
                }
            }
            for (int i = 0; i < frames; i++) {
                for (int c = 0; c < channels; c++) {
                    float expected = decoded(encoding, reference(encoding, signal[c][i]));
                    assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(back[c][i]),
                            encoding + " " + channels + " ch, read frame " + i + " channel " + c);
                }
            }
        }
    }

    /** Noise over a little more than full scale, with both ends of the range and a NaN now and then. */
    private static float[][] signal(int channels, int frames) {
        SplittableRandom random = new SplittableRandom(7);
        float[][] signal = new float[channels][frames];
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < frames; i++) {
                int pick = random.nextInt(1000);
                signal[c][i] = pick == 0 ? Float.NaN : pick == 1 ? -1f : pick == 2 ? 1f - 0x1p-23f
                        : (float) random.nextDouble(-1.1, 1.1);
            }
        }
        return signal;
    }

    private static boolean isClipped(SampleEncoding encoding, float x) {
        double scale = 1L << (encoding.bitsPerSample() - 1);
        double v = Math.rint(x * (float) scale);
        double lowest = encoding == SampleEncoding.PCM_8 ? -128 : -scale;
        return !(v >= lowest && v <= scale - 1);
    }

    /** The stored word by definition: integers rounded and clipped (8-bit offset by 128), floats as bits. */
    private static long reference(SampleEncoding encoding, float x) {
        return switch (encoding) {
            case FLOAT_32 -> Float.floatToRawIntBits(x);
            case FLOAT_64 -> Double.doubleToRawLongBits(x);
            default -> {
                double scale = 1L << (encoding.bitsPerSample() - 1);
                double v = Math.rint(x * (float) scale);
                if (isClipped(encoding, x)) {
                    v = v > 0 ? scale - 1 : v < 0 ? -scale : 0;
                }
                yield encoding == SampleEncoding.PCM_8 ? (long) v + 128 : (long) v;
            }
        };
    }

    /** What a stored word reads back as. */
    private static float decoded(SampleEncoding encoding, long word) {
        return switch (encoding) {
            case FLOAT_32 -> Float.intBitsToFloat((int) word);
            case FLOAT_64 -> (float) Double.longBitsToDouble(word);
            case PCM_8 -> (word - 128) * (1f / 128f);
            default -> word * (1f / (1L << (encoding.bitsPerSample() - 1)));
        };
    }
}
