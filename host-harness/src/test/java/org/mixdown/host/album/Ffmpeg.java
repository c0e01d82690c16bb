package org.mixdown.host.album;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An independent loudness meter for the tests: ffmpeg's ebur128 filter (integrated loudness, true peak). */
final class Ffmpeg {
    record Reading(double integratedLufs, double truePeakDbtp) {
    }

    private Ffmpeg() {
    }

    /** Measures {@code file}; fails the test when ffmpeg is missing (CI installs it). */
    static Reading ebur128(Path file) throws Exception {
        Process process;
        try {
            process = new ProcessBuilder("ffmpeg", "-hide_banner", "-nostats", "-i", file.toString(),
                    "-filter_complex", "ebur128=peak=true", "-f", "null", "-").redirectErrorStream(true).start();
        } catch (IOException e) {
            fail("ffmpeg is needed for this test (install it: apt-get install ffmpeg): " + e.getMessage());
            throw e;
        }
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "ffmpeg did not finish");
        assertEquals(0, process.exitValue(), output);
        int summary = output.lastIndexOf("Summary:");
        assertTrue(summary >= 0, output);
        String tail = output.substring(summary);
        Matcher i = Pattern.compile("I:\\s+(-?[0-9.]+) LUFS").matcher(tail);
        Matcher p = Pattern.compile("Peak:\\s+(-?[0-9.]+|-inf) dBFS").matcher(tail);
        assertTrue(i.find() && p.find(), tail);
        double peak = p.group(1).equals("-inf") ? Double.NEGATIVE_INFINITY : Double.parseDouble(p.group(1));
        return new Reading(Double.parseDouble(i.group(1)), peak);
    }
}
