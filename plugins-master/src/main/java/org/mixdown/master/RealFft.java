package org.mixdown.master;

import org.jtransforms.fft.DoubleFFT_1D;
import org.jtransforms.utils.CommonUtils;
import pl.edu.icm.jlargearrays.ConcurrencyUtils;

/**
 * A real FFT of a power-of-two size on JTransforms, run on the calling thread only. JTransforms hands
 * large transforms to a thread pool (a Future and a task object per call) unless told to use one thread,
 * and other sizes than powers of two allocate scratch per call; both would break the real-time rule, so
 * this class sets one thread once for the whole JVM and accepts powers of two only.
 *
 * <p>Spectra use JTransforms' packed layout: {@code a[0]} = Re X[0], {@code a[1]} = Re X[n/2],
 * {@code a[2k], a[2k+1]} = Re, Im X[k] for 0 &lt; k &lt; n/2.
 */
final class RealFft {
    static {
        ConcurrencyUtils.setNumberOfThreads(1);
        CommonUtils.setThreadsBeginN_1D_FFT_2Threads(Long.MAX_VALUE);
        CommonUtils.setThreadsBeginN_1D_FFT_4Threads(Long.MAX_VALUE);
        CommonUtils.setUseLargeArrays(false);
    }

    private final DoubleFFT_1D fft;
    private final int size;

    RealFft(int size) {
        if (size < 4 || Integer.bitCount(size) != 1) {
            throw new IllegalArgumentException("FFT size must be a power of two >= 4, not " + size);
        }
        this.size = size;
        this.fft = new DoubleFFT_1D(size);
    }

    int size() {
        return size;
    }

    /** In place: {@code size} real samples to the packed spectrum. */
    void forward(double[] a) {
        fft.realForward(a);
    }

    /** In place: packed spectrum to {@code size} real samples, scaled by 1/size (so inverse(forward(x)) = x). */
    void inverse(double[] a) {
        fft.realInverse(a, true);
    }

    /**
     * Unpacks a packed spectrum of {@code size} values into {@code size / 2} real and imaginary parts:
     * {@code re[k], im[k]} = Re, Im X[k] for 0 &lt; k &lt; size/2, and at k = 0 the two real bins,
     * {@code re[0]} = X[0] and {@code im[0]} = X[size/2]. Separate arrays let the bin-by-bin products run
     * as plain loops that C2 vectorises (the interleaved layout needs shuffles it does not generate).
     */
    static void split(double[] packed, double[] re, double[] im, int size) {
        for (int k = 0; k < size / 2; k++) {
            re[k] = packed[2 * k];
            im[k] = packed[2 * k + 1];
        }
    }

    /** The inverse of {@link #split}: real and imaginary parts back into the packed layout. */
    static void join(double[] re, double[] im, double[] packed, int size) {
        for (int k = 0; k < size / 2; k++) {
            packed[2 * k] = re[k];
            packed[2 * k + 1] = im[k];
        }
    }

    /**
     * {@code acc += x * h}, bin by bin over bins {@code [from, to)}, for spectra {@link #split} into
     * size/2 parts (bin 0 holds the two real bins, each multiplied as a real number). One spectrum per
     * loop: C2 (Java 17) vectorises this loop, but not one that takes two input spectra at once (measured:
     * 0.7 against 2-3 ns a bin and spectrum).
     */
    static void multiplyAccumulate(double[] xRe, double[] xIm, double[] hRe, double[] hIm, double[] accRe,
                                   double[] accIm, int from, int to) {
        if (from == 0) {
            accRe[0] += xRe[0] * hRe[0];
            accIm[0] += xIm[0] * hIm[0];
        }
        for (int k = Math.max(1, from); k < to; k++) {
            double xr = xRe[k], xi = xIm[k], hr = hRe[k], hi = hIm[k];
            accRe[k] += xr * hr - xi * hi;
            accIm[k] += xr * hi + xi * hr;
        }
    }

    /** The smallest power of two &gt;= {@code n}. */
    static int powerOfTwoAtLeast(int n) {
        int p = Integer.highestOneBit(Math.max(1, n));
        return p < n ? p << 1 : p;
    }
}
