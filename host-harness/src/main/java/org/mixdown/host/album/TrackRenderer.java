package org.mixdown.host.album;

import org.mixdown.api.AudioBuffer;
import org.mixdown.api.AudioPlugin;
import org.mixdown.api.ParameterEvents;
import org.mixdown.api.ProcessSetup;
import org.mixdown.dsp.Db;
import org.mixdown.dsp.Loudness;
import org.mixdown.host.analysis.AnalysisResult;
import org.mixdown.host.analysis.Analyzer;
import org.mixdown.host.chain.Chain;
import org.mixdown.host.io.AudioFileException;
import org.mixdown.host.io.WavReader;
import org.mixdown.host.io.WavWriter;
import org.mixdown.host.report.Recorder;

/**
 * Streams one track through the mastering path, block by block: drive gain, the mastering chain (its
 * latency removed), trim, the track's fades, dither, then measurement and the writer. The master has the
 * same length as the mix. Memory is a few blocks whatever the length.
 */
final class TrackRenderer {
    static final int BLOCK = 1024;

    private final Chain chain;
    private final int sampleRate;
    private final int channels;
    /** The dither plugin run last, or null. */
    private final AudioPlugin ditherPlugin;
    /** The writer-path dither when there is no plugin, or null. */
    private final TpdfDither tpdf;
    private final AudioBuffer in;
    private final AudioBuffer out;

    /** What one pass measured. */
    record Pass(AnalysisResult result) {
        double lufs() {
            return result.integratedLufs() == null ? Double.NEGATIVE_INFINITY : result.integratedLufs();
        }

        double truePeak() {
            return result.truePeakDbtp() == null ? Double.NEGATIVE_INFINITY : result.truePeakDbtp();
        }
    }

    TrackRenderer(Chain chain, int sampleRate, int channels, AudioPlugin ditherPlugin, TpdfDither tpdf) {
        this.chain = chain;
        this.sampleRate = sampleRate;
        this.channels = channels;
        chain.prepare(sampleRate, BLOCK, channels);
        this.ditherPlugin = ditherPlugin;
        if (ditherPlugin != null) {
            ditherPlugin.prepare(new ProcessSetup(sampleRate, BLOCK, chain.outputChannels(), chain.outputChannels()));
        }
        this.tpdf = tpdf;
        this.in = AudioBuffer.allocate(channels, BLOCK);
        this.out = AudioBuffer.allocate(chain.outputChannels(), BLOCK);
    }

    int outputChannels() {
        return chain.outputChannels();
    }

    /** The integrated loudness of the unprocessed track as the chain gets it (the first pass: measure only). */
    static double unprocessedLoudness(Album.Track track, int channels, Loudness albumLoudness)
            throws AudioFileException {
        try (WavReader reader = WavReader.open(track.file())) {
            Loudness loudness = new Loudness(reader.format().sampleRate(), channels);
            float[][] block = new float[channels][BLOCK];
            int n;
            while ((n = read(reader, block)) > 0) {
                loudness.process(block, 0, n);
                if (albumLoudness != null) {
                    albumLoudness.process(block, 0, n);
                }
            }
            return loudness.integratedLufs();
        }
    }

    /** Reads a block; a mono file into a stereo path is copied to both channels. */
    private static int read(WavReader reader, float[][] block) throws AudioFileException {
        int n = reader.read(block, 0, BLOCK);
        for (int c = reader.format().channels(); c < block.length; c++) {
            System.arraycopy(block[0], 0, block[c], 0, n);
        }
        return n;
    }

    /** Told, block by block, how far a pass through a track has come. */
    interface FrameProgress {
        void frames(Album.Track track, long done, long total);
    }

    private FrameProgress progress = (track, done, total) -> { };

    /** Where each pass reports its progress (by default nowhere). */
    void progress(FrameProgress progress) {
        this.progress = progress;
    }

    /**
     * Renders {@code track} with {@code driveDb} into the chain and {@code trimDb} after it.
     *
     * @param writer        receives the master, or null to measure only
     * @param albumLoudness also measures the output for the album's loudness, or null
     * @param recorder      receives input and output for the report, or null
     */
    Pass render(Album.Track track, double driveDb, double trimDb, WavWriter writer, Loudness albumLoudness,
                Recorder recorder) throws AudioFileException {
        chain.reset();
        if (ditherPlugin != null) {
            ditherPlugin.reset();
        }
        if (tpdf != null) {
            tpdf.reset();
        }
        float drive = (float) Db.toLinear(driveDb);
        float trim = (float) Db.toLinear(trimDb);
        Fades.Envelope envelope = track.envelope();
        Analyzer analyzer = new Analyzer(sampleRate, chain.outputChannels());
        int outChannels = chain.outputChannels();
        long skip = chain.latencySamples();
        long written = 0;
        try (WavReader reader = WavReader.open(track.file())) {
            while (written < track.frames()) {
                int n = read(reader, in.data());
                if (n > 0 && recorder != null) {
                    recorder.before(in.data(), 0, n);
                }
                if (n < BLOCK) {   // after the end: silence pushes the chain's latency out
                    for (int c = 0; c < channels; c++) {
                        java.util.Arrays.fill(in.channel(c), n, BLOCK, 0f);
                    }
                    n = BLOCK;
                }
                for (int c = 0; c < channels; c++) {
                    float[] x = in.channel(c);
                    for (int i = 0; i < n; i++) {
                        x[i] *= drive;
                    }
                }
                in.frames(n);
                out.frames(n);
                chain.process(in, out);
                int from = (int) Math.min(n, skip);
                skip -= from;
                int count = (int) Math.min(n - from, track.frames() - written);
                if (count <= 0) {
                    continue;
                }
                float[][] y = out.data();
                for (int c = 0; c < outChannels; c++) {
                    for (int i = from; i < from + count; i++) {
                        y[c][i] *= trim;
                    }
                }
                envelope.apply(y, outChannels, from, from + count, written);
                if (ditherPlugin != null) {
                    out.window(from, count);
                    ditherPlugin.process(out, out, ParameterEvents.NONE);
                } else if (tpdf != null) {
                    tpdf.apply(y, outChannels, from, from + count);
                }
                analyzer.accept(y, from, from + count);
                if (albumLoudness != null) {
                    albumLoudness.process(y, from, from + count);
                }
                if (recorder != null) {
                    recorder.after(y, from, from + count);
                }
                if (writer != null) {
                    writer.write(y, from, count);
                }
                written += count;
                progress.frames(track, written, track.frames());
            }
        }
        return new Pass(analyzer.result(writer == null ? track.file().toString() : writer.name()));
    }
}
