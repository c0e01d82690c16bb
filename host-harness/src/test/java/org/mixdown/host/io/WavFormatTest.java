package org.mixdown.host.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WavFormatTest {
    @Test
    void parsesBitDepthsAsUsersTypeThem() {
        assertEquals(SampleEncoding.PCM_8, SampleEncoding.parse("8"));
        assertEquals(SampleEncoding.PCM_16, SampleEncoding.parse("16"));
        assertEquals(SampleEncoding.PCM_24, SampleEncoding.parse(" 24 "));
        assertEquals(SampleEncoding.PCM_32, SampleEncoding.parse("32"));
        assertEquals(SampleEncoding.FLOAT_32, SampleEncoding.parse("32f"));
        assertEquals(SampleEncoding.FLOAT_32, SampleEncoding.parse("32F"));
        assertEquals(SampleEncoding.FLOAT_32, SampleEncoding.parse("float"));
        assertEquals(SampleEncoding.FLOAT_64, SampleEncoding.parse("64f"));
        for (SampleEncoding e : SampleEncoding.values()) {
            assertEquals(e, SampleEncoding.parse(e.label()));
        }
    }

    @Test
    void rejectsUnknownBitDepthsNamingTheChoices() {
        for (String bad : new String[] {"12", "64", "24f", "", "sixteen"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SampleEncoding.parse(bad));
            assertTrue(e.getMessage().contains("8, 16, 24, 32, 32f, 64f"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> SampleEncoding.parse(null));
    }

    @Test
    void sizesFollowTheEncoding() {
        WavFormat f = new WavFormat(2, 48000, SampleEncoding.PCM_24);
        assertEquals(24, f.bitsPerSample());
        assertEquals(3, f.bytesPerSample());
        assertEquals(6, f.bytesPerFrame());
        assertEquals(8, new WavFormat(8, 44100, SampleEncoding.PCM_8).bytesPerFrame());
        assertEquals(16, new WavFormat(2, 96000, SampleEncoding.FLOAT_64).bytesPerFrame());
        assertEquals(4, new WavFormat(1, 192000, SampleEncoding.FLOAT_32).bytesPerFrame());
        assertEquals(SampleEncoding.PCM_16, f.withEncoding(SampleEncoding.PCM_16).encoding());
        assertEquals("48000 Hz, 2 channels, 24-bit PCM", f.toString());
    }

    @Test
    void rejectsImpossibleFormats() {
        assertThrows(IllegalArgumentException.class, () -> new WavFormat(0, 48000, SampleEncoding.PCM_16));
        assertThrows(IllegalArgumentException.class, () -> new WavFormat(9, 48000, SampleEncoding.PCM_16));
        assertThrows(IllegalArgumentException.class, () -> new WavFormat(2, 0, SampleEncoding.PCM_16));
        assertThrows(IllegalArgumentException.class, () -> new WavFormat(2, 48000, null));
    }
}
