package org.mixdown.master;

import org.mixdown.dsp.PeakHold;

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
    private final PeakHold hold = new PeakHold();
    // release
    private double releaseCoefficient;
    private double slowCoefficient;
    private boolean automatic;
    private double released;
    private double sustained;
    // box average
    private long[] box = new long[1];
    private int boxPosition;
    private long boxSum;

    /** Allocates for a lookahead of {@code window} samples, protecting {@code margin} samples either side. */
    void prepare(int window, int margin, double sampleRate) {
        this.window = Math.max(1, window);
        this.margin = margin;
        hold.prepare(this.window + 2 * margin);
        box = new long[this.window];
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
        hold.reset();
        released = 0;
        sustained = 0;
        java.util.Arrays.fill(box, 0);
        boxPosition = 0;
        boxSum = 0;
    }

    /** Takes the reduction (0..1) the newest detected sample needs; returns the reduction to apply now. */
    double next(double required) {
        double held = hold.process(required);
        if (automatic) {
            sustained = held + (sustained - held) * slowCoefficient;
            if (sustained < NEGLIGIBLE) {
                sustained = 0;
            }
        }
        released = Math.max(held, Math.max(released * releaseCoefficient, automatic ? sustained : 0));
        if (released < NEGLIGIBLE) {
            released = held;  // the tail of a release snaps off, a requirement never does
        }
        long fixed = (long) Math.ceil(released * FIXED_ONE);
        boxSum += fixed - box[boxPosition];
        box[boxPosition] = fixed;
        boxPosition = boxPosition + 1 == window ? 0 : boxPosition + 1;
        return boxSum / (window * FIXED_ONE);
    }

    /** The largest reduction held anywhere in the state (for the silence test). */
    double stateMagnitude() {
        return Math.max(Math.max(released, sustained), Math.max(hold.level(), boxSum / FIXED_ONE));
    }
}
