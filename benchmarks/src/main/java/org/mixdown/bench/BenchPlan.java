package org.mixdown.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.annotations.Mode;

/**
 * What {@code ./mixdown bench} runs: passes of one benchmark class over a grid of parameters. The full run
 * covers every Java plugin and both chains at 44.1, 48 and 96 kHz with 256-frame blocks and at 48 kHz with
 * 32, 64 and 1024-frame blocks (6 configurations, not the 12 of the whole grid, to stay under 15 minutes on
 * two cores), and the native peers at 48 kHz with all four block sizes (the report compares at 48 kHz);
 * the worst cases run at 48 kHz: automation every block at 32 frames
 * (per-block cost dominates) and silence after loud input at 256 frames; a sampling run (p99.9) covers
 * the Java plugins and chains at 48 kHz / 256. The quick run keeps the same passes at 48 kHz with 32 and
 * 256-frame blocks.
 */
final class BenchPlan {
    /** One JMH run: a benchmark class and its parameter grid. */
    record Pass(Class<?> benchmark, String what, Map<String, String[]> params, Mode mode) {
        /** Every benchmark key this pass should produce. */
        List<String> keys() {
            List<String> keys = new ArrayList<>();
            String[] names = params.containsKey("plugin") ? params.get("plugin")
                    : params.containsKey("chain") ? prefixed("chain:", params.get("chain"))
                    : prefixed("native:", params.get("peer"));
            String[] scenarios = params.getOrDefault("scenario", new String[] {Scenario.STEADY.id()});
            for (String name : names) {
                for (String scenario : scenarios) {
                    for (String rate : params.get("sampleRate")) {
                        for (String block : params.get("blockSize")) {
                            keys.add(BenchKey.of(name, scenario, Integer.parseInt(rate), Integer.parseInt(block)));
                        }
                    }
                }
            }
            return keys;
        }

        Pass sampling() {
            return new Pass(benchmark, what, params, Mode.SampleTime);
        }

        private static String[] prefixed(String prefix, String[] names) {
            String[] out = new String[names.length];
            for (int i = 0; i < names.length; i++) {
                out[i] = prefix + names[i];
            }
            return out;
        }
    }

    private BenchPlan() {
    }

    /** The passes; {@code only}, when not null, keeps the benchmarks whose name (id, chain or peer) contains it. */
    static List<Pass> passes(boolean quick, String only) {
        String[] plugins = filter(BenchSettings.benchmarkIds(), only);
        String[] chains = filter(List.of("mastering", "mixbus16"), only);
        String[] peers = filter(NativePeers.names(), only);
        List<String[][]> grids = quick
                ? List.<String[][]>of(new String[][] {{"48000"}, {"32", "256"}})
                : List.<String[][]>of(new String[][] {{"44100", "48000", "96000"}, {"256"}},
                          new String[][] {{"48000"}, {"32", "64", "1024"}});
        List<Pass> passes = new ArrayList<>();
        for (String[][] grid : grids) {
            passes.add(pass(PluginBenchmark.class, "plugins", "plugin", plugins, grid,
                    new String[] {Scenario.STEADY.id()}));
            passes.add(pass(ChainBenchmark.class, "chains", "chain", chains, grid, null));
            String[][] peerGrid = quick ? grid : new String[][] {{"48000"}, grid[1]};
            passes.add(pass(NativePeerBenchmark.class, "native peers", "peer", peers, peerGrid, null));
        }
        passes.add(pass(PluginBenchmark.class, "automation every block", "plugin", plugins,
                new String[][] {{"48000"}, {"32"}}, new String[] {Scenario.AUTOMATION.id()}));
        passes.add(pass(PluginBenchmark.class, "silence after loud input", "plugin", plugins,
                new String[][] {{"48000"}, {"256"}}, new String[] {Scenario.SILENCE_AFTER_LOUD.id()}));
        // the worst case short of outliers, from JMH's sampling mode, for the summary's configuration
        String[][] summary = {{"48000"}, {"256"}};
        passes.add(pass(PluginBenchmark.class, "p99.9 sampling", "plugin", plugins, summary,
                new String[] {Scenario.STEADY.id()}).sampling());
        passes.add(pass(ChainBenchmark.class, "p99.9 sampling", "chain", chains, summary, null).sampling());
        passes.removeIf(p -> p.params().values().iterator().next().length == 0);
        return passes;
    }

    private static String[] filter(List<String> names, String only) {
        return names.stream().filter(n -> only == null || n.contains(only)).toArray(String[]::new);
    }

    private static Pass pass(Class<?> benchmark, String what, String nameParam, String[] names, String[][] grid,
                             String[] scenarios) {
        Map<String, String[]> params = new LinkedHashMap<>();
        params.put(nameParam, names);
        if (scenarios != null) {
            params.put("scenario", scenarios);
        }
        params.put("sampleRate", grid[0]);
        params.put("blockSize", grid[1]);
        return new Pass(benchmark, what, params, Mode.AverageTime);
    }

    /** Human-readable coverage, for the report. */
    static String coverage(boolean quick) {
        return quick
                ? "quick: one JVM for all benchmarks (timings rough), 48 kHz, blocks 32 and 256; automation every block at 32, silence after loud input at 256"
                : "full: one forked JVM per benchmark; 44.1/48/96 kHz at 256 frames and 48 kHz at 32/64/1024 frames (native peers at 48 kHz only); automation every block at 48 kHz/32, silence after loud input at 48 kHz/256";
    }
}
