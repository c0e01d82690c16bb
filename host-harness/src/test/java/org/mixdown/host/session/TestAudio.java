package org.mixdown.host.session;

import java.nio.file.Path;
import java.util.List;
import org.mixdown.api.AbstractPlugin;
import org.mixdown.api.ChannelLayout;
import org.mixdown.api.ParameterSpec;
import org.mixdown.api.PluginDescriptor;
import org.mixdown.api.PluginFactory;
import org.mixdown.api.ProcessSetup;
import org.mixdown.dsp.DelayLine;
import org.mixdown.host.PluginRegistry;
import org.mixdown.host.io.SampleEncoding;
import org.mixdown.host.io.WavFormat;
import org.mixdown.host.io.WavReader;
import org.mixdown.host.io.WavWriter;

/** Test WAV files and test plugins for the session and album tests. */
public final class TestAudio {
    private TestAudio() {
    }

    /** The Java plugins plus {@code test.latent} (a pure delay of 100 samples) and {@code test.level}. */
    public static PluginRegistry registry() {
        return PluginRegistry.javaPlugins().addAll(List.of(
                PluginFactory.of(Latent.DESCRIPTOR, Latent::new),
                PluginFactory.of(Level.DESCRIPTOR, Level::new)));
    }

    /**
     * {@link #registry()} where "mix.strip" is a stand-in channel strip (the {@link Level} plugin under that id), so
     * the strip slot is tested without depending on the real strip.
     */
    public static PluginRegistry registryWithStandInStrip() {
        PluginDescriptor d = Level.DESCRIPTOR;
        PluginDescriptor strip = PluginDescriptor.java("mix.strip", "Stand-in strip", "test", d.layouts(),
                d.parameters(), d.meters(), 1);
        return new PluginRegistry().addAll(List.of(PluginFactory.of(strip, () -> new Level(strip))))
                .addAll(registry().list());
    }

    public static void write(Path file, float[][] audio, int sampleRate) throws Exception {
        write(file, audio, sampleRate, SampleEncoding.FLOAT_32);
    }

    public static void write(Path file, float[][] audio, int sampleRate, SampleEncoding encoding) throws Exception {
        try (WavWriter writer = WavWriter.create(file, new WavFormat(audio.length, sampleRate, encoding))) {
            writer.write(audio, 0, audio[0].length);
            writer.commit();
        }
    }

    public static float[][] read(Path file) throws Exception {
        try (WavReader reader = WavReader.open(file)) {
            int frames = (int) reader.frames();
            float[][] audio = new float[reader.format().channels()][frames];
            int done = 0;
            while (done < frames) {
                int n = reader.read(audio, done, frames - done);
                if (n == 0) {
                    break;
                }
                done += n;
            }
            return audio;
        }
    }

    /** A latent plugin: delays by {@value #LATENCY} samples at unity gain, like a lookahead limiter at rest. */
    public static final class Latent extends AbstractPlugin {
        public static final int LATENCY = 100;
        static final PluginDescriptor DESCRIPTOR = PluginDescriptor.java("test.latent", "Latent", "test",
                List.of(ChannelLayout.MONO, ChannelLayout.STEREO), List.of(), List.of(), 1);
        private DelayLine[] lines;

        public Latent() {
            super(DESCRIPTOR);
        }

        @Override
        protected void onPrepare(ProcessSetup setup) {
            lines = new DelayLine[setup.outputChannels()];
            for (int c = 0; c < lines.length; c++) {
                lines[c] = new DelayLine();
                lines[c].allocate(LATENCY);
            }
        }

        @Override
        protected void processBlock(float[][] in, float[][] out, int from, int to) {
            for (int c = 0; c < out.length; c++) {
                for (int i = from; i < to; i++) {
                    out[c][i] = lines[c].process(in[c][i], LATENCY);
                }
            }
        }

        @Override
        protected void onReset() {
            for (DelayLine line : lines) {
                line.clear();
            }
        }

        @Override
        public int latencySamples() {
            return LATENCY;
        }
    }

    /** Multiplies by its "level" parameter with no smoothing, so an automation event shows at its exact sample. */
    public static final class Level extends AbstractPlugin {
        static final PluginDescriptor DESCRIPTOR = PluginDescriptor.java("test.level", "Level", "test",
                List.of(ChannelLayout.MONO, ChannelLayout.STEREO),
                List.of(ParameterSpec.continuous("level", "Level", "", 0, 4, 1, ParameterSpec.Scale.LINEAR),
                        ParameterSpec.continuous("freq", "Frequency", "Hz", 20, 20000, 1000, ParameterSpec.Scale.LOG)),
                List.of(), 1);

        public Level() {
            super(DESCRIPTOR);
        }

        Level(PluginDescriptor descriptor) {
            super(descriptor);
        }

        @Override
        protected void onPrepare(ProcessSetup setup) {
        }

        @Override
        protected void processBlock(float[][] in, float[][] out, int from, int to) {
            float level = (float) value(0);
            for (int c = 0; c < out.length; c++) {
                for (int i = from; i < to; i++) {
                    out[c][i] = in[c][i] * level;
                }
            }
        }

        @Override
        protected void onReset() {
        }
    }
}
