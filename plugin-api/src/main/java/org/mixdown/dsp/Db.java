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
}
