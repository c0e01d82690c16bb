package org.mixdown.host.bridge.ladspa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mixdown.api.AudioPlugin;
import org.mixdown.api.ParameterSpec;
import org.mixdown.host.bridge.FloatWav;
import org.mixdown.host.bridge.NativePluginFactory;
import org.mixdown.host.bridge.NativeTestSupport;
import org.mixdown.testkit.Measure;
import org.mixdown.testkit.PluginRunner;
import org.mixdown.testkit.Signals;

/**
 * Our LADSPA hosting against an independent host: ffmpeg's {@code ladspa} filter runs the same plugin
 * with the same control values and the same block size ({@code asetnsamples}), and the two outputs must
 * agree to better than -90 dB RMS. Fails (never skips) when ffmpeg or a plugin package is missing.
 */
class LadspaReferenceTest {
    private static final int RATE = 48_000;
    private static final int BLOCK = 256;
    private static final double LIMIT_DB = -90;

    @TempDir
    Path dir;

    @BeforeAll
    static void tools() {
        NativeTestSupport.requireTool("ffmpeg", "ffmpeg");
    }

    @Test
    void lspStereoLimiterMatchesFfmpeg() throws IOException {
        Path library = NativeTestSupport.requireFile("/usr/lib/ladspa/lsp-plugins-ladspa-1.2.5.so", "lsp-plugins-ladspa");
        float[][] input = loudStereo();
        float[][] ours = compare(library, "http://lsp-plug.in/plugins/ladspa/limiter_stereo", input,
                Map.of("threshold_g", 0.25, "gain_boost", 0.0, "lookahead_ms", 5.0, "oversampling", 0.0, "dithering", 0.0));
        assertTrue(Measure.peak(ours[0]) < 0.3, "the limiter must hold the peak near its -12 dB threshold, got "
                + Measure.peak(ours[0]));
    }

    @Test
    void swhFastLookaheadLimiterMatchesFfmpeg() throws IOException {
        Path library = NativeTestSupport.requireFile("/usr/lib/ladspa/fast_lookahead_limiter_1913.so", "swh-plugins");
        float[][] input = loudStereo();
        float[][] ours = compare(library, "fastLookaheadLimiter", input,
                Map.of("input_gain_db", 6.0, "limit_db", -6.0, "release_time_s", 0.1));
        assertTrue(Measure.peak(ours[1]) < 0.51, "peak " + Measure.peak(ours[1]) + " above the -6 dB limit");
    }

    @Test
    void tapEqualizerMatchesFfmpeg() throws IOException {
        Path library = NativeTestSupport.requireFile("/usr/lib/ladspa/tap_eq.so", "tap-plugins");
        float[][] input = {Signals.pinkNoise(RATE * 2, 0.5, 3)};
        float[][] ours = compare(library, "tap_equalizer", input,
                Map.of("band_1_gain_db", 6.0, "band_4_gain_db", -9.0, "band_7_gain_db", 4.5, "band_4_freq_hz", 1500.0));
        assertTrue(Measure.differenceDb(input[0], ours[0]) > -20, "the equalizer must change the signal");
    }

    /**
     * Runs the plugin through our adapter and through ffmpeg with identical controls, asserts every channel
     * agrees within {@link #LIMIT_DB}, and returns our output.
     */
    private float[][] compare(Path library, String label, float[][] input, Map<String, Double> settings)
            throws IOException {
        NativePluginFactory factory = NativeTestSupport.load(library, "ladspa:" + label);
        float[][] ours;
        List<String> controls = new ArrayList<>();
        try (AudioPlugin plugin = factory.create()) {
            settings.forEach(plugin::setParameter);
            List<ParameterSpec> parameters = plugin.descriptor().parameters();
            for (int i = 0; i < parameters.size(); i++) {
                controls.add("c" + i + "=" + (float) plugin.parameter(parameters.get(i).id()));
            }
            ours = PluginRunner.run(plugin, input, RATE, BLOCK);
        }
        Path in = dir.resolve("in.wav"), out = dir.resolve("out.wav");
        FloatWav.write(in, input, RATE);
        String filter = "asetnsamples=n=" + BLOCK + ":p=0,ladspa=file=" + library + ":plugin='"
                + label.replace(":", "\\:") + "':controls=" + String.join("|", controls);
        NativeTestSupport.run(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-i", in.toString(),
                "-af", filter, "-c:a", "pcm_f32le", out.toString()), 120);
        float[][] theirs = FloatWav.read(out);
        assertEquals(ours.length, theirs.length, "channel count");
        for (int c = 0; c < ours.length; c++) {
            assertEquals(ours[c].length, theirs[c].length, "frame count");
            double db = Measure.differenceDb(theirs[c], ours[c]);
            System.out.printf("%s channel %d: ours vs ffmpeg %.1f dB RMS%n", label, c, db);
            assertTrue(db < LIMIT_DB, label + " channel " + c + ": ours differs from ffmpeg's by " + db + " dB");
            assertTrue(Measure.rms(theirs[c]) > 1e-3, label + ": ffmpeg's output is silent, the comparison is void");
        }
        return ours;
    }

    /** Two seconds of a loud 220 Hz tone under noise bursts, different per channel. */
    private static float[][] loudStereo() {
        float[][] x = new float[2][];
        for (int c = 0; c < 2; c++) {
            float[] tone = Signals.sine(220 + 110 * c, RATE, RATE * 2, 0.9);
            float[] noise = Signals.whiteNoise(RATE * 2, 0.4, 17 + c);
            for (int n = 0; n < tone.length; n++) {
                boolean burst = (n / (RATE / 8)) % 3 == 1;
                tone[n] = Math.max(-1f, Math.min(1f, tone[n] + (burst ? noise[n] : 0f)));
            }
            x[c] = tone;
        }
        return x;
    }
}
