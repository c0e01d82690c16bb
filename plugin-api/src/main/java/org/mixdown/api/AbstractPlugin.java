package org.mixdown.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The usual way to write a Java plugin: it owns the parameter store, applies parameter changes on the
 * audio thread at their sample offsets, keeps state and meters, and leaves the subclass three jobs:
 * {@link #onPrepare}, {@link #processBlock} and {@link #onReset}, plus {@link #onParameterChange} where a
 * parameter needs recomputed coefficients or a new smoothing target.
 *
 * <p>Thread model: {@link #setParameter} may run on any thread; it stores the value in an atomic array
 * and raises a flag. At the start of each block the audio thread takes every changed value, so changes
 * land at block boundaries; automation events land at their exact sample offset.
 */
public abstract class AbstractPlugin implements AudioPlugin {
    private final PluginDescriptor descriptor;
    private final ParameterSpec[] specs;
    private final Map<String, Integer> indexById = new HashMap<>();
    /** Values set from any thread, as raw double bits. */
    private final AtomicLongArray requested;
    /** Values the audio thread has applied. */
    private final double[] applied;
    private final AtomicBoolean changed = new AtomicBoolean();
    private final List<Meter> meters;
    private final Map<String, Meter> meterById = new HashMap<>();
    private ProcessSetup setup;

    protected AbstractPlugin(PluginDescriptor descriptor) {
        this.descriptor = descriptor;
        this.specs = descriptor.parameters().toArray(new ParameterSpec[0]);
        this.requested = new AtomicLongArray(specs.length);
        this.applied = new double[specs.length];
        for (int i = 0; i < specs.length; i++) {
            indexById.put(specs[i].id(), i);
            requested.set(i, Double.doubleToRawLongBits(specs[i].defaultValue()));
            applied[i] = specs[i].defaultValue();
        }
        List<Meter> list = new ArrayList<>();
        for (MeterSpec m : descriptor.meters()) {
            Meter meter = new Meter(m, 0);
            list.add(meter);
            meterById.put(m.id(), meter);
        }
        this.meters = Collections.unmodifiableList(list);
    }

    // ---- what a subclass writes -------------------------------------------------------------------

    /** Allocates buffers and computes coefficients for {@code setup}; {@link #value} holds every parameter. */
    protected abstract void onPrepare(ProcessSetup setup);

    /**
     * Processes frames {@code [from, to)} of the channel arrays. No parameter changes inside this range.
     * {@code in} and {@code out} may be the same arrays.
     */
    protected abstract void processBlock(float[][] in, float[][] out, int from, int to);

    /** Clears delay lines, envelopes and smoothers' motion (snap them to their targets). */
    protected abstract void onReset();

    /**
     * A parameter took a new value on the audio thread (at the start of a block or at an event's offset).
     * Must not allocate. The default does nothing: the subclass may simply read {@link #value} per block.
     */
    protected void onParameterChange(int index, double value) {
    }

    // ---- helpers for subclasses -------------------------------------------------------------------

    /** The value the audio thread currently uses (also valid in {@link #onPrepare}). */
    protected final double value(int index) {
        return applied[index];
    }

    /** A switch as a boolean. */
    protected final boolean isOn(int index) {
        return applied[index] >= 0.5;
    }

    /** A choice or integer parameter as an int. */
    protected final int choice(int index) {
        return (int) applied[index];
    }

    /** The setup of the last prepare, or null. */
    protected final ProcessSetup setup() {
        return setup;
    }

    protected final double sampleRate() {
        return setup.sampleRate();
    }

    protected final Meter meter(String id) {
        Meter meter = meterById.get(id);
        if (meter == null) {
            throw new IllegalArgumentException(descriptor.id() + " has no meter '" + id + "'");
        }
        return meter;
    }

    // ---- the contract -----------------------------------------------------------------------------

    @Override
    public final PluginDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public final void prepare(ProcessSetup setup) {
        if (!descriptor.supports(setup.inputChannels(), setup.outputChannels())) {
            throw new IllegalArgumentException(descriptor.id() + " does not take " + setup.inputChannels()
                    + " -> " + setup.outputChannels() + " channels (it takes " + descriptor.layouts() + ")");
        }
        changed.set(false);
        for (int i = 0; i < specs.length; i++) {
            applied[i] = Double.longBitsToDouble(requested.get(i));
        }
        this.setup = setup;
        onPrepare(setup);
    }

    @Override
    public final void process(AudioBuffer in, AudioBuffer out, ParameterEvents events) {
        if (setup == null) {
            throw new IllegalStateException(descriptor.id() + ": process before prepare");
        }
        int frames = in.frames();
        if (out.frames() != frames || in.offset() != out.offset() || frames > setup.maxBlockSize()) {
            throw new IllegalArgumentException(descriptor.id() + ": block of " + frames + " frames does not fit");
        }
        if (changed.getAndSet(false)) {
            takeRequestedValues();
        }
        float[][] src = in.data();
        float[][] dst = out.data();
        int start = in.offset();
        int position = 0;
        int next = 0;
        int count = events.size();
        while (position < frames) {
            while (next < count && events.offset(next) <= position) {
                applyEvent(events.parameter(next), events.value(next));
                next++;
            }
            int end = next < count ? Math.min(events.offset(next), frames) : frames;
            if (end > position) {
                processBlock(src, dst, start + position, start + end);
            }
            position = end;
        }
        while (next < count) {  // events at or past the end of the block land for the next block
            applyEvent(events.parameter(next), events.value(next));
            next++;
        }
    }

    private void takeRequestedValues() {
        for (int i = 0; i < specs.length; i++) {
            double v = Double.longBitsToDouble(requested.get(i));
            if (Double.doubleToRawLongBits(v) != Double.doubleToRawLongBits(applied[i])) {
                applied[i] = v;
                onParameterChange(i, v);
            }
        }
    }

    private void applyEvent(int index, double raw) {
        if (index < 0 || index >= specs.length || Double.isNaN(raw)) {
            return;  // a host bug must not throw on the audio thread
        }
        ParameterSpec spec = specs[index];
        double v = Math.max(spec.min(), Math.min(spec.max(), raw));
        if (spec.step() > 0) {
            v = spec.min() + Math.rint((v - spec.min()) / spec.step()) * spec.step();
        }
        requested.set(index, Double.doubleToRawLongBits(v));
        if (v != applied[index]) {
            applied[index] = v;
            onParameterChange(index, v);
        }
    }

    @Override
    public final void reset() {
        if (setup != null) {
            onReset();
        }
    }

    @Override
    public int latencySamples() {
        return 0;
    }

    @Override
    public int tailSamples() {
        return 0;
    }

    @Override
    public final void setParameter(String id, double value) {
        int index = indexOf(id);
        setParameter(index, value);
    }

    /** Sets a parameter by index; safe from any thread. */
    public final void setParameter(int index, double value) {
        double v = specs[index].validate(value);
        requested.set(index, Double.doubleToRawLongBits(v));
        changed.set(true);
    }

    @Override
    public final double parameter(String id) {
        return Double.longBitsToDouble(requested.get(indexOf(id)));
    }

    private int indexOf(String id) {
        Integer index = indexById.get(id);
        if (index == null) {
            throw new IllegalArgumentException("plugin " + descriptor.id() + " has no parameter '" + id + "'");
        }
        return index;
    }

    @Override
    public PluginState state() {
        Map<String, Double> values = new LinkedHashMap<>();
        for (int i = 0; i < specs.length; i++) {
            values.put(specs[i].id(), Double.longBitsToDouble(requested.get(i)));
        }
        return new PluginState(descriptor.id(), descriptor.stateVersion(), values);
    }

    @Override
    public void restore(PluginState state) {
        if (!descriptor.id().equals(state.pluginId())) {
            throw new IllegalArgumentException("state of " + state.pluginId() + " cannot restore " + descriptor.id());
        }
        if (state.version() > descriptor.stateVersion()) {
            throw new IllegalArgumentException(descriptor.id() + ": state version " + state.version()
                    + " is newer than this plugin's " + descriptor.stateVersion());
        }
        for (String id : state.values().keySet()) {
            indexOf(id);  // reject unknown ids before changing anything
        }
        for (int i = 0; i < specs.length; i++) {
            Double v = state.values().get(specs[i].id());
            setParameter(i, v == null ? specs[i].defaultValue() : v);
        }
    }

    @Override
    public final List<Meter> meters() {
        return meters;
    }
}
