package org.mixdown.mix;

/**
 * Pan laws: the gain of the left and right channel for a position {@code x} in [0, 1] (0 hard left,
 * 0.5 centre, 1 hard right). Named by the level of each channel at the centre.
 */
public enum PanLaw {
    /** Constant power: cos/sin, -3.01 dB at the centre. */
    MINUS_3DB("-3dB") {
        @Override
        double left(double x) {
            return Math.cos(x * Math.PI / 2);
        }
    },
    /** The geometric mean of constant power and linear: -4.52 dB at the centre. */
    MINUS_4_5DB("-4.5dB") {
        @Override
        double left(double x) {
            return Math.sqrt((1 - x) * Math.cos(x * Math.PI / 2));
        }
    },
    /** Linear (constant amplitude): -6.02 dB at the centre. */
    MINUS_6DB("-6dB") {
        @Override
        double left(double x) {
            return 1 - x;
        }
    },
    /** Full level at the centre; each side fades out only as the position moves away from it. */
    ZERO_DB("0dB") {
        @Override
        double left(double x) {
            return Math.min(1, 2 * (1 - x));
        }
    };

    private final String label;

    PanLaw(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Gain of the left channel at position x. */
    abstract double left(double x);

    /** Gain of the right channel at position x: the mirror image of the left. */
    double right(double x) {
        return left(1 - x);
    }
}
