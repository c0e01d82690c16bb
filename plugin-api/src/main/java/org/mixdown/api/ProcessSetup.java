package org.mixdown.api;

/**
 * What a plugin is prepared for: sample rate, the largest block it will be given, and channel counts.
 */
public record ProcessSetup(double sampleRate, int maxBlockSize, int inputChannels, int outputChannels) {

    public static final double MIN_SAMPLE_RATE = 8_000;
    public static final double MAX_SAMPLE_RATE = 768_000;

    public ProcessSetup {
        if (!(sampleRate >= MIN_SAMPLE_RATE && sampleRate <= MAX_SAMPLE_RATE)) {
            throw new IllegalArgumentException("sample rate " + sampleRate + " Hz is outside "
                    + (int) MIN_SAMPLE_RATE + ".." + (int) MAX_SAMPLE_RATE);
        }
        if (maxBlockSize < 1) {
            throw new IllegalArgumentException("max block size must be at least 1, not " + maxBlockSize);
        }
        if (inputChannels < 0 || outputChannels < 1) {
            throw new IllegalArgumentException("bad channel counts " + inputChannels + " -> " + outputChannels);
        }
    }

    /** A setup with as many output channels as input channels. */
    public static ProcessSetup of(double sampleRate, int maxBlockSize, int channels) {
        return new ProcessSetup(sampleRate, maxBlockSize, channels, channels);
    }
}
