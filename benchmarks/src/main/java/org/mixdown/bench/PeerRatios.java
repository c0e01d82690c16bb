package org.mixdown.bench;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ratio of a Java plugin's time to its native peer's, at the same rate and block size in the steady
 * scenario: below 1 the Java plugin is faster, above 1 slower. Written on the native row
 * ({@code ratioJavaToNative}) and, per peer, on the Java row ({@code nativePeerRatios}).
 */
final class PeerRatios {
    private PeerRatios() {
    }

    static void apply(List<Map<String, Object>> rows) {
        Map<String, Map<String, Object>> byKey = new HashMap<>();
        for (Map<String, Object> r : rows) {
            byKey.put(BenchKey.of((String) r.get("name"), (String) r.get("scenario"), (Integer) r.get("sampleRate"),
                    (Integer) r.get("blockSize")), r);
        }
        for (Map<String, Object> nativeRow : rows) {
            if (!BudgetReport.isNative(nativeRow) || !(nativeRow.get("nsPerBlock") instanceof Double nativeNs)) {
                continue;
            }
            Map<String, Object> javaRow = byKey.get(BenchKey.of((String) nativeRow.get("peerOf"),
                    Scenario.STEADY.id(), (Integer) nativeRow.get("sampleRate"), (Integer) nativeRow.get("blockSize")));
            if (javaRow == null || !(javaRow.get("nsPerBlock") instanceof Double javaNs)) {
                continue;
            }
            double ratio = Math.round(100 * javaNs / nativeNs) / 100.0;
            nativeRow.put("ratioJavaToNative", ratio);
            @SuppressWarnings("unchecked")
            Map<String, Double> ratios = (Map<String, Double>) javaRow.computeIfAbsent("nativePeerRatios",
                    k -> new LinkedHashMap<String, Double>());
            ratios.put(((String) nativeRow.get("name")).substring("native:".length()), ratio);
        }
    }
}
