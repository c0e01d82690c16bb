package org.mixdown.bench;

/** The key of one benchmark result: what ran (plugin id, {@code chain:NAME} or {@code native:PEER}), how, at what rate and block. */
final class BenchKey {
    private BenchKey() {
    }

    static String of(String name, String scenario, int sampleRate, int blockSize) {
        return name + "|" + scenario + "|" + sampleRate + "|" + blockSize;
    }
}
