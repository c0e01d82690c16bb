package org.mixdown.host.album;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class FadesTest {
    @Test
    void equalPowerFadesInAndOutSumToUnitPowerAtEverySample() {
        int f = 4800;
        Fades.Envelope out = new Fades.Envelope(10_000, 0, Fades.Curve.LINEAR, f, Fades.Curve.EQUAL_POWER);
        Fades.Envelope in = new Fades.Envelope(10_000, f, Fades.Curve.EQUAL_POWER, 0, Fades.Curve.LINEAR);
        for (int k = 0; k < f; k++) {
            double a = out.gain(10_000 - f + k);
            double b = in.gain(k);
            assertEquals(1, a * a + b * b, 1e-12, "frame " + k);
        }
    }

    @Test
    void curvesHaveTheirDefiningValues() {
        assertEquals(0.5, Fades.Curve.LINEAR.gain(0.5), 1e-12);
        assertEquals(Math.sqrt(0.5), Fades.Curve.EQUAL_POWER.gain(0.5), 1e-12);
        assertEquals(Math.pow(10, -30 / 20.0), Fades.Curve.LOGARITHMIC.gain(0.5), 1e-12, "-30 dB half way");
        assertEquals(Fades.Curve.LOGARITHMIC, Fades.Curve.parse("log"));
        assertNull(Fades.Curve.parse("s-curve"));
    }

    @Test
    void presetsAreTheStandardTargets() {
        assertEquals(-14, LoudnessTarget.preset("streaming").lufs());
        assertEquals(-16, LoudnessTarget.preset("apple").lufs());
        assertEquals(-23, LoudnessTarget.preset("broadcast").lufs());
        assertEquals(-9, LoudnessTarget.preset("cd").lufs());
        assertEquals(-0.3, LoudnessTarget.preset("cd").truePeakDbtp());
        assertEquals(-1, LoudnessTarget.preset("broadcast").truePeakDbtp());
    }

    @Test
    void explicitTargetsAndOverridesParse() throws Exception {
        var json = org.mixdown.host.chain.Json.MAPPER;
        LoudnessTarget t = LoudnessTarget.parse(json.readTree("{\"lufs\": -18, \"truePeak\": -2}"), "a.json", "$.target");
        assertEquals(new LoudnessTarget("custom", -18, -2), t);
        assertEquals(-1.5, LoudnessTarget.parse(json.readTree("{\"preset\": \"apple\", \"truePeak\": -1.5}"), "a.json",
                "$.target").truePeakDbtp());
        org.mixdown.host.MixdownException e = org.junit.jupiter.api.Assertions.assertThrows(
                org.mixdown.host.MixdownException.class,
                () -> LoudnessTarget.parse(json.readTree("{\"lufs\": -18}"), "a.json", "$.target"));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("a.json: $.target: give a \"preset\""),
                e.getMessage());
    }
}
