package org.mixdown.host.bridge;

import com.sun.jna.Library;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.nio.file.Path;
import java.util.Map;
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

    private NativeModules() {
    }

    /** Loads {@code file}; a file that is no loadable library is reported with the loader's reason. */
    public static NativeLibrary open(Path file) throws NativeFormatException {
        NativeFunction.requireLp64();
        String path = file.toAbsolutePath().toString();
        try {
            return LOADED.computeIfAbsent(path, p -> NativeLibrary.getInstance(p, OPTIONS));
        } catch (UnsatisfiedLinkError e) {
            throw new NativeFormatException("cannot be loaded: " + firstLine(e.getMessage()));
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

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown loader error";
        }
        // JNA lists every name variant it tried; the dlopen reason of the path itself comes first
        int end = message.indexOf('\n');
        String line = end < 0 ? message : message.substring(0, end);
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }
}
