package org.mixdown.mix;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.mixdown.api.ProcessSetup;
import org.mixdown.testkit.Measure;
import org.mixdown.testkit.PluginChecks;
import org.mixdown.testkit.PluginRunner;
import org.mixdown.testkit.Signals;

class PanTest {
    private static final double FS = 48000;

    private static double[] levelsDb(String law, double pan, int inputs) {
        Pan p = new Pan();
        p.setParameter("law", Pan.DESCRIPTOR.parameter("law").choiceIndex(law));
        p.setParameter("pan", pan);
        float[] sine = Signals.sine(1000, FS, 9600, 0.5);
        float[][] in = Signals.channels(sine, inputs);
        float[][] out = PluginRunner.run(p, in, FS, 512);
        return new double[] {
            Measure.db(Measure.amplitudeAt(out[0], 2400, 9600, 1000, FS) / 0.5),
            Measure.db(Measure.amplitudeAt(out[1], 2400, 9600, 1000, FS) / 0.5)};
    }

    /** The definition of each law, per channel, in dB; -infinity for silence. */
    private static double lawDb(String law, double x) {
        double g = switch (law) {
            case "-3dB" -> Math.cos(x * Math.PI / 2);
            case "-4.5dB" -> Math.pow(Math.cos(x * Math.PI / 2) * (1 - x), 0.5);
            case "-6dB" -> 1 - x;
            default -> Math.min(1, 2 * (1 - x));
        };
        return 20 * Math.log10(g);
    }

    @Test
    void monoPanLawsMatchTheirDefinitionsWithin001Db() {
        for (String law : new String[] {"-3dB", "-4.5dB", "-6dB", "0dB"}) {
            for (double pan : new double[] {-80, -50, -20, 0, 20, 50, 80}) {
                double x = (pan + 100) / 200;
                double[] db = levelsDb(law, pan, 1);
                assertEquals(lawDb(law, x), db[0], 0.01, law + " left at " + pan);
                assertEquals(lawDb(law, 1 - x), db[1], 0.01, law + " right at " + pan);
            }
        }
    }

    @Test
    void centreLevelsAreTheLawsNames() {
        assertEquals(-3.0103, levelsDb("-3dB", 0, 1)[0], 0.01);
        assertEquals(-4.5154, levelsDb("-4.5dB", 0, 1)[0], 0.01);
        assertEquals(-6.0206, levelsDb("-6dB", 0, 1)[0], 0.01);
        assertEquals(0.0, levelsDb("0dB", 0, 1)[1], 0.01);
    }

    @Test
    void stereoInputIsBalancedNeverBoosted() {
        double[] centre = levelsDb("-3dB", 0, 2);
        assertEquals(0, centre[0], 0.01);
        assertEquals(0, centre[1], 0.01);
        double[] right = levelsDb("-3dB", 50, 2);
        assertEquals(0, right[1], 0.01);
        double x = 0.75;
        assertEquals(lawDb("-3dB", x) - lawDb("-3dB", 0.5), right[0], 0.01);
    }

    @Test
    void contract() {
        PluginChecks.assertZeroAllocation(new Pan(), new ProcessSetup(48000, 256, 1, 2), 10_000);
        PluginChecks.assertZeroAllocation(new Pan(), ProcessSetup.of(48000, 256, 2), 10_000);
        PluginChecks.assertFiniteOutput(Pan::new, p -> p.setParameter("pan", 100), 1, 48000);
        PluginChecks.assertBlockSizeIndependent(Pan::new, p -> p.setParameter("pan", -35), 1, 48000, 1e-6,
                1, 7, 64, 1000);
        PluginChecks.assertStateRoundTrip(Pan::new);
    }
}
