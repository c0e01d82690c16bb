package org.mixdown.host.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mixdown.dsp.Db;
import org.mixdown.host.io.SampleEncoding;
import org.mixdown.host.io.WavFormat;
import org.mixdown.host.io.WavWriter;
import org.mixdown.testkit.Measure;
import org.mixdown.testkit.Signals;

class MixerTest {
    static final int RATE = 48000;

    @TempDir
    Path dir;

    private float[][] mix(String json) throws Exception {
        return mix(json, null);
    }

    private float[][] mix(String json, Path stems) throws Exception {
        return mix(json, stems, 2);
    }

    private float[][] mix(String json, Path stems, int threads) throws Exception {
        Path file = dir.resolve("session.json");
        Files.writeString(file, json);
        Path out = dir.resolve("mix.wav");
        try (Session session = Session.read(file, TestAudio.registryWithStandInStrip());
             Mixer mixer = new Mixer(session, 512).threads(threads);
             WavWriter writer = WavWriter.create(out, new WavFormat(mixer.outputChannels(), RATE,
                     SampleEncoding.FLOAT_32))) {
            mixer.render(writer, stems, SampleEncoding.FLOAT_32, null, null);
            writer.commit();
        }
        return TestAudio.read(out);
    }

    private void stem(String name, float[]... channels) throws Exception {
        TestAudio.write(dir.resolve(name), channels, RATE);
    }

    private static double peakDb(float[][] audio) {
        double peak = 0;
        for (float[] channel : audio) {
            peak = Math.max(peak, Measure.peak(channel));
        }
        return Db.toDb(peak);
    }

    @Test
    void aLatentInsertIsCompensatedSoTheInvertedCopyNullsBelowMinus120Db() throws Exception {
        stem("noise.wav", Signals.whiteNoise(RATE, 0.5, 7));
        String tracks = "{\"name\": \"a\", \"file\": \"noise.wav\", \"inserts\": [{\"plugin\": \"test.latent\"}]},"
                + "{\"name\": \"b\", \"file\": \"noise.wav\", \"inserts\": [{\"plugin\": \"mix.gain\","
                + " \"params\": {\"invert\": true}}]}";
        float[][] nulled = mix("{\"tracks\": [" + tracks + "]}");
        assertEquals(RATE, nulled[0].length, "latency removed, length kept");
        assertTrue(peakDb(nulled) < -120, "residual " + peakDb(nulled) + " dB");
        // the same mix with track b alone is loud: the null is a real cancellation
        float[][] alone = mix("{\"tracks\": [" + tracks.replace("\"name\": \"b\",", "\"name\": \"b\", \"solo\": true,")
                + "]}");
        assertTrue(peakDb(alone) > -10, "track b alone: " + peakDb(alone) + " dB");
    }

    @Test
    void everyThreadCountGivesTheSameMixBitForBit() throws Exception {
        stem("a.wav", Signals.whiteNoise(RATE, 0.5, 11));
        stem("b.wav", Signals.pinkNoise(RATE / 2, 0.7, 12), Signals.pinkNoise(RATE / 2, 0.7, 13));
        stem("c.wav", Signals.whiteNoise(RATE / 3, 0.2, 14));
        String json = "{\"tracks\": [{\"file\": \"a.wav\", \"pan\": 30, \"sends\": [{\"bus\": \"fx\"}],"
                + " \"automation\": {\"fader\": [[0, -20], [0.5, 0]]}}, {\"file\": \"b.wav\"},"
                + " {\"file\": \"c.wav\", \"sends\": [{\"bus\": \"fx\", \"pre\": true}]}],"
                + " \"buses\": [{\"name\": \"fx\", \"chain\": [{\"plugin\": \"test.latent\"}], \"output\": \"glue\"},"
                + " {\"name\": \"glue\", \"chain\": [{\"plugin\": \"mix.compressor\"}]}],"
                + " \"master\": {\"chain\": [{\"plugin\": \"master.limiter\"}], \"fader\": 3}}";
        float[][] serial = mix(json, null, 1);
        for (int threads = 2; threads <= 4; threads++) {   // the pipelined mix over 2, 3 and 4 threads
            float[][] parallel = mix(json, null, threads);
            assertEquals(serial[0].length, parallel[0].length);
            for (int c = 0; c < 2; c++) {
                org.junit.jupiter.api.Assertions.assertArrayEquals(serial[c], parallel[c], 0f,
                        threads + " threads, channel " + c);
            }
        }
        assertTrue(peakDb(serial) > -10, "not silence");
    }

    @Test
    void pathsThroughBusesAreAlignedWithTheDirectPath() throws Exception {
        stem("noise.wav", Signals.whiteNoise(RATE / 2, 0.5, 3));
        // dry to the master; a pre-fader send into a bus that delays (latent) and inverts, then a second bus
        String json = "{\"tracks\": [{\"name\": \"dry\", \"file\": \"noise.wav\", "
                + "\"sends\": [{\"bus\": \"wet\", \"level\": 0, \"pre\": true}]}],"
                + "\"buses\": [{\"name\": \"wet\", \"output\": \"sub\", \"chain\": [{\"plugin\": \"test.latent\"},"
                + " {\"plugin\": \"mix.gain\", \"params\": {\"invert\": true}}]},"
                + " {\"name\": \"sub\", \"chain\": [{\"plugin\": \"test.latent\"}]}],"
                + "\"master\": {\"chain\": [{\"plugin\": \"test.latent\"}]}}";
        Path file = dir.resolve("session.json");
        Files.writeString(file, json);
        try (Session session = Session.read(file, TestAudio.registry()); Mixer mixer = new Mixer(session, 512)) {
            assertEquals(200, mixer.compensationDelays().get("dry -> master"), mixer.compensationDelays().toString());
            assertEquals(300, mixer.latencySamples());
        }
        float[][] out = mix(json);
        assertTrue(peakDb(out) < -120, "residual " + peakDb(out) + " dB");
    }

    @Test
    void faderAndPluginAutomationLandOnTheirExactSample() throws Exception {
        float[] dc = new float[RATE];
        java.util.Arrays.fill(dc, 0.5f);
        stem("dc.wav", dc);
        // a latent plugin before the automated one: events must still land on timeline samples
        String json = "{\"tracks\": [{\"file\": \"dc.wav\", \"pan\": -100, \"inserts\": [{\"plugin\": \"test.latent\"},"
                + " {\"plugin\": \"test.level\"}],"
                + " \"automation\": {\"inserts[1].level\": [[0, 1], [0.25, 1], [0.25, 2]],"
                + " \"fader\": [[0.5, 0], [0.5, -144]]}}]}";
        float[] left = mix(json)[0];
        int step = RATE / 4;
        int cut = RATE / 2;
        assertEquals(0.5f, left[step - 1], 1e-6, "before the level step");
        assertEquals(1.0f, left[step], 1e-6, "the level step lands on sample " + step);
        assertEquals(1.0f, left[cut - 1], 1e-6, "before the fader cut");
        assertTrue(Math.abs(left[cut]) < 1e-6, "the fader cut lands on sample " + cut + ": " + left[cut]);
    }

    @Test
    void theStripRunsFirstAndItsParametersAreAutomatedByStripKeys() throws Exception {
        float[] dc = new float[RATE];
        java.util.Arrays.fill(dc, 0.25f);
        stem("dc.wav", dc);
        // the stand-in strip multiplies by "level"; an insert after it multiplies again
        float[] left = mix("{\"tracks\": [{\"file\": \"dc.wav\", \"pan\": -100, \"strip\": {\"level\": 2},"
                + " \"inserts\": [{\"plugin\": \"test.level\", \"params\": {\"level\": 1.5}}],"
                + " \"automation\": {\"strip.level\": [[0.5, 2], [0.5, 1]]}}]}")[0];
        assertEquals(0.75, left[RATE / 2 - 1], 1e-6, "strip 2 x insert 1.5");
        assertEquals(0.375, left[RATE / 2], 1e-6, "strip automated to 1 at its sample");
    }

    @Test
    void faderRampsAreInterpolatedInDbPerSample() throws Exception {
        float[] dc = new float[RATE];
        java.util.Arrays.fill(dc, 1f);
        stem("dc.wav", dc);
        String json = "{\"tracks\": [{\"file\": \"dc.wav\", \"pan\": -100,"
                + " \"automation\": {\"fader\": [[0, -60], [1, 0]]}}]}";
        float[] left = mix(json)[0];
        double worst = 0;
        for (int n = 0; n < RATE; n += 997) {
            double expected = -60 + 60.0 * n / RATE;
            worst = Math.max(worst, Math.abs(Db.toDb(left[n]) - expected));
        }
        assertTrue(worst < 1e-3, "worst deviation from the dB ramp " + worst + " dB");
    }

    @Test
    void panIsConstantPowerForMonoAndBalanceForStereo() throws Exception {
        float[] one = new float[1000];
        java.util.Arrays.fill(one, 1f);
        stem("mono.wav", one);
        stem("stereo.wav", one, one);
        float[][] centre = mix("{\"tracks\": [{\"file\": \"mono.wav\"}]}");
        assertEquals(Math.sqrt(0.5), centre[0][10], 1e-6);
        assertEquals(Math.sqrt(0.5), centre[1][10], 1e-6);
        float[][] balance = mix("{\"tracks\": [{\"file\": \"stereo.wav\", \"pan\": 50}]}");
        assertEquals(Math.cos(0.75 * Math.PI / 2) * Math.sqrt(2), balance[0][10], 1e-6, "left lowered");
        assertEquals(1.0, balance[1][10], 1e-6, "right never boosted");
    }

    @Test
    void soloAndMuteFollowConsoleRules() throws Exception {
        float[] one = new float[100];
        java.util.Arrays.fill(one, 0.25f);
        stem("a.wav", one, one);
        stem("b.wav", one, one);
        stem("c.wav", one, one);
        String t = "{\"tracks\": [{\"file\": \"a.wav\"%s}, {\"file\": \"b.wav\"%s}, {\"file\": \"c.wav\"%s}]}";
        assertEquals(0.75, mix(String.format(t, "", "", ""))[0][5], 1e-6);
        assertEquals(0.5, mix(String.format(t, ", \"mute\": true", "", ""))[0][5], 1e-6, "mute drops a track");
        assertEquals(0.25, mix(String.format(t, ", \"solo\": true", "", ""))[0][5], 1e-6, "solo keeps only it");
        assertEquals(0.25, mix(String.format(t, ", \"solo\": true", ", \"solo\": true, \"mute\": true", ""))[0][5],
                1e-6, "mute wins over solo");
    }

    @Test
    void theMixLastsUntilTheLongestTrackAndStemsAreAligned() throws Exception {
        float[] shortOne = Signals.whiteNoise(1000, 0.3, 1);
        float[] longOne = Signals.whiteNoise(3000, 0.3, 2);
        stem("short.wav", shortOne);
        stem("long.wav", longOne, longOne);
        Path stems = Files.createDirectories(dir.resolve("stems"));
        float[][] out = mix("{\"tracks\": [{\"name\": \"s\", \"file\": \"short.wav\", \"inserts\": "
                + "[{\"plugin\": \"test.latent\"}], \"sends\": [{\"bus\": \"fx\", \"level\": -6}]},"
                + " {\"name\": \"l\", \"file\": \"long.wav\"}], \"buses\": [{\"name\": \"fx\"}]}", stems);
        assertEquals(3000, out[0].length);
        float[][] s = TestAudio.read(stems.resolve("s.wav"));
        float[][] l = TestAudio.read(stems.resolve("l.wav"));
        float[][] fx = TestAudio.read(stems.resolve("bus-fx.wav"));
        assertEquals(3000, s[0].length);
        assertEquals(3000, fx[0].length);
        for (int n = 0; n < 3000; n++) {
            // every stem on the mix's timeline: they add up to the mix
            assertEquals(out[0][n], s[0][n] + l[0][n] + fx[0][n], 1e-6, "frame " + n);
        }
        assertEquals(shortOne[0] * Math.sqrt(0.5), s[0][0], 1e-6, "the latent track's stem starts on time");
    }
    @Test
    void faderAndPanGiveTheSameBitsWithOrWithoutAPreFaderSend() throws Exception {
        // the pan gain is rounded to float before the fader, pre-fader send or not; a gain of exactly 1
        // (the near side of a stereo pan, a 0 dB fader) is skipped, which must not change a bit either
        float[] l = Signals.whiteNoise(2000, 0.5, 3);
        float[] r = Signals.whiteNoise(2000, 0.5, 4);
        stem("st.wav", l, r);
        stem("mono.wav", l);
        String[] tracks = {"\"name\": \"a\", \"file\": \"st.wav\", \"pan\": -60",
            "\"name\": \"b\", \"file\": \"st.wav\", \"pan\": 30, \"fader\": -3.5",
            "\"name\": \"c\", \"file\": \"mono.wav\", \"pan\": 10, \"fader\": 2"};
        // the pan law as the mixer computes it: balance for stereo (never above 1), constant power for mono
        double a = (-60 + 100) / 200.0 * Math.PI / 2;
        double b = (30 + 100) / 200.0 * Math.PI / 2;
        double c = (10 + 100) / 200.0 * Math.PI / 2;
        double[][] gains = {{Math.min(1, Math.cos(a) * Math.sqrt(2)), Math.min(1, Math.sin(a) * Math.sqrt(2)), 0},
            {Math.min(1, Math.cos(b) * Math.sqrt(2)), Math.min(1, Math.sin(b) * Math.sqrt(2)), -3.5},
            {Math.cos(c), Math.sin(c), 2}};
        assertEquals(1, gains[0][0], 0, "the near side of a stereo pan is unity");
        assertEquals(1, gains[1][1], 0, "the near side of a stereo pan is unity");
        for (boolean preSend : new boolean[] {false, true}) {
            StringBuilder json = new StringBuilder("{\"tracks\": [");
            for (int t = 0; t < tracks.length; t++) {
                json.append(t == 0 ? "{" : ", {").append(tracks[t])
                        .append(preSend ? ", \"sends\": [{\"bus\": \"fx\", \"pre\": true}]}" : "}");
            }
            Path stems = Files.createDirectories(dir.resolve("stems-" + preSend));
            mix(json + "], \"buses\": [{\"name\": \"fx\"}]}", stems);
            for (int t = 0; t < tracks.length; t++) {
                float[][] out = TestAudio.read(stems.resolve((char) ('a' + t) + ".wav"));
                float[] right = t == 2 ? l : r;
                double fader = Db.toLinear(gains[t][2]);
                for (int n = 0; n < l.length; n++) {
                    float panL = (float) (l[n] * gains[t][0]);
                    float panR = (float) (right[n] * gains[t][1]);
                    String at = "track " + (char) ('a' + t) + (preSend ? " with" : " without") + " a pre-fader send, frame " + n;
                    assertEquals(Float.floatToRawIntBits((float) (panL * fader)), Float.floatToRawIntBits(out[0][n]), at);
                    assertEquals(Float.floatToRawIntBits((float) (panR * fader)), Float.floatToRawIntBits(out[1][n]), at);
                }
            }
        }
    }
}
