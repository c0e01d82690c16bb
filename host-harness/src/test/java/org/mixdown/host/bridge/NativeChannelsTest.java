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

    /**
     * The all-channel read and the read of two channels of different buffers (two channels share one check
     * loop, an odd block leaves one sample outside the pairs): every non-finite kind at every position of
     * every channel is zeroed there and nowhere else.
     */
    @Test
    void readFiniteOfAllChannelsZeroesExactlyTheNonFiniteSamples() {
        float[] edge = {Float.MAX_VALUE, -Float.MAX_VALUE, Float.MIN_VALUE, -0f, 0f, 1e-40f, -3.5f, 0.25f, 1f};
        float[] bad = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.intBitsToFloat(0x7F80_0001),
            Float.intBitsToFloat(0xFFC0_0000)};
        int channels = 3;
        try (NativeChannels native3 = new NativeChannels(channels, 64);
             NativeChannels other = new NativeChannels(1, 64)) {
            for (int frames : new int[] {1, 2, 7, 39, 40}) {
                for (float nonFinite : bad) {
                    for (int badChannel = -1; badChannel < channels; badChannel++) {
                        for (int at = 0; at < (badChannel < 0 ? 1 : frames); at++) {
                            float[][] expected = new float[channels][frames];
                            for (int c = 0; c < channels; c++) {
                                float[] block = new float[frames + 1];  // one beyond the block: must be ignored
                                for (int i = 0; i < block.length; i++) {
                                    block[i] = edge[(i + c) % edge.length];
                                }
                                block[frames] = Float.NaN;
                                System.arraycopy(block, 0, expected[c], 0, frames);
                                if (c == badChannel) {
                                    block[at] = nonFinite;
                                    expected[c][at] = 0f;
                                }
                                native3.write(c, block, 0, block.length);
                                if (c == 1) {
                                    other.write(0, block, 0, block.length);
                                }
                            }
                            float[][] result = new float[channels][frames + 3];
                            native3.readFinite(result, 3, frames);
                            for (int c = 0; c < channels; c++) {
                                float[] read = java.util.Arrays.copyOfRange(result[c], 3, frames + 3);
                                assertArrayEquals(expected[c], read, 0f,
                                        Float.floatToRawIntBits(nonFinite) + " in channel " + badChannel + " at " + at
                                                + " of " + frames + ", channel " + c);
                                float[] single = new float[frames];
                                native3.readFinite(c, single, 0, frames);
                                assertArrayEquals(expected[c], single, 0f, "one channel: " + c);
                            }
                            float[] first = new float[frames + 1];
                            float[] second = new float[frames + 1];
                            NativeChannels.readFinitePair(native3, 0, first, other, 0, second, 1, frames);
                            assertArrayEquals(expected[0], java.util.Arrays.copyOfRange(first, 1, frames + 1), 0f,
                                    "pair, first");
                            assertArrayEquals(expected[1], java.util.Arrays.copyOfRange(second, 1, frames + 1), 0f,
                                    "pair, second");
                        }
                    }
                }
            }
        }
    }
}
