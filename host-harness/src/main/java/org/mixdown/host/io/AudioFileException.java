package org.mixdown.host.io;

/**
 * An audio file cannot be read or written. The message is one line that names the file and what is wrong,
 * e.g. {@code in.wav: truncated: header declares 480000 frames, file holds 1200}.
 */
public class AudioFileException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final String problem;

    public AudioFileException(String file, String problem) {
        this(file, problem, null);
    }

    public AudioFileException(String file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
        this.problem = problem;
    }

    /** The file (or stream) name the error is about, as the user gave it. */
    public String file() {
        return file;
    }

    /** What is wrong, without the file name. */
    public String problem() {
        return problem;
    }
}
