package org.mixdown.dsp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.mixdown.testkit.Measure;
import org.mixdown.testkit.Signals;

class BiquadTest {

    /** Measured sine gain against the analytic response, for every design, at 30 frequencies. */
    @Test
    void measuredMagnitudeMatchesTheAnalyticResponse() {
        double fs = 48000;
        for (Biquad.Type type : Biquad.Type.values()) {
            for (double f : Measure.logSpaced(20, 0.8 * fs / 2, 30)) {
                Biquad b = new Biquad();
                b.design(type, fs, 1000, 0.9, 6);
                float[] x = Signals.sine(f, fs, 48000, 0.5);
                float[] y = x.clone();
                b.process(y, 0, y.length);
                double measured = Measure.db(Measure.amplitudeAt(y, 24000, 48000, f, fs) / 0.5);
                double expected = b.magnitudeDb(f, fs);
                if (expected > -60) {
                    assertEquals(expected, measured, 0.01, type + " at " + f + " Hz");
                }
            }
        }
    }

    @Test
    void cookbookPeakReachesItsGainAtTheCentre() {
        Biquad b = new Biquad();
        b.design(Biquad.Type.PEAK, 44100, 2500, 2, -9);
        assertEquals(-9, b.magnitudeDb(2500, 44100), 1e-9);
        b.design(Biquad.Type.LOWPASS, 44100, 2500, Math.sqrt(0.5), 0);
        assertEquals(-3.0103, b.magnitudeDb(2500, 44100), 1e-3);
    }

    @Test
    void silenceAfterLoudInputFlushesTheStateToZero() {
        Biquad b = new Biquad();
        b.design(Biquad.Type.LOWPASS, 48000, 30, 0.7071, 0);
        float[] loud = Signals.whiteNoise(4800, 1, 3);
        b.process(loud, 0, loud.length);
        float[] silence = new float[512];
        for (int block = 0; block < 2000 && b.stateMagnitude() != 0; block++) {
            java.util.Arrays.fill(silence, 0f);  // processed in place: refill with silence
            b.process(silence, 0, silence.length);
        }
        assertEquals(0, b.stateMagnitude());
    }
}
