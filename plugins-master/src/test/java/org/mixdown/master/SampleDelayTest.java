package org.mixdown.master;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SampleDelayTest {
    @Test
    void blockReadsAndWritesDelayEverySampleExactlyAcrossTheWrap() {
        int delay = 37;
        SampleDelay line = new SampleDelay();
        line.allocate(delay);  // a 64-sample ring: blocks below wrap around it many times
        double[] input = new double[1000];
        for (int i = 0; i < input.length; i++) {
            input[i] = i + 1;
        }
        double[] out = new double[input.length];
        int[] blocks = {1, 5, 37, 20, 64, 3, 37, 200, 11};
        int position = 0;
        for (int b = 0; position < input.length; b++) {
            int n = Math.min(blocks[b % blocks.length], input.length - position);
            int fromLine = Math.min(n, delay);  // the first samples come from the line, the rest from this block
            line.read(delay, out, position, fromLine);
            System.arraycopy(input, position, out, position + fromLine, n - fromLine);
            line.write(input, position, n);
            position += n;
        }
        for (int i = 0; i < input.length; i++) {
            assertEquals(i < delay ? 0 : input[i - delay], out[i], "sample " + i);
        }
        assertEquals(input[input.length - 1], line.read(1));
        assertEquals(input[input.length - delay], line.read(delay));
        line.clear();
        assertEquals(0.0, line.read(delay));
    }
}
