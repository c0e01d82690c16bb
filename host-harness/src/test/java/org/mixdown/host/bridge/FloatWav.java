package org.mixdown.host.bridge;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** A minimal 32-bit float WAV writer and reader, enough to exchange test audio with ffmpeg. */
public final class FloatWav {
    private static final int IEEE_FLOAT = 3;
    private static final int EXTENSIBLE = 0xFFFE;

    private FloatWav() {
    }

    public static void write(Path file, float[][] channels, int sampleRate) throws IOException {
        int frames = channels[0].length, count = channels.length, data = frames * count * 4;
        ByteBuffer b = ByteBuffer.allocate(44 + data).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + data).put("WAVE".getBytes());
        b.put("fmt ".getBytes()).putInt(16).putShort((short) IEEE_FLOAT).putShort((short) count)
                .putInt(sampleRate).putInt(sampleRate * count * 4).putShort((short) (count * 4)).putShort((short) 32);
        b.put("data".getBytes()).putInt(data);
        for (int n = 0; n < frames; n++) {
            for (float[] channel : channels) {
                b.putFloat(channel[n]);
            }
        }
        Files.write(file, b.array());
    }

    /** The channels of a float WAV (plain or extensible format). */
    public static float[][] read(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        b.position(12);
        int channels = 0;
        while (b.remaining() >= 8) {
            String id = new String(new byte[] {b.get(), b.get(), b.get(), b.get()});
            int size = b.getInt();
            if (id.equals("fmt ")) {
                int format = b.getShort(b.position()) & 0xFFFF;
                channels = b.getShort(b.position() + 2);
                int bits = b.getShort(b.position() + 14);
                if ((format != IEEE_FLOAT && format != EXTENSIBLE) || bits != 32) {
                    throw new IOException(file + ": not 32-bit float (format " + format + ", " + bits + " bits)");
                }
            } else if (id.equals("data")) {
                int frames = Math.min(size, b.remaining()) / (4 * channels);
                float[][] out = new float[channels][frames];
                for (int n = 0; n < frames; n++) {
                    for (int c = 0; c < channels; c++) {
                        out[c][n] = b.getFloat();
                    }
                }
                return out;
            }
            b.position(b.position() + size + (size & 1));
        }
        throw new IOException(file + ": no data chunk");
    }
}
