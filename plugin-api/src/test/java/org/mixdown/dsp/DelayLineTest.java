package org.mixdown.dsp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DelayLineTest {

    @Test
    void delaysByExactlyTheRequestedSamples() {
        DelayLine line = new DelayLine();
        line.allocate(100);
        for (int n = 0; n < 300; n++) {
            float out = line.process(n, 37);
            assertEquals(n < 37 ? 0 : n - 37, out);
        }
    }

    @Test
    void zeroDelayPassesThroughAndFractionalReadsInterpolate() {
        DelayLine line = new DelayLine();
        line.allocate(8);
        assertEquals(5f, line.process(5f, 0));
        line.push(1f);
        line.push(3f);
        assertEquals(2f, line.readLinear(1.5), 1e-6);
    }
}
