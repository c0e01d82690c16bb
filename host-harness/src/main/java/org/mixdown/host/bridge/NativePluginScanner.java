package org.mixdown.host.bridge;

import com.sun.jna.NativeLibrary;
import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.mixdown.host.bridge.ladspa.LadspaDescriptor;
import org.mixdown.host.bridge.ladspa.LadspaLibrary;
import org.mixdown.host.bridge.ladspa.LadspaPluginFactory;
import org.mixdown.host.bridge.vst2.Vst2Library;
import org.mixdown.host.bridge.vst2.Vst2PluginFactory;

/**
 * Finds native plugins: every {@code *.so} under the given roots (recursively, following links, each
 * real file once, in sorted order). A library exporting {@code ladspa_descriptor} is LADSPA (ids
 * {@code ladspa:<label>}, descriptors read and validated during the scan); one exporting
 * {@code VSTPluginMain} or {@code main} is VST 2 (id {@code vst2:<file name without .so>}). Anything
 * else, and every plugin that fails validation, becomes a {@link ScanWarning} with the reason.
 *
 * <p>A VST 2 descriptor exists only in a live instance, and creating one can take half a second (a
 * reverb loading its impulse response), so by default VST 2 descriptors are read lazily, at the first
 * {@code descriptor()} call, by one instance that is closed again. {@link Vst2Descriptors#EAGER} reads
 * them during the scan instead, so every bad VST 2 plugin is a warning before the result is returned.
 *
 * <p>Nothing is cached between scans: every call walks the file system and reads every descriptor
 * again. Libraries themselves stay loaded (see {@link NativeModules}); a library replaced on disk since
 * it was loaded gets a warning saying that the loaded version is what is listed and runs.
 */
public final class NativePluginScanner {
    private NativePluginScanner() {
    }

    /** When VST 2 descriptors are read. */
    public enum Vst2Descriptors { LAZY, EAGER }

    /** Scans {@link #defaultRoots()} with lazy VST 2 descriptors. */
    public static ScanResult scanDefault() {
        return scan(defaultRoots());
    }

    /**
     * {@code LADSPA_PATH} and {@code VST_PATH} (colon-separated), then /usr/lib/ladspa,
     * /usr/local/lib/ladspa, ~/.ladspa, /usr/lib/vst, /usr/local/lib/vst, ~/.vst. Missing directories are
     * kept (the scan skips them silently).
     */
    public static List<Path> defaultRoots() {
        return defaultRoots(System.getenv(), System.getProperty("user.home"));
    }

    static List<Path> defaultRoots(Map<String, String> environment, String home) {
        Set<Path> roots = new LinkedHashSet<>();
        for (String variable : List.of("LADSPA_PATH", "VST_PATH")) {
            String value = environment.get(variable);
            if (value != null) {
                for (String part : value.split(":")) {
                    if (!part.isBlank()) {
                        roots.add(Path.of(part.trim()));
                    }
                }
            }
        }
        roots.add(Path.of("/usr/lib/ladspa"));
        roots.add(Path.of("/usr/local/lib/ladspa"));
        roots.add(Path.of(home, ".ladspa"));
        roots.add(Path.of("/usr/lib/vst"));
        roots.add(Path.of("/usr/local/lib/vst"));
        roots.add(Path.of(home, ".vst"));
        return List.copyOf(roots);
    }

    /** Scans {@code roots} with lazy VST 2 descriptors; never throws for a bad file. */
    public static ScanResult scan(List<Path> roots) {
        return scan(roots, Vst2Descriptors.LAZY);
    }

    /** Scans {@code roots}; a bad file or plugin becomes a warning, never an exception. */
    public static ScanResult scan(List<Path> roots, Vst2Descriptors vst2) {
        List<ScanWarning> warnings = new ArrayList<>();
        List<NativePluginFactory> plugins = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (Path file : libraries(roots, warnings)) {
            for (NativePluginFactory factory : scanLibrary(file, vst2, warnings)) {
                if (ids.add(factory.id())) {
                    plugins.add(factory);
                } else {
                    warnings.add(new ScanWarning(file, "duplicate id " + factory.id() + " (an earlier library has it)"));
                }
            }
        }
        return new ScanResult(plugins, warnings);
    }

    /** The plugins of one library file (empty with warnings when it cannot be hosted). */
    public static List<NativePluginFactory> scanLibrary(Path file, Vst2Descriptors vst2, List<ScanWarning> warnings) {
        List<NativePluginFactory> found = new ArrayList<>();
        try {
            NativeLibrary library = NativeModules.open(file);
            if (NativeModules.changedSinceLoad(file)) {
                warnings.add(new ScanWarning(file, "changed on disk since this JVM loaded it: the loaded version"
                        + " is listed and runs until restart (libraries cannot be unloaded safely)"));
            }
            if (LadspaLibrary.isLadspa(library)) {
                for (LadspaDescriptor d : LadspaLibrary.descriptors(file, library,
                        (path, why) -> warnings.add(new ScanWarning(path, why)))) {
                    try {
                        found.add(LadspaPluginFactory.of(d));
                    } catch (NativeFormatException e) {
                        warnings.add(new ScanWarning(file, "plugin " + d.index() + " skipped: " + e.getMessage()));
                    }
                }
            } else if (Vst2Library.isVst2(library)) {
                found.add(vst2 == Vst2Descriptors.EAGER ? Vst2PluginFactory.probe(file, library)
                        : Vst2PluginFactory.lazy(file, library));
            } else {
                throw new NativeFormatException("exports neither ladspa_descriptor nor VSTPluginMain/main");
            }
        } catch (NativeFormatException e) {
            warnings.add(new ScanWarning(file, e.getMessage()));
        } catch (RuntimeException | LinkageError e) {  // a JNA error reading a bad library: skip, never crash
            warnings.add(new ScanWarning(file, "failed: " + e));
        }
        return found;
    }

    /** Every *.so under the roots, by real path, sorted; unreadable directories are warnings. */
    private static Set<Path> libraries(List<Path> roots, List<ScanWarning> warnings) {
        Set<Path> files = new TreeSet<>();
        for (Path root : roots) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            try {
                Files.walkFileTree(root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), 32, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                        if (attributes.isRegularFile() && file.getFileName().toString().endsWith(".so")) {
                            try {
                                files.add(file.toRealPath());
                            } catch (IOException e) {
                                warnings.add(new ScanWarning(file, "cannot resolve: " + e.getMessage()));
                            }
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e) {
                        warnings.add(new ScanWarning(file, "cannot read: " + e));
                        return FileVisitResult.CONTINUE;
                    }
                });
            } catch (IOException e) {
                warnings.add(new ScanWarning(root, "cannot scan: " + e.getMessage()));
            }
        }
        return files;
    }
}
