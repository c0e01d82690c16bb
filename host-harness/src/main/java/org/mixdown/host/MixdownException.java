package org.mixdown.host;

/**
 * A problem with the user's input (a file, a JSON value, a plugin id, an option): the command line prints
 * its message as one line and exits with status 2. The message names the file and, for JSON, the path of
 * the bad value.
 */
public class MixdownException extends RuntimeException {
    public MixdownException(String message) {
        super(message);
    }

    public MixdownException(String message, Throwable cause) {
        super(message, cause);
    }
}
