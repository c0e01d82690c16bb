package org.mixdown.host.bridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class NativeChannelsTest {
    /** What a plugin leaves comes back as is, except NaN and infinities, which become 0. */
    @Test
    void readFiniteZeroesExactlyTheNonFiniteSamples() {
        float[] edge = {Float.MAX_VALUE, -Float.MAX_VALUE, Float.MIN_VALUE, -0f, 0f, 1e-40f, -3.5f, 0.25f};
        float[] bad = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.intBitsToFloat(0x7F80_0001),
            Float.intBitsToFloat(0xFFC0_0000)};
        try (NativeChannels channels = new NativeChannels(2, 64)) {
            // all finite: every bit kept
            channels.write(0, edge, 0, edge.length);
            float[] out = new float[edge.length];
            channels.readFinite(0, out, 0, edge.length);
            assertArrayEquals(edge, out, 0f);
            // each non-finite value at each position among finite ones, one at a time
            for (float nonFinite : bad) {
                for (int at = 0; at < 40; at++) {
                    float[] block = new float[40];
                    float[] expected = new float[40];
                    for (int i = 0; i < block.length; i++) {
                        block[i] = edge[i % edge.length];
                        expected[i] = block[i];
                    }
                    block[at] = nonFinite;
                    expected[at] = 0f;
                    channels.write(1, block, 0, block.length);
                    float[] result = new float[45];
                    channels.readFinite(1, result, 5, block.length);
                    assertArrayEquals(expected, java.util.Arrays.copyOfRange(result, 5, 45), 0f,
                            Float.floatToRawIntBits(nonFinite) + " at " + at);
                }
            }
        }
    }
}
