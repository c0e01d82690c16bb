package org.mixdown.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.annotations.Mode;

/**
 * {@code ./mixdown bench [--quick]}: runs every plugin and chain benchmark with JMH's allocation profiler
 * and a sampling run for the worst case, then writes {@code benchmarks/target/budget.json} and
 * {@code budget.md}: ns per block, share of the real-time budget, real-time factor, bytes per block, p99.9,
 * and OVER where a plugin misses its budget share or allocates.
 */
public final class BudgetReport {
    /** Budget shares of the block duration. */
    static final double SINGLE_SHARE = 0.01;
    static final double HEAVY_SHARE = 0.03;
    static final double MASTERING_SHARE = 0.03;
    static final double MIX_BUS_SHARE = 0.10;

    private BudgetReport() {
    }

    public static void main(String[] args) throws RunnerException, IOException {
        boolean quick = List.of(args).contains("--quick");
        Path outDir = Path.of(args.length > 0 && !args[args.length - 1].startsWith("--")
                ? args[args.length - 1] : "benchmarks/target");
        List<String> plugins = BenchSettings.benchmarkIds();
        String[] rates = quick ? new String[] {"48000"} : new String[] {"44100", "48000", "96000"};
        String[] blocks = quick ? new String[] {"64", "256"} : new String[] {"32", "64", "256", "1024"};

        System.err.println("mixdown bench: " + plugins.size() + " plugins x " + rates.length + " rates x "
                + blocks.length + " block sizes" + (quick ? " (quick)" : ""));
        Collection<RunResult> average = new Runner(options(quick, Mode.AverageTime)
                .include(PluginBenchmark.class.getName() + ".processBlock")
                .include(ChainBenchmark.class.getName() + ".processBlock")
                .param("plugin", plugins.toArray(new String[0]))
                .param("sampleRate", rates)
                .param("blockSize", blocks)
                .addProfiler(GCProfiler.class)
                .build()).run();
        Collection<RunResult> sampled = new Runner(options(quick, Mode.SampleTime)
                .include(PluginBenchmark.class.getName() + ".processBlock")
                .include(ChainBenchmark.class.getName() + ".processBlock")
                .param("plugin", plugins.toArray(new String[0]))
                .param("sampleRate", "48000")
                .param("blockSize", blocks)
                .build()).run();

        List<Map<String, Object>> rows = rows(average, sampled);
        List<String> expected = new ArrayList<>();
        for (String name : concat(plugins, List.of("chain:mastering", "chain:mixbus16"))) {
            for (String rate : rates) {
                for (String block : blocks) {
                    expected.add(name + "|" + rate + "|" + block);
                }
            }
        }
        List<String> failed = missing(expected, rows);
        for (String f : failed) {
            String[] parts = f.split("\\|");
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", parts[0]);
            row.put("sampleRate", Integer.parseInt(parts[1]));
            row.put("blockSize", Integer.parseInt(parts[2]));
            row.put("error", "the benchmark failed: see the JMH output above");
            row.put("over", true);
            rows.add(row);
        }
        Files.createDirectories(outDir);
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("quick", quick);
        document.put("java", System.getProperty("java.version"));
        document.put("cores", Runtime.getRuntime().availableProcessors());
        document.put("results", rows);
        json.writeValue(outDir.resolve("budget.json").toFile(), document);
        Files.writeString(outDir.resolve("budget.md"), markdown(rows, quick));
        long over = rows.stream().filter(r -> Boolean.TRUE.equals(r.get("over"))).count();
        System.err.println("mixdown bench: wrote " + outDir.resolve("budget.json") + " and budget.md; " + over
                + " OVER");
        long allocating = rows.stream().filter(r -> r.get("bytesPerBlock") instanceof Double b && b >= 1).count();
        if (allocating > 0 || !failed.isEmpty()) {
            System.err.println("mixdown bench: " + allocating + " benchmark(s) allocate per block, " + failed.size()
                    + " failed: " + failed);
            System.exit(3);
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** The expected benchmark keys that produced no result row. */
    private static List<String> missing(List<String> expected, List<Map<String, Object>> rows) {
        List<String> present = rows.stream()
                .map(r -> r.get("name") + "|" + r.get("sampleRate") + "|" + r.get("blockSize")).toList();
        return expected.stream().filter(k -> !present.contains(k)).toList();
    }

    private static ChainedOptionsBuilder options(boolean quick, Mode mode) {
        TimeValue warm = TimeValue.milliseconds(quick ? 150 : 300);
        TimeValue measure = TimeValue.milliseconds(quick ? 150 : 400);
        return new OptionsBuilder()
                .mode(mode)
                .forks(1)
                .warmupIterations(quick ? 2 : 3).warmupTime(warm)
                .measurementIterations(quick ? 2 : 3).measurementTime(measure)
                .shouldFailOnError(false)
                .jvmArgsAppend("-Xmx1g");
    }

    private static String key(RunResult r) {
        var p = r.getParams();
        String name = p.getBenchmark().contains("ChainBenchmark") ? "chain:" + p.getParam("chain") : p.getParam("plugin");
        return name + "|" + p.getParam("sampleRate") + "|" + p.getParam("blockSize");
    }

    static List<Map<String, Object>> rows(Collection<RunResult> average, Collection<RunResult> sampled) {
        Map<String, Double> p999 = new TreeMap<>();
        for (RunResult r : sampled) {
            Result<?> primary = r.getPrimaryResult();
            var stats = primary.getStatistics();
            p999.put(key(r), stats.getPercentile(99.9));
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (RunResult r : average) {
            var p = r.getParams();
            String[] parts = key(r).split("\\|");
            String name = parts[0];
            double rate = Double.parseDouble(parts[1]);
            int block = Integer.parseInt(parts[2]);
            double ns = r.getPrimaryResult().getScore();
            double blockNs = block / rate * 1e9;
            double share = shareFor(name);
            Result<?> alloc = r.getSecondaryResults().get("gc.alloc.rate.norm");
            if (alloc == null) {
                alloc = r.getSecondaryResults().get("·gc.alloc.rate.norm");
            }
            double bytes = alloc == null || Double.isNaN(alloc.getScore()) ? 0 : alloc.getScore();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", name);
            row.put("sampleRate", (int) rate);
            row.put("blockSize", block);
            row.put("nsPerBlock", round(ns));
            row.put("budgetPercent", Math.round(1e4 * 100 * ns / blockNs) / 1e4);
            row.put("budgetSharePercent", 100 * share);
            row.put("realTimeFactor", round(blockNs / ns));
            row.put("bytesPerBlock", round(bytes));
            row.put("p999NsPerBlock", p999.containsKey(key(r)) ? round(p999.get(key(r))) : null);
            row.put("over", ns > share * blockNs || bytes >= 1);
            rows.add(row);
        }
        rows.sort((a, b) -> {
            int c = ((String) a.get("name")).compareTo((String) b.get("name"));
            if (c != 0) {
                return c;
            }
            c = Integer.compare((Integer) a.get("sampleRate"), (Integer) b.get("sampleRate"));
            return c != 0 ? c : Integer.compare((Integer) a.get("blockSize"), (Integer) b.get("blockSize"));
        });
        return rows;
    }

    /** The budget share of a benchmark: reverb and linear-phase modes and the mastering chain 3 %, the mix bus 10 %. */
    static double shareFor(String name) {
        if (name.equals("chain:mixbus16")) {
            return MIX_BUS_SHARE;
        }
        if (name.equals("chain:mastering")) {
            return MASTERING_SHARE;
        }
        if (name.startsWith("mix.reverb") || name.endsWith("@linear")) {
            return HEAVY_SHARE;
        }
        return SINGLE_SHARE;
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    static String markdown(List<Map<String, Object>> rows, boolean quick) {
        StringBuilder md = new StringBuilder();
        md.append("# Mixdown real-time budget").append(quick ? " (quick run: timings are rough)" : "").append("\n\n");
        md.append("Stereo, mean ns per block (JMH AverageTime), p99.9 from a SampleTime run at 48 kHz, bytes allocated per ")
                .append("block (gc.alloc.rate.norm). Budget = block duration; a plugin is OVER when its mean exceeds its ")
                .append("share (1 %; reverb and linear-phase 3 %; mastering chain 3 %; 16-track mix bus 10 %) or it allocates.\n\n");
        md.append("| benchmark | rate | block | ns/block | % of block | share % | x real time | B/block | p99.9 ns | |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (Map<String, Object> r : rows) {
            if (r.containsKey("error")) {
                md.append(String.format(Locale.ROOT, "| %s | %d | %d | | | | | | | ERROR |\n", r.get("name"),
                        r.get("sampleRate"), r.get("blockSize")));
                continue;
            }
            md.append(String.format(Locale.ROOT, "| %s | %d | %d | %.0f | %.3f | %.0f | %.0f | %.1f | %s | %s |\n",
                    r.get("name"), r.get("sampleRate"), r.get("blockSize"), r.get("nsPerBlock"), r.get("budgetPercent"),
                    r.get("budgetSharePercent"), r.get("realTimeFactor"), r.get("bytesPerBlock"),
                    r.get("p999NsPerBlock") == null ? "-" : String.format(Locale.ROOT, "%.0f", r.get("p999NsPerBlock")),
                    Boolean.TRUE.equals(r.get("over")) ? "OVER" : "ok"));
        }
        return md.toString();
    }
}
