package org.mixdown.mix;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.mixdown.api.AudioBuffer;
import org.mixdown.api.ParameterEvents;
import org.mixdown.api.ProcessSetup;

/**
 * The reverb's output, bit for bit, against a checksum recorded from the sample-exact implementation before
 * its block paths were fused (fused Hadamard stages, block pre-delay, all diffuser stages per chunk): any
 * change to the arithmetic, its order or a flush to zero shows here. The run covers steady settings, a size
 * glide (one-sample chunks), a pre-delay glide (interpolated reads), width and mix ramps, odd block sizes,
 * mono input and the decay into exact silence. If the sound is changed on purpose, record the new checksums.
 */
class ReverbGoldenTest {
    /** CRC-32 of the outputs' float bits, recorded before the optimisation (commit 9282067). */
    private static final long STEREO_CRC = 4293698192L;
    private static final long MONO_CRC = 414101381L;

    @Test
    void stereoOutputIsBitIdenticalToTheRecordedOne() {
        assertEquals(STEREO_CRC, checksum(2), () -> "stereo checksum " + checksum(2));
    }

    @Test
    void monoInputOutputIsBitIdenticalToTheRecordedOne() {
        assertEquals(MONO_CRC, checksum(1), () -> "mono checksum " + checksum(1));
    }

    /** Runs 4 s of noise then 4 s of silence through the reverb with changes along the way; CRC of the output. */
    static long checksum(int inputChannels) {
        double fs = 48_000;
        int maxBlock = 700;
        Reverb reverb = new Reverb();
        reverb.setParameter("decay", 0.8);
        reverb.setParameter("damping", 5000);
        reverb.prepare(new ProcessSetup(fs, maxBlock, inputChannels, 2));
        int[] blocks = {512, 1, 37, 700, 256, 3, 129, 64};
        AudioBuffer in = AudioBuffer.allocate(inputChannels, maxBlock);
        AudioBuffer out = AudioBuffer.allocate(2, maxBlock);
        CRC32 crc = new CRC32();
        long seed = 12345;
        long total = (long) (8 * fs);
        int b = 0;
        for (long done = 0; done < total; b++) {
            int n = (int) Math.min(blocks[b % blocks.length], total - done);
            for (int c = 0; c < inputChannels; c++) {
                float[] x = in.channel(c);
                for (int i = 0; i < n; i++) {
                    seed = seed * 6364136223846793005L + 1442695040888963407L;
                    x[i] = done + i < 4 * fs ? (int) (seed >>> 40) / (float) (1 << 24) - 0.5f : 0f;
                }
            }
            change(reverb, done, n, (long) fs);
            reverb.process(in.frames(n), out.frames(n), ParameterEvents.NONE);
            for (int c = 0; c < 2; c++) {
                float[] y = out.channel(c);
                for (int i = 0; i < n; i++) {
                    int bits = Float.floatToRawIntBits(y[i]);
                    crc.update(bits);
                    crc.update(bits >>> 8);
                    crc.update(bits >>> 16);
                    crc.update(bits >>> 24);
                }
            }
            done += n;
        }
        return crc.getValue();
    }

    /** Parameter changes at fixed times (the block that crosses a time applies it). */
    private static void change(Reverb reverb, long position, int frames, long second) {
        if (crossed(position, frames, second / 2)) {
            reverb.setParameter("size", 80);           // a glide of the line lengths
        } else if (crossed(position, frames, second)) {
            reverb.setParameter("predelay", 37.3);     // a pre-delay glide to a fractional delay
        } else if (crossed(position, frames, 3 * second / 2)) {
            reverb.setParameter("width", 40);
            reverb.setParameter("mix", 70);
        } else if (crossed(position, frames, 2 * second)) {
            reverb.setParameter("predelay", 5);
            reverb.setParameter("decay", 1.2);
            reverb.setParameter("damping", Reverb.MAX_DAMPING_HZ);
        }
    }

    private static boolean crossed(long position, int frames, long time) {
        return position <= time && time < position + frames;
    }
}
