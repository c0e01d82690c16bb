package org.mixdown.mix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.mixdown.api.AudioBuffer;
import org.mixdown.api.AudioPlugin;
import org.mixdown.api.ParameterEvents;
import org.mixdown.api.ProcessSetup;
import org.mixdown.dsp.Butterworth;
import org.mixdown.testkit.Measure;
import org.mixdown.testkit.PluginChecks;
import org.mixdown.testkit.PluginRunner;
import org.mixdown.testkit.Signals;

class FilterTest {
    private static final double[] RATES = {44100, 48000, 96000};

    private static Supplier<AudioPlugin> filter(Consumer<Filter> configure) {
        return () -> {
            Filter f = new Filter();
            configure.accept(f);
            return f;
        };
    }

    /** The realistic setting: rumble cut at 80 Hz 24 dB/oct and a gentle 12 dB/oct top cut at 12 kHz. */
    private static void channelStrip(AudioPlugin p) {
        p.setParameter("hpf.on", 1);
        p.setParameter("hpf.freq", 80);
        p.setParameter("hpf.slope", 3);
        p.setParameter("lpf.on", 1);
        p.setParameter("lpf.freq", 12000);
        p.setParameter("lpf.slope", 1);
    }

    /** Settling time for 20 time constants of the slowest (highest-Q) section's poles. */
    private static double settleSeconds(int order, double cutoff) {
        double q = order == 1 ? 0.5 : Butterworth.sectionQ(order, 0);
        return 0.05 + 20 * 2 * q / (2 * Math.PI * cutoff);
    }

    @Test
    void everySlopeMatchesTheButterworthClosedFormWithin0p05Db() {
        double worst = 0;
        for (double fs : RATES) {
            for (int slope = 0; slope < Filter.SLOPES_DB.length; slope++) {
                int s = slope;
                int order = Filter.order(slope);
                worst = Math.max(worst, ResponseMeasurement.assertMatches("HPF " + Filter.SLOPES_DB[s],
                        filter(p -> {
                            p.setParameter("hpf.on", 1);
                            p.setParameter("hpf.freq", 150);
                            p.setParameter("hpf.slope", s);
                        }),
                        f -> 20 * Math.log10(Butterworth.magnitude(true, order, f, 150, fs)), fs,
                        settleSeconds(order, 150), 0.05));
                worst = Math.max(worst, ResponseMeasurement.assertMatches("LPF " + Filter.SLOPES_DB[s],
                        filter(p -> {
                            p.setParameter("lpf.on", 1);
                            p.setParameter("lpf.freq", 4000);
                            p.setParameter("lpf.slope", s);
                        }),
                        f -> 20 * Math.log10(Butterworth.magnitude(false, order, f, 4000, fs)), fs,
                        settleSeconds(order, 4000), 0.05));
            }
        }
        System.out.printf("mix.filter: worst |measured - analytic| over 6 slopes x HPF/LPF x 3 rates: %.2e dB%n",
                worst);
    }

    @Test
    void bothFiltersTogetherMatchTheProductOfTheirResponses() {
        double fs = 48000;
        Filter probe = new Filter();
        channelStrip(probe);
        probe.prepare(ProcessSetup.of(fs, 64, 1));
        double worst = ResponseMeasurement.assertMatches("channel strip", filter(FilterTest::channelStrip),
                probe::responseDb, fs, settleSeconds(4, 80), 0.05);
        System.out.printf("mix.filter HPF 80/24 + LPF 12k/12: worst error %.2e dB%n", worst);
    }

    @Test
    void cutoffIsMinus3DbAndTheSlopeIs6DbPerOctavePerOrder() {
        double fs = 96000;
        for (int slope = 0; slope < Filter.SLOPES_DB.length; slope++) {
            int s = slope;
            Supplier<AudioPlugin> lp = filter(p -> {
                p.setParameter("lpf.on", 1);
                p.setParameter("lpf.freq", 100);
                p.setParameter("lpf.slope", s);
            });
            double settle = settleSeconds(Filter.order(s), 100);
            assertEquals(-3.0103, ResponseMeasurement.measureDb(lp, 100, fs, settle), 0.01);
            double perOctave = ResponseMeasurement.measureDb(lp, 800, fs, settle)
                    - ResponseMeasurement.measureDb(lp, 1600, fs, settle);
            assertEquals(Filter.SLOPES_DB[s], perOctave, 0.05 * Filter.order(s) + 0.02 * Filter.SLOPES_DB[s],
                    "slope " + Filter.SLOPES_DB[s]);
        }
    }

    @Test
    void fastCutoffSweepDoesNotClick() {
        double fs = 48000;
        int block = 64;
        Filter plugin = new Filter();
        plugin.setParameter("hpf.on", 1);
        plugin.setParameter("hpf.freq", 20);
        plugin.setParameter("hpf.slope", 5);  // 48 dB/oct: the highest Q sections, the hardest case
        int frames = (int) (0.3 * fs);
        float[] input = Signals.sine(1000, fs, frames, 0.5);
        float[] output = sweep(plugin, input, fs, block, Filter.HPF_FREQ);
        // the output never exceeds unity gain in steady state (a Butterworth has no resonant peak), so a
        // click-free sweep moves no faster than the input sine itself, 2 A sin(pi f / fs) per sample, plus
        // 5 % for the overshoot of a moving filter (measured: under 1 % gliding; 14 % when the cut-off jumps
        // at each block unsmoothed, so the bound does catch that)
        double inputStep = ResponseMeasurement.maxStep(input, 0, frames);
        double outputStep = ResponseMeasurement.maxStep(output, 0, frames);
        System.out.printf("mix.filter HPF 20 Hz -> 20 kHz in 100 ms on a 1 kHz sine: max step %.5f, input %.5f%n",
                outputStep, inputStep);
        assertTrue(outputStep <= 1.05 * inputStep, "max step " + outputStep + " vs input " + inputStep);
        assertTrue(Measure.rms(output, frames - 4800, frames) < 1e-3, "the swept-up high-pass removed the sine");
    }

    /**
     * The automation of a fast sweep: 20 Hz at 50 ms rising exponentially to 20 kHz at 150 ms, sent at
     * the start of each block; NaN where no event is due.
     */
    static double sweepFrequency(int sample, int block, double fs) {
        double sweepSamples = 0.1 * fs;
        double progress = (sample - 0.05 * fs) / sweepSamples;
        if (progress < 0 || progress > 1 + block / sweepSamples) {
            return Double.NaN;
        }
        return 20 * Math.pow(1000, Math.min(1, progress));
    }

    /** Runs {@code input} through a mono plugin while a frequency parameter follows {@link #sweepFrequency}. */
    static float[] sweep(AudioPlugin plugin, float[] input, double fs, int block, int parameter) {
        plugin.prepare(ProcessSetup.of(fs, block, 1));
        AudioBuffer in = AudioBuffer.allocate(1, block);
        AudioBuffer out = AudioBuffer.allocate(1, block);
        ParameterEvents events = new ParameterEvents(1);
        float[] output = new float[input.length];
        for (int at = 0; at + block <= input.length; at += block) {
            events.clear();
            double f = sweepFrequency(at, block, fs);
            if (!Double.isNaN(f)) {
                events.add(0, parameter, f);
            }
            System.arraycopy(input, at, in.channel(0), 0, block);
            plugin.process(in, out, events);
            System.arraycopy(out.channel(0), 0, output, at, block);
        }
        return output;
    }

    @Test
    void pluginContract() {
        PluginChecks.assertZeroAllocation(filter(FilterTest::channelStrip).get(), ProcessSetup.of(48000, 64, 2),
                10_000);
        PluginChecks.assertFiniteOutput(filter(FilterTest::channelStrip), p -> { }, 2, 48000);
        PluginChecks.assertBlockSizeIndependent(filter(FilterTest::channelStrip), p -> { }, 2, 48000, 1e-6,
                1, 7, 64, 1000);
        PluginChecks.assertStateRoundTrip(Filter::new);
    }

    @Test
    void inPlaceProcessingGivesTheSameOutput() {
        float[][] input = PluginChecks.noise(2, 9600, 3);
        Filter a = new Filter();
        channelStrip(a);
        float[][] expected = PluginRunner.run(a, input, 48000, 256);
        Filter b = new Filter();
        channelStrip(b);
        b.prepare(ProcessSetup.of(48000, 256, 2));
        float[][] actual = PluginRunner.processInPlace(b, input, 256);
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected[0], actual[0]);
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected[1], actual[1]);
    }

    @Test
    void silenceAfterLoudInputDecaysToExactlyZeroState() {
        Filter plugin = new Filter();
        channelStrip(plugin);
        plugin.setParameter("hpf.slope", 5);
        float[][] loud = PluginChecks.noise(2, 48000, 9);
        PluginRunner.run(plugin, loud, 48000, 512);
        assertTrue(plugin.stateMagnitude() > 1e-6);
        float[][] silence = new float[2][512];
        int blocks = 0;
        while (plugin.stateMagnitude() != 0 && blocks < 20_000) {
            PluginRunner.process(plugin, silence, 2, 512);
            blocks++;
        }
        assertEquals(0.0, plugin.stateMagnitude(), "state after " + blocks + " blocks of silence");
        float[][] out = PluginRunner.process(plugin, silence, 2, 512);
        assertEquals(0.0, Measure.peak(out[0]) + Measure.peak(out[1]));
    }

    @Test
    void defaultsAreAnExactPassThrough() {
        float[][] input = PluginChecks.noise(2, 4800, 4);
        float[][] out = PluginRunner.run(new Filter(), input, 48000, 256);
        org.junit.jupiter.api.Assertions.assertArrayEquals(input[0], out[0]);
    }
}
