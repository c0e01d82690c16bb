package org.mixdown.host.demo;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Synthesises a short song as separate mono stems (drums, bass, chords, lead), so the demo needs no
 * files: 8 bars of 4/4 at 120 BPM over an Am - F - C - G progression.
 */
public final class DemoSong {
    public static final double BPM = 120;
    public static final int BARS = 8;

    private static final int[][] CHORDS = {{57, 60, 64}, {53, 57, 60}, {48, 52, 55}, {55, 59, 62}};  // MIDI notes
    private static final int[] MELODY = {76, 74, 72, 74, 76, 76, 76, -1, 74, 74, 74, -1, 76, 79, 79, -1};

    private final double sampleRate;
    private final int frames;
    private final double beat;

    public DemoSong(double sampleRate) {
        this.sampleRate = sampleRate;
        this.beat = 60.0 / BPM * sampleRate;
        this.frames = (int) Math.round(BARS * 4 * beat + sampleRate);  // one second of ring-out
    }

    public int frames() {
        return frames;
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

    private float[] kick() {
        float[] x = new float[frames];
        for (int b = 0; b < BARS * 4; b++) {
            int start = at(b);
            double phase = 0;
            for (int i = 0; i < (int) (0.35 * sampleRate) && start + i < frames; i++) {
                double t = i / sampleRate;
                double f = 45 + 110 * Math.exp(-t * 30);  // pitch drop gives the thump
                phase += 2 * Math.PI * f / sampleRate;
                x[start + i] += (float) (0.9 * Math.sin(phase) * Math.exp(-t * 9));
            }
        }
        return x;
    }

    private float[] snare() {
        float[] x = new float[frames];
        SplittableRandom random = new SplittableRandom(2);
        for (int b = 1; b < BARS * 4; b += 2) {
            int start = at(b);
            for (int i = 0; i < (int) (0.25 * sampleRate) && start + i < frames; i++) {
                double t = i / sampleRate;
                double noise = (2 * random.nextDouble() - 1) * Math.exp(-t * 18);
                double body = Math.sin(2 * Math.PI * 190 * t) * Math.exp(-t * 30);
                x[start + i] += (float) (0.45 * noise + 0.35 * body);
            }
        }
        return x;
    }

    private float[] hats() {
        float[] x = new float[frames];
        SplittableRandom random = new SplittableRandom(3);
        double previous = 0;
        for (int e = 0; e < BARS * 8; e++) {
            int start = at(e / 2.0);
            double level = e % 2 == 0 ? 0.25 : 0.15;
            for (int i = 0; i < (int) (0.06 * sampleRate) && start + i < frames; i++) {
                double white = 2 * random.nextDouble() - 1;
                double high = white - previous;  // first difference: a gentle high-pass
                previous = white;
                x[start + i] += (float) (level * high * Math.exp(-i / sampleRate * 60));
            }
        }
        return x;
    }

    private float[] bass() {
        float[] x = new float[frames];
        for (int bar = 0; bar < BARS; bar++) {
            double f = hz(CHORDS[bar % 4][0] - 12);
            for (int eighth = 0; eighth < 8; eighth++) {
                int start = at(bar * 4 + eighth / 2.0);
                int length = at(0.45);
                for (int i = 0; i < length && start + i < frames; i++) {
                    double t = i / sampleRate;
                    double s = Math.sin(2 * Math.PI * f * t) + 0.3 * Math.sin(4 * Math.PI * f * t);
                    double envelope = Math.min(1, i / (0.005 * sampleRate)) * Math.exp(-t * 3);
                    x[start + i] += (float) (0.4 * s * envelope);
                }
            }
        }
        return x;
    }

    private float[] chords() {
        float[] x = new float[frames];
        for (int bar = 0; bar < BARS; bar++) {
            int start = at(bar * 4);
            int length = at(4);
            for (int note : CHORDS[bar % 4]) {
                double f = hz(note);
                for (int i = 0; i < length + at(0.5) && start + i < frames; i++) {
                    double t = i / sampleRate;
                    double s = 0;
                    for (int h = 1; h <= 5; h++) {  // soft sawtooth: five partials at 1/h^1.5
                        s += Math.sin(2 * Math.PI * f * h * t * (1 + 0.0007 * (h - 3))) / Math.pow(h, 1.5);
                    }
                    double attack = Math.min(1, t / 0.08);
                    double release = i < length ? 1 : Math.exp(-(i - length) / sampleRate * 10);
                    x[start + i] += (float) (0.12 * s * attack * release);
                }
            }
        }
        return x;
    }

    private float[] lead() {
        float[] x = new float[frames];
        for (int rep = 0; rep < 2; rep++) {
            for (int n = 0; n < MELODY.length; n++) {
                if (MELODY[n] < 0) {
                    continue;
                }
                double f = hz(MELODY[n]);
                int start = at(rep * 16 + n);
                int length = at(0.9);
                for (int i = 0; i < length && start + i < frames; i++) {
                    double t = i / sampleRate;
                    double vibrato = 1 + 0.004 * Math.sin(2 * Math.PI * 5.5 * t) * Math.min(1, t / 0.3);
                    double s = Math.sin(2 * Math.PI * f * vibrato * t) + 0.25 * Math.sin(6 * Math.PI * f * vibrato * t);
                    double envelope = Math.min(1, t / 0.02) * Math.exp(-t * 1.5) * Math.min(1, (length - i) / (0.02 * sampleRate));
                    x[start + i] += (float) (0.3 * s * envelope);
                }
            }
        }
        return x;
    }
}
