package org.mixdown.host;

import java.nio.file.Path;
import org.mixdown.api.AudioBuffer;
import org.mixdown.host.chain.Chain;
import org.mixdown.host.io.AudioFileException;
import org.mixdown.host.io.SampleEncoding;
import org.mixdown.host.io.WavFormat;
import org.mixdown.host.io.WavReader;
import org.mixdown.host.io.WavWriter;

/**
 * Streams a WAV file through a chain into another WAV file, block by block. The output is aligned with the
 * input (the chain's latency is removed) and carries the chain's tail after the end of the input. The
 * output appears only when complete: it is written under a temporary name and moved into place.
 */
public final class FileRenderer {
    /** Called with the number of input frames done so far. */
    public interface Listener {
        void progress(long framesDone, long framesTotal);
    }

    private FileRenderer() {
    }

    /**
     * Renders {@code input} through {@code chain} (not yet prepared) into {@code output}.
     *
     * @param encoding the output encoding, or null for the input's
     * @return the number of frames written
     */
    public static long render(Path input, Path output, Chain chain, int blockSize, SampleEncoding encoding,
                              Listener listener) throws AudioFileException {
        try (WavReader reader = WavReader.open(input)) {
            WavFormat in = reader.format();
            try {
                chain.prepare(in.sampleRate(), blockSize, in.channels());
            } catch (IllegalArgumentException e) {
                throw new MixdownException(input + ": " + e.getMessage(), e);
            }
            SampleEncoding outEncoding = encoding != null ? encoding
                    : in.encoding() == SampleEncoding.FLOAT_64 || in.encoding() == SampleEncoding.PCM_8
                    ? SampleEncoding.FLOAT_32 : in.encoding();
            WavFormat format = new WavFormat(chain.outputChannels(), in.sampleRate(), outEncoding);
            try (WavWriter writer = WavWriter.create(output, format)) {
                long written = stream(reader, writer, chain, blockSize, listener);
                writer.commit();
                return written;
            }
        }
    }

    /**
     * Streams every frame of {@code reader} through a prepared {@code chain} into {@code writer}, latency
     * removed and tail appended. Memory use is two blocks, whatever the length.
     */
    public static long stream(WavReader reader, WavWriter writer, Chain chain, int blockSize, Listener listener)
            throws AudioFileException {
        AudioBuffer in = AudioBuffer.allocate(chain.inputChannels(), blockSize);
        AudioBuffer out = AudioBuffer.allocate(chain.outputChannels(), blockSize);
        long total = reader.frames();
        int skip = chain.latencySamples();     // output frames that precede the input's first frame
        long flush = (long) skip + chain.tailSamples();  // silent frames fed after the end of the input
        long done = 0;
        long written = 0;
        while (true) {
            int n = reader.read(in.data(), 0, blockSize);
            if (n == 0) {
                if (flush == 0) {
                    break;
                }
                n = (int) Math.min(blockSize, flush);
                flush -= n;
                in.frames(n).clear();
            } else {
                done += n;
                in.frames(n);
            }
            out.frames(n);
            chain.process(in, out);
            int from = Math.min(skip, n);
            skip -= from;
            if (n > from) {
                writer.write(out.data(), from, n - from);
                written += n - from;
            }
            if (listener != null) {
                listener.progress(done, total);
            }
        }
        return written;
    }
}
