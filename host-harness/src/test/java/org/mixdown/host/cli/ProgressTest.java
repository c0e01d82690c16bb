package org.mixdown.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;

class ProgressTest {

    @Test
    void drawsAPercentageAndErasesItselfWhenDone() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Progress progress = Progress.to(new PrintStream(bytes, true), "render", true);
        progress.update(50, 200);
        progress.update(200, 200);
        progress.finish();
        String drawn = bytes.toString();
        assertTrue(drawn.contains("render [") && drawn.contains("25%") && drawn.contains("100%"), drawn);
        assertTrue(drawn.endsWith("\r"), "the bar is erased at the end");
    }

    @Test
    void staysSilentWhenDisabledOrTheTotalIsUnknown() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Progress off = Progress.to(new PrintStream(bytes, true), "render", false);
        off.update(1, 2);
        off.finish();
        Progress unknown = Progress.to(new PrintStream(bytes, true), "render", true);
        unknown.update(1, 0);
        assertEquals("", bytes.toString());
    }
}
