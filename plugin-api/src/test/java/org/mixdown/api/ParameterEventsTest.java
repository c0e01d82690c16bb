package org.mixdown.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ParameterEventsTest {

    @Test
    void keepsEventsSortedByOffsetAndStableForEqualOffsets() {
        ParameterEvents events = new ParameterEvents(8);
        events.add(10, 0, 1);
        events.add(3, 1, 2);
        events.add(10, 2, 3);
        events.add(0, 3, 4);
        assertEquals(4, events.size());
        int[] offsets = {0, 3, 10, 10};
        int[] params = {3, 1, 0, 2};
        for (int i = 0; i < 4; i++) {
            assertEquals(offsets[i], events.offset(i));
            assertEquals(params[i], events.parameter(i));
        }
    }

    @Test
    void refusesToOverflow() {
        ParameterEvents events = new ParameterEvents(1);
        events.add(0, 0, 0);
        assertThrows(IllegalStateException.class, () -> events.add(1, 0, 0));
    }
}
