package org.mixdown.host.demo;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Synthesises a short song in A minor as separate mono stems (kick, snare, hats, bass, chords, lead), so the
 * demo needs no files. 4/4 at 120 BPM (a bar is two seconds) over Am - F - C - G: an intro of pad, kick and
 * hats (in songs of 13 bars or more); then the band with the bass, and the lead alternating two four-bar
 * phrases; a snare fill; a last bar that resolves to a held A minor.
 */
public final class DemoSong {
    public static final double BPM = 120;
    /** The fewest bars: one pass of the progression and the closing bar. */
    public static final int MIN_BARS = 5;

    private static final int[][] PROGRESSION = {{57, 60, 64}, {53, 57, 60}, {48, 52, 55}, {55, 59, 62}};  // MIDI
    private static final int[] FINAL_CHORD = {57, 60, 64, 69};
    /** Bass line of each bar in eighths, semitones above the chord's root: root, octave, fifth. */
    private static final int[] BASS_LINE = {0, 0, 12, 0, 7, 0, 12, 7};

    /** One note of the lead: start and length in beats within a four-bar phrase, MIDI pitch. */
    private record Note(double beat, double length, int pitch) {
    }

    private static final Note[] PHRASE_A = {
        new Note(0, 1, 76), new Note(1, 0.5, 74), new Note(1.5, 0.5, 72), new Note(2, 2, 69),
        new Note(4, 1, 72), new Note(5, 0.5, 69), new Note(5.5, 0.5, 72), new Note(6, 1.5, 77), new Note(7.5, 0.5, 76),
        new Note(8, 1, 76), new Note(9, 1, 74), new Note(10, 2, 72),
        new Note(12, 1, 71), new Note(13, 1, 74), new Note(14, 2, 79)};
    private static final Note[] PHRASE_B = {
        new Note(0, 1.5, 81), new Note(1.5, 0.5, 79), new Note(2, 1, 76), new Note(3, 1, 72),
        new Note(4, 1.5, 77), new Note(5.5, 0.5, 76), new Note(6, 2, 72),
        new Note(8, 1, 79), new Note(9, 1, 76), new Note(10, 1, 74), new Note(11, 1, 72),
        new Note(12, 1.5, 74), new Note(13.5, 0.5, 71), new Note(14, 2, 67)};

    private final double sampleRate;
    private final int bars;
    private final int introBars;
    private final int frames;
    private final double beat;

    /** A song of {@code bars} bars (at least {@link #MIN_BARS}); the last one is the closing chord. */
    public DemoSong(double sampleRate, int bars) {
        if (bars < MIN_BARS) {
            throw new IllegalArgumentException("a demo song has at least " + MIN_BARS + " bars, not " + bars);
        }
        this.sampleRate = sampleRate;
        this.bars = bars;
        this.introBars = bars >= 13 ? 4 : 0;   // a multiple of four keeps the phrases on the progression
        this.beat = 60.0 / BPM * sampleRate;
        this.frames = (int) Math.round(bars * 4 * beat + 2 * sampleRate);  // two seconds for the last chord to ring
    }

    /**
     * The number of bars closest to {@code seconds} that ends on the tonic: the progression repeats every four
     * bars, so a song has 4k + 1 bars (the last bar, A minor, follows G).
     */
    public static int barsFor(double seconds) {
        double bar = 4 * 60 / BPM;
        long passes = Math.round((seconds / bar - 1) / 4);
        return (int) Math.max(MIN_BARS, 4 * passes + 1);
    }

    public int frames() {
        return frames;
    }

    public int bars() {
        return bars;
    }

    /** When the lead comes in, in seconds: after the intro. */
    public double leadEntrySeconds() {
        return introBars * 4 * 60 / BPM;
    }

    /** The length of the song until the last bar ends (the stems carry two more seconds of ring-out). */
    public double seconds() {
        return bars * 4 * 60 / BPM;
    }

    /** The stems by name, in mix order. */
    public Map<String, float[]> stems() {
        Map<String, float[]> stems = new LinkedHashMap<>();
        stems.put("kick", kick());
        stems.put("snare", snare());
        stems.put("hats", hats());
        stems.put("bass", bass());
        stems.put("chords", chords());
        stems.put("lead", lead());
        return stems;
    }

    private static double hz(int midi) {
        return 440 * Math.pow(2, (midi - 69) / 12.0);
    }

    private int at(double beats) {
        return (int) Math.round(beats * beat);
    }

    private boolean intro(int bar) {
        return bar < introBars;
    }

    private boolean last(int bar) {
        return bar == bars - 1;
    }

    private int[] chord(int bar) {
        return last(bar) ? FINAL_CHORD : PROGRESSION[bar % 4];
    }

    // ---- drums ------------------------------------------------------------------------------------

    private float[] kick() {
        float[] x = new float[frames];
        for (int bar = 0; bar < bars; bar++) {
            double[] hits = last(bar) ? new double[] {0} : intro(bar) ? new double[] {0, 2} : new double[] {0, 2, 2.5};
            for (double hit : hits) {
                kickHit(x, at(bar * 4 + hit));
            }
        }
        return x;
    }

    private void kickHit(float[] x, int start) {
        double phase = 0;
        for (int i = 0; i < (int) (0.35 * sampleRate) && start + i < frames; i++) {
            double t = i / sampleRate;
            double f = 45 + 110 * Math.exp(-t * 30);  // pitch drop gives the thump
            phase += 2 * Math.PI * f / sampleRate;
            x[start + i] += (float) (0.9 * Math.sin(phase) * Math.exp(-t * 9));
        }
    }

    private float[] snare() {
        float[] x = new float[frames];
        SplittableRandom random = new SplittableRandom(2);
        for (int bar = introBars; bar < bars - 1; bar++) {
            boolean fill = bar == bars - 2;   // the bar before the end rolls into it
            double[] hits = fill ? new double[] {1, 3, 3.25, 3.5, 3.75} : new double[] {1, 3};
            for (double hit : hits) {
                double level = hit % 1 == 0 ? 1 : 0.55 + 0.15 * (hit % 1) * 4 / 3;
                snareHit(x, at(bar * 4 + hit), level, random);
            }
        }
        return x;
    }

    private void snareHit(float[] x, int start, double level, SplittableRandom random) {
        for (int i = 0; i < (int) (0.25 * sampleRate) && start + i < frames; i++) {
            double t = i / sampleRate;
            double noise = (2 * random.nextDouble() - 1) * Math.exp(-t * 18);
            double body = Math.sin(2 * Math.PI * 190 * t) * Math.exp(-t * 30);
            x[start + i] += (float) (level * (0.45 * noise + 0.35 * body));
        }
    }

    private float[] hats() {
        float[] x = new float[frames];
        SplittableRandom random = new SplittableRandom(3);
        double previous = 0;
        for (int bar = 0; bar < bars - 1; bar++) {
            for (int e = 0; e < 8; e++) {
                if (intro(bar) && e % 2 == 1) {
                    continue;   // quarters in the intro, eighths once the band is in
                }
                int start = at(bar * 4 + e / 2.0);
                double level = e % 2 == 0 ? 0.25 : 0.15;
                for (int i = 0; i < (int) (0.06 * sampleRate) && start + i < frames; i++) {
                    double white = 2 * random.nextDouble() - 1;
                    double high = white - previous;  // first difference: a gentle high-pass
                    previous = white;
                    x[start + i] += (float) (level * high * Math.exp(-i / sampleRate * 60));
                }
            }
        }
        return x;
    }

    // ---- bass, chords, lead -----------------------------------------------------------------------

    /** The chord's root between E1 and D#2, where a bass sits. */
    private static int bassRoot(int[] chord) {
        return 28 + Math.floorMod(chord[0] - 28, 12);
    }

    private float[] bass() {
        float[] x = new float[frames];
        for (int bar = introBars; bar < bars; bar++) {
            int root = bassRoot(chord(bar));
            if (last(bar)) {
                bassNote(x, at(bar * 4), at(3.5), hz(root));
                continue;
            }
            for (int eighth = 0; eighth < 8; eighth++) {
                bassNote(x, at(bar * 4 + eighth / 2.0), at(0.45), hz(root + BASS_LINE[eighth]));
            }
        }
        return x;
    }

    private void bassNote(float[] x, int start, int length, double f) {
        for (int i = 0; i < length && start + i < frames; i++) {
            double t = i / sampleRate;
            double s = Math.sin(2 * Math.PI * f * t) + 0.3 * Math.sin(4 * Math.PI * f * t)
                    + 0.12 * Math.sin(6 * Math.PI * f * t);
            double envelope = Math.min(1, i / (0.005 * sampleRate)) * Math.exp(-t * 3)
                    * Math.min(1, (length - i) / (0.005 * sampleRate));
            x[start + i] += (float) (0.4 * s * envelope);
        }
    }

    private float[] chords() {
        float[] x = new float[frames];
        double[] partialLevel = new double[6];
        for (int h = 1; h <= 5; h++) {
            partialLevel[h] = 1 / Math.pow(h, 1.5);   // a soft sawtooth: five partials at 1/h^1.5
        }
        for (int bar = 0; bar < bars; bar++) {
            int start = at(bar * 4);
            int length = last(bar) ? at(4) + (int) sampleRate : at(4);
            double releaseRate = last(bar) ? 3 : 10;
            for (int note : chord(bar)) {
                double f = hz(note);
                for (int i = 0; i < length + at(0.5) && start + i < frames; i++) {
                    double t = i / sampleRate;
                    double s = 0;
                    for (int h = 1; h <= 5; h++) {  // slight detuning of the partials makes it shimmer
                        s += Math.sin(2 * Math.PI * f * h * t * (1 + 0.0007 * (h - 3))) * partialLevel[h];
                    }
                    double attack = Math.min(1, t / 0.08);
                    double release = i < length ? 1 : Math.exp(-(i - length) / sampleRate * releaseRate);
                    x[start + i] += (float) (0.12 * s * attack * release);
                }
            }
        }
        return x;
    }

    private float[] lead() {
        float[] x = new float[frames];
        double end = (bars - 1) * 4;
        for (int p = 0; introBars * 4 + p * 16 < end; p++) {
            double phraseStart = introBars * 4 + p * 16;
            for (Note note : p % 2 == 0 ? PHRASE_A : PHRASE_B) {
                if (phraseStart + note.beat() < end) {
                    leadNote(x, at(phraseStart + note.beat()), at(note.length() * 0.92), hz(note.pitch()));
                }
            }
        }
        leadNote(x, at(end), at(3.5), hz(69));   // the tune ends on the tonic
        return x;
    }

    private void leadNote(float[] x, int start, int length, double f) {
        double phase = 0;
        for (int i = 0; i < length && start + i < frames; i++) {
            double t = i / sampleRate;
            double vibrato = 1 + 0.004 * Math.sin(2 * Math.PI * 5.5 * t) * Math.min(1, t / 0.3);  // fades in
            phase += 2 * Math.PI * f * vibrato / sampleRate;   // integrated, so the depth stays 0.4 %
            double s = Math.sin(phase) + 0.25 * Math.sin(3 * phase);
            double envelope = Math.min(1, t / 0.02) * Math.exp(-t * 1.2)
                    * Math.min(1, (length - i) / (0.02 * sampleRate));
            x[start + i] += (float) (0.3 * s * envelope);
        }
    }
}
