package org.mixdown.dsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SmoothedValueTest {

    @Test
    void rampsLinearlyToTheTargetInTheSetTime() {
        SmoothedValue v = new SmoothedValue(0);
        v.prepare(1000, 0.010);
        v.setTarget(1);
        for (int i = 1; i <= 10; i++) {
            assertEquals(i / 10.0, v.next(), 1e-12);
        }
        assertEquals(1, v.next());
        assertTrue(!v.isSmoothing());
    }

    @Test
    void skipAdvancesLikeRepeatedNext() {
        SmoothedValue a = new SmoothedValue(2);
        SmoothedValue b = new SmoothedValue(2);
        a.prepare(48000, 0.02);
        b.prepare(48000, 0.02);
        a.setTarget(-1);
        b.setTarget(-1);
        for (int i = 0; i < 100; i++) {
            a.next();
        }
        assertEquals(a.current(), b.skip(100), 1e-12);
        assertEquals(-1, b.skip(5000));
    }
}
