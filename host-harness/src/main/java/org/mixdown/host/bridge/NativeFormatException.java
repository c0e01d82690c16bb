package org.mixdown.host.bridge;

/** A native library or descriptor that cannot be hosted safely; the message says why. */
public final class NativeFormatException extends Exception {
    public NativeFormatException(String reason) {
        super(reason);
    }
}
