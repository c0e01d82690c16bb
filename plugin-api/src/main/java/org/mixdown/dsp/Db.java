package org.mixdown.dsp;

/** Decibel conversions. Amplitude decibels: 20 log10; power decibels: 10 log10. */
public final class Db {
    /** The level reported for silence where a finite number is needed. */
    public static final double SILENCE_DB = -200.0;

    private Db() {
    }

    /** 10^(dB/20). */
    public static double toLinear(double db) {
        return Math.pow(10.0, db / 20.0);
    }

    /** 20 log10 |amplitude|; -infinity for 0. */
    public static double toDb(double amplitude) {
        return 20.0 * Math.log10(Math.abs(amplitude));
    }

    /** 20 log10 |amplitude|, never below {@code floorDb} (so silence gives a finite number). */
    public static double toDb(double amplitude, double floorDb) {
        double a = Math.abs(amplitude);
        return a > 0 ? Math.max(floorDb, 20.0 * Math.log10(a)) : floorDb;
    }

    /** 10 log10 of a power or mean square; -infinity for 0. */
    public static double powerToDb(double power) {
        return 10.0 * Math.log10(power);
    }

    /** 10^(dB/10). */
    public static double dbToPower(double db) {
        return Math.pow(10.0, db / 10.0);
    }

    private static final long SQRT_HALF_BITS = Double.doubleToRawLongBits(Math.sqrt(0.5));
    private static final long ONE_BITS = Double.doubleToRawLongBits(1.0);
    private static final long MANTISSA = 0x000F_FFFF_FFFF_FFFFL;
    private static final double LN2 = Math.log(2);
    /** 1.5 * 2^52: adding it rounds a double of magnitude below 2^51 to an integer held in the low bits. */
    private static final double ROUNDING_SHIFTER = 0x1.8p52;
    private static final double LOG2_E = 1 / LN2;
    private static final double DB_PER_LOG2 = 20 * Math.log10(2);

    /**
     * log2 x for a positive, finite, normal x (the caller floors the level first), through the bits:
     * x = 2^k m with m in [sqrt(1/2), sqrt(2)) (the musl trick: offset the bits so the exponent field
     * rounds at sqrt 2), then ln m = 2 atanh z, z = (m - 1)/(m + 1), |z| <= 0.172, by its series to z^9:
     * within 2e-9 of log2 x (1e-8 dB), several times faster than {@link Math#log10}.
     */
    public static double fastLog2(double x) {
        long bits = Double.doubleToRawLongBits(x) + (ONE_BITS - SQRT_HALF_BITS);
        int k = (int) (bits >> 52) - 1023;
        double m = Double.longBitsToDouble((bits & MANTISSA) + SQRT_HALF_BITS);
        double z = (m - 1) / (m + 1);
        double z2 = z * z;
        double series = 1 + z2 * (1.0 / 3 + z2 * (1.0 / 5 + z2 * (1.0 / 7 + z2 * (1.0 / 9))));
        return k + 2 * LOG2_E * z * series;
    }

    /**
     * {@link #fastLog2(double)} of each of {@code values[0, frames)} (positive, finite, normal) into
     * {@code out} (which may be {@code values}), with the same series evaluated by Estrin's scheme (z^2, z^4
     * and pairs of terms in parallel) instead of Horner's: a shorter dependency chain, so a loop keeps several
     * samples in flight. Differs from the one-sample version by a few ulp (at most 2 in the tests).
     */
    public static void fastLog2(double[] values, double[] out, int frames) {
        for (int i = 0; i < frames; i++) {
            long bits = Double.doubleToRawLongBits(values[i]) + (ONE_BITS - SQRT_HALF_BITS);
            int k = (int) (bits >> 52) - 1023;
            double m = Double.longBitsToDouble((bits & MANTISSA) + SQRT_HALF_BITS);
            double z = (m - 1) / (m + 1);
            double z2 = z * z;
            double z4 = z2 * z2;
            double series = (1 + z2 * (1.0 / 3)) + z4 * ((1.0 / 5 + z2 * (1.0 / 7)) + z4 * (1.0 / 9));
            out[i] = k + 2 * LOG2_E * z * series;
        }
    }

    /**
     * {@link #fastLog2(double[], double[], int)} bit for bit, in two passes so that the arithmetic vectorises:
     * C2 (Java 17) does not vectorise a loop with {@code doubleToRawLongBits}/{@code longBitsToDouble}, so the
     * first pass only takes the bits apart (exponent {@code k} into {@code out}, mantissa {@code m} into
     * {@code scratch}, scalar and short) and the second does the division and the series on whole vectors.
     * About twice as fast on a 256-sample block. {@code out} may be {@code values}; {@code scratch} must be
     * another array of at least {@code frames}.
     */
    public static void fastLog2(double[] values, double[] out, double[] scratch, int frames) {
        for (int i = 0; i < frames; i++) {
            long bits = Double.doubleToRawLongBits(values[i]) + (ONE_BITS - SQRT_HALF_BITS);
            out[i] = (int) (bits >> 52) - 1023;
            scratch[i] = Double.longBitsToDouble((bits & MANTISSA) + SQRT_HALF_BITS);
        }
        for (int i = 0; i < frames; i++) {
            double m = scratch[i];
            double z = (m - 1) / (m + 1);
            double z2 = z * z;
            double z4 = z2 * z2;
            double series = (1 + z2 * (1.0 / 3)) + z4 * ((1.0 / 5 + z2 * (1.0 / 7)) + z4 * (1.0 / 9));
            out[i] = out[i] + 2 * LOG2_E * z * series;
        }
    }

    /**
     * 2^t for any t (clamped to [-1020, 1020], the normal range): 2^k by the exponent bits times
     * 2^f = e^(f ln 2), f = t - k in [-1/2, 1/2], by its Taylor series to the 8th power: within 3e-10
     * relatively (3e-9 dB), several times faster than {@link Math#exp}.
     */
    public static double fastExp2(double t) {
        // plain compares (Math.max/min's NaN and -0 rules cost more; a NaN still comes out NaN)
        double c = t < -1020 ? -1020 : t > 1020 ? 1020 : t;
        // c + 1.5 * 2^52 rounds c to an integer (ties to even, as Math.rint) and leaves it in the low bits
        double shifted = c + ROUNDING_SHIFTER;
        double k = shifted - ROUNDING_SHIFTER;
        double u = (c - k) * LN2;
        double p = 1 + u * (1 + u * (1.0 / 2 + u * (1.0 / 6 + u * (1.0 / 24 + u * (1.0 / 120
                + u * (1.0 / 720 + u * (1.0 / 5040 + u * (1.0 / 40320))))))));
        long whole = (int) Double.doubleToRawLongBits(shifted);
        return p * Double.longBitsToDouble((whole + 1023) << 52);
    }

    /**
     * {@link #fastExp2(double)} of each of {@code exponents[0, frames)} into {@code out} (which may be
     * {@code exponents}), with the same polynomial evaluated by Estrin's scheme (powers u^2, u^4 and pairs of
     * terms in parallel) instead of Horner's: a third of the dependency chain, so a loop keeps several samples
     * in flight. Differs from the one-sample version by a few ulp (at most 2 in the tests).
     */
    public static void fastExp2(double[] exponents, double[] out, int frames) {
        for (int i = 0; i < frames; i++) {
            double t = exponents[i];
            double c = t < -1020 ? -1020 : t > 1020 ? 1020 : t;
            double shifted = c + ROUNDING_SHIFTER;
            double k = shifted - ROUNDING_SHIFTER;
            double u = (c - k) * LN2;
            double u2 = u * u;
            double u4 = u2 * u2;
            double low = (1 + u) + u2 * (1.0 / 2 + u * (1.0 / 6));
            double high = (1.0 / 24 + u * (1.0 / 120)) + u2 * (1.0 / 720 + u * (1.0 / 5040));
            double p = low + u4 * (high + u4 * (1.0 / 40320));
            long whole = (int) Double.doubleToRawLongBits(shifted);
            out[i] = p * Double.longBitsToDouble((whole + 1023) << 52);
        }
    }

    /**
     * {@link #fastExp2(double[], double[], int)} bit for bit for exponents already within [-1020, 1020] (the
     * caller guarantees the range: no clamp here; a clamp by Math.min/max would add half the cost again),
     * in two passes so that the arithmetic vectorises: the rounding and the polynomial on whole vectors
     * ({@code 2^f} into {@code out}, the shifted sum holding {@code k} into {@code scratch}), then a short
     * scalar pass that scales by {@code 2^k} through the exponent bits (which C2, Java 17, does not
     * vectorise). About 2.5 times as fast on a 256-sample block. {@code out} may be {@code exponents};
     * {@code scratch} must be another array of at least {@code frames}.
     */
    public static void fastExp2InRange(double[] exponents, double[] out, double[] scratch, int frames) {
        for (int i = 0; i < frames; i++) {
            double c = exponents[i];
            double shifted = c + ROUNDING_SHIFTER;
            double k = shifted - ROUNDING_SHIFTER;
            double u = (c - k) * LN2;
            double u2 = u * u;
            double u4 = u2 * u2;
            double low = (1 + u) + u2 * (1.0 / 2 + u * (1.0 / 6));
            double high = (1.0 / 24 + u * (1.0 / 120)) + u2 * (1.0 / 720 + u * (1.0 / 5040));
            out[i] = low + u4 * (high + u4 * (1.0 / 40320));
            scratch[i] = shifted;
        }
        for (int i = 0; i < frames; i++) {
            long whole = (int) Double.doubleToRawLongBits(scratch[i]);
            out[i] = out[i] * Double.longBitsToDouble((whole + 1023) << 52);
        }
    }

    /** 20 log10 x by {@link #fastLog2} (x positive, finite, normal). */
    public static double fastToDb(double amplitude) {
        return DB_PER_LOG2 * fastLog2(amplitude);
    }

    /** 10^(dB/20) by {@link #fastExp2}. */
    public static double fastToLinear(double db) {
        return fastExp2(db / DB_PER_LOG2);
    }
}
