package org.mixdown.host.bridge.ladspa;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.mixdown.api.ParameterSpec;

/** Control-port hints to parameter specs, against the rules of ladspa.h. */
class LadspaMappingTest {
    private static final int IN_CONTROL = Ladspa.PORT_INPUT | Ladspa.PORT_CONTROL;
    private static final int BOUNDED = Ladspa.HINT_BOUNDED_BELOW | Ladspa.HINT_BOUNDED_ABOVE;

    private static ParameterSpec spec(int hints, float lower, float upper) {
        return LadspaMapping.parameter(new LadspaPort(0, "P", IN_CONTROL, hints, lower, upper), "p");
    }

    @Test
    void defaultsFollowTheHintBits() {
        assertEquals(2, spec(BOUNDED | Ladspa.DEFAULT_MINIMUM, 2, 10).defaultValue());
        assertEquals(4, spec(BOUNDED | Ladspa.DEFAULT_LOW, 2, 10).defaultValue(), 1e-9);
        assertEquals(6, spec(BOUNDED | Ladspa.DEFAULT_MIDDLE, 2, 10).defaultValue(), 1e-9);
        assertEquals(8, spec(BOUNDED | Ladspa.DEFAULT_HIGH, 2, 10).defaultValue(), 1e-9);
        assertEquals(10, spec(BOUNDED | Ladspa.DEFAULT_MAXIMUM, 2, 10).defaultValue());
        assertEquals(0, spec(BOUNDED | Ladspa.DEFAULT_0, -5, 5).defaultValue());
        assertEquals(1, spec(BOUNDED | Ladspa.DEFAULT_1, -5, 5).defaultValue());
        assertEquals(100, spec(BOUNDED | Ladspa.DEFAULT_100, 0, 1000).defaultValue());
        assertEquals(440, spec(BOUNDED | Ladspa.DEFAULT_440, 20, 20000).defaultValue());
        // logarithmic LOW is the geometric 75/25 mix: 10^(0.75 log10 10 + 0.25 log10 1000) = 10^1.5
        ParameterSpec log = spec(BOUNDED | Ladspa.HINT_LOGARITHMIC | Ladspa.DEFAULT_LOW, 10, 1000);
        assertEquals(Math.pow(10, 1.5), log.defaultValue(), 1e-3);
        assertEquals(ParameterSpec.Scale.LOG, log.scale());
        assertEquals(3, spec(BOUNDED, 3, 7).defaultValue(), "no default hint: 0 clamped into range");
    }

    @Test
    void kindsAndBounds() {
        assertEquals(ParameterSpec.Kind.SWITCH, spec(Ladspa.HINT_TOGGLED | Ladspa.HINT_BOUNDED_BELOW, 0, 0).kind());
        ParameterSpec integer = spec(BOUNDED | Ladspa.HINT_INTEGER, 0.5f, 7.5f);
        assertEquals(ParameterSpec.Kind.INTEGER, integer.kind());
        assertEquals(1, integer.min());
        assertEquals(7, integer.max());
        ParameterSpec unbounded = spec(0, 0, 0);
        assertEquals(-LadspaMapping.UNBOUNDED, unbounded.min());
        assertEquals(LadspaMapping.UNBOUNDED, unbounded.max());
        assertEquals(ParameterSpec.Scale.LINEAR, spec(BOUNDED | Ladspa.HINT_LOGARITHMIC, 0, 1000).scale(),
                "a log scale needs a positive minimum");
        ParameterSpec rate = spec(BOUNDED | Ladspa.HINT_SAMPLE_RATE, 0, 0.5f);
        assertEquals(LadspaMapping.REFERENCE_SAMPLE_RATE / 2, rate.max());
    }
}
