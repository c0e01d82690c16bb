package org.mixdown.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BudgetReportTest {

    @Test
    void budgetSharesFollowTheIssues() {
        assertEquals(0.01, BudgetReport.shareFor("mix.eq"));
        assertEquals(0.015, BudgetReport.shareFor("mix.strip"));
        assertEquals(0.03, BudgetReport.shareFor("mix.reverb"));
        assertEquals(0.03, BudgetReport.shareFor("master.eq@linear"));
        assertEquals(0.03, BudgetReport.shareFor("chain:mastering"));
        assertEquals(0.10, BudgetReport.shareFor("chain:mixbus16"));
    }

    @Test
    void peerRatioIsJavaOverNativeAtTheSameRateAndBlock() {
        List<Map<String, Object>> rows = new ArrayList<>();
        rows.add(row("master.limiter", 48000, 256, 3000.0));
        rows.add(row("master.limiter", 48000, 32, 900.0));
        Map<String, Object> lsp = row("native:lsp-limiter", 48000, 256, 1500.0);
        lsp.put("peerOf", "master.limiter");
        rows.add(lsp);
        PeerRatios.apply(rows);
        assertEquals(2.0, lsp.get("ratioJavaToNative"));
        assertEquals(Map.of("lsp-limiter", 2.0), rows.get(0).get("nativePeerRatios"));
        assertFalse(rows.get(1).containsKey("nativePeerRatios"), "no peer measured at 32 frames");
    }

    @Test
    void everyPeerIsComparedWithABenchmarkedJavaPlugin() {
        var ids = BenchSettings.benchmarkIds();
        for (NativePeers.Peer peer : NativePeers.PEERS) {
            assertTrue(ids.contains(peer.javaId()), peer.name() + " compares with " + peer.javaId());
        }
    }

    /** The peers are part of the report: they must be installed (see .ci/run), and their settings must name real ports. */
    @Test
    void everyNativePeerIsInstalledAndTakesItsSettings() {
        var natives = NativePeers.registry();
        assertEquals(List.of(), NativePeers.missing(natives));
        for (NativePeers.Peer peer : NativePeers.PEERS) {
            try (var plugin = NativePeers.create(natives, peer.name())) {
                for (var e : peer.settings().entrySet()) {
                    var spec = plugin.descriptor().parameter(e.getKey());
                    assertEquals(spec.validate(e.getValue()), plugin.parameter(e.getKey()), 1e-4,
                            peer.name() + " " + e.getKey());
                }
            } catch (Exception e) {
                throw new AssertionError(peer.name(), e);
            }
        }
    }

    @Test
    void theFullPlanCoversEveryPluginChainAndPeerOnceAtEachConfiguration() {
        List<String> keys = new ArrayList<>();
        BenchPlan.passes(false, null).stream().filter(p -> p.mode() == org.openjdk.jmh.annotations.Mode.AverageTime)
                .forEach(p -> keys.addAll(p.keys()));
        assertEquals(keys.size(), new HashSet<>(keys).size(), "no benchmark twice");
        int plugins = BenchSettings.benchmarkIds().size();
        int steady = (plugins + 2) * 6 + NativePeers.PEERS.size() * 4;  // the peers at 48 kHz only
        assertEquals(steady + 2 * plugins, keys.size());
        assertTrue(keys.contains("chain:mastering|steady|96000|256"));
        assertTrue(keys.contains("native:swh-amp|steady|48000|32"));
        assertTrue(keys.contains("native:lsp-limiter|steady|48000|256"));
        assertFalse(keys.contains("native:lsp-limiter|steady|96000|256"));
        assertTrue(keys.contains("mix.eq|automation|48000|32"));
        assertTrue(keys.contains("mix.reverb|silence-after-loud|48000|256"));
    }

    @Test
    void theAutomatedParametersExist() {
        for (var e : Scenario.AUTOMATED.entrySet()) {
            var descriptor = BenchSettings.registry().factory(e.getKey()).descriptor();
            assertTrue(descriptor.parameterIndex(e.getValue()) >= 0, e.getKey() + " has " + e.getValue());
        }
    }

    @Test
    void silenceAfterLoudFeedsSilenceAfterTheBurst() {
        try (BlockStream stream = new BlockStream("mix.gain", BenchSettings.create("mix.gain"), 48000, 256,
                Scenario.SILENCE_AFTER_LOUD)) {
            int loudBlocks = (int) (Scenario.LOUD_SECONDS * 48000) / 256;
            float loudest = 0;
            for (int b = 0; b < loudBlocks; b++) {
                loudest = Math.max(loudest, Math.abs(stream.next()));
            }
            float after = 0;
            for (int b = 0; b < 1000; b++) {
                after = Math.max(after, Math.abs(stream.next()));
            }
            assertTrue(loudest > 0.01, "loud burst " + loudest);
            assertEquals(0, after, 1e-6, "silence after the burst (the gain's smoothing has settled)");
        }
    }

    /** A stall is an error above the mean; the report says when a row was measured again, and what it read first. */
    @Test
    void aStalledRowIsToldAndARemeasuredOneShowsItsFirstRun() {
        Map<String, Object> steady = row("master.limiter", 48000, 256, 20000.0);
        steady.put("nsError", 3000.0);
        Map<String, Object> stalled = row("chain:mastering", 48000, 256, 200000.0);
        stalled.put("nsError", 800000.0);
        assertFalse(BudgetReport.stalled(steady));
        assertTrue(BudgetReport.stalled(stalled));
        assertFalse(BudgetReport.stalled(row("mix.gain", 48000, 256, 100.0)), "no error: not a stall");
        Map<String, Object> again = row("chain:mastering", 48000, 256, 120000.0);
        again.put("nsError", 9000.0);
        again.put("nsPerBlockFirstRun", 200000.0);
        again.put("nsErrorFirstRun", 800000.0);
        Map<String, Object> host = Map.of("referenceNsPerElement", 0.2, "twoThreadScaling", 1.9);
        String md = BudgetMarkdown.render(List.of(again), false, "full", 15, Map.of("start", host, "end", host));
        assertTrue(md.contains("120000 ± 9000 (measured again; first 200000 ± 800000)"), md);
    }

    /** The full run keeps to its 15 minutes: past the deadline a stalled row over its share is left as measured. */
    @Test
    void noRowIsMeasuredAgainPastTheDeadline() throws Exception {
        Map<String, Object> stalled = row("chain:mastering", 48000, 256, 200000.0);
        stalled.put("nsError", 800000.0);
        stalled.put("over", true);
        List<Map<String, Object>> rows = new ArrayList<>(List.of(stalled));
        long start = System.nanoTime();
        BudgetReport.remeasureStalls(rows, Path.of("target", "no-probe"), start);
        assertSame(stalled, rows.get(0));
        assertFalse(stalled.containsKey("nsPerBlockRemeasured"), "measured again");
        assertTrue(System.nanoTime() - start < 5_000_000_000L, "no fork was started");
    }

    private static Map<String, Object> row(String name, int rate, int block, double ns) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("name", name);
        row.put("scenario", "steady");
        row.put("sampleRate", rate);
        row.put("blockSize", block);
        row.put("nsPerBlock", ns);
        return row;
    }
}
