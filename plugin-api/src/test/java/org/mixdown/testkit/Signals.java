package org.mixdown.testkit;

import java.util.SplittableRandom;

/** Test signal generators: sines, impulses, noise. Deterministic (seeded) so tests repeat exactly. */
public final class Signals {
    private Signals() {
    }

    /** {@code amplitude * sin(2 pi f n / fs + phase)}. */
    public static float[] sine(double frequency, double sampleRate, int frames, double amplitude, double phase) {
        float[] out = new float[frames];
        double w = 2 * Math.PI * frequency / sampleRate;
        for (int n = 0; n < frames; n++) {
            out[n] = (float) (amplitude * Math.sin(w * n + phase));
        }
        return out;
    }

    public static float[] sine(double frequency, double sampleRate, int frames, double amplitude) {
        return sine(frequency, sampleRate, frames, amplitude, 0);
    }

    /** A unit impulse at {@code position}. */
    public static float[] impulse(int frames, int position) {
        float[] out = new float[frames];
        out[position] = 1f;
        return out;
    }

    /** Uniform white noise in [-amplitude, amplitude). */
    public static float[] whiteNoise(int frames, double amplitude, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] out = new float[frames];
        for (int n = 0; n < frames; n++) {
            out[n] = (float) (amplitude * (2 * random.nextDouble() - 1));
        }
        return out;
    }

    /** Pink (1/f) noise by Paul Kellett's refined filter, scaled to the given peak. */
    public static float[] pinkNoise(int frames, double peak, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double b0 = 0, b1 = 0, b2 = 0, b3 = 0, b4 = 0, b5 = 0, b6 = 0;
        double[] raw = new double[frames];
        double max = 1e-12;
        for (int n = 0; n < frames; n++) {
            double white = 2 * random.nextDouble() - 1;
            b0 = 0.99886 * b0 + white * 0.0555179;
            b1 = 0.99332 * b1 + white * 0.0750759;
            b2 = 0.96900 * b2 + white * 0.1538520;
            b3 = 0.86650 * b3 + white * 0.3104856;
            b4 = 0.55000 * b4 + white * 0.5329522;
            b5 = -0.7616 * b5 - white * 0.0168980;
            raw[n] = b0 + b1 + b2 + b3 + b4 + b5 + b6 + white * 0.5362;
            b6 = white * 0.115926;
            max = Math.max(max, Math.abs(raw[n]));
        }
        float[] out = new float[frames];
        for (int n = 0; n < frames; n++) {
            out[n] = (float) (raw[n] / max * peak);
        }
        return out;
    }

    /** The same signal on {@code channels} channels (copies). */
    public static float[][] channels(float[] signal, int channels) {
        float[][] out = new float[channels][];
        for (int c = 0; c < channels; c++) {
            out[c] = signal.clone();
        }
        return out;
    }

    /** Concatenates signals. */
    public static float[] concat(float[]... parts) {
        int total = 0;
        for (float[] p : parts) {
            total += p.length;
        }
        float[] out = new float[total];
        int at = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
