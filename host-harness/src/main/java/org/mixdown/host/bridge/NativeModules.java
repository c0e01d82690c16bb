package org.mixdown.host.bridge;

import com.sun.jna.Library;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Opens plugin libraries. {@code RTLD_NOW} makes a library with unresolved symbols fail here, with a
 * message, instead of aborting the JVM at its first call; {@code RTLD_LOCAL} keeps one plugin's symbols
 * from binding another's (many plugins export the same C++ framework symbols).
 *
 * <p>Libraries are never unloaded: unloading C++ plugins with static destructors or threads is a classic
 * way to crash a host, and a descriptor read from a loaded library stays valid for the JVM's life. JNA
 * closes a {@link NativeLibrary} the collector finds unreachable, so every one opened here is held in a
 * static map (found the hard way: a collection mid-run unmapped a plugin's code under its instance). A
 * file replaced on disk after it was loaded is therefore seen at the next JVM start.
 */
public final class NativeModules {
    private static final int RTLD_NOW = 0x2;
    private static final int RTLD_LOCAL = 0x0;
    private static final Map<String, Object> OPTIONS = Map.of(Library.OPTION_OPEN_FLAGS, RTLD_NOW | RTLD_LOCAL);
    private static final Map<String, NativeLibrary> LOADED = new ConcurrentHashMap<>();
    private static final Map<String, String> STAMPS = new ConcurrentHashMap<>();

    private NativeModules() {
    }

    /** Loads {@code file}; a file that is no loadable library is reported with the loader's reason. */
    public static NativeLibrary open(Path file) throws NativeFormatException {
        NativeFunction.requireLp64();
        String path = file.toAbsolutePath().toString();
        try {
            return LOADED.computeIfAbsent(path, p -> {
                NativeLibrary library = NativeLibrary.getInstance(p, OPTIONS);
                STAMPS.put(p, stamp(file));
                return library;
            });
        } catch (UnsatisfiedLinkError e) {
            throw new NativeFormatException("cannot be loaded: " + loaderReason(e.getMessage()));
        }
    }

    /**
     * Whether {@code file} changed on disk (size, time, inode) since this JVM loaded it: then what runs,
     * and what a scan reports, is still the loaded version.
     */
    public static boolean changedSinceLoad(Path file) {
        String loaded = STAMPS.get(file.toAbsolutePath().toString());
        return loaded != null && !loaded.equals(stamp(file));
    }

    private static String stamp(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return a.size() + "/" + a.lastModifiedTime().toMillis() + "/" + Objects.toString(a.fileKey());
        } catch (IOException e) {
            return "unreadable";
        }
    }

    /** The address of an exported symbol, or null when the library does not export it. */
    public static Pointer symbol(NativeLibrary library, String name) {
        try {
            return library.getGlobalVariableAddress(name);
        } catch (UnsatisfiedLinkError e) {
            return null;
        }
    }

    /** The loader's own reason: JNA's message is a header line, then dlerror() for each name it tried. */
    private static String loaderReason(String message) {
        if (message == null) {
            return "unknown loader error";
        }
        String[] lines = message.split("\n");
        String reason = lines.length > 1 && !lines[1].isBlank() ? lines[1].trim() : lines[0].trim();
        return reason.length() > 300 ? reason.substring(0, 300) + "..." : reason;
    }
}
