package org.mixdown.dsp;

/**
 * The static curve of a downward compressor in the decibel domain: threshold, ratio and a soft knee.
 * Soft knee after Giannoulis, Massberg and Reiss, "Digital Dynamic Range Compressor Design - A Tutorial
 * and Analysis", JAES 60(6), 2012, eq. 4: with {@code o = level - threshold} and knee width {@code W},
 * <pre>
 *   2o &lt; -W         : gain = 0
 *   2|o| &lt;= W       : gain = (1/R - 1) (o + W/2)^2 / (2W)      (quadratic, joins both lines smoothly)
 *   2o &gt; W          : gain = (1/R - 1) o
 * </pre>
 * Pure arithmetic, no state: one instance may be shared by every channel. Setters are cheap and do not
 * allocate, so they may run on the audio thread.
 */
public final class GainComputer {
    private double thresholdDb;
    private double ratio = 1;
    private double kneeDb;
    /** 1/R - 1: the slope of the gain above the knee (<= 0). */
    private double slope;

    public GainComputer() {
    }

    public GainComputer(double thresholdDb, double ratio, double kneeDb) {
        set(thresholdDb, ratio, kneeDb);
    }

    /** Sets the whole curve. {@code ratio} >= 1 (use {@link Double#POSITIVE_INFINITY} for a limiter), knee >= 0. */
    public GainComputer set(double thresholdDb, double ratio, double kneeDb) {
        setThresholdDb(thresholdDb);
        setRatio(ratio);
        setKneeDb(kneeDb);
        return this;
    }

    public void setThresholdDb(double thresholdDb) {
        if (!Double.isFinite(thresholdDb)) {
            throw new IllegalArgumentException("threshold must be finite, not " + thresholdDb);
        }
        this.thresholdDb = thresholdDb;
    }

    public void setRatio(double ratio) {
        if (!(ratio >= 1)) {
            throw new IllegalArgumentException("ratio must be at least 1, not " + ratio);
        }
        this.ratio = ratio;
        this.slope = 1 / ratio - 1;
    }

    public void setKneeDb(double kneeDb) {
        if (!(kneeDb >= 0) || !Double.isFinite(kneeDb)) {
            throw new IllegalArgumentException("knee width must be >= 0 dB, not " + kneeDb);
        }
        this.kneeDb = kneeDb;
    }

    public double thresholdDb() {
        return thresholdDb;
    }

    public double ratio() {
        return ratio;
    }

    public double kneeDb() {
        return kneeDb;
    }

    /**
     * The gain change in dB (<= 0) for a detector level in dB. {@code -infinity} (silence) gives 0.
     */
    public double gainDb(double levelDb) {
        double over = levelDb - thresholdDb;
        if (2 * over <= -kneeDb) {  // below the knee (and silence); with W = 0 the threshold itself gives 0
            return 0;
        }
        if (2 * over >= kneeDb) {
            return slope * over;
        }
        double t = over + kneeDb / 2;
        return slope * t * t / (2 * kneeDb);
    }

    /**
     * The gain reduction in dB ({@code -gainDb}, >= 0) for each of {@code levels[0, frames)} times
     * {@code scale} (a log2 level and the dB per octave, say) into {@code out} (which may be
     * {@code levels}); the same numbers as {@link #gainDb} to an ulp, with no branch, so that C2 vectorises
     * the loop. The knee's quadratic is concave and tangent to both lines (0 below, {@code slope * over}
     * above), so it lies under both: with {@code t} clamped to the knee, the curve is the smaller of the
     * clamped quadratic and the line (below the knee the clamp gives 0, which is under the line there too).
     */
    public void reductionsDb(double[] levels, double scale, double[] out, int frames) {
        double threshold = thresholdDb;
        double knee = kneeDb;
        double s = slope;
        if (knee == 0) {  // hard knee: the line above the threshold, 0 below
            for (int i = 0; i < frames; i++) {
                double over = scale * levels[i] - threshold;
                out[i] = -Math.min(0.0, s * over);
            }
            return;
        }
        double halfKnee = knee / 2;
        double twiceKnee = 2 * knee;
        for (int i = 0; i < frames; i++) {
            double over = scale * levels[i] - threshold;
            double t = Math.min(Math.max(over + halfKnee, 0.0), knee);
            out[i] = -Math.min(s * t * t / twiceKnee, s * over);
        }
    }

    /** The output level in dB for an input level in dB: {@code level + gainDb(level)}. */
    public double outputDb(double levelDb) {
        return levelDb + gainDb(levelDb);
    }

    /**
     * Automatic make-up gain in dB (>= 0): the gain reduction the curve applies to a 0 dBFS level, so a
     * steady full-scale signal leaves at full scale and nothing at or below 0 dBFS is pushed above it
     * (Giannoulis et al. 2012, section 2.4: "M = -g(0)"). Includes the knee when it reaches 0 dBFS.
     */
    public double makeupForAuto() {
        return -gainDb(0);
    }
}
