package org.mixdown.dsp;

/**
 * The wet level of a filter section that can be switched on and off and changed discretely (type, order)
 * without a click: on/off crossfades dry and wet over the ramp; a discrete change fades the wet signal
 * out, is applied while the section is silent (its state cleared), and fades back in. Audio thread only.
 */
final class FadeSwitch {
    private final SmoothedValue level = new SmoothedValue(1);
    private boolean enabled = true;
    private boolean changePending;

    /** Sets the ramp for a sample rate and jumps to the enabled level with nothing pending. */
    void prepare(double sampleRate) {
        level.prepare(sampleRate, SmoothedValue.DEFAULT_RAMP_SECONDS);
        snap();
    }

    /** Ends every fade: the level jumps to its enabled value and a pending change is due now. */
    void snap() {
        changePending = false;
        level.setImmediate(enabled ? 1 : 0);
    }

    void setEnabled(boolean on) {
        enabled = on;
        if (!changePending) {
            level.setTarget(on ? 1 : 0);
        }
    }

    boolean isEnabled() {
        return enabled;
    }

    /**
     * Asks for a discrete change. Returns true when it may be applied at once (the section is silent);
     * otherwise the level fades out and {@link #takeChange} reports when the change is due.
     */
    boolean requestChange() {
        if (isOff()) {
            return true;
        }
        changePending = true;
        level.setTarget(0);
        return false;
    }

    /** True once when a pending change is due (the level has reached 0); the fade back in starts. */
    boolean takeChange() {
        if (changePending && !level.isSmoothing() && level.current() == 0) {
            changePending = false;
            level.setTarget(enabled ? 1 : 0);
            return true;
        }
        return false;
    }

    /** Nothing moving: the level is exactly 0 or 1 and stays there. */
    boolean isSteady() {
        return !changePending && !level.isSmoothing();
    }

    /** Steady and silent: the section contributes nothing and need not run. */
    boolean isOff() {
        return isSteady() && level.current() == 0;
    }

    /** Advances one sample and returns the wet level for it. */
    double next() {
        return level.next();
    }
}
