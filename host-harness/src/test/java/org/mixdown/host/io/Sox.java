package org.mixdown.host.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Runs external audio tools (sox, ffmpeg) as independent references. A missing tool fails the test: the check
 * must never pass by being skipped.
 */
final class Sox {
    private Sox() {
    }

    /** Runs a command and returns its standard output; fails the test on a missing tool or non-zero exit. */
    static byte[] run(String... command) {
        return run(List.of(command));
    }

    static byte[] run(List<String> command) {
        return exec(command).stdout();
    }

    /** Runs a command and returns what it printed on standard error (sox prints {@code stat} there). */
    static String stderr(String... command) {
        return new String(exec(List.of(command)).stderr(), StandardCharsets.UTF_8);
    }

    private record Output(byte[] stdout, byte[] stderr) {
    }

    private static Output exec(List<String> command) {
        Process process;
        try {
            process = new ProcessBuilder(command).start();
        } catch (IOException e) {
            return fail("'" + command.get(0) + "' must be installed for this test (apt-get install "
                    + command.get(0) + "): " + e.getMessage());
        }
        try {
            process.getOutputStream().close();
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
            byte[] out = readAll(process.getInputStream());
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail(String.join(" ", command) + " timed out");
            }
            byte[] errBytes = err.join();
            assertEquals(0, process.exitValue(), String.join(" ", command) + " failed: "
                    + new String(errBytes, StandardCharsets.UTF_8));
            return new Output(out, errBytes);
        } catch (IOException | InterruptedException e) {
            return fail(String.join(" ", command) + ": " + e);
        }
    }

    static String text(String... command) {
        return new String(run(command), StandardCharsets.UTF_8);
    }

    /** sox's own decoding of {@code file}: little-endian float32 interleaved, no dither. */
    static float[] decodeWithSox(Path file) {
        return floats(run("sox", "-D", file.toString(), "-t", "raw", "-e", "floating-point", "-b", "32", "-L", "-"));
    }

    /** ffmpeg's decoding of {@code file} as little-endian float32 interleaved. */
    static float[] decodeWithFfmpeg(Path file) {
        return floats(run("ffmpeg", "-v", "error", "-i", file.toString(), "-f", "f32le", "-"));
    }

    private static final Map<String, Boolean> AVAILABLE = new ConcurrentHashMap<>();

    /** Whether {@code tool -version} runs (asked once per tool). */
    static boolean available(String tool) {
        return AVAILABLE.computeIfAbsent(tool, Sox::runs);
    }

    private static boolean runs(String tool) {
        try {
            Process p = new ProcessBuilder(tool, "-version").redirectErrorStream(true).start();
            readAll(p.getInputStream());
            p.waitFor(10, TimeUnit.SECONDS);
            return true;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    static float[] floats(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[bytes.length / 4];
        b.asFloatBuffer().get(out);
        return out;
    }

    /** The value of a "Key : value" line of {@code sox --i} or {@code sox -n stat} output. */
    static String field(String report, String key) {
        List<String> found = new ArrayList<>();
        for (String line : report.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equals(key)) {
                found.add(line.substring(colon + 1).trim());
            }
        }
        if (found.isEmpty()) {
            fail("no '" + key + "' in:\n" + report);
        }
        return found.get(0);
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
