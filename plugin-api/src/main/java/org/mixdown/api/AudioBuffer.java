package org.mixdown.api;

/**
 * Non-interleaved audio: one {@code float[]} per channel and a window {@code [offset, offset + frames)}
 * into them. The window lets a host hand a plugin part of a block (split at an automation event) without
 * copying or allocating; plugins read and write only inside it.
 */
public final class AudioBuffer {
    private final float[][] data;
    private int offset;
    private int frames;

    /** Wraps channel arrays of equal length; the window covers them whole. */
    public AudioBuffer(float[][] data) {
        if (data.length == 0) {
            throw new IllegalArgumentException("an audio buffer needs at least one channel");
        }
        for (float[] channel : data) {
            if (channel.length != data[0].length) {
                throw new IllegalArgumentException("channels of unequal length");
            }
        }
        this.data = data;
        this.frames = data[0].length;
    }

    /** A zeroed buffer of {@code channels} x {@code capacity} frames. */
    public static AudioBuffer allocate(int channels, int capacity) {
        return new AudioBuffer(new float[channels][capacity]);
    }

    public int channels() {
        return data.length;
    }

    /** The length of the channel arrays. */
    public int capacity() {
        return data[0].length;
    }

    /** The first frame of the window. */
    public int offset() {
        return offset;
    }

    /** The number of frames in the window. */
    public int frames() {
        return frames;
    }

    /** The whole channel array; valid samples are {@code [offset(), offset() + frames())}. */
    public float[] channel(int channel) {
        return data[channel];
    }

    /** All channel arrays (not a copy). */
    public float[][] data() {
        return data;
    }

    /** Moves the window; returns this buffer. */
    public AudioBuffer window(int offset, int frames) {
        if (offset < 0 || frames < 0 || offset + frames > data[0].length) {
            throw new IllegalArgumentException("window " + offset + "+" + frames + " outside capacity "
                    + data[0].length);
        }
        this.offset = offset;
        this.frames = frames;
        return this;
    }

    /** Sets the window to {@code [0, frames)}. */
    public AudioBuffer frames(int frames) {
        return window(0, frames);
    }

    /** Zeroes the window in every channel. */
    public void clear() {
        for (float[] channel : data) {
            java.util.Arrays.fill(channel, offset, offset + frames, 0f);
        }
    }

    /** Copies {@code source}'s window into this buffer's window (same frame count, same channels). */
    public void copyFrom(AudioBuffer source) {
        if (source.frames != frames || source.channels() != channels()) {
            throw new IllegalArgumentException("buffer shapes differ");
        }
        for (int c = 0; c < data.length; c++) {
            System.arraycopy(source.data[c], source.offset, data[c], offset, frames);
        }
    }
}
