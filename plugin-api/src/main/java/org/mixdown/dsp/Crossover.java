package org.mixdown.dsp;

/**
 * Splits one channel into 2..{@value #MAX_BANDS} bands with Linkwitz-Riley filters whose sum is flat.
 *
 * <p>Topology (sequential): band 0 is the low pass of split 0, the rest goes on through the high pass into
 * split 1, and so on; the last band is what passes every high pass. Band i also passes the all-pass of every
 * split j &gt; i it did not take, so each band goes through every crossover point exactly once (as low
 * pass, high pass or all-pass). All three share one phase, so every band has the same phase and the band
 * magnitudes (low + high = 1 at each point) telescope to 1: the sum is an all-pass with a flat magnitude.
 *
 * <p>Crossover frequencies glide (log-frequency ramp over {@link SmoothedValue#DEFAULT_RAMP_SECONDS}) so a
 * change does not click; they are kept in ascending order. One instance filters one channel; audio thread
 * only; nothing allocates after construction.
 */
public final class Crossover {
    public static final int MAX_BANDS = 6;
    private static final int MAX_POINTS = MAX_BANDS - 1;

    private final LinkwitzRiley[] splits = new LinkwitzRiley[MAX_POINTS];
    /** allpasses[band][point]: the all-pass of split {@code point} in band {@code band} (point &gt; band). */
    private final LinkwitzRiley[][] allpasses = new LinkwitzRiley[MAX_POINTS][MAX_POINTS];
    private final SmoothedValue[] logFrequency = new SmoothedValue[MAX_POINTS];
    private final double[] requested = new double[MAX_POINTS];
    private double sampleRate = 48_000;
    private int bands = 2;
    private boolean gliding;
    /** One sample of every band, for the sample-by-sample path of the block split. */
    private final double[] frame = new double[MAX_BANDS];

    public Crossover(LinkwitzRiley.Slope slope) {
        for (int p = 0; p < MAX_POINTS; p++) {
            splits[p] = new LinkwitzRiley(slope);
            for (int b = 0; b < p; b++) {
                allpasses[b][p] = new LinkwitzRiley(slope);
            }
            requested[p] = 1000;
            logFrequency[p] = new SmoothedValue(Math.log(1000));
        }
    }

    /** Sets the sample rate and jumps every crossover point to its requested frequency; clears the state. */
    public void prepare(double sampleRate) {
        this.sampleRate = sampleRate;
        for (SmoothedValue f : logFrequency) {
            f.prepare(sampleRate, SmoothedValue.DEFAULT_RAMP_SECONDS);
        }
        applyFrequencies(true);
        reset();
    }

    /** The number of bands in use (2..6). */
    public void setBands(int bands) {
        if (bands < 2 || bands > MAX_BANDS) {
            throw new IllegalArgumentException("bands must be 2.." + MAX_BANDS + ", not " + bands);
        }
        for (int p = bands - 1; p < this.bands - 1; p++) {  // points leaving use keep no stale state (and come back clean)
            splits[p].reset();
            for (int b = 0; b < p; b++) {
                allpasses[b][p].reset();
            }
        }
        this.bands = bands;
    }

    public int bands() {
        return bands;
    }

    /** Changes the slope of every filter (clears their state). */
    public void setSlope(LinkwitzRiley.Slope slope) {
        for (int p = 0; p < MAX_POINTS; p++) {
            splits[p].setSlope(slope);
            for (int b = 0; b < p; b++) {
                allpasses[b][p].setSlope(slope);
            }
        }
        applyFrequencies(false);
    }

    public LinkwitzRiley.Slope slope() {
        return splits[0].slope();
    }

    /**
     * Asks crossover point {@code point} (0-based, between band point and band point + 1) to move to
     * {@code frequency}; it glides there. Points are kept ascending: a point below the one before it sits on it.
     */
    public void setFrequency(int point, double frequency) {
        requested[point] = frequency;
        applyFrequencies(false);
    }

    /** Like {@link #setFrequency} but without a glide (prepare, reset, tests). */
    public void setFrequencyImmediate(int point, double frequency) {
        requested[point] = frequency;
        applyFrequencies(true);
    }

    /** The frequency point {@code point} is heading to, after ordering and the Nyquist limit. */
    public double frequency(int point) {
        return Math.exp(logFrequency[point].target());
    }

    private void applyFrequencies(boolean immediate) {
        double previous = 0;
        boolean any = false;
        for (int p = 0; p < MAX_POINTS; p++) {
            double f = orderedFrequency(requested[p], previous, sampleRate);
            previous = f;
            if (immediate) {
                logFrequency[p].setImmediate(Math.log(f));
            } else {
                logFrequency[p].setTarget(Math.log(f));
            }
            setPoint(p, logFrequency[p].current());
            any |= logFrequency[p].isSmoothing();
        }
        gliding = any;
    }

    /**
     * The frequency a crossover point uses: not below the point before it ({@code previous}), at least 1 Hz,
     * below Nyquist (0.49 fs). Every splitter (IIR or FIR) orders its points this way.
     */
    public static double orderedFrequency(double requested, double previous, double sampleRate) {
        return Math.max(1.0, Math.min(Math.max(requested, previous), 0.49 * sampleRate));
    }

    private void setPoint(int point, double logHz) {
        double g = LinkwitzRiley.warp(Math.exp(logHz), sampleRate);
        splits[point].setWarpedFrequency(g);
        for (int b = 0; b < point; b++) {
            allpasses[b][point].setWarpedFrequency(g);
        }
    }

    /** Splits one sample into {@code out[0 .. bands-1]}. */
    public void process(double x, double[] out) {
        if (gliding) {
            glide();
        }
        int points = bands - 1;
        double rest = x;
        for (int p = 0; p < points; p++) {
            double band = splits[p].split(rest);
            rest = splits[p].high();
            for (int q = p + 1; q < points; q++) {
                band = allpasses[p][q].allpass(band);
            }
            out[p] = band;
        }
        out[points] = rest;
    }

    /**
     * Splits {@code x[0 .. n)} into {@code out[b][0 .. n)} for b below {@link #bands()}: the same result as
     * {@link #process(double, double[])} sample by sample, but filter by filter over the block (each
     * filter's state stays in registers). While a point glides the coefficients change every sample, so
     * that block goes sample by sample.
     */
    public void process(double[] x, int n, double[][] out) {
        int points = bands - 1;
        if (gliding) {
            for (int i = 0; i < n; i++) {
                process(x[i], frame);
                for (int b = 0; b <= points; b++) {
                    out[b][i] = frame[b];
                }
            }
            return;
        }
        double[] rest = out[points];  // what is above every split so far; ends as the top band
        splits[0].split(x, out[0], rest, n);
        for (int p = 1; p < points; p++) {
            splits[p].split(rest, out[p], rest, n);
        }
        for (int p = 0; p < points; p++) {
            for (int q = p + 1; q < points; q++) {
                allpasses[p][q].allpass(out[p], n);
            }
        }
    }

    /**
     * All-passes {@code x[0 .. n)} in place by what the bands sum to: the all-pass of every point in use,
     * in cascade (one section per point for LR4, where {@link #process} runs two per split). For a
     * signal that must carry the same phase as a split one but is not split itself. Uses the points' own
     * all-pass state ({@link LinkwitzRiley#allpass}), so an instance may split one signal and all-pass
     * another only if it does not glide (a glide advances once per sample of either call).
     */
    public void allpass(double[] x, int n) {
        int points = bands - 1;
        if (gliding) {
            for (int i = 0; i < n; i++) {
                glide();
                double y = x[i];
                for (int p = 0; p < points; p++) {
                    y = splits[p].allpass(y);
                }
                x[i] = y;
            }
            return;
        }
        for (int p = 0; p < points; p++) {
            splits[p].allpass(x, n);
        }
    }

    /**
     * Splits two channels at once, {@code a} on {@code xa} and {@code b} on {@code xb}: the same result as
     * {@link #process(double[], int, double[][])} on each, filter by filter with both channels in one loop
     * (see {@link LinkwitzRiley#splitPair}) when both are LR4 with the same bands and points and neither
     * glides; otherwise one after the other.
     */
    public static void processPair(Crossover a, double[] xa, double[][] outA,
                                   Crossover b, double[] xb, double[][] outB, int n) {
        if (!a.pairsWith(b)) {
            a.process(xa, n, outA);
            b.process(xb, n, outB);
            return;
        }
        int points = a.bands - 1;
        double[] restA = outA[points], restB = outB[points];
        LinkwitzRiley.splitPair(a.splits[0], xa, outA[0], restA, b.splits[0], xb, outB[0], restB, n);
        for (int p = 1; p < points; p++) {
            LinkwitzRiley.splitPair(a.splits[p], restA, outA[p], restA, b.splits[p], restB, outB[p], restB, n);
        }
        for (int p = 0; p < points; p++) {
            for (int q = p + 1; q < points; q++) {
                LinkwitzRiley.allpassPair(a.allpasses[p][q], outA[p], b.allpasses[p][q], outB[p], n);
            }
        }
    }

    /**
     * {@code splitter.process(x, n, out)} and {@code allpasser.allpass(y, n)} at once: each split runs in
     * one loop with the other's all-pass of the same point (see {@link LinkwitzRiley#splitWithAllpass}),
     * bit for bit as alone, when both are LR4 with the same bands and points and neither glides; otherwise
     * one after the other. For a signal that must keep the phase of a split one (an imager's mid).
     */
    public static void processWithAllpass(Crossover splitter, double[] x, int n, double[][] out,
                                          Crossover allpasser, double[] y) {
        if (!splitter.pairsWith(allpasser)) {
            splitter.process(x, n, out);
            allpasser.allpass(y, n);
            return;
        }
        int points = splitter.bands - 1;
        double[] rest = out[points];
        LinkwitzRiley.splitWithAllpass(splitter.splits[0], x, out[0], rest, allpasser.splits[0], y, n);
        if (points > 1) {  // band 0's all-pass of point 1 joins point 1's loop (band 0 keeps its order of all-passes)
            LinkwitzRiley.splitWithTwoAllpasses(splitter.splits[1], rest, out[1], rest, allpasser.splits[1], y,
                    splitter.allpasses[0][1], out[0], n);
        }
        for (int p = 2; p < points; p++) {
            LinkwitzRiley.splitWithAllpass(splitter.splits[p], rest, out[p], rest, allpasser.splits[p], y, n);
        }
        for (int p = 0; p < points; p++) {
            for (int q = Math.max(p + 1, p == 0 ? 2 : 0); q < points; q++) {
                splitter.allpasses[p][q].allpass(out[p], n);
            }
        }
    }

    private boolean pairsWith(Crossover other) {
        if (gliding || other.gliding || bands != other.bands) {
            return false;
        }
        for (int p = 0; p < bands - 1; p++) {
            if (!splits[p].pairsWith(other.splits[p])) {
                return false;
            }
            for (int b = 0; b < p; b++) {
                if (!allpasses[b][p].pairsWith(other.allpasses[b][p])) {
                    return false;
                }
            }
        }
        return true;
    }

    private void glide() {
        boolean any = false;
        for (int p = 0; p < MAX_POINTS; p++) {
            SmoothedValue f = logFrequency[p];
            if (f.isSmoothing()) {
                setPoint(p, f.next());
                any = true;
            }
        }
        gliding = any;
    }

    /**
     * Snaps vanishing filter state to zero; call once per block. Only the filters in use run, so only
     * they can approach the subnormal range (a filter leaving use is cleared by {@link #setBands}).
     */
    public void flushDenormals() {
        for (int p = 0; p < bands - 1; p++) {
            splits[p].flushDenormals();
            for (int b = 0; b < p; b++) {
                allpasses[b][p].flushDenormals();
            }
        }
    }

    /** Clears the filter state and ends any glide. */
    public void reset() {
        for (int p = 0; p < MAX_POINTS; p++) {
            logFrequency[p].snap();
            setPoint(p, logFrequency[p].current());
            splits[p].reset();
            for (int b = 0; b < p; b++) {
                allpasses[b][p].reset();
            }
        }
        gliding = false;
    }

    /** The largest magnitude of any filter state (tests use it to prove silence decays to exactly zero). */
    public double stateMagnitude() {
        double max = 0;
        for (int p = 0; p < MAX_POINTS; p++) {
            max = Math.max(max, splits[p].stateMagnitude());
            for (int b = 0; b < p; b++) {
                max = Math.max(max, allpasses[b][p].stateMagnitude());
            }
        }
        return max;
    }

    /**
     * The analytic magnitude of band {@code band} of {@code bands} with ascending crossover frequencies
     * {@code crossovers}: the product of the high passes below it and the low pass above it.
     */
    public static double bandMagnitude(LinkwitzRiley.Slope slope, int band, int bands, double[] crossovers,
                                       double frequency, double sampleRate) {
        double m = 1;
        for (int p = 0; p < band; p++) {
            m *= LinkwitzRiley.highMagnitude(slope, frequency, crossovers[p], sampleRate);
        }
        if (band < bands - 1) {
            m *= LinkwitzRiley.lowMagnitude(slope, frequency, crossovers[band], sampleRate);
        }
        return m;
    }

    /** The phase (radians) every band and the sum share: the sum of the phases of the points in use. */
    public static double phase(LinkwitzRiley.Slope slope, int bands, double[] crossovers, double frequency,
                               double sampleRate) {
        double phi = 0;
        for (int p = 0; p < bands - 1; p++) {
            phi += LinkwitzRiley.phase(slope, frequency, crossovers[p], sampleRate);
        }
        return phi;
    }
}
