package org.mixdown.host.io;

/**
 * The shape of a WAV file's audio: channel count, sample rate and sample encoding.
 *
 * @param channels   1..{@value #MAX_CHANNELS}
 * @param sampleRate frames per second, any positive value (the host runs 44.1 to 192 kHz)
 * @param encoding   how each sample is stored
 */
public record WavFormat(int channels, int sampleRate, SampleEncoding encoding) {
    /** The most channels the reader and writer handle; the host itself uses mono and stereo. */
    public static final int MAX_CHANNELS = 8;

    public WavFormat {
        if (channels < 1 || channels > MAX_CHANNELS) {
            throw new IllegalArgumentException("channels must be 1.." + MAX_CHANNELS + ", got " + channels);
        }
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("sample rate must be positive, got " + sampleRate);
        }
        if (encoding == null) {
            throw new IllegalArgumentException("encoding is null");
        }
    }

    public int bitsPerSample() {
        return encoding.bitsPerSample();
    }

    public int bytesPerSample() {
        return encoding.bytesPerSample();
    }

    /** Bytes of one frame (one sample of every channel): the WAV block align. */
    public int bytesPerFrame() {
        return channels * encoding.bytesPerSample();
    }

    /** This format with another encoding, e.g. to write a 24-bit master of a 16-bit source. */
    public WavFormat withEncoding(SampleEncoding newEncoding) {
        return new WavFormat(channels, sampleRate, newEncoding);
    }

    @Override
    public String toString() {
        return sampleRate + " Hz, " + channels + (channels == 1 ? " channel, " : " channels, ") + encoding;
    }
}
