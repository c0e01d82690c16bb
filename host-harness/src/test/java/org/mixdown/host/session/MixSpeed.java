package org.mixdown.host.session;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.mixdown.host.PluginRegistry;
import org.mixdown.host.io.DiscardChannel;
import org.mixdown.host.io.SampleEncoding;
import org.mixdown.host.io.WavFormat;
import org.mixdown.host.io.WavWriter;
import org.mixdown.testkit.Signals;

/**
 * Speed harness (not a test): how many times faster than real time a 4-track, 3-minute session renders,
 * with a channel strip on every track, a reverb bus and a mastering chain, using the plugins the registry
 * has (it prints which). A 20-second session runs first to warm up the JIT. Run:
 * <pre>
 * mvn -q -o -pl host-harness -am test-compile
 * java -cp "$(cat cp.txt)" org.mixdown.host.session.MixSpeed [seconds]
 * </pre>
 */
public final class MixSpeed {
    static final int RATE = 48000;

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 180;
        PluginRegistry registry = PluginRegistry.javaPlugins();
        Path dir = Files.createTempDirectory("mix-speed");
        try {
            String json = session(registry, dir, seconds);
            render(dir, json, registry, true);
            double cpuBefore = processCpuSeconds();
            double elapsed = render(dir, json, registry, false);
            double cpu = processCpuSeconds() - cpuBefore;
            System.out.printf(Locale.ROOT, "%d tracks x %d s at %d Hz rendered in %.2f s: %.1fx real time"
                    + " (CPU %.2f s: %.1fx real time per core, %.2f cores busy)%n", 4, seconds, RATE, elapsed,
                    seconds / elapsed, cpu, seconds / cpu, cpu / elapsed);
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(dir);
        }
    }

    private static String session(PluginRegistry registry, Path dir, int seconds) throws Exception {
        String strip = registry.find("mix.strip").isPresent()
                // a strip at work: high-pass, two EQ bands, compressing about 4 dB (the first track, the
                // "drums", also saturating at 2x oversampling)
                ? "\"strip\": {\"filter.hpf.on\": true, \"eq.enabled\": true, \"eq.b2.gain\": 2.5,"
                + " \"eq.b5.gain\": -2, \"comp.enabled\": true, \"comp.threshold\": -24, \"comp.ratio\": 3}, "
                : "\"inserts\": [" + String.join(", ", present(registry, "{\"plugin\": \"mix.eq\"}",
                "{\"plugin\": \"mix.compressor\", \"params\": {\"threshold\": -18}}")) + "], ";
        // the reverb bus holds the reverb (a delay stands in only where no reverb is registered)
        List<String> wet = present(registry, "{\"plugin\": \"mix.reverb\", \"params\": {\"mix\": 100}}",
                "{\"plugin\": \"mix.delay\"}");
        String reverb = wet.isEmpty() ? "" : wet.get(0);
        String master = String.join(", ", present(registry, "{\"plugin\": \"master.eq\"}",
                "{\"plugin\": \"master.multiband\"}", "{\"plugin\": \"master.imager\"}",
                "{\"plugin\": \"master.limiter\"}"));
        // -Dmixspeed.only=master.limiter,mix.eq keeps only those plugins (to see where the time goes)
        String only = System.getProperty("mixspeed.only");
        if (only != null) {
            List<String> keep = List.of(only.split(","));
            strip = strip.contains("strip") ? strip : "\"inserts\": [" + String.join(", ", keepOnly(keep,
                    "{\"plugin\": \"mix.eq\"}", "{\"plugin\": \"mix.compressor\", \"params\": {\"threshold\": -18}}"))
                    + "], ";
            master = String.join(", ", keepOnly(keep, master.split(", (?=\\{)")));
            reverb = String.join(", ", keepOnly(keep, reverb.split(", (?=\\{)")));
        }
        System.out.println("track chain: " + strip + "(the first track also saturates at 2x)");
        System.out.println("reverb bus: [" + reverb + "]");
        System.out.println("master chain: [" + master + "]");
        StringBuilder tracks = new StringBuilder();
        for (int t = 0; t < 4; t++) {
            Path stem = dir.resolve("t" + t + ".wav");
            float[] l = Signals.pinkNoise(seconds * RATE, 0.4, 10 + t);
            float[] r = Signals.pinkNoise(seconds * RATE, 0.4, 20 + t);
            try (WavWriter w = WavWriter.create(stem, new WavFormat(2, RATE, SampleEncoding.PCM_24))) {
                w.write(new float[][] {l, r}, 0, l.length);
                w.commit();
            }
            String trackStrip = t == 0 && strip.startsWith("\"strip")
                    ? strip.replace("}, ", ", \"sat.enabled\": true, \"sat.drive\": 6, \"sat.oversampling\": 2}, ")
                    : strip;
            tracks.append(t == 0 ? "" : ", ").append("{\"file\": \"t").append(t).append(".wav\", ").append(trackStrip)
                    .append("\"pan\": ").append(-60 + 40 * t)
                    .append(", \"sends\": [{\"bus\": \"reverb\", \"level\": -12}]}");
        }
        return "{\"tracks\": [" + tracks + "], \"buses\": [{\"name\": \"reverb\", \"chain\": [" + reverb + "]}],"
                + " \"master\": {\"chain\": [" + master + "]}}";
    }

    /** CPU time of the whole process (all threads), to tell work from waiting. */
    private static double processCpuSeconds() {
        var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean bean ? bean.getProcessCpuTime() / 1e9 : 0;
    }

    private static List<String> keepOnly(List<String> ids, String... slots) {
        List<String> kept = new ArrayList<>();
        for (String slot : slots) {
            if (!slot.isBlank() && ids.contains(slot.replaceAll(".*\"plugin\": \"([^\"]+)\".*", "$1"))) {
                kept.add(slot);
            }
        }
        return kept;
    }

    private static List<String> present(PluginRegistry registry, String... slots) {
        List<String> found = new ArrayList<>();
        for (String slot : slots) {
            String id = slot.replaceAll(".*\"plugin\": \"([^\"]+)\".*", "$1");
            if (registry.find(id).isPresent()) {
                found.add(slot);
            }
        }
        return found;
    }

    /** -Dmixspeed.threads=N sets the mixer's thread count; without it, the mixer's default. */
    private static Mixer threads(Mixer mixer) {
        Integer threads = Integer.getInteger("mixspeed.threads");
        return threads == null ? mixer : mixer.threads(threads);
    }

    /** Renders the session (the first 20 s only when warming up); returns the seconds taken. */
    private static double render(Path dir, String json, PluginRegistry registry, boolean warmUp) throws Exception {
        Path file = dir.resolve("session.json");
        Files.writeString(file, json);
        try (Session session = Session.read(file, registry);
             Mixer mixer = threads(new Mixer(session, Integer.getInteger("mixspeed.block", 512)));
             WavWriter writer = WavWriter.create(new DiscardChannel(), "mix.wav",
                     new WavFormat(2, RATE, SampleEncoding.PCM_24))) {
            long start = System.nanoTime();
            if (warmUp) {
                long[] stop = {20L * RATE};
                try {
                    mixer.render(writer, null, SampleEncoding.PCM_24, null, (done, total) -> {
                        if (done >= stop[0]) {
                            throw new WarmedUp();
                        }
                    });
                } catch (WarmedUp e) {
                    return 0;
                }
            } else {
                mixer.render(writer, null, SampleEncoding.PCM_24, null, null);
            }
            return (System.nanoTime() - start) / 1e9;
        }
    }

    private static final class WarmedUp extends RuntimeException {
        WarmedUp() {
            super(null, null, false, false);
        }
    }
}
