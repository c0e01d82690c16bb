package org.mixdown.host.bridge;

import org.mixdown.api.AudioBuffer;
import org.mixdown.api.AudioPlugin;
import org.mixdown.api.ParameterEvents;
import org.mixdown.api.ProcessSetup;

/**
 * Extra warm-up before {@code PluginChecks.assertZeroAllocation} for bridged plugins. The bridge path
 * allocates nothing per block even interpreted (measured with -Xint and with C1 only); what remains during
 * the first tens of thousands of blocks are one-time bytes from the JIT's tier transitions (method-handle
 * customisation), which on a loaded 2-core machine can land after the kit's own 20,000-block warm-up.
 */
public final class BridgeWarmUp {
    private BridgeWarmUp() {
    }

    /** Runs {@code blocks} blocks with an automation event in each (as the kit does), then returns the plugin. */
    public static AudioPlugin warm(AudioPlugin plugin, ProcessSetup setup, int blocks) {
        plugin.prepare(setup);
        int frames = setup.maxBlockSize();
        AudioBuffer in = AudioBuffer.allocate(Math.max(1, setup.inputChannels()), frames);
        AudioBuffer out = AudioBuffer.allocate(setup.outputChannels(), frames);
        ParameterEvents events = new ParameterEvents(4);
        var parameters = plugin.descriptor().parameters();
        for (int i = 0; i < blocks; i++) {
            events.clear();
            if (!parameters.isEmpty()) {
                var spec = parameters.get(0);
                events.add(frames / 2, 0, (i & 1) == 0 ? spec.defaultValue() : spec.min());
            }
            plugin.process(in, out, events);
        }
        return plugin;
    }
}
