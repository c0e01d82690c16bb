package org.mixdown.mix.reverb;

/**
 * Per-line absorption of a feedback delay network after Jot and Chaigne (1991): a delay line of m samples
 * is followed by a one-pole low-pass {@code H(z) = g (1 - b) / (1 - b z^-1)} whose gain sets the decay.
 * The DC gain {@code g = 10^(-3 m / (T60 fs))} takes the line's share of 60 dB over T60 seconds, so every
 * line, whatever its length, decays at the same rate and the network's RT60 at low frequencies is T60.
 * The pole {@code b} is chosen so that at the damping frequency the line loses as much again as at DC:
 * there the RT60 is half of T60, and above it shorter still, as air and soft surfaces absorb.
 */
public final class JotAbsorption {
    private JotAbsorption() {
    }

    /** The DC gain of a line of {@code delaySamples} for a decay of {@code rt60Seconds}. */
    public static double lineGain(double delaySamples, double rt60Seconds, double sampleRate) {
        return Math.pow(10, -3 * delaySamples / (rt60Seconds * sampleRate));
    }

    /**
     * The pole b in [0, 1) that makes the normalised low-pass {@code (1 - b) / (1 - b z^-1)} attenuate by
     * {@code gain} at {@code dampingHz}. From {@code (1 - b)^2 = G^2 (1 - 2 b cos w + b^2)}: the root of
     * {@code (1 - G^2) b^2 - 2 (1 - G^2 cos w) b + (1 - G^2) = 0} inside the unit circle. 0 (no damping)
     * when {@code dampingHz} is not below {@code offAtHz}.
     */
    public static double dampingPole(double gain, double dampingHz, double offAtHz, double sampleRate) {
        if (dampingHz >= offAtHz || gain >= 1) {
            return 0;
        }
        double w = 2 * Math.PI * Math.min(dampingHz, 0.49 * sampleRate) / sampleRate;
        double g2 = gain * gain;
        double p = 1 - g2 * Math.cos(w);
        double q = 1 - g2;
        // b = (p - sqrt(p^2 - q^2)) / q, written as q / (p + sqrt(p^2 - q^2)) to stay exact as q -> 0
        return q / (p + Math.sqrt(p * p - q * q));
    }

    /** |(1 - b) / (1 - b e^-jw)| at {@code frequency}: the loss the pole adds to the DC gain. */
    public static double lowPassMagnitude(double pole, double frequency, double sampleRate) {
        double w = 2 * Math.PI * frequency / sampleRate;
        return (1 - pole) / Math.sqrt(1 - 2 * pole * Math.cos(w) + pole * pole);
    }
}
