package org.mixdown.master;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mixdown.dsp.LinkwitzRiley;
import org.mixdown.testkit.PluginChecks;

/** The FFT building blocks against direct computation. */
class FftConvolutionTest {

    private static double[] random(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 2 * r.nextDouble() - 1;
        }
        return x;
    }

    @Test
    void realFftRoundTripsAndAcceptsOnlyPowersOfTwo() {
        RealFft fft = new RealFft(1024);
        double[] x = random(1024, 1);
        double[] a = x.clone();
        fft.forward(a);
        // bin 3 against the DFT sum
        double re = 0, im = 0;
        for (int n = 0; n < 1024; n++) {
            re += x[n] * Math.cos(2 * Math.PI * 3 * n / 1024);
            im -= x[n] * Math.sin(2 * Math.PI * 3 * n / 1024);
        }
        assertEquals(re, a[6], 1e-9);
        assertEquals(im, a[7], 1e-9);
        fft.inverse(a);
        for (int n = 0; n < 1024; n++) {
            assertEquals(x[n], a[n], 1e-12);
        }
        assertThrows(IllegalArgumentException.class, () -> new RealFft(1000));
    }

    @Test
    void largeTransformsAllocateNothingAndStayOnThisThread() {
        RealFft fft = new RealFft(32_768);  // above JTransforms' default threshold for its thread pool
        double[] a = random(32_768, 2);
        for (int i = 0; i < 200; i++) {
            fft.forward(a);
            fft.inverse(a);
        }
        long before = PluginChecks.allocatedBytes();
        for (int i = 0; i < 200; i++) {
            fft.forward(a);
            fft.inverse(a);
        }
        assertEquals(0, PluginChecks.allocatedBytes() - before, "bytes allocated by 400 transforms");
        assertEquals(1, pl.edu.icm.jlargearrays.ConcurrencyUtils.getNumberOfThreads());
    }

    @Test
    void partitionedConvolutionEqualsDirectConvolution() {
        int block = 64;
        int partitions = 5;
        RealFft fft = new RealFft(2 * block);
        KernelBank bank = new KernelBank(fft, block, partitions, 2);
        double[] h0 = random(block * partitions, 3);
        double[] h1 = random(block * partitions, 4);
        bank.set(0, h0);
        bank.set(1, h1);
        PartitionedConvolver convolver = new PartitionedConvolver(fft, block, partitions);
        double[] x = random(block * 12, 5);
        double[] in = new double[block];
        double[] out0 = new double[block];
        double[] out1 = new double[block];
        for (int b = 0; b < 12; b++) {
            System.arraycopy(x, b * block, in, 0, block);
            convolver.push(in);
            convolver.convolve(bank, 0, out0);
            convolver.convolve(bank, 1, out1);
            for (int i = 0; i < block; i++) {
                int n = b * block + i;
                double y0 = 0, y1 = 0;
                for (int k = 0; k < h0.length && k <= n; k++) {
                    y0 += h0[k] * x[n - k];
                    y1 += h1[k] * x[n - k];
                }
                assertEquals(y0, out0[i], 1e-10, "kernel 0 sample " + n);
                assertEquals(y1, out1[i], 1e-10, "kernel 1 sample " + n);
            }
        }
    }

    @Test
    void designedKernelsAreSymmetricAndFollowTheMagnitude() {
        int length = 4096;
        LinearPhaseDesigner designer = new LinearPhaseDesigner(length, 2, 0.5);
        assertEquals(2 * length, designer.gridSize());
        double[] magnitude = new double[designer.bins()];
        for (int k = 0; k < magnitude.length; k++) {
            magnitude[k] = lowPass(k / (double) designer.gridSize());
        }
        double[] h = new double[length];
        designer.design(magnitude, h);
        assertEquals(length / 2, designer.delay());
        assertEquals(0, h[0], 0, "the window's first tap is 0: the kernel is symmetric about length/2");
        for (int m = 1; m < length / 2; m++) {
            assertEquals(h[length / 2 + m], h[length / 2 - m], 1e-15);
        }
        for (double f : new double[] {0, 0.003, 0.0125, 0.025, 0.06, 0.2, 0.5}) {  // fractions of fs
            double re = 0;  // zero phase about the centre: the DFT from the centre is real
            for (int n = 0; n < length; n++) {
                re += h[n] * Math.cos(2 * Math.PI * f * (n - length / 2));
            }
            assertEquals(lowPass(f), re, 1e-4, "at " + f + " fs");
        }
    }

    /** A smooth fourth-order low pass at 0.0125 fs. */
    private static double lowPass(double f) {
        return 1 / (1 + Math.pow(f / 0.0125, 4));
    }

    @Test
    void chunkedStreamDelaysByOneChunkWhateverTheBlockSize() {
        ChunkedStream stream = new ChunkedStream(1, 16);
        ChunkedStream.ChunkProcessor copy = (in, out) -> System.arraycopy(in[0], 0, out[0], 0, 16);
        float[] x = new float[200];
        for (int i = 0; i < x.length; i++) {
            x[i] = i + 1;
        }
        float[] y = new float[200];
        int[] blocks = {1, 7, 3, 30, 5, 64, 90};
        int at = 0;
        for (int b = 0; at < x.length; b++) {
            int n = Math.min(blocks[b % blocks.length], x.length - at);
            stream.process(new float[][] {x}, new float[][] {y}, at, at + n, copy);
            at += n;
        }
        for (int i = 0; i < 200; i++) {
            assertEquals(i < 16 ? 0 : x[i - 16], y[i], "sample " + i);
        }
    }

    @Test
    void linearPhaseCrossoverSumsToADelayedImpulseEvenWhileItChanges() {
        double fs = 48_000;
        LinearPhaseCrossover crossover = new LinearPhaseCrossover(fs, 1);
        int chunk = crossover.chunkSize();
        assertEquals(1024, chunk);
        assertEquals(4096, crossover.delay());
        crossover.setComplementTopBand(false);  // every band convolved: the kernels themselves must sum to the impulse
        double[] xover = {100, 500, 2000, 8000, 15_000};
        crossover.configure(LinkwitzRiley.Slope.LR8, 6, xover);
        double[] x = random(chunk * 12, 6);
        double[][] in = new double[1][chunk];
        double[][][] bands = new double[1][6][chunk];
        double worst = 0;
        for (int b = 0; b < 12; b++) {
            if (b == 6) {  // move a point and drop to 4 bands: the chunk crossfades, the sum must not notice
                xover[1] = 900;
                crossover.configure(LinkwitzRiley.Slope.LR4, 4, xover);
            }
            System.arraycopy(x, b * chunk, in[0], 0, chunk);
            crossover.split(in, bands);
            int count = b < 6 ? 6 : 4;
            for (int i = 0; i < chunk; i++) {
                int n = b * chunk + i - crossover.delay();
                double sum = 0;
                for (int k = 0; k < count; k++) {
                    sum += bands[0][k][i];
                }
                worst = Math.max(worst, Math.abs(sum - (n >= 0 ? x[n] : 0)));
            }
        }
        assertTrue(worst < 1e-9, "the band sum strays from the delayed input by " + worst);
    }

    /**
     * The top band taken as the delayed input minus the other bands equals the top band convolved with
     * its own kernel (to the rounding of the kernels' sum), at 2, 4 and 6 bands, 48 and 96 kHz, also in the
     * chunks around a change of the settings (the crossfade convolves every band).
     */
    @Test
    void theComplementTopBandIsTheConvolvedTopBand() {
        for (double fs : new double[] {48_000, 96_000}) {
            for (int bands : new int[] {2, 4, 6}) {
                LinearPhaseCrossover complement = new LinearPhaseCrossover(fs, 2);
                LinearPhaseCrossover convolved = new LinearPhaseCrossover(fs, 2);
                convolved.setComplementTopBand(false);
                int chunk = complement.chunkSize();
                double[] xover = {120, 800, 3000, 8000, 14_000};
                complement.configure(LinkwitzRiley.Slope.LR4, bands, xover);
                convolved.configure(LinkwitzRiley.Slope.LR4, bands, xover);
                double[][] in = new double[2][chunk];
                double[][][] a = new double[2][6][chunk];
                double[][][] b = new double[2][6][chunk];
                SplittableRandom random = new SplittableRandom(bands);
                double worst = 0;
                for (int k = 0; k < 10; k++) {
                    if (k == 5) {
                        xover[0] = 200;
                        complement.configure(LinkwitzRiley.Slope.LR4, bands, xover);
                        convolved.configure(LinkwitzRiley.Slope.LR4, bands, xover);
                    }
                    for (double[] channel : in) {
                        for (int i = 0; i < chunk; i++) {
                            channel[i] = random.nextDouble() * 2 - 1;
                        }
                    }
                    complement.split(in, a);
                    convolved.split(in, b);
                    for (int c = 0; c < 2; c++) {
                        for (int band = 0; band < bands; band++) {
                            for (int i = 0; i < chunk; i++) {
                                worst = Math.max(worst, Math.abs(a[c][band][i] - b[c][band][i]));
                            }
                        }
                    }
                }
                assertTrue(worst < 1e-9, fs + " Hz, " + bands + " bands: the top bands differ by " + worst);
            }
        }
    }
}
