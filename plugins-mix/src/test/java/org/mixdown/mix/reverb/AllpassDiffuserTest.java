package org.mixdown.mix.reverb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class AllpassDiffuserTest {
    private static final double[] LENGTHS_MS = {4.8, 3.6, 12.7, 9.3};
    private static final double[] COEFFICIENTS = {0.75, 0.75, 0.625, 0.625};

    /** The block form (stage by stage, chunk by chunk) computes what the per-sample form does, bit for bit. */
    @Test
    void blocksEqualSampleBySample() {
        AllpassDiffuser perSample = new AllpassDiffuser(LENGTHS_MS, COEFFICIENTS);
        AllpassDiffuser perBlock = new AllpassDiffuser(LENGTHS_MS, COEFFICIENTS);
        perSample.prepare(48_000);
        perBlock.prepare(48_000);
        Random random = new Random(7);
        double[] block = new double[1000];
        int[] sizes = {1, 7, 64, 173, 512, 1000};
        for (int round = 0; round < 60; round++) {
            int n = sizes[round % sizes.length];
            double[] expected = new double[n];
            for (int i = 0; i < n; i++) {
                block[i] = random.nextGaussian();
                expected[i] = perSample.process(block[i]);
            }
            perBlock.process(block, n);
            for (int i = 0; i < n; i++) {
                assertEquals(expected[i], block[i], 0, "round " + round + " sample " + i);
            }
        }
    }

    /** Silence after sound ends as exact zeros in every stage (no denormals left cycling). */
    @Test
    void silenceReachesExactZero() {
        AllpassDiffuser diffuser = new AllpassDiffuser(LENGTHS_MS, COEFFICIENTS);
        diffuser.prepare(48_000);
        double[] block = new double[256];
        block[0] = 1;
        diffuser.process(block, block.length);
        for (int b = 0; b < 48_000 * 30 / 256; b++) {
            java.util.Arrays.fill(block, 0);
            diffuser.process(block, block.length);
        }
        assertEquals(0, diffuser.stateMagnitude(), 0);
    }
}
