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

    /** {@code acc += x * h}, bin by bin, for packed spectra of {@code size} values. */
    static void multiplyAccumulate(double[] x, double[] h, double[] acc, int size) {
        acc[0] += x[0] * h[0];
        acc[1] += x[1] * h[1];
        for (int i = 2; i < size; i += 2) {
            double xr = x[i], xi = x[i + 1], hr = h[i], hi = h[i + 1];
            acc[i] += xr * hr - xi * hi;
            acc[i + 1] += xr * hi + xi * hr;
        }
    }

    /** {@link #multiplyAccumulate} of two spectra by the same {@code h}: {@code accX += x * h}, {@code accY += y * h}. */
    static void multiplyAccumulatePair(double[] x, double[] y, double[] h, double[] accX, double[] accY, int size) {
        accX[0] += x[0] * h[0];
        accX[1] += x[1] * h[1];
        accY[0] += y[0] * h[0];
        accY[1] += y[1] * h[1];
        for (int i = 2; i < size; i += 2) {
            double hr = h[i], hi = h[i + 1];
            double xr = x[i], xi = x[i + 1], yr = y[i], yi = y[i + 1];
            accX[i] += xr * hr - xi * hi;
            accX[i + 1] += xr * hi + xi * hr;
            accY[i] += yr * hr - yi * hi;
            accY[i + 1] += yr * hi + yi * hr;
        }
    }

    /** The smallest power of two &gt;= {@code n}. */
    static int powerOfTwoAtLeast(int n) {
        int p = Integer.highestOneBit(Math.max(1, n));
        return p < n ? p << 1 : p;
    }
}
