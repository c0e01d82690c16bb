package org.mixdown.dsp;

/**
 * A one-pole envelope follower with separate attack and release ("smooth branching" detector of
 * Giannoulis, Massberg and Reiss 2012, eq. 17): the attack coefficient applies while the input is above
 * the state, the release coefficient while it is below. A time constant {@code t} ms gives the
 * coefficient {@code a = exp(-1 / (t/1000 * fs))}, so the response to a step reaches 63.2 % (1 - 1/e)
 * of the step after exactly {@code t * fs / 1000} samples (counting the first sample of the step).
 *
 * <p>Two ways in: {@link #process} takes audio samples and rectifies them by the {@link Detector}
 * (|x| for peak, x^2 for RMS, whose state is the mean square and whose output is its square root);
 * {@link #follow} takes a value that already is a level (a gain reduction in dB, a 0..1 gate opening)
 * and smooths it as it is. State below 1e-30 in magnitude is flushed to 0 so silence never goes subnormal.
 * One instance follows one signal; no allocation.
 */
public final class EnvelopeFollower {

    /** How {@link #process} rectifies audio. */
    public enum Detector {
        /** Follows |x|; the level is the state. */
        PEAK,
        /** Follows x^2; the level is the square root of the state (the RMS over the time constants). */
        RMS
    }

    /** State smaller than this is snapped to 0. */
    public static final double TINY = 1e-30;

    private Detector detector = Detector.PEAK;
    private double sampleRate = 48_000;
    private double attackMs;
    private double releaseMs;
    private double attackCoefficient;
    private double releaseCoefficient;
    private double state;

    public EnvelopeFollower() {
    }

    public EnvelopeFollower(Detector detector, double attackMs, double releaseMs) {
        this.detector = detector;
        setTimes(attackMs, releaseMs);
    }

    /**
     * The one-pole coefficient for a time constant: {@code exp(-1 / (tau fs))}; 0 (instant) for
     * {@code ms <= 0}.
     */
    public static double coefficient(double ms, double sampleRate) {
        return ms > 0 ? Math.exp(-1000.0 / (ms * sampleRate)) : 0;
    }

    /** Sets the sample rate the time constants refer to and recomputes the coefficients. */
    public void prepare(double sampleRate) {
        if (!(sampleRate > 0)) {
            throw new IllegalArgumentException("sample rate must be positive, not " + sampleRate);
        }
        this.sampleRate = sampleRate;
        updateCoefficients();
    }

    public void setTimes(double attackMs, double releaseMs) {
        this.attackMs = attackMs;
        this.releaseMs = releaseMs;
        updateCoefficients();
    }

    public void setAttackMs(double attackMs) {
        setTimes(attackMs, releaseMs);
    }

    public void setReleaseMs(double releaseMs) {
        setTimes(attackMs, releaseMs);
    }

    public void setDetector(Detector detector) {
        this.detector = detector;
    }

    public Detector detector() {
        return detector;
    }

    public double attackMs() {
        return attackMs;
    }

    public double releaseMs() {
        return releaseMs;
    }

    private void updateCoefficients() {
        attackCoefficient = coefficient(attackMs, sampleRate);
        releaseCoefficient = coefficient(releaseMs, sampleRate);
    }

    /** Rectifies one audio sample by the detector, follows it, and returns the level (an amplitude). */
    public double process(double sample) {
        if (detector == Detector.PEAK) {
            return follow(Math.abs(sample));
        }
        return Math.sqrt(follow(sample * sample));
    }

    /** Follows a value that is already a level (no rectification) and returns the new state. */
    public double follow(double level) {
        double a = level > state ? attackCoefficient : releaseCoefficient;
        double s = level + a * (state - level);
        if (Math.abs(s) < TINY) {
            s = 0;
        }
        state = s;
        return s;
    }

    /**
     * {@link #follow} over a block, bit for bit: {@code out[i]} is the state after {@code levels[i]}
     * ({@code out} may be {@code levels}). The state stays in a register and nothing else shares the loop,
     * so each sample costs the one-pole's own chain (subtract, multiply, add). Attack or release stays a
     * branch: on smooth input (a gain reduction) it predicts and costs nothing, and on noise it measured no
     * slower than a branch-free select on the sign bit, which lengthens the chain for every sample.
     */
    public void follow(double[] levels, double[] out, int frames) {
        double s = state;
        double attack = attackCoefficient;
        double release = releaseCoefficient;
        if (attack == release) {  // no choice to make (an RMS detector's usual case): no branch on noisy input
            for (int i = 0; i < frames; i++) {
                double level = levels[i];
                double next = level + attack * (s - level);
                s = Math.abs(next) < TINY ? 0 : next;
                out[i] = s;
            }
            state = s;
            return;
        }
        for (int i = 0; i < frames; i++) {
            double level = levels[i];
            double a = level > s ? attack : release;
            double next = level + a * (s - level);
            s = Math.abs(next) < TINY ? 0 : next;
            out[i] = s;
        }
        state = s;
    }

    /**
     * {@link #follow(double[], double[], int)} bit for bit for non-negative levels (a gain reduction in dB, a
     * mean square), faster while the state is well above {@link #TINY}: with levels >= 0 each step keeps at
     * least {@code a * state} (attack moves up, release keeps {@code a s + (1 - a) level}), so when
     * {@code state * min(a)^frames} stays above TINY (with a factor 2 for rounding) no sample can be flushed
     * and the flush test leaves the feedback chain.
     */
    public void followNonNegative(double[] levels, double[] out, int frames) {
        double s = state;
        double attack = attackCoefficient;
        double release = releaseCoefficient;
        if (frames < 16 || !(s * Math.pow(Math.min(attack, release), frames) >= 2 * TINY)) {
            follow(levels, out, frames);
            return;
        }
        for (int i = 0; i < frames; i++) {
            double level = levels[i];
            double a = level > s ? attack : release;
            s = level + a * (s - level);
            out[i] = s;
        }
        state = s;
    }

    /**
     * {@link #follow(double[], double[], int)} on two followers (two channels) at once, bit for bit. When
     * each has one coefficient for attack and release (an RMS detector) the two feedback chains run side by
     * side in one loop, which a CPU overlaps; otherwise one after the other.
     */
    public static void followPair(EnvelopeFollower first, double[] firstLevels, double[] firstOut,
                                  EnvelopeFollower second, double[] secondLevels, double[] secondOut, int frames) {
        double a = first.attackCoefficient;
        double b = second.attackCoefficient;
        if (a != first.releaseCoefficient || b != second.releaseCoefficient) {
            first.follow(firstLevels, firstOut, frames);
            second.follow(secondLevels, secondOut, frames);
            return;
        }
        double s = first.state;
        double t = second.state;
        for (int i = 0; i < frames; i++) {
            double x = firstLevels[i];
            double y = secondLevels[i];
            double nextS = x + a * (s - x);
            double nextT = y + b * (t - y);
            s = Math.abs(nextS) < TINY ? 0 : nextS;
            t = Math.abs(nextT) < TINY ? 0 : nextT;
            firstOut[i] = s;
            secondOut[i] = t;
        }
        first.state = s;
        second.state = t;
    }

    /**
     * {@link #follow(double[], double[], int)} for non-negative levels (mean squares, say) when attack and
     * release share one coefficient {@code a} (otherwise it is {@code follow} itself), in groups of four
     * samples so that the feedback chain is a quarter as long: with {@code y = (1 - a) x} (exact: 1 - a is,
     * for a >= 1/2) the state four samples on is {@code a^4 s + Y4}, where {@code Y4 = ((a y0 + y1) a + y2) a + y3}
     * does not depend on {@code s}, and the three samples between are {@code a^k s + Yk} off the chain. The
     * one-pole's own chain (subtract, multiply, add, flush) per sample measured several times as slow.
     * Not bit for bit: each output is within a few ulp relatively (the same sums rounded in another order).
     * The state is flushed to 0 below {@link #TINY} once per group; outputs between may lie a little under
     * TINY (never subnormal: a^3 TINY is far above the subnormal range for a >= 1/2).
     */
    public void smooth(double[] levels, double[] out, int frames) {
        double a = attackCoefficient;
        if (a != releaseCoefficient || a < 0.5) {  // a choice per sample, or too fast to matter: the plain loop
            follow(levels, out, frames);
            return;
        }
        double b = 1 - a;
        double a2 = a * a;
        double a3 = a2 * a;
        double a4 = a2 * a2;
        double s = state;
        int i = 0;
        for (; i + 4 <= frames; i += 4) {
            double y0 = b * levels[i];
            double y1 = b * levels[i + 1];
            double y2 = b * levels[i + 2];
            double y3 = b * levels[i + 3];
            double partial2 = a * y0 + y1;
            double partial3 = a * partial2 + y2;
            double partial4 = a * partial3 + y3;
            out[i] = a * s + y0;
            out[i + 1] = a2 * s + partial2;
            out[i + 2] = a3 * s + partial3;
            double next = a4 * s + partial4;
            s = next < TINY ? 0 : next;
            out[i + 3] = s;
        }
        for (; i < frames; i++) {
            double next = a * s + b * levels[i];
            s = next < TINY ? 0 : next;
            out[i] = s;
        }
        state = s;
    }

    /** The current level: the state for peak, its square root for RMS. */
    public double level() {
        return detector == Detector.PEAK ? state : Math.sqrt(state);
    }

    /** The raw state (for RMS the mean square). */
    public double state() {
        return state;
    }

    public void reset() {
        state = 0;
    }

    /** Starts from a given state (a raw state: for RMS a mean square). */
    public void reset(double initialState) {
        state = initialState;
    }
}
