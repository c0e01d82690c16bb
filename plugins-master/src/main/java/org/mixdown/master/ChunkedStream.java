package org.mixdown.master;

import java.util.Arrays;

/**
 * Feeds a host's blocks of any size to a processor that works on fixed chunks (FFT convolution): samples
 * are collected until a chunk is full, the chunk is processed, and its output is played while the next
 * chunk collects. So the output is the processed input delayed by exactly one chunk, whatever the host
 * block size. Allocation-free after construction.
 */
final class ChunkedStream {

    /** Processes one full chunk: {@code input[channel][0 .. chunk)} to {@code output[channel][0 .. chunk)}. */
    interface ChunkProcessor {
        void processChunk(double[][] input, double[][] output);
    }

    private final int chunk;
    private final double[][] input;
    private final double[][] output;
    private int position;

    ChunkedStream(int channels, int chunk) {
        this.chunk = chunk;
        this.input = new double[channels][chunk];
        this.output = new double[channels][chunk];
    }

    /** The delay this buffering adds, in samples. */
    int latency() {
        return chunk;
    }

    /** Moves frames {@code [from, to)} of {@code in} through to {@code out} (may be the same arrays). */
    void process(float[][] in, float[][] out, int from, int to, ChunkProcessor processor) {
        int channels = input.length;
        int i = from;
        while (i < to) {
            int n = Math.min(to - i, chunk - position);
            for (int c = 0; c < channels; c++) {
                float[] x = in[c];
                float[] y = out[c];
                double[] collect = input[c];
                double[] play = output[c];
                for (int k = 0; k < n; k++) {
                    collect[position + k] = x[i + k];
                    y[i + k] = (float) play[position + k];
                }
            }
            position += n;
            i += n;
            if (position == chunk) {
                processor.processChunk(input, output);
                position = 0;
            }
        }
    }

    void reset() {
        for (int c = 0; c < input.length; c++) {
            Arrays.fill(input[c], 0);
            Arrays.fill(output[c], 0);
        }
        position = 0;
    }

    /** The largest magnitude of buffered samples. */
    double stateMagnitude() {
        double max = 0;
        for (int c = 0; c < input.length; c++) {
            for (int k = 0; k < chunk; k++) {
                max = Math.max(max, Math.max(Math.abs(input[c][k]), Math.abs(output[c][k])));
            }
        }
        return max;
    }
}
