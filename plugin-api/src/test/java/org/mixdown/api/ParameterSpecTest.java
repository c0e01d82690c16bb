package org.mixdown.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ParameterSpecTest {

    @Test
    void validateRejectsOutOfRangeWithTheRangeInTheMessage() {
        ParameterSpec gain = ParameterSpec.decibels("gain", "Gain", -96, 24, 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> gain.validate(30));
        assertTrue(e.getMessage().contains("'gain'") && e.getMessage().contains("-96..24 dB"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> gain.validate(Double.NaN));
        assertEquals(-3.5, gain.validate(-3.5));
    }

    @Test
    void choicesAreFoundByNameAndMustBeWholeIndices() {
        ParameterSpec law = ParameterSpec.choice("law", "Law", List.of("-3dB", "-6dB"), 0);
        assertEquals(1, law.choiceIndex("-6DB"));
        assertEquals(-1, law.choiceIndex("-9dB"));
        assertThrows(IllegalArgumentException.class, () -> law.validate(0.5));
        assertEquals("-6dB", law.format(1));
        assertTrue(law.rangeText().contains("-3dB, -6dB"));
    }

    @Test
    void logScaleNormalisesGeometrically() {
        ParameterSpec freq = ParameterSpec.continuous("freq", "Freq", "Hz", 20, 20000, 1000, ParameterSpec.Scale.LOG);
        assertEquals(0.5, freq.toNormalized(Math.sqrt(20 * 20000.0)), 1e-12);
        assertEquals(632.4555, freq.fromNormalized(0.5), 1e-3);
    }

    @Test
    void badIdsAndDefaultsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> ParameterSpec.toggle("has space", "x", false));
        assertThrows(IllegalArgumentException.class, () -> ParameterSpec.decibels("g", "G", 0, 10, 20));
    }
}
