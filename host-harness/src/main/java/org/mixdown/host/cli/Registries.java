package org.mixdown.host.cli;

import org.mixdown.host.PluginRegistry;
import org.mixdown.host.bridge.NativePlugins;

/** The registries the commands use. */
final class Registries {
    private Registries() {
    }

    /** Java plugins, plus the native ones scanned on first need (an unknown id or a full listing). */
    static PluginRegistry all() {
        return PluginRegistry.javaPlugins().withLazySource(new NativePlugins());
    }

    /** The Java plugins alone. */
    static PluginRegistry java() {
        return PluginRegistry.javaPlugins();
    }

    /** The native plugins alone. */
    static PluginRegistry natives() {
        PluginRegistry registry = new PluginRegistry();
        new NativePlugins().loadInto(registry);
        return registry;
    }
}
