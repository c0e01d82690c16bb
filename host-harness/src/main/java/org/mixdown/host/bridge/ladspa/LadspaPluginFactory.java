package org.mixdown.host.bridge.ladspa;

import java.nio.file.Path;
import org.mixdown.api.AudioPlugin;
import org.mixdown.api.PluginDescriptor;
import org.mixdown.host.bridge.NativeFormatException;
import org.mixdown.host.bridge.NativePluginFactory;

/**
 * Makes {@link LadspaPlugin}s of one validated descriptor. The ports are checked at the scan; turning
 * them into parameter specs waits for the first {@link #descriptor()} call (one LSP library alone has
 * 26,000 ports, and a scan should not pay for plugins nobody opens).
 */
public final class LadspaPluginFactory implements NativePluginFactory {
    private final LadspaDescriptor ladspa;
    private final String id;
    private volatile LadspaMapping mapping;
    private volatile PluginDescriptor descriptor;

    private LadspaPluginFactory(LadspaDescriptor ladspa) {
        this.ladspa = ladspa;
        this.id = "ladspa:" + ladspa.label();
    }

    /** A factory for a descriptor; fails with the reason when it has no audio output to host. */
    public static LadspaPluginFactory of(LadspaDescriptor ladspa) throws NativeFormatException {
        if (ladspa.ports().stream().noneMatch(p -> p.isAudio() && p.isOutput())) {
            throw new NativeFormatException(ladspa.label() + ": no audio output port (analysis-only plugins"
                    + " are not hosted)");
        }
        return new LadspaPluginFactory(ladspa);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Path library() {
        return ladspa.library();
    }

    /** The native descriptor behind this factory. */
    public LadspaDescriptor ladspa() {
        return ladspa;
    }

    @Override
    public PluginDescriptor descriptor() {
        PluginDescriptor d = descriptor;
        if (d == null) {
            synchronized (this) {
                if (descriptor == null) {
                    try {
                        LadspaMapping m = LadspaMapping.of(ladspa);
                        descriptor = m.pluginDescriptor(ladspa);
                        mapping = m;
                    } catch (NativeFormatException | IllegalArgumentException e) {
                        throw new IllegalStateException(id + " (" + ladspa.library() + ") cannot be hosted: "
                                + e.getMessage(), e);
                    }
                }
                d = descriptor;
            }
        }
        return d;
    }

    @Override
    public AudioPlugin create() {
        PluginDescriptor d = descriptor();
        return new LadspaPlugin(d, ladspa, mapping);
    }
}
