package org.mixdown.testkit;

/**
 * The test signals of EBU Tech 3341 (loudness, true peak) and Tech 3342 (loudness range), generated at any sample
 * rate. Loudness signals are a 1 kHz sine, stereo, both channels in phase, with levels in dBFS as the per-channel
 * peak; segment changes keep the sine's phase continuous. Expected readings are those of the two documents (see
 * shared/reference/STANDARDS.md).
 */
public final class EbuSignals {
    /** The tone of every loudness test signal. */
    public static final double TONE_HZ = 1000.0;
    /** Tech 3341 loudness tolerance, LU. */
    public static final double LOUDNESS_TOLERANCE_LU = 0.1;
    /** Tech 3342 loudness range tolerance, LU. */
    public static final double RANGE_TOLERANCE_LU = 1.0;
    /** Tech 3341 true-peak tolerance: the reading may be this much above the expected value... */
    public static final double TRUE_PEAK_OVER_DB = 0.2;
    /** ...or this much below it. */
    public static final double TRUE_PEAK_UNDER_DB = 0.4;

    private EbuSignals() {
    }

    /**
     * A stereo in-phase tone of {@code levelsDbfs[i]} for {@code seconds[i]}, segment after segment, with a
     * continuous phase.
     */
    public static float[][] toneSegments(double sampleRate, double[] levelsDbfs, double[] seconds) {
        if (levelsDbfs.length != seconds.length) {
            throw new IllegalArgumentException("one duration per level");
        }
        float[][] parts = new float[levelsDbfs.length][];
        long start = 0;
        for (int i = 0; i < levelsDbfs.length; i++) {
            int frames = (int) Math.round(seconds[i] * sampleRate);
            double phase = 2 * Math.PI * TONE_HZ * start / sampleRate;
            parts[i] = Signals.sine(TONE_HZ, sampleRate, frames, Math.pow(10, levelsDbfs[i] / 20), phase);
            start += frames;
        }
        return Signals.channels(Signals.concat(parts), 2);
    }

    /** {@code repeats} times the pattern of segments {@code levelsDbfs} x {@code seconds}. */
    public static float[][] toneRepeated(double sampleRate, double[] levelsDbfs, double[] seconds, int repeats) {
        double[] levels = new double[levelsDbfs.length * repeats];
        double[] durations = new double[seconds.length * repeats];
        for (int r = 0; r < repeats; r++) {
            System.arraycopy(levelsDbfs, 0, levels, r * levelsDbfs.length, levelsDbfs.length);
            System.arraycopy(seconds, 0, durations, r * seconds.length, seconds.length);
        }
        return toneSegments(sampleRate, levels, durations);
    }

    /** The calibration signal: 1 kHz at -18 dBFS for {@code seconds}; reads -18.0 LUFS. */
    public static float[][] calibration(double sampleRate, double seconds) {
        return toneSegments(sampleRate, new double[] {-18}, new double[] {seconds});
    }

    /**
     * Tech 3341 loudness cases 1-5, 9 and 12. Cases 1 and 2 read M, S and I of {@link #tech3341Expected};
     * 3, 4, 5 read I; 9 reads S constant after 3 s; 12 reads M constant after 1 s.
     */
    public static float[][] tech3341(int testCase, double sampleRate) {
        return switch (testCase) {
            case 1 -> toneSegments(sampleRate, new double[] {-23}, new double[] {20});
            case 2 -> toneSegments(sampleRate, new double[] {-33}, new double[] {20});
            case 3 -> toneSegments(sampleRate, new double[] {-36, -23, -36}, new double[] {10, 60, 10});
            case 4 -> toneSegments(sampleRate, new double[] {-72, -36, -23, -36, -72},
                    new double[] {10, 10, 60, 10, 10});
            case 5 -> toneSegments(sampleRate, new double[] {-26, -20, -26}, new double[] {20, 20.1, 20});
            case 9 -> toneRepeated(sampleRate, new double[] {-20, -30}, new double[] {1.34, 1.66}, 5);
            case 12 -> toneRepeated(sampleRate, new double[] {-20, -30}, new double[] {0.18, 0.22}, 25);
            default -> throw new IllegalArgumentException("Tech 3341 loudness case " + testCase + " is not generated");
        };
    }

    /**
     * Tech 3341 case 6, 5.0 surround (L R C Ls Rs): 1 kHz at -28, -28, -24, -30, -30 dBFS for 20 s; I = -23.0
     * with the surround weights 1.41.
     */
    public static float[][] tech3341Case6(double sampleRate) {
        double[] levels = {-28, -28, -24, -30, -30};
        float[][] out = new float[levels.length][];
        for (int c = 0; c < levels.length; c++) {
            out[c] = toneSegments(sampleRate, new double[] {levels[c]}, new double[] {20})[0];
        }
        return out;
    }

    /** The reading Tech 3341 expects for a loudness case, LUFS. */
    public static double tech3341Expected(int testCase) {
        return switch (testCase) {
            case 1, 3, 4, 5, 6, 9, 12 -> -23.0;
            case 2 -> -33.0;
            default -> throw new IllegalArgumentException("Tech 3341 loudness case " + testCase);
        };
    }

    /**
     * Tech 3341 true-peak cases 15-19: a stereo sine at fs/4, fs/6 or fs/8 with the case's amplitude (full scale
     * = 1; case 19's 1.41 stays above 1 in float) and starting phase, {@code seconds} long. The first and last
     * 10 ms are faded (raised cosine): a sine switched on or off at full amplitude has an inter-sample overshoot of
     * its own (case 18 would read +0.7 dB), which is not what the cases test.
     */
    public static float[][] tech3341TruePeak(int testCase, double sampleRate, double seconds) {
        double divisor;
        double amplitude = 0.5;
        double phaseDegrees;
        switch (testCase) {
            case 15 -> { divisor = 4; phaseDegrees = 0; }
            case 16 -> { divisor = 4; phaseDegrees = 45; }
            case 17 -> { divisor = 6; phaseDegrees = 60; }
            case 18 -> { divisor = 8; phaseDegrees = 67.5; }
            case 19 -> { divisor = 4; phaseDegrees = 45; amplitude = 1.41; }
            default -> throw new IllegalArgumentException("Tech 3341 true-peak case " + testCase);
        }
        int frames = (int) Math.round(seconds * sampleRate);
        float[] tone = Signals.sine(sampleRate / divisor, sampleRate, frames, amplitude, Math.toRadians(phaseDegrees));
        fadeInAndOut(tone, (int) Math.round(0.010 * sampleRate));
        return Signals.channels(tone, 2);
    }

    /** Fades the first and last {@code frames} samples of {@code x} in place with raised-cosine ramps. */
    public static void fadeInAndOut(float[] x, int frames) {
        int n = Math.min(frames, x.length / 2);
        for (int i = 0; i < n; i++) {
            double gain = 0.5 - 0.5 * Math.cos(Math.PI * i / n);
            x[i] *= (float) gain;
            x[x.length - 1 - i] *= (float) gain;
        }
    }

    /** The true peak Tech 3341 expects for cases 15-19, dBTP. */
    public static double tech3341ExpectedDbtp(int testCase) {
        return switch (testCase) {
            case 15, 16, 17, 18 -> -6.0;
            case 19 -> 3.0;
            default -> throw new IllegalArgumentException("Tech 3341 true-peak case " + testCase);
        };
    }

    /** Tech 3342 loudness range cases 1-4 (20 s per level). */
    public static float[][] tech3342(int testCase, double sampleRate) {
        double[] levels = switch (testCase) {
            case 1 -> new double[] {-20, -30};
            case 2 -> new double[] {-20, -15};
            case 3 -> new double[] {-40, -20};
            case 4 -> new double[] {-50, -35, -20, -35, -50};
            default -> throw new IllegalArgumentException("Tech 3342 case " + testCase + " is not generated");
        };
        double[] seconds = new double[levels.length];
        java.util.Arrays.fill(seconds, 20);
        return toneSegments(sampleRate, levels, seconds);
    }

    /** The loudness range Tech 3342 expects, LU. */
    public static double tech3342Expected(int testCase) {
        return switch (testCase) {
            case 1 -> 10;
            case 2 -> 5;
            case 3 -> 20;
            case 4 -> 15;
            default -> throw new IllegalArgumentException("Tech 3342 case " + testCase);
        };
    }
}
