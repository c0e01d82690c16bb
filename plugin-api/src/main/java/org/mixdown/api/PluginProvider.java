package org.mixdown.api;

import java.util.List;

/**
 * The ServiceLoader entry point of a plugin module: list it in
 * {@code META-INF/services/org.mixdown.api.PluginProvider}.
 */
public interface PluginProvider {

    /** Every plugin this module offers. */
    List<PluginFactory> plugins();
}
