package org.mixdown.dsp;

/**
 * A single-channel circular delay line with a power-of-two buffer (mask instead of modulo). Integer
 * reads for fixed delays, linearly interpolated reads for fractional or modulated ones.
 */
public final class DelayLine {
    private float[] buffer = new float[1];
    private int mask;
    private int write;

    /** Allocates room for delays up to {@code maxDelaySamples}; clears the line. */
    public void allocate(int maxDelaySamples) {
        int size = Integer.highestOneBit(Math.max(1, maxDelaySamples + 1));
        if (size < maxDelaySamples + 1) {
            size <<= 1;
        }
        buffer = new float[size];
        mask = size - 1;
        write = 0;
    }

    /** The largest delay this line can give. */
    public int maxDelay() {
        return buffer.length - 1;
    }

    public void clear() {
        java.util.Arrays.fill(buffer, 0f);
        write = 0;
    }

    /** Writes the next input sample. */
    public void push(float x) {
        buffer[write] = x;
        write = (write + 1) & mask;
    }

    /** The sample written {@code delay} pushes ago (1 = the last one pushed). */
    public float read(int delay) {
        return buffer[(write - delay) & mask];
    }

    /** A linearly interpolated read at a fractional delay (>= 1). */
    public float readLinear(double delay) {
        int whole = (int) delay;
        float frac = (float) (delay - whole);
        float a = buffer[(write - whole) & mask];
        float b = buffer[(write - whole - 1) & mask];
        return a + frac * (b - a);
    }

    /**
     * Pushes {@code x} and returns the sample from {@code delay} samples earlier; a delay of 0 returns
     * {@code x} itself.
     */
    public float process(float x, int delay) {
        push(x);
        return buffer[(write - 1 - delay) & mask];
    }

    /** Pushes {@code x[from, from + frames)} in order (as many {@link #push} calls, in at most two copies). */
    public void write(float[] x, int from, int frames) {
        int first = Math.min(frames, buffer.length - write);
        if (frames > buffer.length) {  // only the last buffer-full survives
            write(x, from + frames - buffer.length, buffer.length);
            return;
        }
        System.arraycopy(x, from, buffer, write, first);
        System.arraycopy(x, from + first, buffer, 0, frames - first);
        write = (write + frames) & mask;
    }

    /**
     * Reads {@code frames} consecutive samples into {@code out[to, to + frames)}: the first is the one written
     * {@code delay} pushes ago, each next one a push later (so {@code out[to + i] = read(delay - i)}).
     * The span must lie in the line: {@code frames <= delay <= maxDelay()}.
     */
    public void read(int delay, float[] out, int to, int frames) {
        int start = (write - delay) & mask;
        int first = Math.min(frames, buffer.length - start);
        System.arraycopy(buffer, start, out, to, first);
        System.arraycopy(buffer, 0, out, to + first, frames - first);
    }
}
