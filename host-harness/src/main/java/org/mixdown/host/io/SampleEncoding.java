package org.mixdown.host.io;

import java.util.Locale;

/** How one sample is stored in a WAV file's data chunk: integer PCM of 8..32 bits or IEEE float of 32 or 64 bits. */
public enum SampleEncoding {
    /** Unsigned 8-bit PCM, 128 is silence (the WAV convention for 8 bits). */
    PCM_8(8, false, "8"),
    PCM_16(16, false, "16"),
    PCM_24(24, false, "24"),
    PCM_32(32, false, "32"),
    FLOAT_32(32, true, "32f"),
    FLOAT_64(64, true, "64f");

    private final int bitsPerSample;
    private final boolean floatingPoint;
    private final String label;

    SampleEncoding(int bitsPerSample, boolean floatingPoint, String label) {
        this.bitsPerSample = bitsPerSample;
        this.floatingPoint = floatingPoint;
        this.label = label;
    }

    public int bitsPerSample() {
        return bitsPerSample;
    }

    public int bytesPerSample() {
        return bitsPerSample / 8;
    }

    public boolean isFloat() {
        return floatingPoint;
    }

    /** The short name {@link #parse} accepts: "8", "16", "24", "32", "32f", "64f". */
    public String label() {
        return label;
    }

    /**
     * Parses a bit depth as a user types it: "8", "16", "24", "32" (integer PCM), "32f" or "64f" (IEEE float);
     * "float" is accepted for "32f". Case and surrounding blanks are ignored.
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static SampleEncoding parse(String text) {
        String key = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (key.equals("float")) {
            return FLOAT_32;
        }
        for (SampleEncoding encoding : values()) {
            if (encoding.label.equals(key)) {
                return encoding;
            }
        }
        throw new IllegalArgumentException("unknown sample encoding '" + text
                + "' (expected one of 8, 16, 24, 32, 32f, 64f)");
    }

    /** The integer PCM encoding of the given container size, or null if WAV has none. */
    static SampleEncoding pcm(int bits) {
        return switch (bits) {
            case 8 -> PCM_8;
            case 16 -> PCM_16;
            case 24 -> PCM_24;
            case 32 -> PCM_32;
            default -> null;
        };
    }

    /** The IEEE float encoding of the given container size, or null if WAV has none. */
    static SampleEncoding ieeeFloat(int bits) {
        return switch (bits) {
            case 32 -> FLOAT_32;
            case 64 -> FLOAT_64;
            default -> null;
        };
    }

    @Override
    public String toString() {
        return floatingPoint ? bitsPerSample + "-bit float" : bitsPerSample + "-bit PCM";
    }
}
