package org.mixdown.host.analysis;

import java.nio.file.Path;
import org.mixdown.dsp.Db;
import org.mixdown.dsp.Loudness;
import org.mixdown.dsp.TruePeak;
import org.mixdown.host.io.AudioFileException;
import org.mixdown.host.io.WavReader;

/**
 * Measures a stream block by block: BS.1770-4 loudness (integrated, range, short-term and momentary
 * maxima), true peak, sample peak, RMS over all channels, and the L/R correlation coefficient. Memory is
 * constant in the length of the audio.
 */
public final class Analyzer {
    private final int sampleRate;
    private final int channels;
    private final Loudness loudness;
    private final TruePeak truePeak;
    private double samplePeak;
    private double sumSquares;
    private double sumLR;
    private double sumLL;
    private double sumRR;
    private long frames;

    public Analyzer(int sampleRate, int channels) {
        this.sampleRate = sampleRate;
        this.channels = channels;
        this.loudness = new Loudness(sampleRate, channels);
        this.truePeak = new TruePeak(channels);
    }

    /** Feeds frames {@code [from, to)} of every channel. */
    public void accept(float[][] audio, int from, int to) {
        loudness.process(audio, from, to);
        truePeak.process(audio, from, to);
        for (int c = 0; c < channels; c++) {
            float[] x = audio[c];
            double peak = samplePeak;
            double squares = 0;
            for (int i = from; i < to; i++) {
                double v = x[i];
                squares += v * v;
                peak = Math.max(peak, Math.abs(v));
            }
            samplePeak = peak;
            sumSquares += squares;
        }
        if (channels >= 2) {
            float[] l = audio[0];
            float[] r = audio[1];
            for (int i = from; i < to; i++) {
                double a = l[i], b = r[i];
                sumLR += a * b;
                sumLL += a * a;
                sumRR += b * b;
            }
        }
        frames += to - from;
    }

    /** The measurements so far. */
    public AnalysisResult result(String file) {
        double rms = frames == 0 ? 0 : Math.sqrt(sumSquares / ((double) frames * channels));
        double correlation;
        if (channels < 2) {
            correlation = 1;  // a mono signal is perfectly correlated with itself
        } else if (sumLL == 0 && sumRR == 0) {
            correlation = Double.NaN;
        } else if (sumLL == 0 || sumRR == 0) {
            correlation = 0;  // one silent side: nothing in common
        } else {
            correlation = sumLR / Math.sqrt(sumLL * sumRR);
        }
        return new AnalysisResult(file,
                AnalysisResult.finite(loudness.integratedLufs()),
                AnalysisResult.finite(loudness.loudnessRange()),
                AnalysisResult.finite(loudness.shortTermMaxLufs()),
                AnalysisResult.finite(loudness.momentaryMaxLufs()),
                AnalysisResult.finite(truePeak.truePeakDbtp()),
                AnalysisResult.finite(Db.toDb(samplePeak)),
                AnalysisResult.finite(Db.toDb(rms)),
                AnalysisResult.finite(correlation),
                frames / (double) sampleRate, sampleRate, channels);
    }

    /** Analyses a whole WAV file, streamed in blocks. */
    public static AnalysisResult analyze(Path file) throws AudioFileException {
        try (WavReader reader = WavReader.open(file)) {
            int channels = reader.format().channels();
            Analyzer analyzer = new Analyzer(reader.format().sampleRate(), channels);
            float[][] block = new float[channels][8192];
            int n;
            while ((n = reader.read(block, 0, 8192)) > 0) {
                analyzer.accept(block, 0, n);
            }
            return analyzer.result(file.toString());
        }
    }
}
