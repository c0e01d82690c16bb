package org.mixdown.master;

/**
 * The gain computer of a brickwall lookahead limiter, for one channel, in the reduction domain
 * {@code r = 1 - gain}. Each required reduction is held by a sliding maximum over {@code window + 2 margin}
 * samples, released by a one-pole decay that never falls below the held value, then averaged by a box
 * filter over {@code window} samples. A box average of values that are all at least {@code r} is at least
 * {@code r}, so when the reduction reported for a sample has been delayed by {@link #delay()}, the gain
 * applied to that sample and to {@code margin} samples either side is never above what it needs: the
 * attack is a straight ramp over the lookahead that reaches the requirement before the peak arrives.
 *
 * <p>The box sum is kept in fixed point (2^-40 steps, each requirement rounded up) so it never drifts and
 * returns to exactly zero, which makes unity gain exact once the limiter stops working. Automatic release
 * adds a slow average of the held reduction as a floor: isolated peaks recover at the release rate, while
 * sustained limiting keeps its average reduction and lets it go over {@link #AUTO_RELEASE_SECONDS}.
 */
final class LookaheadGainEnvelope {
    /** Time constant of the sustained-reduction floor of automatic release. */
    static final double AUTO_RELEASE_SECONDS = 1.0;

    private static final double FIXED_ONE = 0x1.0p40;
    /**
     * Released reductions this small (-0.00001 dB) snap to what is required now (usually unity gain): the
     * state reaches exactly zero a few dozen time constants after the limiting stops, and unity gain is
     * then exact.
     */
    private static final double NEGLIGIBLE = 1e-6;

    private int window = 1;
    private int margin;
    // sliding maximum over holdWindow samples (van Herk / Gil-Werman, as org.mixdown.dsp.PeakHold), inlined
    // so the whole block runs with its state in registers
    private int holdWindow = 1;
    /** The requirements of the current run so far. */
    private double[] run = new double[1];
    /** suffix[i]: the largest requirement of the previous run from its position i to its end (suffix[w] = 0). */
    private double[] suffix = new double[2];
    private int runPosition;
    private double runMax;
    private double held;
    private final double[] oneIn = new double[1];
    private final double[] oneOut = new double[1];
    // release
    private double releaseCoefficient;
    private double slowCoefficient;
    private boolean automatic;
    private double released;
    private double sustained;
    // box average
    // whole numbers of 2^-40 steps held in doubles: below 2^53 every sum and difference of them is exact, as
    // in a long, and no long<->double conversion (a serial cost per sample) is needed
    private double[] box = new double[1];
    private int boxPosition;
    private double boxSum;

    /** Allocates for a lookahead of {@code window} samples, protecting {@code margin} samples either side. */
    void prepare(int window, int margin, double sampleRate) {
        this.window = Math.max(1, window);
        this.margin = margin;
        holdWindow = this.window + 2 * margin;
        run = new double[holdWindow];
        suffix = new double[holdWindow + 1];
        box = new double[this.window];
        slowCoefficient = Math.exp(-1 / (AUTO_RELEASE_SECONDS * sampleRate));
        reset();
    }

    /** Samples from a requirement entering to the centre of the span of samples it protects. */
    int delay() {
        return window - 1 + margin;
    }

    void setRelease(double seconds, double sampleRate, boolean automatic) {
        this.releaseCoefficient = Math.exp(-1 / (Math.max(seconds, 1e-6) * sampleRate));
        this.automatic = automatic;
    }

    void reset() {
        java.util.Arrays.fill(run, 0);
        java.util.Arrays.fill(suffix, 0);
        runPosition = 0;
        runMax = 0;
        held = 0;
        released = 0;
        sustained = 0;
        java.util.Arrays.fill(box, 0);
        boxPosition = 0;
        boxSum = 0;
    }

    /** Takes the reduction (0..1) the newest detected sample needs; returns the reduction to apply now. */
    double next(double required) {
        oneIn[0] = required;
        process(oneIn, oneOut, 1);
        return oneOut[0];
    }

    /** {@link #next} for {@code required[0 .. n)}, writing the reductions to apply to {@code reduction[0 .. n)}. */
    void process(double[] required, double[] reduction, int n) {
        double[] runs = run, suffixes = suffix;
        double[] boxes = box;
        int w = holdWindow, p = runPosition, bp = boxPosition, boxLength = window;
        double m = runMax, h = held, rel = released, sus = sustained;
        double rc = releaseCoefficient, sc = slowCoefficient, scale = window * FIXED_ONE;
        boolean auto = automatic;
        double sum = boxSum;
        for (int i = 0; i < n; i++) {
            double a = Math.abs(required[i]);
            runs[p] = a;
            m = a > m ? a : m;  // plain compares (all values are finite and >= +0): predictable in runs
            double suffixMax = suffixes[p + 1];
            h = suffixMax > m ? suffixMax : m;
            if (p == w - 1) {  // the run is complete: its suffix maxima serve the next run
                double s = 0;
                for (int k = p; k >= 0; k--) {
                    double r = runs[k];
                    s = r > s ? r : s;
                    suffixes[k] = s;
                }
                p = 0;
                m = 0;
            } else {
                p++;
            }
            if (auto) {
                sus = h + (sus - h) * sc;
                if (sus < NEGLIGIBLE) {
                    sus = 0;
                }
            }
            double decayed = rel * rc;
            if (auto && sus > decayed) {
                decayed = sus;
            }
            rel = h > decayed ? h : decayed;
            if (rel < NEGLIGIBLE) {
                rel = h;  // the tail of a release snaps off, a requirement never does
            }
            double fixed = Math.ceil(rel * FIXED_ONE);  // 0 <= rel * FIXED_ONE < 2^41: exact whole steps
            sum += fixed - boxes[bp];
            boxes[bp] = fixed;
            bp = bp + 1 == boxLength ? 0 : bp + 1;
            reduction[i] = sum / scale;
        }
        runPosition = p;
        runMax = m;
        held = h;
        released = rel;
        sustained = sus;
        boxPosition = bp;
        boxSum = sum;
    }

    /** Takes another envelope's state (same window, margin and release: the limiter's other channel). */
    void copyStateFrom(LookaheadGainEnvelope other) {
        System.arraycopy(other.run, 0, run, 0, run.length);
        System.arraycopy(other.suffix, 0, suffix, 0, suffix.length);
        System.arraycopy(other.box, 0, box, 0, box.length);
        runPosition = other.runPosition;
        runMax = other.runMax;
        held = other.held;
        released = other.released;
        sustained = other.sustained;
        boxPosition = other.boxPosition;
        boxSum = other.boxSum;
    }

    /** The largest reduction held anywhere in the state (for the silence test). */
    double stateMagnitude() {
        return Math.max(Math.max(released, sustained), Math.max(held, boxSum / FIXED_ONE));
    }
}
