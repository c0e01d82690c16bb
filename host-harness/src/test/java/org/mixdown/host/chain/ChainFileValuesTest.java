package org.mixdown.host.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.mixdown.api.ParameterSpec;
import org.mixdown.host.MixdownException;

/** How JSON values become parameter values: numbers, switches, and choices by name or by number. */
class ChainFileValuesTest {
    private static final ParameterSpec OVERSAMPLING = ParameterSpec.choice("oversampling", "Oversampling",
            java.util.List.of("1", "2", "4", "8"), 2);
    private static final ParameterSpec TYPE = ParameterSpec.choice("type", "Type",
            java.util.List.of("tanh", "soft", "tube"), 0);

    private static double value(ParameterSpec spec, String json) throws Exception {
        JsonNode node = Json.MAPPER.readTree(json);
        return ChainFile.toNumber(spec, node, "chain.json", "$.chain[0].params." + spec.id());
    }

    @Test
    void aNumberForNumericChoicesIsTheChoiceWithThatValueNotAPosition() throws Exception {
        assertEquals(1, value(OVERSAMPLING, "2"), "2 means 2x");
        assertEquals(3, value(OVERSAMPLING, "8"));
        assertEquals(0, value(OVERSAMPLING, "1.0"));
        assertEquals(2, value(OVERSAMPLING, "\"4\""), "by name as before");
        MixdownException e = assertThrows(MixdownException.class, () -> value(OVERSAMPLING, "3"));
        assertTrue(e.getMessage().contains("$.chain[0].params.oversampling"), e.getMessage());
    }

    @Test
    void aNumberForNamedChoicesIsTheirPosition() throws Exception {
        assertEquals(2, value(TYPE, "2"));
        assertEquals(1, value(TYPE, "\"soft\""));
        assertThrows(MixdownException.class, () -> value(TYPE, "3"));
        assertThrows(MixdownException.class, () -> value(TYPE, "0.5"));
    }
}
