package org.mixdown.api;

/** Describes an output-only value of a plugin: a stable id, a display name and a unit. */
public record MeterSpec(String id, String name, String unit) {
    public MeterSpec {
        ParameterSpec.requireId(id);
    }
}
