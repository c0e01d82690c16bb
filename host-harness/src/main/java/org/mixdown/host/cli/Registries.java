package org.mixdown.host.cli;

import org.mixdown.host.PluginRegistry;

/** The registry the commands use: every plugin the host can load. */
final class Registries {
    private Registries() {
    }

    static PluginRegistry all() {
        return PluginRegistry.javaPlugins();
    }
}
