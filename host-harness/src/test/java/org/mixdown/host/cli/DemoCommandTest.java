package org.mixdown.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mixdown.host.analysis.AnalysisResult;
import org.mixdown.host.analysis.Analyzer;

class DemoCommandTest {
    @TempDir
    Path dir;

    @Test
    void demoWritesAStereoMixAndPrintsItsAnalysis() throws Exception {
        Path target = dir.resolve("demo");
        Cli cli = Cli.run("demo", "-o", target.toString());
        assertEquals(0, cli.status, cli.toString());
        Path mix = target.resolve("mix.wav");
        assertTrue(Files.exists(mix));
        AnalysisResult result = Analyzer.analyze(mix);
        assertEquals(2, result.channels());
        assertTrue(result.durationSeconds() > 15, "song length " + result.durationSeconds());
        assertTrue(result.integratedLufs() > -40 && result.integratedLufs() < -5, "loudness " + result.integratedLufs());
        assertTrue(cli.out.contains("integrated"), cli.out);
    }
}
