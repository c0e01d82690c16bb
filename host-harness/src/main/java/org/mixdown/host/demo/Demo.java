package org.mixdown.host.demo;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.mixdown.api.AudioBuffer;
import org.mixdown.api.AudioPlugin;
import org.mixdown.host.MixdownException;
import org.mixdown.host.PluginRegistry;
import org.mixdown.host.analysis.AnalysisResult;
import org.mixdown.host.analysis.Analyzer;
import org.mixdown.host.chain.Chain;
import org.mixdown.host.io.AudioFileException;
import org.mixdown.host.io.SampleEncoding;
import org.mixdown.host.io.WavFormat;
import org.mixdown.host.io.WavWriter;

/**
 * The demo: synthesises the stems of a short song, runs each through a chain of Mixdown plugins (level and
 * pan), sums them to a stereo mix, writes every stem and the mix, and analyses the result.
 */
public final class Demo {
    public static final int SAMPLE_RATE = 48_000;
    private static final int BLOCK = 512;

    /** Level (dB) and pan (-100..100) of each stem in the mix. */
    private record TrackSetting(String name, double gainDb, double pan) {
    }

    private static final List<TrackSetting> SETTINGS = List.of(
            new TrackSetting("kick", -4, 0),
            new TrackSetting("snare", -6, 8),
            new TrackSetting("hats", -12, 35),
            new TrackSetting("bass", -5, 0),
            new TrackSetting("chords", -9, -30),
            new TrackSetting("lead", -8, 20));

    private Demo() {
    }

    /** Runs the demo into {@code directory} and prints what it made; returns the mix's analysis. */
    public static AnalysisResult run(Path directory, PluginRegistry registry, PrintWriter out) throws AudioFileException {
        try {
            Files.createDirectories(directory);
        } catch (java.io.IOException e) {
            throw new MixdownException(directory + ": cannot create the demo directory: " + e.getMessage(), e);
        }
        DemoSong song = new DemoSong(SAMPLE_RATE);
        Map<String, float[]> stems = song.stems();
        int frames = song.frames();
        float[][] mix = new float[2][frames];
        for (TrackSetting setting : SETTINGS) {
            float[] stem = stems.get(setting.name());
            Path stemFile = directory.resolve("stem-" + setting.name() + ".wav");
            write(stemFile, new float[][] {stem}, SampleEncoding.PCM_24);
            float[][] placed = process(trackChain(registry, setting), new float[][] {stem});
            for (int c = 0; c < 2; c++) {
                for (int i = 0; i < frames; i++) {
                    mix[c][i] += placed[c][i];
                }
            }
            out.println("  stem  " + stemFile);
        }
        Path mixFile = directory.resolve("mix.wav");
        write(mixFile, mix, SampleEncoding.FLOAT_32);
        out.println("  mix   " + mixFile);
        AnalysisResult analysis = Analyzer.analyze(mixFile);
        return analysis;
    }

    private static Chain trackChain(PluginRegistry registry, TrackSetting setting) {
        AudioPlugin gain = registry.create("mix.gain");
        gain.setParameter("gain", setting.gainDb());
        AudioPlugin pan = registry.create("mix.pan");
        pan.setParameter("pan", setting.pan());
        List<Chain.Slot> slots = new ArrayList<>();
        slots.add(new Chain.Slot(gain, false));
        slots.add(new Chain.Slot(pan, false));
        return new Chain(slots);
    }

    /** Runs a whole signal through a chain, latency removed, in host-sized blocks. */
    static float[][] process(Chain chain, float[][] input) {
        int frames = input[0].length;
        chain.prepare(SAMPLE_RATE, BLOCK, input.length);
        int latency = chain.latencySamples();
        float[][] output = new float[chain.outputChannels()][frames];
        AudioBuffer in = AudioBuffer.allocate(input.length, BLOCK);
        AudioBuffer out = AudioBuffer.allocate(chain.outputChannels(), BLOCK);
        for (long start = 0; start < frames + latency; start += BLOCK) {
            int n = (int) Math.min(BLOCK, frames + latency - start);
            in.frames(n).clear();
            for (int c = 0; c < input.length; c++) {
                int available = (int) Math.max(0, Math.min(n, frames - start));
                if (available > 0) {
                    System.arraycopy(input[c], (int) start, in.channel(c), 0, available);
                }
            }
            out.frames(n);
            chain.process(in, out);
            for (int i = 0; i < n; i++) {
                long target = start + i - latency;
                if (target >= 0 && target < frames) {
                    for (int c = 0; c < output.length; c++) {
                        output[c][(int) target] = out.channel(c)[i];
                    }
                }
            }
        }
        chain.close();
        return output;
    }

    private static void write(Path file, float[][] audio, SampleEncoding encoding) throws AudioFileException {
        try (WavWriter writer = WavWriter.create(file, new WavFormat(audio.length, SAMPLE_RATE, encoding))) {
            writer.write(audio, 0, audio[0].length);
            writer.commit();
        }
    }
}
