package org.mixdown.host.session;

import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.mixdown.host.io.DiscardChannel;
import org.mixdown.host.io.SampleEncoding;
import org.mixdown.host.io.WavFormat;
import org.mixdown.host.io.WavWriter;

/**
 * Run in a child JVM with a small heap by {@link MixMemoryTest}: mixes a session of {@code tracks} mono
 * stems of {@code seconds} each (16-bit files whose data after the first second is a sparse hole, so they
 * take almost no disk), each with an insert, a pan and a send to a reverb-style bus, into a discarding
 * channel; prints the frames mixed and the peak heap use.
 */
public final class MixMemoryCheck {
    public static void main(String[] args) throws Exception {
        int tracks = Integer.parseInt(args[0]);
        int seconds = Integer.parseInt(args[1]);
        int rate = 48000;
        Path dir = Files.createTempDirectory("mix-memory");
        try {
            StringBuilder json = new StringBuilder("{\"tracks\": [");
            for (int t = 0; t < tracks; t++) {
                sparseStem(dir.resolve("t" + t + ".wav"), rate, (long) seconds * rate, t);
                json.append(t == 0 ? "" : ",").append("{\"file\": \"t").append(t).append(".wav\", \"pan\": ")
                        .append(-90 + 20 * (t % 10)).append(", \"inserts\": [{\"plugin\": \"mix.gain\", \"params\":")
                        .append(" {\"gain\": -6}}], \"sends\": [{\"bus\": \"room\", \"level\": -12}]}");
            }
            json.append("], \"buses\": [{\"name\": \"room\", \"chain\": [{\"plugin\": \"test.latent\"}]}],")
                    .append(" \"master\": {\"chain\": [{\"plugin\": \"mix.gain\"}]}}");
            Path file = dir.resolve("session.json");
            Files.writeString(file, json);
            long frames;
            try (Session session = Session.read(file, TestAudio.registry()); Mixer mixer = new Mixer(session, 1024);
                 WavWriter writer = WavWriter.create(new DiscardChannel(), "discard.wav",
                         new WavFormat(2, rate, SampleEncoding.PCM_24))) {
                mixer.render(writer, null, SampleEncoding.PCM_24, null, null);
                writer.commit();
                frames = writer.framesWritten();
            }
            long peak = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    peak += pool.getPeakUsage().getUsed();
                }
            }
            System.out.println("frames=" + frames + " peakHeapBytes=" + peak);
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(dir);
        }
    }

    /** A 16-bit mono WAV: header, one second of noise, then a hole the file system stores as nothing. */
    static void sparseStem(Path file, int rate, long frames, long seed) throws Exception {
        long dataBytes = frames * 2;
        ByteBuffer b = ByteBuffer.allocate(44 + rate * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt((int) (36 + dataBytes)).put("WAVE".getBytes()).put("fmt ".getBytes())
                .putInt(16).putShort((short) 1).putShort((short) 1).putInt(rate).putInt(rate * 2)
                .putShort((short) 2).putShort((short) 16).put("data".getBytes()).putInt((int) dataBytes);
        SplittableRandom random = new SplittableRandom(seed);
        while (b.hasRemaining()) {
            b.putShort((short) (random.nextInt(16384) - 8192));
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.write(b.array());
            raf.setLength(44 + dataBytes);
        }
    }

}
