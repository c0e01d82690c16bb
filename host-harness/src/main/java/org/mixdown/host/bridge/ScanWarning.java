package org.mixdown.host.bridge;

import java.nio.file.Path;

/** A file or plugin the scanner skipped, and why. */
public record ScanWarning(Path path, String reason) {
    @Override
    public String toString() {
        return path + ": " + reason;
    }
}
