package org.mixdown.host.bridge;

import java.nio.file.Path;
import org.mixdown.api.PluginFactory;

/**
 * A factory of a native plugin: its id and library are known from the scan alone, so a registry can
 * list and find plugins without instantiating them (reading a VST 2 descriptor needs an instance).
 */
public interface NativePluginFactory extends PluginFactory {

    /** {@code ladspa:<label>} or {@code vst2:<file name without .so>}. */
    String id();

    /** The library file the plugin lives in. */
    Path library();
}
