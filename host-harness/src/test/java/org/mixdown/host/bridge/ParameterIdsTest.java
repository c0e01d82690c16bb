package org.mixdown.host.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.mixdown.api.ParameterSpec;

class ParameterIdsTest {
    @Test
    void namesBecomeValidUniqueIds() {
        ParameterIds ids = new ParameterIds();
        assertEquals("input_gain_g", ids.next("Input gain (G)", "param_0"));
        assertEquals("band_1_gain_db", ids.next("Band 1 Gain [dB]", "param_1"));
        assertEquals("input_gain_g_2", ids.next("INPUT GAIN [G]", "param_2"), "repeats are numbered");
        assertEquals("p3rd_band", ids.next("3rd band", "param_3"), "ids may not start with a digit");
        assertEquals("param_4", ids.next("(*)", "param_4"), "nothing left: the fallback");
        assertEquals("param_4_2", ids.next("", "param_4"));
        assertEquals("caf", ids.next("Café", "param_5"), "non-ASCII letters are dropped");
        for (String id : new String[] {"input_gain_g", "p3rd_band", "param_4_2"}) {
            ParameterSpec.toggle(id, id, false);  // the contract's id pattern accepts them
        }
    }
}
