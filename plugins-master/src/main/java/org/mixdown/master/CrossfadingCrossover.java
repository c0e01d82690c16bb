package org.mixdown.master;

import org.mixdown.dsp.Crossover;
import org.mixdown.dsp.LinkwitzRiley;
import org.mixdown.dsp.SmoothedValue;

/**
 * The IIR band splitter of {@link MultibandCompressor} for every channel: a {@link Crossover} per channel
 * whose points glide, plus a standby set for changes that cannot glide (slope, band count). Such a change
 * sets up the standby set and crossfades band by band from the old split to the new one over
 * {@link SmoothedValue#DEFAULT_RAMP_SECONDS}; old bands beyond the new count fade out inside the new top
 * band, so the band sum stays whole. A change during a fade starts when that fade ends. Allocation-free
 * after construction.
 */
final class CrossfadingCrossover {
    private final int channels;
    private Crossover[] active;
    private Crossover[] standby;
    private final double[] oldBands = new double[Crossover.MAX_BANDS];
    private final double[] frequencies = new double[Crossover.MAX_BANDS - 1];
    private LinkwitzRiley.Slope slope;
    private int bands;
    private int activeBands;
    private LinkwitzRiley.Slope activeSlope;
    private int fadeLength = 1;
    private int fadeRemaining;
    private boolean pending;

    CrossfadingCrossover(int channels, LinkwitzRiley.Slope slope) {
        this.channels = channels;
        this.slope = slope;
        this.activeSlope = slope;
        active = new Crossover[channels];
        standby = new Crossover[channels];
        for (int c = 0; c < channels; c++) {
            active[c] = new Crossover(slope);
            standby[c] = new Crossover(slope);
        }
    }

    void prepare(double sampleRate) {
        fadeLength = Math.max(1, (int) Math.round(SmoothedValue.DEFAULT_RAMP_SECONDS * sampleRate));
        for (int c = 0; c < channels; c++) {
            active[c].prepare(sampleRate);
            standby[c].prepare(sampleRate);
        }
        fadeRemaining = 0;
        pending = false;
    }

    /**
     * Sets slope, band count and crossover frequencies. Frequencies glide unless {@code immediate}; a new
     * slope or band count crossfades unless {@code immediate}.
     */
    void configure(LinkwitzRiley.Slope slope, int bands, double[] requested, boolean immediate) {
        this.slope = slope;
        this.bands = bands;
        System.arraycopy(requested, 0, frequencies, 0, frequencies.length);
        if (immediate) {
            fadeRemaining = 0;
            pending = false;
            for (int c = 0; c < channels; c++) {
                setUp(active[c], slope, bands, true);
            }
            activeSlope = slope;
            activeBands = bands;
            return;
        }
        boolean structural = slope != activeSlope || bands != activeBands;
        if (fadeRemaining > 0) {
            pending = slope != standbySlope() || bands != standby[0].bands();
            for (int c = 0; c < channels; c++) {  // the fading-in set follows frequency changes at once
                glideTo(standby[c]);
            }
            return;
        }
        if (structural) {
            startFade();
        } else {
            for (int c = 0; c < channels; c++) {
                glideTo(active[c]);
            }
        }
    }

    private LinkwitzRiley.Slope standbySlope() {
        return standby[0].slope();
    }

    private void glideTo(Crossover crossover) {
        for (int p = 0; p < frequencies.length; p++) {
            crossover.setFrequency(p, frequencies[p]);
        }
    }

    private void setUp(Crossover crossover, LinkwitzRiley.Slope slope, int bands, boolean clear) {
        if (crossover.slope() != slope) {
            crossover.setSlope(slope);
        }
        crossover.setBands(bands);
        for (int p = 0; p < frequencies.length; p++) {
            crossover.setFrequencyImmediate(p, frequencies[p]);
        }
        if (clear) {
            crossover.reset();
        }
    }

    private void startFade() {
        for (int c = 0; c < channels; c++) {
            setUp(standby[c], slope, bands, true);
        }
        fadeRemaining = fadeLength;
        pending = false;
    }

    /** The number of bands {@link #split} writes now. */
    int outputBands() {
        return fadeRemaining > 0 ? standby[0].bands() : activeBands;
    }

    /** Splits one sample of every channel ({@code x[c]}) into {@code out[c][0 .. outputBands())}. */
    void split(double[] x, double[][] out) {
        if (fadeRemaining == 0) {
            for (int c = 0; c < channels; c++) {
                active[c].process(x[c], out[c]);
            }
            return;
        }
        double w = 1 - (fadeRemaining - 1) / (double) fadeLength;
        int newBands = standby[0].bands();
        for (int c = 0; c < channels; c++) {
            active[c].process(x[c], oldBands);
            standby[c].process(x[c], out[c]);
            double[] o = out[c];
            for (int b = 0; b < newBands; b++) {
                double old = b < activeBands ? oldBands[b] : 0;
                o[b] = old + w * (o[b] - old);
            }
            for (int b = newBands; b < activeBands; b++) {
                o[newBands - 1] += (1 - w) * oldBands[b];
            }
        }
        if (--fadeRemaining == 0) {
            Crossover[] t = active;
            active = standby;
            standby = t;
            for (Crossover idle : standby) {  // the faded-out set keeps no stale state
                idle.reset();
            }
            activeBands = newBands;
            activeSlope = active[0].slope();
            if (pending) {
                startFade();
            }
        }
    }

    /** Whether a crossfade is under way: then only the sample-by-sample {@link #split} may run. */
    boolean fading() {
        return fadeRemaining > 0;
    }

    /**
     * Splits {@code x[c][0 .. n)} into {@code out[c][b][0 .. n)} for b below {@link #outputBands()}, block
     * by block per channel; only while no crossfade runs (see {@link #fading()}).
     */
    void splitBlock(double[][] x, int n, double[][][] out) {
        if (fadeRemaining > 0) {
            throw new IllegalStateException("a crossfade splits sample by sample");
        }
        if (channels == 2) {  // both channels in one loop per filter
            Crossover.processPair(active[0], x[0], out[0], active[1], x[1], out[1], n);
            return;
        }
        for (int c = 0; c < channels; c++) {
            active[c].process(x[c], n, out[c]);
        }
    }

    void flushDenormals() {
        for (int c = 0; c < channels; c++) {
            active[c].flushDenormals();
            if (fadeRemaining > 0) {  // the standby set runs only during a fade (and is cleared after it)
                standby[c].flushDenormals();
            }
        }
    }

    /** Clears every filter, ends any fade at the wanted settings. */
    void reset() {
        configure(slope, bands, frequencies, true);
        for (int c = 0; c < channels; c++) {
            active[c].reset();
            standby[c].reset();
        }
    }

    double stateMagnitude() {
        double max = 0;
        for (int c = 0; c < channels; c++) {
            max = Math.max(max, Math.max(active[c].stateMagnitude(), standby[c].stateMagnitude()));
        }
        return max;
    }
}
