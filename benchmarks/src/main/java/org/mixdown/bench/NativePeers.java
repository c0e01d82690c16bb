package org.mixdown.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mixdown.api.AudioPlugin;
import org.mixdown.host.PluginRegistry;
import org.mixdown.host.bridge.NativePlugins;

/**
 * The native plugins people would otherwise use, each paired with the Java plugin it competes with and
 * set up to do the same job as that plugin's {@link BenchSettings} (same gain into the limiter, same
 * ceiling, same crossovers and thresholds), hosted through our own bridge in the same run. A missing
 * native plugin is an error, never a skip: the comparison is part of the report.
 */
public final class NativePeers {
    /**
     * One pair: {@code name} keys the benchmark ({@code native:NAME}), {@code javaId} is the benchmark id of
     * the Java plugin it is compared with, {@code settings} are the native plugin's parameter values
     * (plain units of its own ports), {@code debianPackage} is where it comes from.
     */
    public record Peer(String name, String javaId, String nativeId, Map<String, Double> settings,
                       String debianPackage, String note) {
    }

    private static final String LSP = "ladspa:http://lsp-plug.in/plugins/ladspa/";
    /** master.limiter's settings: +8 dB into a -1 dB ceiling, 1.5 ms lookahead, 100 ms release, 4x detection. */
    private static final double LIMITER_GAIN_DB = 8;
    private static final double CEILING_DB = -1;

    static final List<Peer> PEERS = List.of(
            new Peer("lsp-limiter-x4", "master.limiter", LSP + "limiter_stereo", lspLimiter(6),
                    "lsp-plugins-ladspa", "oversampling Half x4 (3L): 4x detection like master.limiter's true peak"),
            new Peer("lsp-limiter", "master.limiter", LSP + "limiter_stereo", lspLimiter(0),
                    "lsp-plugins-ladspa", "no oversampling (sample peaks only)"),
            new Peer("swh-fast-lookahead", "master.limiter", "ladspa:fastLookaheadLimiter",
                    Map.of("input_gain_db", LIMITER_GAIN_DB, "limit_db", CEILING_DB, "release_time_s", 0.1),
                    "swh-plugins", "sample-peak lookahead limiter, 100 ms release"),
            new Peer("zamaximx2", "master.limiter", "ladspa:ZaMaximX2",
                    Map.of("threshold", CEILING_DB - LIMITER_GAIN_DB, "output_ceiling", CEILING_DB, "release", 100.0),
                    "zam-plugins", "threshold -9 dB into a -1 dB ceiling (8 dB of gain), 100 ms release"),
            new Peer("lsp-multiband", "master.multiband", LSP + "mb_compressor_stereo", lspMultiband(),
                    "lsp-plugins-ladspa", "classic mode (IIR crossovers), 4 bands at 120/800/5000 Hz, ratio 3"),
            new Peer("tap-equalizer", "mix.eq", "ladspa:tap_equalizer", tapEqualizer(),
                    "tap-plugins", "8 peaking biquads, every band boosting or cutting (mix.eq: 6 SVF bands)"),
            new Peer("swh-amp", "mix.gain", "ladspa:amp", Map.of("amps_gain_db", 0.0),
                    "swh-plugins", "a gain at unity: the bridge's own cost (copy in, JNA call, copy out);"
                    + " a mono plugin, so two instances and two calls per stereo block"),
            new Peer("sdk-amp-stereo", "mix.gain", "ladspa:amp_stereo", Map.of("gain", 1.0),
                    "ladspa-sdk", "the LADSPA SDK's stereo amplifier at unity: one native call per stereo block,"
                    + " the bridge's overhead in its usual shape"));

    private NativePeers() {
    }

    private static double gain(double db) {
        return Math.pow(10, db / 20);
    }

    /** LSP Limiter Stereo as master.limiter: Herm Thin mode, no automatic level regulation, no dither. */
    private static Map<String, Double> lspLimiter(int oversamplingMode) {
        Map<String, Double> s = new LinkedHashMap<>();
        s.put("input_gain_g", gain(LIMITER_GAIN_DB));
        s.put("threshold_g", gain(CEILING_DB));
        s.put("lookahead_ms", 1.5);
        s.put("release_time_ms", 20.0);  // LSP's maximum; master.limiter releases over 100 ms
        s.put("automatic_level_regulation", 0.0);
        s.put("operating_mode", 0.0);
        s.put("oversampling", (double) oversamplingMode);
        s.put("dithering", 0.0);
        return s;
    }

    /**
     * LSP Multiband Compressor Stereo as master.multiband at 4 bands: splits 2, 4 and 6 on at 120, 800 and
     * 5000 Hz, so the bands are LSP's 0, 2, 4 and 6 (a band takes the index of the split it starts at).
     */
    private static Map<String, Double> lspMultiband() {
        Map<String, Double> s = new LinkedHashMap<>();
        s.put("compressor_mode", 0.0);
        double[] splits = {0, 0, 120, 0, 800, 0, 5000, 0};
        for (int k = 1; k < 8; k++) {
            s.put("compression_band_enable_" + k, splits[k] > 0 ? 1.0 : 0.0);
            if (splits[k] > 0) {
                s.put("split_frequency_" + k + "_hz", splits[k]);
            }
        }
        double[] thresholds = {-20, -20, -28, -28, -30, -30, -32, -32};
        for (int b = 0; b < 8; b++) {
            s.put("attack_threshold_" + b + "_g", gain(thresholds[b]));
            s.put("ratio_" + b, 3.0);
            s.put("attack_time_" + b + "_ms", 5.0);
            s.put("release_time_" + b + "_ms", 80.0);
        }
        return s;
    }

    /** TAP Equalizer with every band at work, near mix.eq's bands. */
    private static Map<String, Double> tapEqualizer() {
        double[] freq = {120, 400, 800, 2800, 3150, 8000, 12000, 18000};
        double[] gain = {3, -4, 1, -2, -6, 4, 2, -3};
        Map<String, Double> s = new LinkedHashMap<>();
        for (int b = 0; b < 8; b++) {
            s.put("band_" + (b + 1) + "_freq_hz", freq[b]);
            s.put("band_" + (b + 1) + "_gain_db", gain[b]);
        }
        return s;
    }

    public static List<String> names() {
        List<String> names = new ArrayList<>();
        for (Peer p : PEERS) {
            names.add(p.name());
        }
        return names;
    }

    public static Peer peer(String name) {
        for (Peer p : PEERS) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown native peer " + name + " (known: " + names() + ")");
    }

    private static PluginRegistry natives;

    /** The native plugins of the default search path, scanned once per JVM on first use. */
    static synchronized PluginRegistry registry() {
        if (natives == null) {
            natives = new PluginRegistry().withLazySource(new NativePlugins());
        }
        return natives;
    }

    /** The peers whose native plugin is not installed, each with what to install; empty when all are there. */
    public static List<String> missing(PluginRegistry natives) {
        List<String> missing = new ArrayList<>();
        for (Peer p : PEERS) {
            if (natives.find(p.nativeId()).isEmpty()) {
                missing.add(p.nativeId() + " (peer " + p.name() + "; Debian package " + p.debianPackage() + ")");
            }
        }
        return missing;
    }

    /** A new instance of the peer's native plugin with its settings; fails naming the package when it is missing. */
    static AudioPlugin create(PluginRegistry natives, String name) {
        Peer peer = peer(name);
        if (natives.find(peer.nativeId()).isEmpty()) {
            throw new IllegalStateException("native peer " + name + " needs " + peer.nativeId()
                    + ", which is not installed (Debian package " + peer.debianPackage() + ", see .ci/run)");
        }
        AudioPlugin plugin = natives.create(peer.nativeId());
        for (Map.Entry<String, Double> e : peer.settings().entrySet()) {
            plugin.descriptor().parameter(e.getKey());  // throws naming the plugin when the port is not there
            plugin.setParameter(e.getKey(), e.getValue());
        }
        return plugin;
    }
}
