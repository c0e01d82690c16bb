package org.mixdown.mix.reverb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class FeedbackDelayNetworkTest {

    @Test
    void lineLengthsAreDistinctPrimesScaledBySize() {
        for (double fs : new double[] {44_100, 48_000, 96_000, 192_000}) {
            for (double size : new double[] {0.1, 0.37, 1}) {
                FeedbackDelayNetwork network = new FeedbackDelayNetwork();
                network.prepare(fs);
                network.setShape(size, 2, 20_000, 20_000, true);
                double[] lengths = network.lineLengths();
                for (int i = 0; i < lengths.length; i++) {
                    assertTrue(BigInteger.valueOf((long) lengths[i]).isProbablePrime(50), lengths[i] + " is prime");
                    for (int j = 0; j < i; j++) {
                        assertTrue(lengths[i] != lengths[j], "distinct, so mutually prime");
                    }
                }
                // the longest line is 55 ms times the size, rounded up to a prime
                assertEquals(55e-3 * size * fs, network.longestLine(), 0.01 * 55e-3 * size * fs + 40);
            }
        }
    }

    @Test
    void outputTapsAreOrthogonal() {
        double dot = 0;
        for (int i = 0; i < FeedbackDelayNetwork.LINES; i++) {
            dot += FeedbackDelayNetwork.LEFT_TAP[i] * FeedbackDelayNetwork.RIGHT_TAP[i];
        }
        assertEquals(0, dot, 0);
    }

    @Test
    void withoutLossTheNetworkKeepsItsEnergy() {
        // an orthogonal matrix and all-pass interpolation lose nothing: with an infinite-ish decay, the energy
        // in the lines after an impulse stays what went in (up to the float rounding of the stored samples)
        FeedbackDelayNetwork network = new FeedbackDelayNetwork();
        network.prepare(48_000);
        network.setShape(0.2, 1e9, 20_000, 20_000, true);
        int frames = 48_000;
        float[] in = new float[frames];
        in[0] = 1;
        float[] outL = new float[frames];
        float[] outR = new float[frames];
        network.process(in, in, outL, outR, frames);
        double early = 0;
        double late = 0;
        for (int n = 0; n < 12_000; n++) {
            early += (double) outL[n] * outL[n] + (double) outR[n] * outR[n];
            late += (double) outL[frames - 12_000 + n] * outL[frames - 12_000 + n]
                    + (double) outR[frames - 12_000 + n] * outR[frames - 12_000 + n];
        }
        assertEquals(0, 10 * Math.log10(late / early), 0.3);
    }
}
