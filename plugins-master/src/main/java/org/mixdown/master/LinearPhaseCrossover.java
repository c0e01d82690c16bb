package org.mixdown.master;

import org.mixdown.dsp.Crossover;
import org.mixdown.dsp.LinkwitzRiley;

/**
 * A linear-phase band splitter: each band is an FIR with the magnitude of the matching
 * {@link Crossover} band (Linkwitz-Riley magnitudes, low + high = 1 at every point) and no phase shift,
 * so the band magnitudes sum to exactly 1 and the kernels sum to a unit impulse delayed by
 * {@link #delay()} samples. Convolution is uniformly partitioned (FFT size 2 x chunk) and shares one
 * forward FFT per channel among all bands.
 *
 * <p>Works on fixed chunks of {@link #chunkSize()} samples (see {@link ChunkedStream}). A change of the
 * crossover settings designs new kernels at the next chunk and crossfades from the old bands to the new
 * over that chunk (both sets sum to the same impulse, so the sum never moves). Allocation-free after
 * construction.
 *
 * <p>Because the kernels sum to the delayed impulse, the top band is the delayed input minus the other
 * bands: one delay line instead of a convolution (a quarter of the work at four bands, half at two). It
 * differs from convolving with its own kernel only by the rounding of the kernels' sum.
 */
final class LinearPhaseCrossover {
    /** Kernel length in seconds (rounded up to a power of two): about 6 periods of a 35 Hz crossover. */
    private static final double KERNEL_SECONDS = 0.17;
    private static final int PARTITIONS = 8;
    /** The design grid is this many times the kernel length (less time aliasing of long responses). */
    private static final int OVERSAMPLING = 2;
    /** The fraction of the kernel the window tapers (Tukey): little smoothing of narrow responses. */
    private static final double TAPER = 0.5;


    private final double sampleRate;
    private final int channels;
    private final int chunk;
    private final LinearPhaseDesigner designer;
    private final PartitionedConvolver[] convolvers;
    private KernelBank current;
    private KernelBank next;
    private final double[] tanOfBin;
    private final double[] magnitude;
    private final double[] warped;
    private final double[] kernel;
    private final double[] fadeScratch;
    /** Per channel the input of the last {@link #delay()} + chunk samples, a ring of {@link #pastMask} + 1. */
    private final double[][] past;
    private final int pastMask;
    private int pastWrite;
    /** Whether steady chunks take the top band as the complement of the others (tests switch it off). */
    private boolean complementTopBand = true;

    private LinkwitzRiley.Slope slope = LinkwitzRiley.Slope.LR4;
    private int bands = 2;
    private final double[] frequencies = new double[Crossover.MAX_BANDS - 1];
    private int currentBands;
    private boolean dirty = true;

    LinearPhaseCrossover(double sampleRate, int channels) {
        this.sampleRate = sampleRate;
        this.channels = channels;
        int length = RealFft.powerOfTwoAtLeast((int) Math.ceil(sampleRate * KERNEL_SECONDS));
        this.chunk = length / PARTITIONS;
        this.designer = new LinearPhaseDesigner(length, OVERSAMPLING, TAPER);
        RealFft fft = new RealFft(2 * chunk);
        this.current = new KernelBank(fft, chunk, PARTITIONS, Crossover.MAX_BANDS);
        this.next = new KernelBank(fft, chunk, PARTITIONS, Crossover.MAX_BANDS);
        this.convolvers = new PartitionedConvolver[channels];
        for (int c = 0; c < channels; c++) {
            convolvers[c] = new PartitionedConvolver(fft, chunk, PARTITIONS, Crossover.MAX_BANDS);
        }
        int bins = designer.bins();
        this.tanOfBin = new double[bins];
        for (int k = 0; k < bins; k++) {
            // bilinear frequency axis, as the IIR crossover has: tan(pi f / fs), infinite at Nyquist
            tanOfBin[k] = k == bins - 1 ? Double.POSITIVE_INFINITY : Math.tan(Math.PI * k / designer.gridSize());
        }
        this.magnitude = new double[bins];
        this.warped = new double[Crossover.MAX_BANDS - 1];
        this.kernel = new double[length];
        this.fadeScratch = new double[chunk];
        this.pastMask = RealFft.powerOfTwoAtLeast(designer.delay() + chunk) - 1;
        this.past = new double[channels][pastMask + 1];
        java.util.Arrays.fill(frequencies, 1000);
    }

    /** Samples per chunk. */
    int chunkSize() {
        return chunk;
    }

    /** The delay of every band (and of the sum), in samples, not counting the chunk buffering. */
    int delay() {
        return designer.delay();
    }

    /** Kernel length in taps. */
    int kernelLength() {
        return designer.length();
    }

    /**
     * Sets slope, band count and the requested crossover frequencies (ordered as {@link Crossover} does);
     * new kernels are made at the next chunk when anything changed.
     */
    void configure(LinkwitzRiley.Slope slope, int bands, double[] requested) {
        boolean changed = slope != this.slope || bands != this.bands;
        double previous = 0;
        for (int p = 0; p < frequencies.length; p++) {
            double f = Crossover.orderedFrequency(requested[p], previous, sampleRate);
            previous = f;
            changed |= p < bands - 1 && f != frequencies[p];
            frequencies[p] = f;
        }
        this.slope = slope;
        this.bands = bands;
        dirty |= changed;
    }

    /** Designs pending kernels now, without a crossfade (prepare: the first chunk need not pay for it). */
    void designNow() {
        if (dirty) {
            dirty = false;
            design(next);
            swapBanks();
        }
    }

    /** Designs the kernels for the current settings into {@code bank}. */
    private void design(KernelBank bank) {
        int bins = designer.bins();
        int points = bands - 1;
        int order = slope.butterworthOrder();
        for (int p = 0; p < points; p++) {
            warped[p] = LinkwitzRiley.warp(frequencies[p], sampleRate);
        }
        for (int b = 0; b < bands; b++) {
            for (int k = 0; k < bins; k++) {
                double m = 1;
                for (int p = 0; p < Math.min(b + 1, points); p++) {
                    double low = lowMagnitude(tanOfBin[k] / warped[p], order);
                    m *= p < b ? 1 - low : low;
                }
                magnitude[k] = m;
            }
            designer.design(magnitude, kernel);
            bank.set(b, kernel);
        }
    }

    /** |LR low pass| = 1 / (1 + r^2n) at the warped frequency ratio r (as {@link LinkwitzRiley#lowMagnitude}). */
    private static double lowMagnitude(double r, int butterworthOrder) {
        if (Double.isInfinite(r)) {
            return 0;
        }
        double rn = 1;
        for (int i = 0; i < butterworthOrder; i++) {
            rn *= r;
        }
        return 1 / (1 + rn * rn);
    }

    /**
     * Splits one chunk: {@code input[channel][0 .. chunk)} to {@code bandsOut[channel][band][0 .. chunk)}
     * for the bands in use.
     */
    void split(double[][] input, double[][][] bandsOut) {
        boolean fading = false;
        int previousBands = currentBands;
        if (dirty) {
            dirty = false;
            design(next);
            fading = currentBands > 0;
            if (!fading) {  // the first design: nothing to fade from
                swapBanks();
            }
        }
        for (int c = 0; c < channels; c++) {
            convolvers[c].push(input[c]);
            remember(c, input[c]);
        }
        if (fading) {
            for (int c = 0; c < channels; c++) {
                crossfadeBands(c, previousBands, bandsOut[c]);
            }
        } else {
            splitSteady(bandsOut);
        }
        pastWrite = (pastWrite + chunk) & pastMask;
        if (fading) {
            swapBanks();
        }
    }

    /**
     * The bands of every channel with the current kernels: channel pairs go through all bands in one pass
     * (each kernel partition read once for two channels, each input partition once for all bands), and the
     * top band is the complement of the others.
     */
    private void splitSteady(double[][][] bandsOut) {
        boolean complement = complementTopBand && bands > 1;
        int convolved = complement ? bands - 1 : bands;
        int c = 0;
        for (; c + 1 < channels; c += 2) {
            PartitionedConvolver.convolvePair(convolvers[c], convolvers[c + 1], current, convolved, bandsOut[c],
                    bandsOut[c + 1]);
        }
        if (c < channels) {  // an odd channel out
            for (int b = 0; b < convolved; b++) {
                convolvers[c].convolve(current, b, bandsOut[c][b]);
            }
        }
        for (c = 0; complement && c < channels; c++) {
            double[] top = bandsOut[c][bands - 1];
            delayedInput(c, top);
            for (int lower = 0; lower < bands - 1; lower++) {
                double[] band = bandsOut[c][lower];
                for (int n = 0; n < chunk; n++) {
                    top[n] -= band[n];
                }
            }
        }
    }

    /** Channel {@code c}'s bands over the chunk where the old kernels hand over to the new ones. */
    private void crossfadeBands(int c, int previousBands, double[][] bandsOut) {
        PartitionedConvolver convolver = convolvers[c];
        for (int b = 0; b < bands; b++) {
            double[] out = bandsOut[b];
            convolver.convolve(next, b, out);
            if (b < previousBands) {
                convolver.convolve(current, b, fadeScratch);
            } else {
                java.util.Arrays.fill(fadeScratch, 0);
            }
            for (int n = 0; n < chunk; n++) {
                double w = (n + 1) / (double) chunk;
                out[n] = fadeScratch[n] + w * (out[n] - fadeScratch[n]);
            }
        }
        // old bands beyond the new count fade out inside the top band, so the sum stays whole
        for (int b = bands; b < previousBands; b++) {
            convolver.convolve(current, b, fadeScratch);
            double[] top = bandsOut[bands - 1];
            for (int n = 0; n < chunk; n++) {
                top[n] += (1 - (n + 1) / (double) chunk) * fadeScratch[n];
            }
        }
    }

    /** Writes channel {@code c}'s chunk into its ring at the current write position. */
    private void remember(int c, double[] chunkInput) {
        double[] ring = past[c];
        for (int n = 0; n < chunk; n++) {
            ring[(pastWrite + n) & pastMask] = chunkInput[n];
        }
    }

    /** Channel {@code c}'s input {@link #delay()} samples before each sample of the current chunk. */
    private void delayedInput(int c, double[] out) {
        double[] ring = past[c];
        int start = pastWrite - designer.delay();
        for (int n = 0; n < chunk; n++) {
            out[n] = ring[(start + n) & pastMask];
        }
    }

    /** Switches the top band between the complement of the others and its own convolution (tests). */
    void setComplementTopBand(boolean on) {
        complementTopBand = on;
    }

    private void swapBanks() {
        KernelBank t = current;
        current = next;
        next = t;
        currentBands = bands;
    }

    /** Forgets all input; the kernels stay. */
    void reset() {
        for (PartitionedConvolver c : convolvers) {
            c.reset();
        }
        for (double[] ring : past) {
            java.util.Arrays.fill(ring, 0);
        }
    }

    double stateMagnitude() {
        double max = 0;
        for (PartitionedConvolver c : convolvers) {
            max = Math.max(max, c.stateMagnitude());
        }
        for (double[] ring : past) {
            for (double x : ring) {
                max = Math.max(max, Math.abs(x));
            }
        }
        return max;
    }
}
