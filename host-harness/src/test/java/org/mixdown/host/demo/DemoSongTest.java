package org.mixdown.host.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DemoSongTest {
    @Test
    void lengthsEndOnTheTonic() {
        assertEquals(21, DemoSong.barsFor(40));   // 42 s: five passes of the progression and the closing bar
        assertEquals(5, DemoSong.barsFor(10));
        assertEquals(DemoSong.MIN_BARS, DemoSong.barsFor(0));
        for (int seconds = 10; seconds <= 300; seconds += 7) {
            assertEquals(1, DemoSong.barsFor(seconds) % 4, seconds + " s");
            assertTrue(Math.abs(DemoSong.barsFor(seconds) * 2 - seconds) <= 5, seconds + " s");
        }
    }

    @Test
    void everyStemSoundsAndStaysUnderFullScale() {
        DemoSong song = new DemoSong(48_000, 5);
        Map<String, float[]> stems = song.stems();
        assertEquals(6, stems.size());
        stems.forEach((name, x) -> {
            assertEquals(song.frames(), x.length, name);
            double peak = 0;
            for (float v : x) {
                assertTrue(Float.isFinite(v), name);
                peak = Math.max(peak, Math.abs(v));
            }
            assertTrue(peak > 0.05 && peak < 1, name + " peaks at " + peak);
        });
    }

    @Test
    void theLeadIsInAMinor() {
        // the lead's strongest partial in its last bar is the tonic, A4 (440 Hz)
        DemoSong song = new DemoSong(48_000, 5);
        float[] lead = song.stems().get("lead");
        int start = (int) (song.seconds() - 2) * 48_000;
        double best = 0;
        double bestHz = 0;
        for (double hz = 400; hz <= 480; hz += 1) {
            double re = 0;
            double im = 0;
            for (int i = 0; i < 48_000; i++) {
                re += lead[start + i] * Math.cos(2 * Math.PI * hz * i / 48_000);
                im += lead[start + i] * Math.sin(2 * Math.PI * hz * i / 48_000);
            }
            if (re * re + im * im > best) {
                best = re * re + im * im;
                bestHz = hz;
            }
        }
        assertEquals(440, bestHz, 2);
    }
}
