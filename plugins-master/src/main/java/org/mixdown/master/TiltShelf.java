package org.mixdown.master;

import org.mixdown.dsp.SmoothedValue;
import org.mixdown.dsp.Svf;

/**
 * A spectral tilt around a pivot: a first-order shelf scaled so the pivot stays at 0 dB, the lows fall by
 * tilt/2 and the highs rise by tilt/2 (tilt &lt; 0 darkens). Prototype, with G = 10^(tilt/20) and
 * s' = s / (w0 sqrt G): H = (G s' + 1) / (s' + 1) / sqrt G; |H(j w0)| = 1. Realised on a {@link Svf} with
 * k = 2 (denominator (s' + 1)^2) and the mix m0 = sqrt G, m1 = m2 = (1 - G) / sqrt G, which cancels one
 * pole. The tilt glides (coefficients per sample while it moves). One design for all channels.
 */
final class TiltShelf {
    static final double PIVOT_HZ = 1000;

    private final Svf[] filters;
    private final SmoothedValue tiltDb = new SmoothedValue(0);
    private double pivotG;

    TiltShelf(int channels) {
        filters = new Svf[channels];
        for (int c = 0; c < channels; c++) {
            filters[c] = new Svf();
        }
    }

    void prepare(double sampleRate, double tilt) {
        pivotG = Svf.prewarp(PIVOT_HZ, sampleRate);
        tiltDb.prepare(sampleRate, SmoothedValue.DEFAULT_RAMP_SECONDS);
        tiltDb.setImmediate(tilt);
        design(tilt);
        reset();
    }

    void setTilt(double tilt) {
        tiltDb.setTarget(tilt);
    }

    private void design(double tilt) {
        double rootG = Math.pow(10, tilt / 40);
        double side = (1 - rootG * rootG) / rootG;
        for (Svf f : filters) {
            f.setCoefficients(pivotG * rootG, 2, rootG, side, side);
        }
    }

    /** Not gliding: the filters stand still (and {@link #process} does nothing when also flat). */
    boolean isSteady() {
        return !tiltDb.isSmoothing();
    }

    /** The filter of {@code channel} (for a caller that runs steady stages in series itself). */
    Svf filter(int channel) {
        return filters[channel];
    }

    boolean isFlat() {
        return tiltDb.current() == 0 && !tiltDb.isSmoothing();
    }

    /** Filters {@code [from, to)} of each channel's buffer in place. */
    void process(float[][] buffers, int from, int to) {
        if (isFlat()) {
            return;
        }
        if (tiltDb.isSmoothing()) {
            for (int i = from; i < to; i++) {
                design(tiltDb.next());
                for (int c = 0; c < filters.length; c++) {
                    buffers[c][i] = (float) filters[c].process(buffers[c][i]);
                }
            }
        } else {
            for (int c = 0; c < filters.length; c++) {
                filters[c].process(buffers[c], from, to);
            }
        }
        for (Svf f : filters) {
            f.flushDenormals();
        }
    }

    void reset() {
        tiltDb.snap();
        design(tiltDb.current());
        for (Svf f : filters) {
            f.reset();
        }
    }

    double stateMagnitude() {
        double max = 0;
        for (Svf f : filters) {
            max = Math.max(max, f.stateMagnitude());
        }
        return max;
    }

    /** |H| at the prewarped frequency {@code t = tan(pi f / fs)} for a pivot prewarped to {@code pivotG}. */
    static double magnitude(double tilt, double t, double pivotG) {
        double rootG = Math.pow(10, tilt / 40);
        if (Double.isInfinite(t)) {
            return rootG;
        }
        double x = t / (pivotG * rootG);  // s' = j x
        double big = rootG * rootG;
        return Math.sqrt((1 + big * big * x * x) / (1 + x * x)) / rootG;
    }
}
