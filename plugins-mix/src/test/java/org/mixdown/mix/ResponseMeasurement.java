package org.mixdown.mix;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.DoubleUnaryOperator;
import java.util.function.Supplier;
import org.mixdown.api.AudioPlugin;
import org.mixdown.testkit.Measure;
import org.mixdown.testkit.PluginRunner;
import org.mixdown.testkit.Signals;

/**
 * Measures a plugin's magnitude response with settled sines (a fresh instance per frequency) and compares
 * it with an analytic response computed elsewhere.
 */
final class ResponseMeasurement {
    /** The frequencies of every response check: 30 log-spaced from 20 Hz to 20 kHz. */
    static final double[] FREQUENCIES = Measure.logSpaced(20, 20000, 30);
    /** Only below this fraction of Nyquist is the 0.05 dB match required. */
    static final double MAX_NYQUIST_FRACTION = 0.8;
    /**
     * Below this level a dB comparison means little (float32 audio carries about 150 dB); there the
     * measurement must merely stay below it too.
     */
    static final double FLOOR_DB = -120;
    private static final double AMPLITUDE = 0.5;
    private static final double WINDOW_SECONDS = 0.1;

    private ResponseMeasurement() {
    }

    /** The gain in dB of a fresh plugin from {@code factory} at {@code f}, after {@code settleSeconds}. */
    static double measureDb(Supplier<AudioPlugin> factory, double f, double fs, double settleSeconds) {
        int settle = (int) Math.ceil(settleSeconds * fs);
        int window = (int) (WINDOW_SECONDS * fs);
        float[] sine = Signals.sine(f, fs, settle + window, AMPLITUDE);
        float[][] out = PluginRunner.run(factory.get(), new float[][] {sine}, fs, 1024);
        return Measure.db(Measure.amplitudeAt(out[0], settle, settle + window, f, fs) / AMPLITUDE);
    }

    /**
     * Asserts the measured response within {@code toleranceDb} of {@code expectedDb} at every frequency
     * below 0.8 Nyquist (below {@link #FLOOR_DB}: that the measurement is below it as well); returns the
     * largest error.
     */
    static double assertMatches(String what, Supplier<AudioPlugin> factory, DoubleUnaryOperator expectedDb,
                                double fs, double settleSeconds, double toleranceDb) {
        double worst = 0;
        for (double f : FREQUENCIES) {
            if (f > MAX_NYQUIST_FRACTION * fs / 2) {
                continue;
            }
            double expected = expectedDb.applyAsDouble(f);
            double measured = measureDb(factory, f, fs, settleSeconds);
            if (expected < FLOOR_DB) {
                assertTrue(measured < FLOOR_DB + toleranceDb, what + " at " + f + " Hz, " + fs + " Hz: measured "
                        + measured + " dB where the design gives " + expected + " dB");
                continue;
            }
            double error = Math.abs(measured - expected);
            worst = Math.max(worst, error);
            assertTrue(error <= toleranceDb, what + " at " + f + " Hz, " + fs + " Hz: measured " + measured
                    + " dB, analytic " + expected + " dB");
        }
        return worst;
    }

    /** The largest sample-to-sample step of a signal. */
    static double maxStep(float[] x, int from, int to) {
        double max = 0;
        for (int i = Math.max(from, 1); i < to; i++) {
            max = Math.max(max, Math.abs(x[i] - x[i - 1]));
        }
        return max;
    }
}
