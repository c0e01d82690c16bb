package org.mixdown.host.album;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The staging loop against model chains: a limiter that compresses, and a chain with no limiter. */
class GainStagingTest {
    static final LoudnessTarget STREAMING = LoudnessTarget.preset("streaming");

    /** A limiter model: above -20 LUFS, 1 dB of drive gives only 0.4 LU; the peak sits at -1.05 dBTP. */
    private static double limitedLoudness(double drive, double trim) {
        double in = -30 + drive;
        return (in <= -20 ? in : -20 + 0.4 * (in + 20)) + trim;
    }

    @Test
    void aCompressingChainConvergesInAFewPasses() {
        GainStaging staging = new GainStaging(STREAMING, -30);
        for (int pass = 0; pass < GainStaging.MAX_PASSES; pass++) {
            double lufs = limitedLoudness(staging.driveDb(), staging.trimDb());
            double peak = -1.05 + staging.trimDb();
            if (staging.accepts(lufs, peak)) {
                assertTrue(pass <= 4, "passes " + pass);
                assertEquals(-14, lufs, GainStaging.ACCEPT_LU);
                return;
            }
            staging.measured(lufs, peak);
        }
        throw new AssertionError("did not converge: drive " + staging.driveDb());
    }

    @Test
    void withoutALimiterTheStagingStallsUnderTheCeiling() {
        GainStaging staging = new GainStaging(STREAMING, -20);
        double crest = 14;   // a linear chain: true peak = loudness + 14 dB, so -14 LUFS would peak at 0 dBTP
        double lufs = 0;
        double peak = 0;
        for (int pass = 0; pass < GainStaging.MAX_PASSES + 2 && !staging.stalled(); pass++) {
            lufs = -20 + staging.driveDb() + staging.trimDb();
            peak = lufs + crest;
            staging.measured(lufs, peak);
        }
        assertTrue(staging.stalled(), "more drive cannot help");
        lufs = -20 + staging.driveDb() + staging.trimDb();
        assertTrue(lufs + crest <= -1, "the pass after the stall meets the ceiling: " + (lufs + crest));
        assertFalse(staging.accepts(lufs, lufs + crest));
        assertEquals(-15 - GainStaging.PEAK_MARGIN_DB, lufs, 0.01, "as loud as the ceiling allows");
    }
}
