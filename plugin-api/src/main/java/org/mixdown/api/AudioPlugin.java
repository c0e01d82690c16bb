package org.mixdown.api;

import java.util.List;

/**
 * An audio processor that works in blocks. Life cycle: construct, {@link #prepare}, {@link #process} any
 * number of times, {@link #reset} whenever the stream is discontinuous, {@code prepare} again to change
 * the setup, {@link #close}.
 *
 * <p>Real-time rules for {@link #process}: no allocation, no lock, no blocking, no I/O; any block size
 * from 1 to the prepared maximum; finite output for finite input. Everything else may allocate.
 */
public interface AudioPlugin extends AutoCloseable {

    /** Identity, channel layouts, parameters and meters; constant for the plugin's life. */
    PluginDescriptor descriptor();

    /** Fixes sample rate, maximum block size and channel counts; allocates what processing needs. */
    void prepare(ProcessSetup setup);

    /**
     * Processes {@code in.frames()} frames from {@code in} into {@code out} ({@code in == out} is allowed
     * when the channel counts are equal). {@code events} carry parameter changes at sample offsets
     * relative to the start of this block, sorted by offset.
     */
    void process(AudioBuffer in, AudioBuffer out, ParameterEvents events);

    /** Clears delay lines, envelopes and tails, as after prepare; parameter values are kept. */
    void reset();

    /** Delay of the output relative to the input, in samples; fixed after prepare. */
    int latencySamples();

    /** How many samples of output may follow the end of the input (reverb tails, delays). */
    int tailSamples();

    /** A snapshot of every parameter value, stamped with the plugin id and state version. */
    PluginState state();

    /** Sets every parameter in {@code state}; fails on a state of another plugin or a newer version. */
    void restore(PluginState state);

    /** Sets a parameter in plain units (dB, Hz, ms, %, choice index, 0/1); safe from any thread. */
    void setParameter(String id, double value);

    /** The value last set for the parameter (by {@link #setParameter} or an automation event). */
    double parameter(String id);

    /** The output-only values the host may read at any time (gain reduction, loudness, correlation). */
    List<Meter> meters();

    /** Releases native or other resources; the default does nothing. */
    @Override
    default void close() {
    }
}
