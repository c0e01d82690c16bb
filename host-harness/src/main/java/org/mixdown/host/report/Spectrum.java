package org.mixdown.host.report;

import org.jtransforms.fft.DoubleFFT_1D;
import org.mixdown.dsp.Db;

/**
 * The long-term average power spectrum of a stream (Welch's method: Hann-windowed frames of
 * {@value #SIZE} samples, half overlapping, of the channels' mean), accumulated frame by frame so memory
 * stays constant whatever the length.
 */
public final class Spectrum {
    public static final int SIZE = 4096;
    private static final int HOP = SIZE / 2;

    private final double sampleRate;
    private final DoubleFFT_1D fft = new DoubleFFT_1D(SIZE);
    private final double[] window = new double[SIZE];
    private final double[] history = new double[SIZE];
    private final double[] frame = new double[SIZE];
    private final double[] power = new double[SIZE / 2 + 1];
    private double windowPower;
    private int filled;
    private long frames;

    public Spectrum(double sampleRate) {
        this.sampleRate = sampleRate;
        for (int i = 0; i < SIZE; i++) {
            window[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / SIZE);
            windowPower += window[i] * window[i];
        }
    }

    /** Feeds frames {@code [from, to)} of the first {@code channels} channels. */
    public void accept(float[][] audio, int channels, int from, int to) {
        for (int i = from; i < to; i++) {
            double sum = 0;
            for (int c = 0; c < channels; c++) {
                sum += audio[c][i];
            }
            history[filled++] = sum / channels;
            if (filled == SIZE) {
                analyseFrame();
                System.arraycopy(history, HOP, history, 0, SIZE - HOP);
                filled = SIZE - HOP;
            }
        }
    }

    private void analyseFrame() {
        for (int i = 0; i < SIZE; i++) {
            frame[i] = history[i] * window[i];
        }
        fft.realForward(frame);
        power[0] += frame[0] * frame[0];
        power[SIZE / 2] += frame[1] * frame[1];
        for (int k = 1; k < SIZE / 2; k++) {
            double re = frame[2 * k];
            double im = frame[2 * k + 1];
            power[k] += re * re + im * im;
        }
        frames++;
    }

    /** The frequency of bin {@code k} in Hz. */
    public double frequency(int k) {
        return k * sampleRate / SIZE;
    }

    public int bins() {
        return power.length;
    }

    /**
     * The mean power of bin {@code k} in dB relative to a full-scale sine (which reads 0 dB in its bin, as
     * the one-sided spectrum of a Hann window puts (A/2)^2 (sum w)^2 there).
     */
    public double levelDb(int k) {
        if (frames == 0) {
            return Double.NEGATIVE_INFINITY;
        }
        double sumWindow = SIZE / 2.0;   // sum of the Hann window
        double reference = 0.25 * sumWindow * sumWindow;
        return Db.powerToDb(power[k] / frames / reference);
    }

    /** Whole frames analysed so far. */
    public long frames() {
        return frames;
    }
}
