package org.mixdown.host.report;

import java.util.ArrayList;
import java.util.List;
import org.mixdown.api.AudioPlugin;
import org.mixdown.api.Meter;
import org.mixdown.dsp.Loudness;
import org.mixdown.dsp.TruePeak;
import org.mixdown.host.analysis.AnalysisResult;
import org.mixdown.host.analysis.Analyzer;

/**
 * Watches one render for its report: the audio before and after the processing (loudness over time,
 * true peak, waveform, spectrum, the summary figures) and the gain-reduction meters of every dynamics
 * plugin, read after each block. Points are taken every 100 ms, so memory grows by a few numbers per
 * second of audio, never by the audio itself.
 */
public final class Recorder {
    /** Meter ids read as gain reduction: {@code gr}, or ending in {@code .gr} (per band). */
    public static boolean isGainReduction(String meterId) {
        return meterId.equals("gr") || meterId.endsWith(".gr");
    }

    private final String title;
    private final int sampleRate;
    private final Side before;
    private final Side after;
    private final List<Meter> meters = new ArrayList<>();
    private final List<Series> gainReduction = new ArrayList<>();
    private final double[] windowExtreme;
    private final int windowFrames;
    private long afterFrames;

    public Recorder(String title, int sampleRate, int beforeChannels, int afterChannels) {
        this.title = title;
        this.sampleRate = sampleRate;
        this.before = new Side("before", sampleRate, beforeChannels);
        this.after = new Side("after", sampleRate, afterChannels);
        this.windowFrames = before.loudness.subBlockFrames();
        this.windowExtreme = new double[64];
    }

    /** Reads every gain-reduction meter of {@code plugins} after each block, labelled with {@code label}. */
    public void watchGainReduction(String label, List<AudioPlugin> plugins) {
        for (AudioPlugin plugin : plugins) {
            for (Meter meter : plugin.meters()) {
                if (isGainReduction(meter.id()) && meters.size() < windowExtreme.length) {
                    meters.add(meter);
                    String name = (label.isEmpty() ? "" : label + " ") + plugin.descriptor().id() + " " + meter.id();
                    gainReduction.add(new Series(name, windowFrames / (double) sampleRate));
                }
            }
        }
    }

    /** The unprocessed audio, frames {@code [from, to)}. */
    public void before(float[][] audio, int from, int to) {
        before.accept(audio, from, to);
    }

    /** The processed audio, frames {@code [from, to)}, just after the block that made it. */
    public void after(float[][] audio, int from, int to) {
        after.accept(audio, from, to);
        for (int m = 0; m < meters.size(); m++) {
            double v = meters.get(m).value();
            if (Double.isFinite(v) && Math.abs(v) > Math.abs(windowExtreme[m])) {
                windowExtreme[m] = v;
            }
        }
        long windowsBefore = afterFrames / windowFrames;
        afterFrames += to - from;
        for (long w = windowsBefore; w < afterFrames / windowFrames; w++) {
            for (int m = 0; m < meters.size(); m++) {
                // gain reduction shown as a positive number of dB whatever sign the plugin reports
                gainReduction.get(m).add(Math.abs(windowExtreme[m]));
                windowExtreme[m] = 0;
            }
        }
    }

    /** Everything measured, for the report. */
    public Measurements finish(String file) {
        return new Measurements(title, sampleRate, before.analyzer.result(file), after.analyzer.result(file),
                before.momentary, before.shortTerm, after.momentary, after.shortTerm, before.truePeak,
                after.truePeak, after.waveMin, after.waveMax, List.copyOf(gainReduction), before.spectrum,
                after.spectrum);
    }

    /** What {@link Recorder} measured on one render. */
    public record Measurements(String title, int sampleRate, AnalysisResult before, AnalysisResult after,
                               Series momentaryBefore, Series shortTermBefore, Series momentaryAfter,
                               Series shortTermAfter, Series truePeakBefore, Series truePeakAfter,
                               Series waveformMin, Series waveformMax, List<Series> gainReduction,
                               Spectrum spectrumBefore, Spectrum spectrumAfter) {
    }

    /** The measurements of one side (before or after). */
    private static final class Side {
        final Analyzer analyzer;
        final Loudness loudness;
        final TruePeak windowPeak;
        final Spectrum spectrum;
        final Series momentary;
        final Series shortTerm;
        final Series truePeak;
        final Series waveMin;
        final Series waveMax;
        final int channels;
        final int window;
        /** The last {@value #PRIMER} frames, replayed into the restarted peak meter so it has history. */
        static final int PRIMER = 12;
        final float[][] primer;
        /** The same frames as a ring (written at {@code ringNext}), unrolled into {@link #primer} when needed. */
        final float[][] ring;
        int ringNext;
        int inWindow;
        double min;
        double max;

        Side(String name, int sampleRate, int channels) {
            this.channels = channels;
            this.analyzer = new Analyzer(sampleRate, channels);
            this.loudness = new Loudness(sampleRate, channels);
            this.windowPeak = new TruePeak(channels);
            this.spectrum = new Spectrum(sampleRate);
            this.window = loudness.subBlockFrames();
            double seconds = window / (double) sampleRate;
            momentary = new Series("momentary " + name, seconds);
            shortTerm = new Series("short-term " + name, seconds);
            truePeak = new Series("true peak " + name, seconds);
            waveMin = new Series("min", seconds);
            waveMax = new Series("max", seconds);
            primer = new float[channels][PRIMER];
            ring = new float[channels][PRIMER];
        }

        void accept(float[][] audio, int from, int to) {
            analyzer.accept(audio, from, to);
            spectrum.accept(audio, channels, from, to);
            int i = from;
            while (i < to) {
                int end = Math.min(to, i + window - inWindow);
                loudness.process(audio, i, end);
                windowPeak.process(audio, i, end);
                int next = ringNext;
                for (int c = 0; c < channels; c++) {
                    float[] last = ring[c];
                    next = ringNext;
                    for (int k = i; k < end; k++) {
                        float v = audio[c][k];
                        min = Math.min(min, v);
                        max = Math.max(max, v);
                        last[next] = v;
                        next = next == PRIMER - 1 ? 0 : next + 1;
                    }
                }
                ringNext = next;
                inWindow += end - i;
                i = end;
                if (inWindow == window) {
                    momentary.add(loudness.momentaryLufs());
                    shortTerm.add(loudness.shortTermLufs());
                    truePeak.add(windowPeak.truePeakDbtp());
                    // restart the peak meter for the next window, primed with the 12 frames its filter
                    // remembers (so it does not ring from silence; those frames may count in both windows)
                    windowPeak.reset();
                    for (int c = 0; c < channels; c++) {
                        for (int k = 0; k < PRIMER; k++) {
                            primer[c][k] = ring[c][(ringNext + k) % PRIMER];
                        }
                    }
                    windowPeak.process(primer, 0, PRIMER);
                    waveMin.add(min);
                    waveMax.add(max);
                    min = 0;
                    max = 0;
                    inWindow = 0;
                }
            }
        }
    }
}
