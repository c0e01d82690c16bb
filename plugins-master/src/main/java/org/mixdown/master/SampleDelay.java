package org.mixdown.master;

/**
 * A fixed delay for one channel's samples held as doubles (float values, exactly), for the limiter: the
 * gain multiplies the delayed sample as a double, so holding doubles saves a float-to-double conversion per
 * sample, which Java 17's compiler does not vectorise. A power-of-two ring, read and written in block
 * copies like {@link org.mixdown.dsp.DelayLine}.
 */
final class SampleDelay {
    private double[] buffer = new double[1];
    private int mask;
    private int write;

    /** Allocates room for delays up to {@code maxDelaySamples}; clears the line. */
    void allocate(int maxDelaySamples) {
        int size = Integer.highestOneBit(Math.max(1, maxDelaySamples + 1));
        if (size < maxDelaySamples + 1) {
            size <<= 1;
        }
        buffer = new double[size];
        mask = size - 1;
        write = 0;
    }

    void clear() {
        java.util.Arrays.fill(buffer, 0);
        write = 0;
    }

    /** The sample written {@code delay} samples ago (1 = the last one written). */
    double read(int delay) {
        return buffer[(write - delay) & mask];
    }

    /** Appends {@code x[from, from + frames)} in order. */
    void write(double[] x, int from, int frames) {
        if (frames > buffer.length) {  // only the last buffer-full survives
            write(x, from + frames - buffer.length, buffer.length);
            return;
        }
        int first = Math.min(frames, buffer.length - write);
        System.arraycopy(x, from, buffer, write, first);
        System.arraycopy(x, from + first, buffer, 0, frames - first);
        write = (write + frames) & mask;
    }

    /**
     * {@code out[to + i] = read(delay - i)} for i in [0, frames): consecutive samples from the one written
     * {@code delay} samples ago; {@code frames <= delay} and {@code delay} at most the allocated delay.
     */
    void read(int delay, double[] out, int to, int frames) {
        int start = (write - delay) & mask;
        int first = Math.min(frames, buffer.length - start);
        System.arraycopy(buffer, start, out, to, first);
        System.arraycopy(buffer, 0, out, to + first, frames - first);
    }
}
