package org.mixdown.master;

import org.mixdown.api.AudioBuffer;
import org.mixdown.api.AudioPlugin;
import org.mixdown.api.ParameterEvents;
import org.mixdown.api.ProcessSetup;
import org.mixdown.testkit.PluginChecks;

/**
 * Runs a plugin's process path (with an automation event per block, as {@link PluginChecks#assertZeroAllocation}
 * does) long enough for C2 to finish compiling it before an allocation check. On a loaded machine C2 can still
 * be installing code after the check's own warm-up; the JVM then allocates a few hundred bytes on the audio
 * thread (method-handle linkage of the atomics in AbstractPlugin at the tier switch; never seen with -Xint or
 * C1 only), which is the JIT's doing, not the plugin's.
 */
final class JitWarmup {
    private JitWarmup() {
    }

    static void settle(AudioPlugin plugin, ProcessSetup setup, int parameter, double a, double b, int blocks) {
        plugin.prepare(setup);
        int frames = setup.maxBlockSize();
        AudioBuffer in = new AudioBuffer(PluginChecks.noise(setup.inputChannels(), frames, 1));
        AudioBuffer out = AudioBuffer.allocate(setup.outputChannels(), frames);
        ParameterEvents events = new ParameterEvents(2);
        for (int i = 0; i < blocks; i++) {
            events.clear();
            if (parameter >= 0) {
                events.add(frames / 2, parameter, (i & 1) == 0 ? a : b);
            }
            plugin.process(in, out, events);
        }
    }
}
