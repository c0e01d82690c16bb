package org.mixdown.host;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ReadableByteChannel;
import java.util.List;
import java.util.SplittableRandom;
import org.mixdown.host.chain.Chain;
import org.mixdown.host.io.DiscardChannel;
import org.mixdown.host.io.SampleEncoding;
import org.mixdown.host.io.WavFormat;
import org.mixdown.host.io.WavReader;
import org.mixdown.host.io.WavWriter;

/**
 * Run in a child JVM with a small heap by {@link StreamingMemoryTest}: streams a WAV of the given length,
 * generated on the fly (no file), through a chain into a discarding channel, and prints the frames
 * rendered and the peak heap use.
 */
public final class StreamingMemoryCheck {
    public static void main(String[] args) throws Exception {
        int sampleRate = Integer.parseInt(args[0]);
        long frames = Long.parseLong(args[1]);
        PluginRegistry registry = PluginRegistry.javaPlugins();
        var gain = registry.create("mix.gain");
        gain.setParameter("gain", -6);
        var pan = registry.create("mix.pan");
        pan.setParameter("pan", 30);
        Chain chain = new Chain(List.of(new Chain.Slot(gain, false), new Chain.Slot(pan, false)));
        WavReader reader = WavReader.open(new GeneratedWav(sampleRate, frames), "generated.wav");
        chain.prepare(sampleRate, 1024, 2);
        WavWriter writer = WavWriter.create(new DiscardChannel(), "discard.wav", new WavFormat(2, sampleRate, SampleEncoding.PCM_24));
        long written = FileRenderer.stream(reader, writer, chain, 1024, null);
        writer.commit();
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.println("frames=" + written + " peakHeapBytes=" + peak);
    }

    /** A 16-bit stereo WAV stream: a canonical header, then noise repeated from a 64 KiB pattern. */
    static final class GeneratedWav implements ReadableByteChannel {
        private final ByteBuffer header = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        private final byte[] pattern = new byte[65536];
        private long remaining;
        private int patternPosition;

        GeneratedWav(int sampleRate, long frames) {
            long dataBytes = frames * 4;
            header.put("RIFF".getBytes()).putInt((int) (36 + dataBytes)).put("WAVE".getBytes())
                    .put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 2).putInt(sampleRate)
                    .putInt(sampleRate * 4).putShort((short) 4).putShort((short) 16)
                    .put("data".getBytes()).putInt((int) dataBytes).flip();
            new SplittableRandom(1).nextBytes(pattern);
            remaining = dataBytes;
        }

        @Override
        public int read(ByteBuffer dst) {
            int n = 0;
            while (header.hasRemaining() && dst.hasRemaining()) {
                dst.put(header.get());
                n++;
            }
            while (remaining > 0 && dst.hasRemaining()) {
                int chunk = (int) Math.min(Math.min(dst.remaining(), remaining), pattern.length - patternPosition);
                dst.put(pattern, patternPosition, chunk);
                patternPosition = (patternPosition + chunk) % pattern.length;
                remaining -= chunk;
                n += chunk;
            }
            return n == 0 && remaining == 0 ? -1 : n;
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
