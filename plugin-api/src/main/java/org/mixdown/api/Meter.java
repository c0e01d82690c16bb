package org.mixdown.api;

/**
 * An output-only value (gain reduction in dB, loudness in LUFS, correlation). The audio thread writes
 * it with {@link #set}; any thread reads it with {@link #value}. A plain volatile double: no allocation,
 * no lock.
 */
public final class Meter {
    private final MeterSpec spec;
    private volatile double value;

    public Meter(MeterSpec spec, double initial) {
        this.spec = spec;
        this.value = initial;
    }

    public MeterSpec spec() {
        return spec;
    }

    public String id() {
        return spec.id();
    }

    public double value() {
        return value;
    }

    public void set(double value) {
        this.value = value;
    }

    @Override
    public String toString() {
        return spec.id() + "=" + value + " " + spec.unit();
    }
}
