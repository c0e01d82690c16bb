package org.mixdown.host.bridge;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What the bridge tests need from the machine: installed plugin packages, gcc, ffmpeg. A missing one
 * FAILS the test with the package to install (CI installs them); nothing here skips.
 */
public final class NativeTestSupport {
    private NativeTestSupport() {
    }

    /** The file, or a failure naming the Debian package that provides it. */
    public static Path requireFile(String path, String debianPackage) {
        Path p = Path.of(path);
        assertTrue(Files.isRegularFile(p), path + " is missing: install the Debian package " + debianPackage);
        return p;
    }

    /** Fails unless {@code tool} runs (it is looked up on PATH). */
    public static void requireTool(String tool, String debianPackage) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return;
            }
        }
        fail(tool + " is not on PATH: install the Debian package " + debianPackage);
    }

    /**
     * Compiles the test C source {@code bridge/<source>} into {@code dir/<name>.so} with gcc and the given
     * {@code -D} defines.
     */
    public static Path compile(Path dir, String source, String name, String... defines) {
        requireTool("gcc", "gcc");
        Path c = dir.resolve(source);
        try {
            if (!Files.exists(c)) {
                try (InputStream in = NativeTestSupport.class.getResourceAsStream("/bridge/" + source)) {
                    assertTrue(in != null, "test resource bridge/" + source + " is missing");
                    Files.copy(in, c);
                }
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        Path library = dir.resolve(name + ".so");
        List<String> command = new ArrayList<>(List.of("gcc", "-shared", "-fPIC", "-O1", "-w"));
        for (String d : defines) {
            command.add("-D" + d);
        }
        command.addAll(List.of("-o", library.toString(), c.toString(), "-lm"));
        run(command, 60);
        return library;
    }

    /** Runs a command; fails with its output when it does not exit with 0 in time. Returns stdout+stderr. */
    public static String run(List<String> command, int timeoutSeconds) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail(String.join(" ", command) + " timed out");
            }
            String text = new String(output, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                fail(String.join(" ", command) + " exited with " + process.exitValue() + ":\n" + text);
            }
            return text;
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The plugin {@code id} of {@code library}, descriptors read eagerly; fails listing the warnings. */
    public static NativePluginFactory load(Path library, String id) {
        List<ScanWarning> warnings = new ArrayList<>();
        for (NativePluginFactory f : NativePluginScanner.scanLibrary(library, NativePluginScanner.Vst2Descriptors.EAGER,
                warnings)) {
            if (f.id().equals(id)) {
                return f;
            }
        }
        throw new AssertionError(id + " not found in " + library + "; warnings: " + warnings);
    }
}
