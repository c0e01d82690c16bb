package org.mixdown.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders the budget rows as {@code budget.md}: a summary at 48 kHz / 256 frames, a table per plugin, a legend. */
final class BudgetMarkdown {
    private static final int SUMMARY_RATE = 48000;
    private static final int SUMMARY_BLOCK = 256;

    private BudgetMarkdown() {
    }

    static String render(List<Map<String, Object>> rows, boolean quick, String coverage, double minutes,
                         Map<String, Object> host) {
        StringBuilder md = new StringBuilder();
        md.append("# Mixdown real-time budget").append(quick ? " (quick run: timings are rough)" : "").append("\n\n");
        md.append(String.format(Locale.ROOT, "%s. %d cores, Java %s, %.1f minutes.%n%n", capitalise(coverage),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), minutes));
        hostLine(md, host);
        long over = rows.stream().filter(r -> Boolean.TRUE.equals(r.get("over"))).count();
        md.append(over == 0 ? "Nothing is OVER.\n\n" : "**" + over + " row(s) OVER** (marked below).\n\n");
        summary(md, rows);
        Map<String, List<Map<String, Object>>> groups = new LinkedHashMap<>();
        for (Map<String, Object> r : rows) {
            groups.computeIfAbsent(BudgetReport.groupOf(r), k -> new ArrayList<>()).add(r);
        }
        md.append("## Per plugin\n\n");
        for (var group : groups.entrySet()) {
            md.append("### ").append(group.getKey()).append("\n\n");
            md.append("| what | scenario | rate | block | ns/block | % of block | share % | x real time | B/block | p99.9 ns | java/native | host | |\n");
            md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
            for (Map<String, Object> r : group.getValue()) {
                row(md, r);
            }
            md.append('\n');
        }
        legend(md);
        return md.toString();
    }

    private static void summary(StringBuilder md, List<Map<String, Object>> rows) {
        md.append(String.format(Locale.ROOT, "## Summary: steady programme, %d Hz, %d frames%n%n", SUMMARY_RATE,
                SUMMARY_BLOCK));
        md.append("| plugin | ns/block | % of block | share % | x real time | B/block | p99.9 ns | java/native peer | automation @32 % | silence after loud % | host | |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---|\n");
        for (Map<String, Object> r : rows) {
            if (BudgetReport.isNative(r) || !r.get("scenario").equals(Scenario.STEADY.id())
                    || !r.get("sampleRate").equals(SUMMARY_RATE) || !r.get("blockSize").equals(SUMMARY_BLOCK)) {
                continue;
            }
            String name = (String) r.get("name");
            Map<String, Object> automation = find(rows, name, Scenario.AUTOMATION.id());
            Map<String, Object> silence = find(rows, name, Scenario.SILENCE_AFTER_LOUD.id());
            boolean anyOver = rows.stream().anyMatch(o -> o.get("name").equals(name) && Boolean.TRUE.equals(o.get("over")));
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n", name,
                    num(r.get("nsPerBlock"), "%.0f"), num(r.get("budgetPercent"), "%.3f"),
                    num(r.get("budgetSharePercent"), "%.1f"), num(r.get("realTimeFactor"), "%.0f"),
                    num(r.get("bytesPerBlock"), "%.1f"), num(r.get("p999NsPerBlock"), "%.0f"), peerRatios(r),
                    automation == null ? "-" : num(automation.get("budgetPercent"), "%.3f"),
                    silence == null ? "-" : num(silence.get("budgetPercent"), "%.3f"),
                    num(r.get("hostNsPerElement"), "%.3f"), r.containsKey("error") ? "ERROR" : anyOver ? "OVER" : "ok"));
        }
        md.append('\n');
    }

    private static Map<String, Object> find(List<Map<String, Object>> rows, String name, String scenario) {
        return rows.stream().filter(o -> o.get("name").equals(name) && o.get("scenario").equals(scenario))
                .findFirst().orElse(null);
    }

    private static String peerRatios(Map<String, Object> r) {
        if (!(r.get("nativePeerRatios") instanceof Map<?, ?> ratios) || ratios.isEmpty()) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        ratios.forEach((peer, ratio) -> parts.add(String.format(Locale.ROOT, "%.2f %s", (Double) ratio, peer)));
        return String.join(", ", parts);
    }

    private static void row(StringBuilder md, Map<String, Object> r) {
        boolean nativePeer = BudgetReport.isNative(r);
        String what = nativePeer ? "native " + ((String) r.get("name")).substring("native:".length())
                + " (`" + r.get("nativeId") + "`)" : (String) r.get("name");
        if (r.containsKey("error")) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | | | | | | | | | ERROR |%n", what, r.get("scenario"),
                    r.get("sampleRate"), r.get("blockSize")));
            return;
        }
        boolean aboveShare = r.get("budgetPercent") instanceof Double pct && r.get("budgetSharePercent") instanceof Double sh
                && pct > sh;
        String mark = nativePeer ? "info" : Boolean.TRUE.equals(r.get("over")) ? "**OVER**"
                : aboveShare ? "above share (not judged)" : "ok";
        md.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n", what,
                r.get("scenario"), r.get("sampleRate"), r.get("blockSize"),
                num(r.get("nsPerBlock"), "%.0f") + (r.get("nsError") instanceof Double e ? String.format(Locale.ROOT, " ± %.0f", e) : "")
                        + (r.get("nsPerBlockFirstRun") instanceof Double first ? String.format(Locale.ROOT,
                        " (measured again; first %.0f ± %.0f)", first, (Double) r.get("nsErrorFirstRun")) : "")
                        + (r.get("nsPerBlockRemeasured") instanceof Double again ? String.format(Locale.ROOT,
                        " (measured again: %.0f, no steadier)", again) : ""),
                num(r.get("budgetPercent"), "%.3f"), num(r.get("budgetSharePercent"), "%.1f"),
                num(r.get("realTimeFactor"), "%.0f"), num(r.get("bytesPerBlock"), "%.1f"),
                num(r.get("p999NsPerBlock"), "%.0f"), nativePeer ? num(r.get("ratioJavaToNative"), "%.2f") : "",
                num(r.get("hostNsPerElement"), "%.3f"), mark));
    }

    private static String num(Object value, String format) {
        return value instanceof Number n ? String.format(Locale.ROOT, format, n.doubleValue()) : "-";
    }

    private static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** The host check at the start and end of the run (see {@link HostCheck}). */
    @SuppressWarnings("unchecked")
    private static void hostLine(StringBuilder md, Map<String, Object> host) {
        Map<String, Object> start = (Map<String, Object>) host.get("start");
        Map<String, Object> end = (Map<String, Object>) host.get("end");
        md.append(String.format(Locale.ROOT, "Host check (reference FMA kernel, ns per element, lower is faster): "
                        + "%s at the start, %s at the end; two threads together do %sx / %sx the work of one.%n%n",
                start.get("referenceNsPerElement"), end.get("referenceNsPerElement"), start.get("twoThreadScaling"),
                end.get("twoThreadScaling")));
    }

    private static void legend(StringBuilder md) {
        md.append("## How to read this\n\n");
        md.append("- **ns/block**: mean time to process one stereo block (JMH AverageTime over 16 blocks per call; ± is JMH's 99.9 % confidence half-width).\n");
        md.append("- **% of block**: that time as a share of the block's duration (256 frames at 48 kHz = 5.33 ms). The **share %** is the budget: 1 % for a single plugin, 1.5 % for `mix.strip`, 3 % for the reverb, linear-phase modes and the mastering chain, 10 % for the 16-track mix bus.\n");
        md.append("- **x real time**: how many times faster than real time on one core (100 / % of block).\n");
        md.append("- **B/block**: bytes the benchmark thread allocated per block in the last measured iteration (the JVM's per-thread counter, without JMH's bookkeeping; JMH's `gc.alloc.rate.norm` is in budget.json as `gcAllocRateNorm`). Anything >= 1 is an allocation in `process`.\n");
        md.append("- **p99.9 ns**: from a separate JMH SampleTime run (48 kHz / 256, Java plugins and chains): the 99.9th percentile of the sampled 16-block calls, per block; the worst case short of outliers (one slow block among 16 is diluted). `-` where not sampled.\n");
        md.append("- **java/native**: the Java plugin's mean divided by the native peer's, same rate, block and programme (below 1: we are faster). Native peers run through our JNA bridge, so their time includes the bridge's copy in and out; `swh-amp` (a unity gain) is that overhead alone.\n");
        md.append("- **scenario**: `steady` = the programme (the budget figure); `automation` = one parameter moved by an event in the middle of every block; `silence-after-loud` = 0.25 s of loud programme then 30 s of digital silence, over and over (a plugin that lets its state go subnormal is slow here).\n");
        md.append("- **OVER**: a Java plugin or chain whose mean on the steady programme at 256 frames exceeds its share (the shares are of the 256-frame block's duration), or that allocates anywhere. Other block sizes and the worst-case scenarios are shown against the same share for information: *above share (not judged)*.\n");
        md.append("- **measured again**: in the full run, a Java row over its share whose JMH error exceeded its mean (a fork that met a stall of the host) is measured once more in a fresh fork (at most six rows, the worst stalls first), and the run with the smaller error is kept; the first is shown beside it.\n");
        md.append("- **host**: the host check's one-thread reading (ns per element): the median of short readings taken between that benchmark's measured iterations, on its thread (`HostSampler`): the state of the machine the row was measured in. Rows read at a higher host figure ran on a slower machine.\n");
        md.append("- **Host check**: the same fixed floating-point kernel timed at the start and the end of the run (`HostCheck`). On a virtual machine it moves by up to 1.5x with the host's load, and every row moves with it: compare runs only when it agrees. The two-thread figure is about 2 on two real cores and about 1 when the two virtual cores are hardware threads of one physical core (then a second rendering thread gains nothing).\n");
        md.append("- Native rows are informative (`info`), never OVER. `./mixdown bench` exits 3 only when a benchmark fails, a native peer is missing, or Java code allocates.\n");
    }
}
