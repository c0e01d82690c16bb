package org.mixdown.host.cli;

import java.io.PrintStream;

/**
 * A progress bar on stderr for long work: drawn only on a terminal and only when not {@code --quiet}, at
 * most ten times a second, erased when done.
 */
public final class Progress {
    private static final int WIDTH = 30;
    private final PrintStream err;
    private final String label;
    private final boolean enabled;
    private long lastDraw;

    private Progress(PrintStream err, String label, boolean enabled) {
        this.err = err;
        this.label = label;
        this.enabled = enabled;
    }

    /** A bar that draws when stderr is a terminal and {@code quiet} is false. */
    public static Progress start(String label, boolean quiet) {
        return new Progress(System.err, label, !quiet && System.console() != null);
    }

    /** A bar drawn on {@code err} whenever {@code enabled} (tests). */
    static Progress to(PrintStream err, String label, boolean enabled) {
        return new Progress(err, label, enabled);
    }

    /** A bar that never draws. */
    public static Progress none() {
        return new Progress(System.err, "", false);
    }

    /** Shows {@code done} of {@code total} (a total of 0 or less is unknown: nothing is drawn). */
    public void update(long done, long total) {
        if (!enabled || total <= 0) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastDraw < 100_000_000L && done < total) {
            return;
        }
        lastDraw = now;
        double fraction = Math.min(1, done / (double) total);
        int filled = (int) Math.round(fraction * WIDTH);
        err.print("\r" + label + " [" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] "
                + Math.round(fraction * 100) + "%");
        err.flush();
    }

    public void finish() {
        if (enabled) {
            err.print("\r" + " ".repeat(label.length() + WIDTH + 10) + "\r");
            err.flush();
        }
    }
}
