package org.mixdown.host.album;

import java.util.Locale;

/**
 * Fade curves. A fade of {@code F} frames gives frame {@code k} the curve's gain at {@code x = (k + 0.5) / F}
 * (fade-in) or at {@code 1 - x} (fade-out), so a fade-out and a fade-in laid over each other in a crossfade
 * see complementary positions: with {@link Curve#EQUAL_POWER} their squared gains sum to exactly 1.
 */
public final class Fades {
    /** Where a logarithmic fade starts (in) or ends (out): the rest of the way is a straight line in dB. */
    public static final double LOG_FLOOR_DB = -60;

    /** How the gain rises over a fade-in (and falls, mirrored, over a fade-out). */
    public enum Curve {
        /** Gain x: amplitude in a straight line (-6 dB at half way). */
        LINEAR("linear"),
        /** Gain sin(pi x / 2): in and out powers sum to 1, so a crossfade of unrelated signals keeps its level. */
        EQUAL_POWER("equal-power"),
        /** Gain in dB from {@value #LOG_FLOOR_DB} to 0 in a straight line: even to the ear. */
        LOGARITHMIC("logarithmic");

        private final String label;

        Curve(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        /** The curve by its label ("linear", "equal-power", "logarithmic"; "log" too), or null. */
        public static Curve parse(String text) {
            String key = text.trim().toLowerCase(Locale.ROOT);
            if (key.equals("log")) {
                return LOGARITHMIC;
            }
            for (Curve c : values()) {
                if (c.label.equals(key)) {
                    return c;
                }
            }
            return null;
        }

        /** The gain at fade-in position {@code x} in [0, 1]. */
        public double gain(double x) {
            if (x <= 0) {
                return 0;
            }
            if (x >= 1) {
                return 1;
            }
            return switch (this) {
                case LINEAR -> x;
                case EQUAL_POWER -> Math.sin(x * Math.PI / 2);
                case LOGARITHMIC -> Math.pow(10, LOG_FLOOR_DB * (1 - x) / 20);
            };
        }
    }

    /** A fade-in and a fade-out on a run of {@code frames} frames. */
    public record Envelope(long frames, int fadeIn, Curve inCurve, int fadeOut, Curve outCurve) {
        public Envelope {
            if (fadeIn < 0 || fadeOut < 0 || fadeIn + fadeOut > frames) {
                throw new IllegalArgumentException("fades of " + fadeIn + " and " + fadeOut + " frames do not fit in "
                        + frames);
            }
        }

        /** The gain of frame {@code n}. */
        public double gain(long n) {
            double g = 1;
            if (n < fadeIn) {
                g = inCurve.gain((n + 0.5) / fadeIn);
            }
            long outStart = frames - fadeOut;
            if (n >= outStart) {
                g *= outCurve.gain(1 - (n - outStart + 0.5) / fadeOut);
            }
            return g;
        }

        /** Multiplies frames {@code [from, to)} of {@code audio} (frame {@code from} is run frame {@code first}). */
        public void apply(float[][] audio, int channels, int from, int to, long first) {
            if (first >= fadeIn && first + (to - from) <= frames - fadeOut) {
                return;   // no fade touches this block
            }
            for (int i = from; i < to; i++) {
                float g = (float) gain(first + i - from);
                for (int c = 0; c < channels; c++) {
                    audio[c][i] *= g;
                }
            }
        }
    }

    private Fades() {
    }
}
