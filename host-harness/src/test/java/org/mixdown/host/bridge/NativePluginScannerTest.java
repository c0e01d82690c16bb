package org.mixdown.host.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mixdown.host.bridge.NativePluginScanner.Vst2Descriptors;

/**
 * Malformed libraries, each built with gcc in the test: every one is skipped with a warning that names the
 * file and says why, and the JVM lives on. gcc missing FAILS these tests.
 */
class NativePluginScannerTest {
    @TempDir
    Path dir;

    private ScanResult scanOne(Path library, Vst2Descriptors mode) {
        ScanResult result = NativePluginScanner.scan(List.of(library.getParent()), mode);
        assertTrue(result.plugins().isEmpty(), "nothing may be hosted from " + library + ": " + result.plugins());
        return result;
    }

    private static void assertWarned(ScanResult result, Path library, String reason) {
        assertTrue(result.warnings().stream().anyMatch(w -> w.path().getFileName().equals(library.getFileName())
                        && w.reason().contains(reason)),
                "expected a warning for " + library.getFileName() + " containing '" + reason + "', got " + result.warnings());
    }

    private Path ladspa(String defect) throws IOException {
        Path sub = Files.createDirectories(dir.resolve(defect.toLowerCase()));
        return NativeTestSupport.compile(sub, "test_ladspa.c", "broken", defect);
    }

    private Path vst2(String defect) throws IOException {
        Path sub = Files.createDirectories(dir.resolve(defect.toLowerCase()));
        return NativeTestSupport.compile(sub, "test_vst2.c", "broken", defect);
    }

    @Test
    void ladspaDefectsAreSkippedWithTheirReason() throws IOException {
        Map<String, String> reasons = Map.of(
                "NULL_DESCRIPTOR", "ladspa_descriptor(0) returned NULL",
                "ZERO_PORTS", "PortCount is 0",
                "ABSURD_PORTS", "PortCount 1099511627776 is absurd",
                "NULL_LABEL", "NULL Label",
                "NULL_RUN", "run() is NULL",
                "BAD_PORT", "port 0 has descriptor 0xb",
                "NO_AUDIO_OUTPUT", "no audio output port");
        for (var defect : reasons.entrySet()) {
            Path library = ladspa(defect.getKey());
            assertWarned(scanOne(library, Vst2Descriptors.EAGER), library, defect.getValue());
        }
    }

    @Test
    void vst2DefectsAreSkippedWithTheirReason() throws IOException {
        Map<String, String> reasons = Map.of(
                "WRONG_MAGIC", "wrong AEffect magic 0x12345678",
                "NULL_EFFECT", "returned NULL",
                "ABSURD_OUTPUTS", "numOutputs is 100000",
                "NO_REPLACING", "no processReplacing");
        for (var defect : reasons.entrySet()) {
            Path library = vst2(defect.getKey());
            assertWarned(scanOne(library, Vst2Descriptors.EAGER), library, defect.getValue());
        }
    }

    @Test
    void lazyVst2DescriptorsReportTheReasonOnFirstUse() throws IOException {
        Path library = vst2("WRONG_MAGIC");
        ScanResult result = NativePluginScanner.scan(List.of(library.getParent()));
        assertEquals(1, result.plugins().size(), "a lazy scan lists the library by its entry point");
        NativePluginFactory factory = result.plugins().get(0);
        assertEquals("vst2:broken", factory.id());
        IllegalStateException e = assertThrows(IllegalStateException.class, factory::descriptor);
        assertTrue(e.getMessage().contains("wrong AEffect magic"), e.getMessage());
    }

    @Test
    void legacyMainEntryPointIsAccepted() throws IOException {
        Path library = vst2("LEGACY_MAIN");
        ScanResult result = NativePluginScanner.scan(List.of(library.getParent()), Vst2Descriptors.EAGER);
        assertEquals(List.of(), result.warnings());
        assertEquals("Mixdown Test VST", result.find("vst2:broken").orElseThrow().descriptor().name());
    }

    @Test
    void libraryWithoutEntryPointIsSkipped() throws IOException {
        Path sub = Files.createDirectories(dir.resolve("plain"));
        Files.writeString(sub.resolve("plain.c"), "int mixdown_nothing(void) { return 1; }\n");
        Path library = sub.resolve("plain.so");
        NativeTestSupport.requireTool("gcc", "gcc");
        NativeTestSupport.run(List.of("gcc", "-shared", "-fPIC", "-o", library.toString(), sub.resolve("plain.c").toString()), 60);
        assertWarned(scanOne(library, Vst2Descriptors.EAGER), library, "exports neither ladspa_descriptor nor VSTPluginMain/main");
    }

    @Test
    void unresolvedSymbolFailsAtLoadNotAtFirstCall() throws IOException {
        Path sub = Files.createDirectories(dir.resolve("unresolved"));
        Files.writeString(sub.resolve("u.c"), "extern void mixdown_missing(void);\n"
                + "const void *ladspa_descriptor(unsigned long i) { mixdown_missing(); return 0; }\n");
        Path library = sub.resolve("unresolved.so");
        NativeTestSupport.requireTool("gcc", "gcc");
        NativeTestSupport.run(List.of("gcc", "-shared", "-fPIC", "-o", library.toString(), sub.resolve("u.c").toString()), 60);
        assertWarned(scanOne(library, Vst2Descriptors.EAGER), library, "undefined symbol: mixdown_missing");
    }

    @Test
    void directoryOfGarbageIsSkippedFileByFile() throws IOException {
        Path garbage = Files.createDirectories(dir.resolve("garbage/deeper"));
        SplittableRandom random = new SplittableRandom(9);
        for (int i = 0; i < 5; i++) {
            byte[] bytes = new byte[1 + random.nextInt(4096)];
            for (int b = 0; b < bytes.length; b++) {
                bytes[b] = (byte) random.nextInt(256);
            }
            Files.write(garbage.resolve("junk" + i + ".so"), bytes);
        }
        byte[] elfHeaderOnly = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        Files.write(garbage.resolve("truncated.so"), elfHeaderOnly);
        Files.writeString(garbage.resolve("readme.so"), "not a library\n");
        Files.write(garbage.resolve("empty.so"), new byte[0]);
        Files.writeString(garbage.resolve("notes.txt"), "ignored: not a .so\n");
        ScanResult result = NativePluginScanner.scan(List.of(dir.resolve("garbage")), Vst2Descriptors.EAGER);
        assertTrue(result.plugins().isEmpty());
        assertEquals(8, result.warnings().size(), "one warning per .so file: " + result.warnings());
        for (ScanWarning w : result.warnings()) {
            assertTrue(w.reason().startsWith("cannot be loaded: "), w.toString());
            assertTrue(w.path().toString().endsWith(".so"), w.toString());
        }
    }

    @Test
    void missingRootsAreIgnoredAndDefaultsIncludeTheEnvironment() {
        assertEquals(List.of(), NativePluginScanner.scan(List.of(dir.resolve("does-not-exist"))).warnings());
        List<Path> roots = NativePluginScanner.defaultRoots(Map.of("LADSPA_PATH", "/a:/b", "VST_PATH", "/c"), "/home/x");
        assertEquals(List.of(Path.of("/a"), Path.of("/b"), Path.of("/c"), Path.of("/usr/lib/ladspa"),
                Path.of("/usr/local/lib/ladspa"), Path.of("/home/x/.ladspa"), Path.of("/usr/lib/vst"),
                Path.of("/usr/local/lib/vst"), Path.of("/home/x/.vst")), roots);
    }

    @Test
    void goodLibrariesAreFoundWithTheirIds() throws IOException {
        Path sub = Files.createDirectories(dir.resolve("good/nested"));
        NativeTestSupport.compile(sub, "test_ladspa.c", "gain");
        NativeTestSupport.compile(sub, "test_vst2.c", "testvst");
        ScanResult result = NativePluginScanner.scan(List.of(dir.resolve("good")), Vst2Descriptors.EAGER);
        assertEquals(List.of(), result.warnings());
        assertEquals(List.of("ladspa:mixdown_test_gain", "vst2:testvst"),
                result.plugins().stream().map(NativePluginFactory::id).toList());
        assertEquals("ladspa", result.plugins().get(0).descriptor().kind());
        assertEquals("vst2", result.plugins().get(1).descriptor().kind());
    }

    /** The Debian packages CI installs are all found (lazily for VST 2); the scan time is printed. */
    @Test
    void installedPackagesAreFound() {
        NativeTestSupport.requireFile("/usr/lib/ladspa/lsp-plugins-ladspa-1.2.5.so", "lsp-plugins-ladspa");
        NativeTestSupport.requireFile("/usr/lib/ladspa/amp_1181.so", "swh-plugins");
        NativeTestSupport.requireFile("/usr/lib/ladspa/tap_eq.so", "tap-plugins");
        NativeTestSupport.requireFile("/usr/lib/vst/ZaMaximX2-vst.so", "zam-plugins");
        NativeTestSupport.requireFile("/usr/lib/vst/lsp-plugins/limiter-stereo.so", "lsp-plugins-vst");
        long start = System.nanoTime();
        ScanResult result = NativePluginScanner.scan(List.of(Path.of("/usr/lib/ladspa"), Path.of("/usr/lib/vst")));
        double ms = (System.nanoTime() - start) / 1e6;
        System.out.printf("scanned %d plugins (%d warnings) in %.0f ms%n", result.plugins().size(), result.warnings().size(), ms);
        for (String id : List.of("ladspa:http://lsp-plug.in/plugins/ladspa/limiter_stereo", "ladspa:fastLookaheadLimiter",
                "ladspa:tap_equalizer", "ladspa:ZaMaximX2", "vst2:ZaMaximX2-vst", "vst2:limiter-stereo",
                "vst2:mb-compressor-stereo")) {
            assertTrue(result.find(id).isPresent(), id + " not found");
        }
        assertTrue(result.plugins().size() > 300, "only " + result.plugins().size() + " plugins");
        assertTrue(result.warnings().stream().anyMatch(w -> w.path().getFileName().toString().equals("lsp-plugins-vst2-1.2.5.so")
                && w.reason().contains("exports neither")), "LSP's VST core library is not a plugin: " + result.warnings());
    }

    @Test
    void aLibraryReplacedOnDiskIsReportedNotSilentlyStale() throws IOException, InterruptedException {
        Path sub = Files.createDirectories(dir.resolve("replaced"));
        Path library = NativeTestSupport.compile(sub, "test_ladspa.c", "replaced", "LABEL=\"first_label\"");
        ScanResult first = NativePluginScanner.scan(List.of(sub));
        assertEquals(List.of("ladspa:first_label"), first.plugins().stream().map(NativePluginFactory::id).toList());
        Thread.sleep(20);  // a new modification time even on coarse file systems
        Path rebuilt = NativeTestSupport.compile(Files.createDirectories(dir.resolve("rebuild")), "test_ladspa.c",
                "replaced", "LABEL=\"second_label\"");
        Files.move(rebuilt, library, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        ScanResult second = NativePluginScanner.scan(List.of(sub));
        assertWarned(second, library, "changed on disk since this JVM loaded it");
    }
}
