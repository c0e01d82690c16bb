package org.mixdown.dsp;

/**
 * The K-weighting of ITU-R BS.1770-4 for one channel: a high shelf (the acoustic effect of the head) followed
 * by the RLB high-pass, each a {@link Biquad} with double-precision state.
 *
 * <p>The Recommendation tabulates the coefficients for 48 kHz only. For any rate they are derived here the
 * way libebur128 does: analog prototypes whose parameters were fitted to the 48 kHz table, mapped with the
 * bilinear transform, {@code K = tan(pi f0 / fs)}. At 48 kHz the result equals the table to 1e-15. The
 * high-pass keeps the table's unnormalised numerator {@code 1, -2, 1} (a +0.04 dB passband gain that the
 * -0.691 dB constant of the loudness formula assumes).
 */
public final class KWeighting {
    /** Shelf prototype fitted to BS.1770-4 table 1 (libebur128's constants). */
    static final double SHELF_F0 = 1681.974450955533;
    static final double SHELF_GAIN_DB = 3.999843853973347;
    static final double SHELF_Q = 0.7071752369554196;
    /** Exponent relating the shelf's band gain Vb to its high gain Vh (Vb = Vh^e), from the same fit. */
    static final double SHELF_BAND_EXPONENT = 0.4996667741545416;
    /** High-pass (RLB) prototype fitted to BS.1770-4 table 2. */
    static final double HIGH_PASS_F0 = 38.13547087602444;
    static final double HIGH_PASS_Q = 0.5003270373238773;

    private final Biquad shelf = new Biquad();
    private final Biquad highPass = new Biquad();

    public KWeighting(double sampleRate) {
        if (!(sampleRate > 2 * SHELF_F0)) {
            throw new IllegalArgumentException("K-weighting needs a sample rate above " + 2 * SHELF_F0
                    + " Hz, got " + sampleRate);
        }
        double[] s = shelfCoefficients(sampleRate);
        double[] h = highPassCoefficients(sampleRate);
        shelf.setCoefficients(s[0], s[1], s[2], s[3], s[4]);
        highPass.setCoefficients(h[0], h[1], h[2], h[3], h[4]);
    }

    /** The shelf stage's {@code {b0, b1, b2, a1, a2}} (a0 = 1) at {@code sampleRate}. */
    public static double[] shelfCoefficients(double sampleRate) {
        double k = Math.tan(Math.PI * SHELF_F0 / sampleRate);
        double vh = Math.pow(10.0, SHELF_GAIN_DB / 20.0);
        double vb = Math.pow(vh, SHELF_BAND_EXPONENT);
        double a0 = 1.0 + k / SHELF_Q + k * k;
        return new double[] {
            (vh + vb * k / SHELF_Q + k * k) / a0,
            2.0 * (k * k - vh) / a0,
            (vh - vb * k / SHELF_Q + k * k) / a0,
            2.0 * (k * k - 1.0) / a0,
            (1.0 - k / SHELF_Q + k * k) / a0,
        };
    }

    /** The high-pass stage's {@code {b0, b1, b2, a1, a2}} (a0 = 1) at {@code sampleRate}. */
    public static double[] highPassCoefficients(double sampleRate) {
        double k = Math.tan(Math.PI * HIGH_PASS_F0 / sampleRate);
        double a0 = 1.0 + k / HIGH_PASS_Q + k * k;
        return new double[] {
            1.0, -2.0, 1.0,
            2.0 * (k * k - 1.0) / a0,
            (1.0 - k / HIGH_PASS_Q + k * k) / a0,
        };
    }

    /** Filters one sample. */
    public double process(double x) {
        return highPass.process(shelf.process(x));
    }

    /** Filters {@code [from, to)} of {@code buffer} in place; vanishing state is flushed to zero. */
    public void process(float[] buffer, int from, int to) {
        shelf.process(buffer, from, to);
        highPass.process(buffer, from, to);
    }

    public void reset() {
        shelf.reset();
        highPass.reset();
    }

    /** The largest magnitude of the filter state (0 once silence has flushed it). */
    public double stateMagnitude() {
        return Math.max(shelf.stateMagnitude(), highPass.stateMagnitude());
    }

    /** The analytic magnitude response of both stages, in dB. */
    public double magnitudeDb(double frequency, double sampleRate) {
        return shelf.magnitudeDb(frequency, sampleRate) + highPass.magnitudeDb(frequency, sampleRate);
    }
}
