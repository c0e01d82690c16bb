package org.mixdown.mix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.mixdown.mix.StepRunner.set;

import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.mixdown.api.AudioBuffer;
import org.mixdown.api.AudioPlugin;
import org.mixdown.api.ParameterEvents;
import org.mixdown.api.ProcessSetup;
import org.mixdown.dsp.Oversampler;
import org.mixdown.dsp.SmoothedValue;
import org.mixdown.testkit.PluginChecks;
import org.mixdown.testkit.PluginRunner;
import org.mixdown.testkit.Signals;

class ChannelStripTest {
    private static final double FS = 48_000;
    /** The -3 dB law's gain of each side at the centre, for a mono input. */
    private static final double CENTRE = Math.cos(Math.PI / 4);
    /** Samples of a section switch's crossfade. */
    private static final int RAMP = (int) Math.round(FS * SmoothedValue.DEFAULT_RAMP_SECONDS);

    private static ChannelStrip strip(Object... settings) {
        ChannelStrip strip = new ChannelStrip();
        set(strip, settings);
        return strip;
    }

    /** The strip's latency (fixed: the saturator's, whether it is on or not). */
    private static int latency() {
        ChannelStrip strip = new ChannelStrip();
        strip.prepare(ProcessSetup.of(FS, 256, 2));
        return strip.latencySamples();
    }

    /** Noise whose level alternates every 100 ms between -6 dBFS peak and 44 dB lower (a gate has work). */
    private static float[][] burstyNoise(int channels, int frames) {
        float[][] x = PluginChecks.noise(channels, frames, 21);
        int period = (int) (FS / 10);
        for (float[] channel : x) {
            for (int n = 0; n < frames; n++) {
                if ((n / period) % 2 == 1) {
                    channel[n] *= 0.00631f;
                }
            }
        }
        return x;
    }

    /**
     * Asserts {@code actual[c][n + shift] == scale * expected[c][n]} within 1e-6 for every sample both hold;
     * returns the largest deviation.
     */
    private static double assertShifted(float[][] expected, float[][] actual, int shift, double scale, String what) {
        double worst = 0;
        for (int c = 0; c < actual.length; c++) {
            float[] e = expected[Math.min(c, expected.length - 1)];
            for (int n = 0; n + shift < actual[c].length; n++) {
                double d = Math.abs(actual[c][n + shift] - scale * e[n]);
                worst = Math.max(worst, d);
                if (d > 1e-6) {
                    fail(what + ": channel " + c + " sample " + (n + shift) + " is " + actual[c][n + shift]
                            + ", expected " + scale * e[n]);
                }
            }
            for (int n = 0; n < Math.min(shift, actual[c].length); n++) {
                assertEquals(0, actual[c][n], 0, what + ": the first " + shift + " samples are the latency");
            }
        }
        return worst;
    }

    private static double maxDifference(float[][] a, float[][] b) {
        double max = 0;
        for (int c = 0; c < a.length; c++) {
            for (int n = 0; n < a[c].length; n++) {
                max = Math.max(max, Math.abs(a[c][n] - b[c][n]));
            }
        }
        return max;
    }

    @Test
    void latencyIsTheSaturatorsWhetherOnOrOffAndAtAnyOversampling() {
        Saturator sat = new Saturator();
        sat.prepare(ProcessSetup.of(FS, 256, 2));
        assertEquals(Oversampler.maxLatencySamples(), sat.latencySamples());
        assertTrue(sat.latencySamples() > 0);
        for (int enabled = 0; enabled <= 1; enabled++) {
            for (int oversampling = 0; oversampling < 4; oversampling++) {
                ChannelStrip strip = strip("sat.enabled", enabled, "sat.oversampling", oversampling);
                strip.prepare(new ProcessSetup(FS, 256, 1, 2));
                assertEquals(sat.latencySamples(), strip.latencySamples());
                strip.setParameter("sat.oversampling", (oversampling + 1) % 4);
                strip.setParameter("sat.enabled", 1 - enabled);
                PluginRunner.process(strip, new float[1][1024], 2, 256);
                assertEquals(sat.latencySamples(), strip.latencySamples(), "latency is fixed after prepare");
            }
        }
    }

    @Test
    void defaultStripPassesAudioUnchangedApartFromThePanLaw() {
        int latency = latency();
        float[][] mono = PluginChecks.noise(1, (int) FS / 2, 1);
        double worst = assertShifted(mono, PluginRunner.run(strip(), mono, FS, 256), latency, CENTRE, "mono");
        float[][] stereo = PluginChecks.noise(2, (int) FS / 2, 2);
        worst = Math.max(worst, assertShifted(stereo, PluginRunner.run(strip(), stereo, FS, 256), latency, 1,
                "stereo"));
        System.out.printf("mix.strip default: pass-through within %.1e (latency %d samples)%n", worst, latency);
    }

    /** A section setting: the prefix, the section alone, and its own parameter values (id, value pairs). */
    private record SectionCase(String prefix, Supplier<AudioPlugin> alone, Object... settings) {
        AudioPlugin section() {
            AudioPlugin p = alone.get();
            set(p, settings);
            return p;
        }

        ChannelStrip strip() {
            ChannelStrip strip = ChannelStripTest.strip(prefix + ".enabled", 1);
            for (int i = 0; i < settings.length; i += 2) {
                strip.setParameter(prefix + "." + settings[i], ((Number) settings[i + 1]).doubleValue());
            }
            return strip;
        }
    }

    private static final SectionCase[] SECTIONS = {
        new SectionCase("filter", Filter::new, "hpf.on", 1, "hpf.freq", 120, "hpf.slope", 3, "lpf.on", 1,
                "lpf.freq", 9000),
        new SectionCase("gate", Gate::new, "threshold", -30, "range", -60, "hold", 5, "release", 30),
        new SectionCase("eq", Eq::new, "b1.gain", 6),
        new SectionCase("eq", Eq::new, "b3.gain", -5, "b3.q", 2, "b6.gain", 4, "output", -1),
        new SectionCase("comp", Compressor::new, "threshold", -20, "ratio", 4, "attack", 5, "release", 80),
        new SectionCase("sat", Saturator::new, "drive", 12, "oversampling", 1, "mix", 80),
    };

    @Test
    void eachSectionThroughItsPrefixSoundsExactlyLikeTheSectionAlone() {
        int latency = latency();
        for (SectionCase sc : SECTIONS) {
            for (int channels = 1; channels <= 2; channels++) {
                float[][] x = burstyNoise(channels, (int) FS / 2);
                AudioPlugin alone = sc.section();
                float[][] expected = PluginRunner.run(alone, x, FS, 256);
                float[][] actual = PluginRunner.run(sc.strip(), x, FS, 256);
                String what = sc.prefix() + " " + java.util.Arrays.toString(sc.settings()) + " " + channels + "->2";
                // the strip adds the saturator's latency to a section without its own
                double worst = assertShifted(expected, actual, latency - alone.latencySamples(),
                        channels == 1 ? CENTRE : 1, what);
                assertTrue(maxDifference(expected, x) > 1e-3, what + ": the setting changes the sound");
                System.out.printf("mix.strip %s: |strip - section alone| <= %.1e%n", what, worst);
            }
        }
    }

    @Test
    void trimPolarityAndFaderAreGainsAndPanPlacesTheSource() {
        float[][] x = PluginChecks.noise(1, 4800, 3);
        float[][] y = PluginRunner.run(strip("trim", -6, "invert", 1, "fader", 4.5, "pan", 40), x, FS, 256);
        double gain = -Math.pow(10, -6 / 20.0) * Math.pow(10, 4.5 / 20.0);
        double position = (40 + 100) / 200.0;
        int latency = latency();
        for (int n = 0; n + latency < x[0].length; n++) {
            assertEquals(gain * Math.cos(position * Math.PI / 2) * x[0][n], y[0][n + latency], 1e-6);
            assertEquals(gain * Math.sin(position * Math.PI / 2) * x[0][n], y[1][n + latency], 1e-6);
        }
    }

    @Test
    void orderSwitchRunsEqAndCompressorInEitherOrder() {
        Object[] eq = {"b1.gain", 9, "b4.gain", 6, "b4.q", 3};
        Object[] comp = {"threshold", -24, "ratio", 6, "attack", 2, "release", 60};
        float[][] x = burstyNoise(2, (int) FS / 2);
        int latency = latency();
        float[][][] results = new float[2][][];
        for (int order = 0; order <= 1; order++) {
            ChannelStrip strip = strip("order", order, "comp.enabled", 1, "eq.enabled", 1);
            for (int i = 0; i < eq.length; i += 2) {
                strip.setParameter("eq." + eq[i], ((Number) eq[i + 1]).doubleValue());
            }
            for (int i = 0; i < comp.length; i += 2) {
                strip.setParameter("comp." + comp[i], ((Number) comp[i + 1]).doubleValue());
            }
            Eq eqAlone = new Eq();
            set(eqAlone, eq);
            Compressor compAlone = new Compressor();
            set(compAlone, comp);
            float[][] expected = order == ChannelStrip.ORDER_EQ_COMP
                    ? PluginRunner.run(compAlone, PluginRunner.run(eqAlone, x, FS, 256), FS, 256)
                    : PluginRunner.run(eqAlone, PluginRunner.run(compAlone, x, FS, 256), FS, 256);
            results[order] = PluginRunner.run(strip, x, FS, 256);
            double worst = assertShifted(expected, results[order], latency, 1, "order " + order);
            System.out.printf("mix.strip order %s: |strip - sections in series| <= %.1e%n",
                    ChannelStrip.DESCRIPTOR.parameters().get(ChannelStrip.ORDER).format(order), worst);
        }
        assertTrue(maxDifference(results[0], results[1]) > 0.01, "the two orders sound different");
    }

    /**
     * Renders {@code input} through {@code strip} in 256-frame blocks with a switch event at {@code at}; the
     * expected output is the crossfade {@code before + w (after - before)} where w moves linearly over the
     * ramp from output sample {@code fadeStart} (the event's sample plus the latency that follows the section).
     */
    private static void assertLinearCrossfade(ChannelStrip strip, String switchId, double value, int at,
                                              int fadeStart, float[][] input, float[][] before, float[][] after) {
        int index = ChannelStrip.DESCRIPTOR.parameterIndex(switchId);
        float[][] y = StepRunner.renderWithStep(strip, input, FS, 256, index, value, at);
        for (int c = 0; c < 2; c++) {
            for (int n = 0; n < y[c].length; n++) {
                double w = n < fadeStart ? 0 : Math.min(1, (n - fadeStart + 1) / (double) RAMP);
                double expected = before[c][n] + w * (after[c][n] - before[c][n]);
                if (Math.abs(y[c][n] - expected) > 1e-6) {
                    fail(switchId + " -> " + value + ": channel " + c + " sample " + n + " is " + y[c][n]
                            + ", the crossfade gives " + expected + " (w = " + w + ")");
                }
            }
        }
    }

    @Test
    void switchingASectionOffCrossfadesToTheDelayedDrySignalAndKeepsTheLatency() {
        float[][] x = burstyNoise(2, (int) FS / 2);
        int latency = latency();
        float[][] dry = new float[2][x[0].length];
        for (int c = 0; c < 2; c++) {
            System.arraycopy(x[c], 0, dry[c], latency, x[c].length - latency);
        }
        int at = 5_000;  // inside a block: the crossfade starts at the exact sample
        Object[] comp = {"comp.enabled", 1, "comp.threshold", -30, "comp.ratio", 8};
        float[][] compressed = PluginRunner.run(strip(comp), x, FS, 256);
        assertTrue(maxDifference(compressed, dry) > 0.05);
        // the compressor runs before the saturator's latency: its fade is heard that much later
        assertLinearCrossfade(strip(comp), "comp.enabled", 0, at, at + latency, x, compressed, dry);

        // the saturator has latency: its bypass path is a delay of the same length, kept current while on
        Object[] sat = {"sat.enabled", 1, "sat.drive", 24};
        float[][] saturated = PluginRunner.run(strip(sat), x, FS, 256);
        assertTrue(maxDifference(saturated, dry) > 0.05);
        assertLinearCrossfade(strip(sat), "sat.enabled", 0, at, at, x, saturated, dry);
    }

    @Test
    void switchingASectionOnFadesItInFromRestWithoutMovingTheSignal() {
        float[][] x = burstyNoise(2, (int) FS / 2);
        int at = 5_000;
        // a saturator at 0 % mix outputs its delayed input: switching it on must not shift the signal
        ChannelStrip strip = strip("sat.mix", 0, "sat.drive", 24);
        float[][] y = StepRunner.renderWithStep(strip, x, FS, 256,
                ChannelStrip.switchIndex(ChannelStrip.SAT), 1, at);
        int latency = strip.latencySamples();
        for (int c = 0; c < 2; c++) {
            for (int n = at + RAMP + latency; n < x[c].length; n++) {
                assertEquals(x[c][n - latency], y[c][n], 1e-6, "sample " + n);
            }
        }
        // a compressor switched on starts from rest, exactly as a fresh one fed from that sample on
        Object[] comp = {"comp.threshold", -30, "comp.ratio", 8, "comp.attack", 1};
        ChannelStrip off = strip(comp);
        float[][] z = StepRunner.renderWithStep(off, x, FS, 256, ChannelStrip.switchIndex(ChannelStrip.COMP), 1, at);
        float[][] tail = new float[2][];
        for (int c = 0; c < 2; c++) {
            tail[c] = java.util.Arrays.copyOfRange(x[c], at, x[c].length);
        }
        Compressor fresh = new Compressor();
        set(fresh, "threshold", -30, "ratio", 8, "attack", 1);
        float[][] wet = PluginRunner.run(fresh, tail, FS, 256);
        for (int c = 0; c < 2; c++) {
            for (int n = at + RAMP; n < x[c].length - latency; n++) {
                assertEquals(wet[c][n - at], z[c][n + latency], 1e-6, "sample " + n);
            }
        }
    }

    @Test
    void switchingIsIndependentOfTheBlockSize() {
        float[][] x = burstyNoise(2, 12_000);
        for (int section : new int[] {ChannelStrip.COMP, ChannelStrip.SAT, ChannelStrip.GATE}) {
            for (int on = 0; on <= 1; on++) {
                Supplier<ChannelStrip> strip = () -> {
                    ChannelStrip s = new ChannelStrip();
                    realistic(s);
                    return s;
                };
                int index = ChannelStrip.switchIndex(section);
                float[][] reference = StepRunner.renderWithStep(strip.get(), x, FS, 1000, index, on, 2_345);
                for (int blockSize : new int[] {1, 7, 256}) {
                    float[][] y = StepRunner.renderWithStep(strip.get(), x, FS, blockSize, index, on, 2_345);
                    assertEquals(0, maxDifference(reference, y), 1e-6, ChannelStrip.DESCRIPTOR.parameters()
                            .get(index).id() + " -> " + on + ", blocks of " + blockSize);
                }
            }
        }
    }

    @Test
    void automationOfAPrefixedParameterLandsAtTheExactSample() {
        float[][] x = burstyNoise(2, 12_000);
        int latency = latency();
        int at = 3_333;
        for (String[] c : new String[][] {{"eq", "b2.gain"}, {"comp", "threshold"}, {"filter", "hpf.freq"}}) {
            Supplier<AudioPlugin> alone = switch (c[0]) {
                case "eq" -> Eq::new;
                case "comp" -> Compressor::new;
                default -> () -> {
                    Filter f = new Filter();
                    f.setParameter("hpf.on", 1);
                    return f;
                };
            };
            double value = c[0].equals("filter") ? 400 : -12;
            ChannelStrip strip = strip(c[0] + ".enabled", 1);
            if (c[0].equals("filter")) {
                strip.setParameter("filter.hpf.on", 1);
            }
            int index = ChannelStrip.DESCRIPTOR.parameterIndex(c[0] + "." + c[1]);
            float[][] y = StepRunner.renderWithStep(strip, x, FS, 512, index, value, at);
            int local = alone.get().descriptor().parameterIndex(c[1]);
            float[][] exact = StepRunner.renderWithStep(alone.get(), x, FS, 512, local, value, at);
            assertShifted(exact, y, latency, 1, c[0] + "." + c[1] + " at sample " + at);
            float[][] late = StepRunner.renderWithStep(alone.get(), x, FS, 512, local, value, at + 1);
            float[][] shiftedLate = new float[2][y[0].length];
            for (int ch = 0; ch < 2; ch++) {
                System.arraycopy(late[ch], 0, shiftedLate[ch], latency, late[ch].length - latency);
            }
            assertTrue(maxDifference(y, shiftedLate) > 1e-6, c[1] + ": one sample later is distinguishable");
        }
    }

    @Test
    void metersReExposeTheSectionsGainReduction() {
        float[][] x = burstyNoise(2, (int) (0.55 * FS));  // ends 50 ms into a quiet part
        ChannelStrip strip = strip("comp.enabled", 1, "comp.threshold", -30, "gate.enabled", 1,
                "gate.threshold", -30);
        Compressor comp = new Compressor();
        set(comp, "threshold", -30);
        Gate gate = new Gate();
        set(gate, "threshold", -30);
        PluginRunner.run(strip, x, FS, 256);
        float[][] gated = PluginRunner.run(gate, x, FS, 256);
        PluginRunner.run(comp, gated, FS, 256);
        assertEquals(comp.meters().get(0).value(), meter(strip, "comp.gr"), 1e-9);
        assertTrue(meter(strip, "comp.gr") > 1);
        // the gate is closing
        assertEquals(gate.meters().get(0).value(), meter(strip, "gate.gr"), 1e-9);
        assertTrue(meter(strip, "gate.gr") > 1);
        ChannelStrip off = strip("comp.threshold", -30);
        PluginRunner.run(off, x, FS, 256);
        assertEquals(0, meter(off, "comp.gr"), 0, "a bypassed compressor reduces nothing");
    }

    private static double meter(AudioPlugin p, String id) {
        return p.meters().stream().filter(m -> m.id().equals(id)).findFirst().orElseThrow().value();
    }

    @Test
    void resetAndPreparingAgainForAnotherLayoutSoundLikeAFreshStrip() {
        float[][] stereo = burstyNoise(2, 9600);
        float[][] mono = burstyNoise(1, 9600);
        ChannelStrip used = new ChannelStrip();
        realistic(used);
        PluginRunner.run(used, stereo, FS, 256);
        used.setParameter("comp.enabled", 0);  // a fade in progress must not survive reset
        PluginRunner.process(used, stereo, 2, 256);
        used.setParameter("comp.enabled", 1);
        PluginRunner.process(used, new float[][] {stereo[0], stereo[1]}, 2, 100);
        used.reset();
        ChannelStrip fresh = new ChannelStrip();
        realistic(fresh);
        assertEquals(0, maxDifference(PluginRunner.run(fresh, stereo, FS, 256),
                PluginRunner.process(used, stereo, 2, 256)), 1e-6, "after reset");
        ChannelStrip freshMono = new ChannelStrip();
        realistic(freshMono);
        assertEquals(0, maxDifference(PluginRunner.run(freshMono, mono, FS, 256), PluginRunner.run(used, mono, FS, 256)),
                1e-6, "prepared again for mono");
    }

    @Test
    void faderStepGlidesWithoutAClick() {
        float[] sine = Signals.sine(1000, FS, (int) FS / 2, 0.5);
        int at = 10_000;
        float[][] y = StepRunner.renderWithStep(new ChannelStrip(), new float[][] {sine, sine}, FS, 256,
                ChannelStrip.FADER_DB, -24, at);
        double steady = StepRunner.maxStep(y[0], 1_000, at);
        // the gain falls by (1 - 10^(-24/20)) over the ramp: the step per sample can grow by at most that share
        double bound = steady + 0.5 * (1 - Math.pow(10, -24 / 20.0)) / RAMP;
        assertTrue(StepRunner.maxStep(y[0], at, at + 2 * RAMP) <= bound + 1e-6);
        assertEquals(0.5 * Math.pow(10, -24 / 20.0), StepRunner.maxStep(y[0], at + 2 * RAMP, y[0].length)
                / (2 * Math.sin(Math.PI * 1000 / FS)), 1e-3, "settles at -24 dB");
    }

    /** Everything on and working: the benchmark's realistic setting (see {@link #realistic}). */
    static void busy(AudioPlugin p) {
        realistic(p);
    }

    /**
     * A realistic vocal/instrument strip: HPF at 80 Hz, three EQ bands, a gate, a compressor working a few
     * dB on a programme near -12 dBFS RMS, and the saturator at 2x.
     */
    static void realistic(AudioPlugin p) {
        set(p, "trim", -2, "filter.hpf.on", 1, "filter.hpf.freq", 80,
                "eq.enabled", 1, "eq.b1.gain", 2, "eq.b3.gain", -3, "eq.b3.q", 1.5, "eq.b5.gain", 3,
                "eq.b2.on", 0, "eq.b4.on", 0, "eq.b6.on", 0,
                "gate.enabled", 1, "gate.threshold", -50,
                "comp.enabled", 1, "comp.threshold", -16, "comp.ratio", 3, "comp.attack", 10, "comp.release", 120,
                "sat.enabled", 1, "sat.drive", 6, "sat.oversampling", 1, "sat.mix", 50,
                "fader", -3, "pan", -20);
    }

    @Test
    void contract() {
        PluginChecks.assertZeroAllocation(strip(), new ProcessSetup(FS, 256, 1, 2), 10_000);
        // 64-frame blocks: the same code paths as 256, a quarter of the test time
        ChannelStrip working = new ChannelStrip();
        realistic(working);
        PluginChecks.assertZeroAllocation(working, ProcessSetup.of(FS, 64, 2), 10_000);
        ChannelStrip mono = new ChannelStrip();
        realistic(mono);
        PluginChecks.assertZeroAllocation(mono, new ProcessSetup(FS, 64, 1, 2), 10_000);
        PluginChecks.assertFiniteOutput(ChannelStrip::new, ChannelStripTest::busy, 2, FS);
        PluginChecks.assertFiniteOutput(ChannelStrip::new, ChannelStripTest::busy, 1, FS);
        PluginChecks.assertBlockSizeIndependent(ChannelStrip::new, ChannelStripTest::busy, 2, FS, 1e-6,
                1, 7, 64, 1000);
        PluginChecks.assertBlockSizeIndependent(ChannelStrip::new, p -> set(p, "pan", 30), 1, FS, 1e-6,
                1, 7, 64, 1000);
        PluginChecks.assertStateRoundTrip(ChannelStrip::new);
    }

    @Test
    void switchesOrderAndPrefixedAutomationAllocateNothing() {
        ChannelStrip strip = new ChannelStrip();
        realistic(strip);
        strip.prepare(ProcessSetup.of(FS, 64, 2));
        AudioBuffer in = new AudioBuffer(PluginChecks.noise(2, 64, 9));
        AudioBuffer out = AudioBuffer.allocate(2, 64);
        ParameterEvents events = new ParameterEvents(8);
        int[] toggled = {ChannelStrip.switchIndex(ChannelStrip.SAT), ChannelStrip.switchIndex(ChannelStrip.COMP),
            ChannelStrip.switchIndex(ChannelStrip.GATE), ChannelStrip.switchIndex(ChannelStrip.EQ),
            ChannelStrip.switchIndex(ChannelStrip.FILTER), ChannelStrip.ORDER};
        int gain = ChannelStrip.DESCRIPTOR.parameterIndex("eq.b3.gain");
        int threshold = ChannelStrip.DESCRIPTOR.parameterIndex("comp.threshold");
        Runnable run = () -> {
            for (int block = 0; block < 1_000; block++) {
                events.clear();
                // one switch flips every 8 blocks, each one every 48 (a 20 ms fade takes 15 blocks), so fades
                // overlap and sections sleep and wake
                if (block % 8 == 0) {
                    int s = (block / 8) % toggled.length;
                    events.add(block % 64, toggled[s], (block / 48) % 2);
                }
                events.add(17, gain, block % 3 - 3);
                events.add(50, threshold, -16 - block % 5);
                strip.process(in, out, events);
            }
        };
        for (int i = 0; i < 10; i++) {
            run.run();
        }
        long[] rounds = new long[3];
        for (int round = 0; round < rounds.length; round++) {
            long before = PluginChecks.allocatedBytes();
            run.run();
            rounds[round] = PluginChecks.allocatedBytes() - before;
            if (rounds[round] == 0) {
                return;
            }
        }
        fail("allocated in every round: " + java.util.Arrays.toString(rounds));
    }

    @Test
    void silenceAfterLoudInputEmptiesEveryStateToExactlyZero() {
        ChannelStrip strip = new ChannelStrip();
        realistic(strip);
        strip.setParameter("comp.release", 30);
        strip.setParameter("gate.release", 20);
        strip.prepare(ProcessSetup.of(FS, 512, 2));
        PluginRunner.process(strip, PluginChecks.noise(2, (int) FS, 3), 2, 512);
        assertTrue(strip.stateMagnitude() > 0);
        assertNotEquals(0, meter(strip, "comp.gr"));
        // envelopes release exponentially to their 1e-30 flush: 69 time constants (the compressor's 30 ms: 2.1 s)
        float[][] out = PluginRunner.process(strip, new float[2][(int) (3 * FS)], 2, 512);
        assertEquals(0, strip.stateMagnitude(), 0);
        assertEquals(0, out[0][out[0].length - 1], 0);
        assertEquals(0, out[1][out[1].length - 1], 0);
        assertEquals(0, meter(strip, "comp.gr"), 0);
    }

    @Test
    void descriptorListsOwnParametersAndEverySectionParameterUnderItsPrefix() {
        var ids = ChannelStrip.DESCRIPTOR.parameters().stream().map(p -> p.id()).toList();
        assertEquals(java.util.List.of("trim", "invert", "fader", "pan", "pan.law", "order", "filter.enabled",
                "gate.enabled", "eq.enabled", "comp.enabled", "sat.enabled"), ids.subList(0, 11));
        int sectionParameters = Filter.DESCRIPTOR.parameters().size() + Gate.DESCRIPTOR.parameters().size()
                + Eq.DESCRIPTOR.parameters().size() + Compressor.DESCRIPTOR.parameters().size()
                + Saturator.DESCRIPTOR.parameters().size();
        assertEquals(11 + sectionParameters, ids.size());
        for (var p : Compressor.DESCRIPTOR.parameters()) {
            var prefixed = ChannelStrip.DESCRIPTOR.parameter("comp." + p.id());
            assertEquals(p.defaultValue(), prefixed.defaultValue());
            assertEquals(p.min(), prefixed.min());
            assertEquals(p.max(), prefixed.max());
        }
        for (String id : new String[] {"gate", "eq", "comp", "sat"}) {
            assertEquals(0, ChannelStrip.DESCRIPTOR.parameter(id + ".enabled").defaultValue(), id);
        }
        assertEquals(1, ChannelStrip.DESCRIPTOR.parameter("filter.enabled").defaultValue());
        assertEquals(0, Filter.DESCRIPTOR.parameter("hpf.on").defaultValue());
        assertEquals(0, Filter.DESCRIPTOR.parameter("lpf.on").defaultValue());
        assertEquals(java.util.List.of("gate.gr", "comp.gr"),
                ChannelStrip.DESCRIPTOR.meters().stream().map(m -> m.id()).toList());
    }
}
