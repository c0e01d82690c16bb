package org.mixdown.host.bridge.ladspa;

/**
 * One port of a LADSPA plugin as the descriptor declares it.
 *
 * @param index  the port number passed to {@code connect_port}
 * @param flags  LADSPA_PortDescriptor bits (input/output, control/audio)
 * @param hints  LADSPA_PortRangeHintDescriptor bits
 */
public record LadspaPort(int index, String name, int flags, int hints, float lower, float upper) {

    public boolean isInput() {
        return (flags & Ladspa.PORT_INPUT) != 0;
    }

    public boolean isOutput() {
        return (flags & Ladspa.PORT_OUTPUT) != 0;
    }

    public boolean isAudio() {
        return (flags & Ladspa.PORT_AUDIO) != 0;
    }

    public boolean isControl() {
        return (flags & Ladspa.PORT_CONTROL) != 0;
    }

    public boolean hasHint(int hint) {
        return (hints & hint) != 0;
    }

    /** An output control port named "latency" or "_latency" reports the plugin's delay in samples. */
    public boolean isLatency() {
        return isOutput() && isControl() && (name.equalsIgnoreCase("latency") || name.equalsIgnoreCase("_latency"));
    }
}
