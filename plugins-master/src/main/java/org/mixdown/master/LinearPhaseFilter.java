package org.mixdown.master;

/**
 * A linear-phase filter per channel whose magnitude a {@link ResponseSource} describes: the response is
 * sampled on the FFT grid, made into a symmetric FIR ({@link LinearPhaseDesigner}) and run by partitioned
 * FFT convolution on fixed chunks (see {@link ChunkedStream}). {@link #redesign} asks for new kernels; they
 * are made at the next chunk, which crossfades from the old kernels' output to the new. Allocation-free
 * after construction.
 */
final class LinearPhaseFilter {

    /** Describes the wanted magnitude. */
    interface ResponseSource {
        /**
         * Writes |H(f)| of {@code channel} for every bin: {@code warped[k] = tan(pi f_k / fs)} (infinite at
         * Nyquist), the bilinear frequency axis the IIR filters use.
         */
        void magnitude(int channel, double[] warped, double[] magnitude);

        /** Whether {@code channel} has the same response as channel 0 (its kernel is then copied, not designed). */
        boolean sameAsFirst(int channel);
    }

    /** The design grid is this many times the kernel length (less time aliasing of long responses). */
    private static final int OVERSAMPLING = 2;
    /** The fraction of the kernel the window tapers (Tukey): little smoothing of narrow responses. */
    private static final double TAPER = 0.25;
    private final int channels;
    private final int chunk;
    private final LinearPhaseDesigner designer;
    private final PartitionedConvolver[] convolvers;
    private final double[] warped;
    private final double[] magnitude;
    private final double[] kernel;
    private final double[] fadeScratch;
    private final ResponseSource source;
    private KernelBank current;
    private KernelBank next;
    private boolean designed;
    private boolean dirty = true;

    /** {@code length} taps (a power of two) cut into {@code partitions} chunks. */
    LinearPhaseFilter(int channels, int length, int partitions, ResponseSource source) {
        this.channels = channels;
        this.chunk = length / partitions;
        this.source = source;
        this.designer = new LinearPhaseDesigner(length, OVERSAMPLING, TAPER);
        RealFft fft = new RealFft(2 * chunk);
        this.current = new KernelBank(fft, chunk, partitions, channels);
        this.next = new KernelBank(fft, chunk, partitions, channels);
        this.convolvers = new PartitionedConvolver[channels];
        for (int c = 0; c < channels; c++) {
            convolvers[c] = new PartitionedConvolver(fft, chunk, partitions);
        }
        int bins = designer.bins();
        this.warped = new double[bins];
        for (int k = 0; k < bins; k++) {
            warped[k] = k == bins - 1 ? Double.POSITIVE_INFINITY : Math.tan(Math.PI * k / designer.gridSize());
        }
        this.magnitude = new double[bins];
        this.kernel = new double[length];
        this.fadeScratch = new double[chunk];
    }

    int chunkSize() {
        return chunk;
    }

    /** The delay of the kernels (not counting the chunk buffering). */
    int delay() {
        return designer.delay();
    }

    /** Asks for new kernels at the next chunk (the response changed). */
    void redesign() {
        dirty = true;
    }

    /** Designs pending kernels now, without a crossfade (prepare: the first chunk need not pay for it). */
    void designNow() {
        if (dirty) {
            dirty = false;
            designNext();
            swap();
            designed = true;
        }
    }

    private void designNext() {
        for (int c = 0; c < channels; c++) {
            if (c > 0 && source.sameAsFirst(c)) {
                next.copy(next, 0, c);
                continue;
            }
            source.magnitude(c, warped, magnitude);
            designer.design(magnitude, kernel);
            next.set(c, kernel);
        }
    }

    /** Filters one chunk of every channel. */
    void process(double[][] input, double[][] output) {
        boolean fading = false;
        if (dirty) {
            dirty = false;
            designNext();
            fading = designed;
            if (!designed) {
                swap();
                designed = true;
            }
        }
        for (int c = 0; c < channels; c++) {
            PartitionedConvolver convolver = convolvers[c];
            convolver.push(input[c]);
            double[] out = output[c];
            convolver.convolve(current, c, out);
            if (fading) {
                convolver.convolve(next, c, fadeScratch);
                for (int n = 0; n < chunk; n++) {
                    out[n] += (n + 1) / (double) chunk * (fadeScratch[n] - out[n]);
                }
            }
        }
        if (fading) {
            swap();
        }
    }

    private void swap() {
        KernelBank t = current;
        current = next;
        next = t;
    }

    void reset() {
        for (PartitionedConvolver c : convolvers) {
            c.reset();
        }
    }

    double stateMagnitude() {
        double max = 0;
        for (PartitionedConvolver c : convolvers) {
            max = Math.max(max, c.stateMagnitude());
        }
        return max;
    }
}
