package org.mixdown.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A 60-minute stereo 96 kHz render streams through the chain in a JVM limited to 256 MB of heap: the
 * memory does not grow with the length of the audio.
 */
class StreamingMemoryTest {

    @Test
    void sixtyMinutesAt96kHzStayUnder256MbOfHeap() throws Exception {
        long frames = 60L * 60 * 96_000;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-Xmx256m", "-XX:+UseSerialGC", "-cp",
                System.getProperty("java.class.path"), StreamingMemoryCheck.class.getName(), "96000",
                Long.toString(frames)).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), "render did not finish");
        assertEquals(0, process.exitValue(), output);
        Matcher m = Pattern.compile("frames=(\\d+) peakHeapBytes=(\\d+)").matcher(output);
        assertTrue(m.find(), output);
        assertEquals(frames, Long.parseLong(m.group(1)));
        long peak = Long.parseLong(m.group(2));
        assertTrue(peak < 256L << 20, "peak heap " + (peak >> 20) + " MB");
    }
}
