package org.mixdown.host.album;

/**
 * Finds the gains that put a master on its loudness target without crossing its true-peak ceiling, from
 * one measured pass to the next. Two gains: the drive into the chain (the limiter turns it into loudness)
 * and a trim after the chain (which moves loudness and true peak together, 1 dB for 1 dB, and catches a
 * limiter's overshoot). The drive is corrected by the loudness error divided by the slope seen between
 * the last two passes (a secant step), since a limiter turns 1 dB more drive into less than 1 LU.
 */
public final class GainStaging {
    /** A pass this close to the target is accepted (well inside the 0.5 LU the target allows). */
    public static final double ACCEPT_LU = 0.1;
    /** The trim aims this far below the ceiling, for the measuring error of the true-peak meter. */
    public static final double PEAK_MARGIN_DB = 0.02;
    /** Passes through the chain before giving up on the loudness (the ceiling is never given up). */
    public static final int MAX_PASSES = 5;

    private final LoudnessTarget target;
    private double drive;
    private double trim;
    private double lastDrive = Double.NaN;
    private double lastLoudnessBeforeTrim = Double.NaN;
    private double lastResult = Double.NaN;
    private int passes;
    private boolean stalled;

    /** Starts from the unprocessed loudness: the drive that would hit the target through a unity chain. */
    public GainStaging(LoudnessTarget target, double unprocessedLufs) {
        this.target = target;
        this.drive = Double.isFinite(unprocessedLufs) ? target.lufs() - unprocessedLufs : 0;
    }

    public double driveDb() {
        return drive;
    }

    public double trimDb() {
        return trim;
    }

    public int passes() {
        return passes;
    }

    /** Whether a pass that measured {@code lufs} and {@code truePeak} (dBTP) is on target. */
    public boolean accepts(double lufs, double truePeak) {
        return Math.abs(lufs - target.lufs()) <= ACCEPT_LU && truePeak <= target.truePeakDbtp();
    }

    /** True once more drive no longer brings more loudness under the ceiling (no limiter to hold the peak). */
    public boolean stalled() {
        return stalled;
    }

    /** Records a pass made with the current gains and sets the gains for the next. */
    public void measured(double lufs, double truePeak) {
        passes++;
        if (!Double.isFinite(lufs)) {
            stalled = true;   // silence: no gain will make it loud
            return;
        }
        double beforeTrim = lufs - trim;
        double newTrim = trim;
        if (truePeak > target.truePeakDbtp()) {
            newTrim = trim + target.truePeakDbtp() - truePeak - PEAK_MARGIN_DB;
        }
        double expected = lufs + (newTrim - trim);
        if (!Double.isNaN(lastResult) && Math.abs(expected - lastResult) < 0.02
                && Math.abs(expected - target.lufs()) > ACCEPT_LU) {
            stalled = true;
        }
        double slope = 1;
        if (!Double.isNaN(lastDrive) && Math.abs(drive - lastDrive) > 1e-6) {
            slope = (beforeTrim - lastLoudnessBeforeTrim) / (drive - lastDrive);
        }
        slope = Math.max(0.2, Math.min(1.0, slope));
        lastDrive = drive;
        lastLoudnessBeforeTrim = beforeTrim;
        lastResult = expected;
        trim = newTrim;
        if (!stalled) {   // once more drive only means more trim, hold it: the next pass just meets the ceiling
            drive += (target.lufs() - expected) / slope;
        }
    }
}
