package org.mixdown.host.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mixdown.api.ParameterEvents;

class AutomationTest {
    @Test
    void linearGeometricAndStepShapes() {
        long[] t = {100, 200};
        assertEquals(5, new Automation(t, new double[] {0, 10}, Automation.Shape.LINEAR).valueAt(150), 1e-12);
        assertEquals(200, new Automation(t, new double[] {100, 400}, Automation.Shape.GEOMETRIC).valueAt(150), 1e-9);
        assertEquals(0, new Automation(t, new double[] {0, 10}, Automation.Shape.STEP).valueAt(199), 0);
        Automation a = new Automation(t, new double[] {0, 10}, Automation.Shape.LINEAR);
        assertEquals(0, a.valueAt(0), 0, "held before the first breakpoint");
        assertEquals(10, a.valueAt(10_000), 0, "held after the last");
    }

    @Test
    void eventsCarryTheExactValueAtTheirSampleAndBreakpointsLandExactly() {
        Automation a = new Automation(new long[] {1000, 1000, 1100}, new double[] {0, 5, 15},
                Automation.Shape.LINEAR);
        ParameterEvents events = new ParameterEvents(256);
        a.emit(990, 64, 3, events);
        boolean atStep = false;
        for (int i = 0; i < events.size(); i++) {
            assertEquals(3, events.parameter(i));
            assertEquals(a.valueAt(990 + events.offset(i)), events.value(i), 1e-12);
            atStep |= events.offset(i) == 10 && events.value(i) == 5;
            assertTrue(i == 0 || events.offset(i) > events.offset(i - 1), "sorted, one per sample");
        }
        assertTrue(atStep, "the step at sample 1000 is an event at offset 10");
        double last = Double.NaN;
        for (long start = 1054; start < 2000; start += 64) {   // the blocks in between reach the end value
            events.clear();
            a.emit(start, 64, 3, events);
            last = events.size() > 0 ? events.value(events.size() - 1) : last;
        }
        assertEquals(15, last, 0);
        events.clear();
        a.emit(2000 + 64 - 2000 % 64, 64, 3, events);
        assertEquals(0, events.size(), "a held value is not sent again");
    }
}
