package org.mixdown.host.album;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mixdown.dsp.Db;
import org.mixdown.dsp.Loudness;
import org.mixdown.host.MixdownException;
import org.mixdown.host.PluginRegistry;
import org.mixdown.host.analysis.AnalysisResult;
import org.mixdown.host.analysis.Analyzer;
import org.mixdown.host.session.TestAudio;
import org.mixdown.testkit.Signals;

class MasteringTest {
    static final int RATE = 48000;

    @TempDir
    Path dir;

    /**
     * Pink noise with a slow swell (a verse and a chorus) and a drum-like hit every half second, 12 dB above
     * the noise, so a loud master needs its limiter; stereo from two seeds.
     */
    static float[][] program(int seconds, double peak, long seed) {
        int frames = seconds * RATE;
        float[] l = Signals.pinkNoise(frames, peak / 4, seed);
        float[] r = Signals.pinkNoise(frames, peak / 4, seed + 100);
        for (int n = 0; n < frames; n++) {
            float swell = (float) (0.55 + 0.45 * Math.sin(2 * Math.PI * n / (4.0 * RATE)));
            int sinceHit = n % (RATE / 2);
            double hit = peak * 0.75 * Math.exp(-sinceHit / (0.01 * RATE))
                    * Math.sin(2 * Math.PI * 90 * sinceHit / RATE);
            l[n] = (float) (l[n] * swell + hit);
            r[n] = (float) (r[n] * swell + hit);
        }
        return new float[][] {l, r};
    }

    private Mastering.Result master(String json) throws Exception {
        return master(json, TestAudio.registry());
    }

    private Mastering.Result master(String json, PluginRegistry registry) throws Exception {
        Path file = dir.resolve("album.json");
        Files.writeString(file, json);
        try (Album album = Album.read(file, registry)) {
            return new Mastering(album, registry, false).run(dir.resolve("out"), t -> { });
        }
    }

    @Test
    void everyTrackMasterHitsTheTargetUnderTheCeilingByOurMeterAndByFfmpeg() throws Exception {
        TestAudio.write(dir.resolve("quiet.wav"), program(5, 0.05, 1), RATE);
        TestAudio.write(dir.resolve("mid.wav"), program(5, 0.4, 2), RATE);
        TestAudio.write(dir.resolve("hot.wav"), program(5, 1.0, 3), RATE);
        Mastering.Result result = master("{\"target\": {\"preset\": \"streaming\"},"
                + " \"chain\": [{\"plugin\": \"master.limiter\"}],"
                + " \"tracks\": [{\"file\": \"quiet.wav\"}, {\"file\": \"mid.wav\"}, {\"file\": \"hot.wav\"}],"
                + " \"output\": {\"bits\": 16, \"dither\": true}}");
        assertEquals(3, result.tracks().size());
        for (Mastering.TrackResult t : result.tracks()) {
            AnalysisResult ours = Analyzer.analyze(t.output());
            assertEquals(-14, ours.integratedLufs(), LoudnessTarget.TOLERANCE_LU, t.output() + " by our meter");
            assertTrue(ours.truePeakDbtp() <= -1.0, t.output() + " true peak " + ours.truePeakDbtp());
            Ffmpeg.Reading theirs = Ffmpeg.ebur128(t.output());
            System.out.printf(java.util.Locale.ROOT, "%s: ours %.2f LUFS %.2f dBTP, ffmpeg %.1f LUFS %.1f dBTP, "
                    + "%d passes%n", t.output().getFileName(), ours.integratedLufs(), ours.truePeakDbtp(),
                    theirs.integratedLufs(), theirs.truePeakDbtp(), t.passes());
            assertEquals(-14, theirs.integratedLufs(), LoudnessTarget.TOLERANCE_LU, t.output() + " by ffmpeg");
            assertTrue(theirs.truePeakDbtp() <= -1.0, t.output() + " ffmpeg true peak " + theirs.truePeakDbtp());
            assertTrue(t.onTarget());
        }
        assertTrue(result.dither().contains("master.dither"), result.dither());
    }

    @Test
    void albumModeHitsTheTargetWithOneGainAndKeepsTheTracksApart() throws Exception {
        float[] sine = Signals.sine(997, RATE, 6 * RATE, 0.05);
        TestAudio.write(dir.resolve("a.wav"), new float[][] {sine, sine}, RATE);
        float[] louder = Signals.sine(440, RATE, 6 * RATE, 0.2);
        TestAudio.write(dir.resolve("b.wav"), new float[][] {louder, louder}, RATE);
        Mastering.Result result = master("{\"target\": {\"preset\": \"broadcast\"}, \"mode\": \"album\","
                + " \"tracks\": [{\"file\": \"a.wav\"}, {\"file\": \"b.wav\"}], \"output\": {\"bits\": \"32f\"}}");
        Loudness album = new Loudness(RATE, 2);
        double[] lufs = new double[2];
        for (int i = 0; i < 2; i++) {
            float[][] audio = TestAudio.read(result.tracks().get(i).output());
            album.process(audio, 0, audio[0].length);
            lufs[i] = Analyzer.analyze(result.tracks().get(i).output()).integratedLufs();
        }
        assertEquals(-23, album.integratedLufs(), LoudnessTarget.TOLERANCE_LU, "the album's loudness");
        double before = Analyzer.analyze(dir.resolve("b.wav")).integratedLufs()
                - Analyzer.analyze(dir.resolve("a.wav")).integratedLufs();
        assertEquals(before, lufs[1] - lufs[0], 0.05, "the tracks keep their difference in loudness");
        assertEquals(result.tracks().get(0).driveDb(), result.tracks().get(1).driveDb(), 0, "one gain");
    }

    @Test
    void withoutALimiterTheCeilingWinsAndTheShortfallIsReported() throws Exception {
        TestAudio.write(dir.resolve("spiky.wav"), program(6, 0.9, 5), RATE);
        Mastering.Result result = master("{\"target\": {\"preset\": \"cd\"}, \"tracks\": [{\"file\": \"spiky.wav\"}],"
                + " \"output\": {\"bits\": 24}}");
        Mastering.TrackResult t = result.tracks().get(0);
        AnalysisResult ours = Analyzer.analyze(t.output());
        assertTrue(ours.truePeakDbtp() <= -0.3, "ceiling held: " + ours.truePeakDbtp());
        assertTrue(ours.integratedLufs() < -9.5, "too spiky for -9 LUFS without a limiter: " + ours.integratedLufs());
        assertFalse(t.onTarget());
        assertTrue(t.notes().stream().anyMatch(n -> n.contains("add a limiter")), t.notes().toString());
    }

    @Test
    void fadesFollowTheirCurvesWithinATenthOfADb() throws Exception {
        float[] tone = Signals.sine(1000, RATE, 3 * RATE, 0.1, Math.PI / 2);
        TestAudio.write(dir.resolve("tone.wav"), new float[][] {tone, tone}, RATE);
        for (String curve : List.of("linear", "equal-power", "logarithmic")) {
            Mastering.Result result = master("{\"target\": {\"preset\": \"broadcast\"}, \"tracks\": [{\"file\":"
                    + " \"tone.wav\", \"fadeIn\": 0.5, \"fadeOut\": 1.0, \"curve\": \"" + curve + "\"}],"
                    + " \"output\": {\"bits\": \"32f\"}}");
            float[] out = TestAudio.read(result.tracks().get(0).output())[0];
            double gain = out[RATE + RATE / 2] / (double) tone[RATE + RATE / 2];   // the steady middle
            double worst = 0;
            int checked = 0;
            int fadeIn = RATE / 2;
            int fadeOut = RATE;
            for (int n = 0; n < tone.length; n++) {
                double x;
                if (n < fadeIn) {
                    x = (n + 0.5) / fadeIn;
                } else if (n >= tone.length - fadeOut) {
                    x = 1 - (n - (tone.length - fadeOut) + 0.5) / fadeOut;
                } else {
                    continue;
                }
                double expected = switch (curve) {
                    case "linear" -> x;
                    case "equal-power" -> Math.sin(Math.PI / 2 * x);
                    default -> Math.pow(10, -3 * (1 - x));   // -60 dB to 0 dB, straight in dB
                };
                if (Math.abs(tone[n]) < 0.05 || expected < 0.01) {
                    continue;   // near zero crossings and below -40 dB the ratio says nothing
                }
                double measured = out[n] / (gain * tone[n]);
                worst = Math.max(worst, Math.abs(Db.toDb(measured) - Db.toDb(expected)));
                checked++;
            }
            assertTrue(checked > RATE / 2, curve + ": " + checked + " samples checked");
            System.out.printf(java.util.Locale.ROOT, "fade %s: worst deviation %.4f dB over %d samples%n", curve,
                    worst, checked);
            assertTrue(worst < 0.1, curve + ": worst deviation " + worst + " dB");
        }
    }

    @Test
    void crossfadesAreEqualPowerAndClickFree() throws Exception {
        TestAudio.write(dir.resolve("n1.wav"), new float[][] {Signals.whiteNoise(4 * RATE, 0.3, 1),
            Signals.whiteNoise(4 * RATE, 0.3, 2)}, RATE);
        TestAudio.write(dir.resolve("n2.wav"), new float[][] {Signals.whiteNoise(4 * RATE, 0.3, 3),
            Signals.whiteNoise(4 * RATE, 0.3, 4)}, RATE);
        Mastering.Result noise = master("{\"target\": {\"preset\": \"broadcast\"}, \"tracks\": [{\"file\": \"n1.wav\"},"
                + " {\"file\": \"n2.wav\", \"crossfade\": 1.0}], \"output\": {\"bits\": \"32f\", \"album\": \"a.wav\"}}");
        float[] album = TestAudio.read(noise.albumFile())[0];
        assertEquals(7 * RATE, album.length, "4 s + 4 s - 1 s of crossfade");
        double steady = rmsDb(album, RATE, 2 * RATE);
        double worst = 0;
        for (int start = 3 * RATE; start < 4 * RATE; start += RATE / 20) {
            worst = Math.max(worst, Math.abs(rmsDb(album, start, start + RATE / 20) - steady));
        }
        assertTrue(worst < 0.5, "level through the crossfade within " + worst + " dB of the steady level");
        System.out.printf(java.util.Locale.ROOT, "equal-power crossfade: level within %.3f dB%n", worst);

        // tones starting and ending at their crest: any step at the joins would stand out as a click
        TestAudio.write(dir.resolve("t1.wav"), new float[][] {Signals.sine(440, RATE, 3 * RATE, 0.3, Math.PI / 2),
            Signals.sine(440, RATE, 3 * RATE, 0.3, Math.PI / 2)}, RATE);
        TestAudio.write(dir.resolve("t2.wav"), new float[][] {Signals.sine(660, RATE, 3 * RATE, 0.3, Math.PI / 2),
            Signals.sine(660, RATE, 3 * RATE, 0.3, Math.PI / 2)}, RATE);
        Mastering.Result tones = master("{\"target\": {\"preset\": \"broadcast\"}, \"tracks\": [{\"file\": \"t1.wav\"},"
                + " {\"file\": \"t2.wav\", \"crossfade\": 0.5}], \"output\": {\"bits\": \"32f\", \"album\": \"a.wav\"}}");
        float[] joined = TestAudio.read(tones.albumFile())[0];
        // a click is a discontinuity: the second difference of a smooth tone is (2 pi f / fs)^2 A, of a step
        // it is the step itself. Through the crossfade the two tones add (up to sqrt 2 at the middle).
        double tone = maxSecondDifference(joined, 4 * RATE, 5 * RATE);   // the 660 Hz track alone
        double crossing = maxSecondDifference(joined, (int) (2.5 * RATE) - 10, 3 * RATE + 10);
        assertTrue(crossing <= 2 * tone, "largest second difference in the crossfade " + crossing
                + " vs the tone's own " + tone);
        System.out.printf(java.util.Locale.ROOT, "crossfade second difference %.5f vs the tone's own %.5f%n",
                crossing, tone);
        double hardCut = 0.3 * result(tones) ;
        assertTrue(hardCut > 20 * tone, "a cut at the crest would stand out: " + hardCut + " vs " + tone);
    }

    @Test
    void gapsAreSilentAndTheAlbumPlaysContinuously() throws Exception {
        float[] tone = Signals.sine(500, RATE, RATE, 0.2);
        TestAudio.write(dir.resolve("a.wav"), new float[][] {tone, tone}, RATE);
        TestAudio.write(dir.resolve("b.wav"), new float[][] {tone, tone}, RATE);
        Mastering.Result result = master("{\"target\": {\"preset\": \"broadcast\"}, \"tracks\": [{\"file\": \"a.wav\"},"
                + " {\"file\": \"b.wav\", \"gap\": 0.5}], \"output\": {\"bits\": 24, \"album\": \"album.wav\"}}");
        float[][] album = TestAudio.read(result.albumFile());
        float[][] one = TestAudio.read(result.tracks().get(0).output());
        float[][] two = TestAudio.read(result.tracks().get(1).output());
        assertEquals(RATE + RATE / 2 + RATE, album[0].length);
        for (int n = 0; n < RATE; n++) {
            assertEquals(one[0][n], album[0][n], 0, "track 1 at frame " + n);
            assertEquals(two[1][n], album[1][n + RATE + RATE / 2], 0, "track 2 at frame " + n);
        }
        for (int n = RATE; n < RATE + RATE / 2; n++) {
            assertEquals(0, album[0][n], 0, "the gap is silent");
        }
    }

    @Test
    void aFailureInTrackThreeLeavesTracksOneAndTwoWholeAndSaysWhatFailed() throws Exception {
        float[] tone = Signals.sine(500, RATE, RATE, 0.2);
        for (String name : List.of("one", "two", "three")) {
            TestAudio.write(dir.resolve(name + ".wav"), new float[][] {tone, tone}, RATE);
        }
        Files.createDirectories(dir.resolve("out/03-three.wav"));   // the third master cannot be written
        MixdownException e = assertThrows(MixdownException.class, () -> master("{\"target\": {\"preset\":"
                + " \"streaming\"}, \"tracks\": [{\"file\": \"one.wav\"}, {\"file\": \"two.wav\"},"
                + " {\"file\": \"three.wav\"}], \"output\": {\"bits\": 16}}"));
        assertTrue(e.getMessage().contains("track 3 (three.wav) failed"), e.getMessage());
        assertTrue(e.getMessage().contains("tracks 1-2 were written"), e.getMessage());
        for (String done : List.of("01-one.wav", "02-two.wav")) {
            assertEquals(RATE, TestAudio.read(dir.resolve("out").resolve(done))[0].length, done + " is whole");
        }
        try (Stream<Path> files = Files.list(dir.resolve("out"))) {
            assertTrue(files.noneMatch(p -> p.toString().endsWith(".part")), "no temporary file left");
        }
    }

    @Test
    void withoutTheDitherPluginTpdfDitherIsAddedInTheWriterPath() throws Exception {
        float[] tone = Signals.sine(500, RATE, RATE, 0.2);
        TestAudio.write(dir.resolve("a.wav"), new float[][] {tone, tone}, RATE);
        PluginRegistry noDither = new PluginRegistry().addAll(TestAudio.registry().list().stream()
                .filter(f -> !f.descriptor().id().equals("master.dither")).toList());
        Mastering.Result result = master("{\"target\": {\"preset\": \"broadcast\"}, \"tracks\": [{\"file\": \"a.wav\","
                + " \"fadeOut\": 0.5, \"curve\": \"logarithmic\"}], \"output\": {\"bits\": 16, \"dither\": true}}",
                noDither);
        assertTrue(result.dither().startsWith("TPDF"), result.dither());
        float[] out = TestAudio.read(result.tracks().get(0).output())[0];
        // the last frames are faded far below one LSB: dither keeps them moving instead of truncating to 0
        int nonZero = 0;
        for (int n = out.length - 200; n < out.length; n++) {
            nonZero += out[n] != 0 ? 1 : 0;
        }
        assertTrue(nonZero > 50, nonZero + " of the last 200 samples carry dither");
    }

    private static double rmsDb(float[] x, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += x[i] * (double) x[i];
        }
        return Db.powerToDb(sum / (to - from));
    }

    private static double maxSecondDifference(float[] x, int from, int to) {
        double max = 0;
        for (int i = from + 1; i < to - 1; i++) {
            max = Math.max(max, Math.abs(x[i + 1] - 2 * x[i] + x[i - 1]));
        }
        return max;
    }

    /** The linear gain the mastering applied to the second track (its drive and trim). */
    private static double result(Mastering.Result r) {
        Mastering.TrackResult t = r.tracks().get(1);
        return Db.toLinear(t.driveDb() + t.trimDb());
    }
}
