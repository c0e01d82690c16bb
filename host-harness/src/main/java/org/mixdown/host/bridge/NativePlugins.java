package org.mixdown.host.bridge;

import org.mixdown.host.PluginRegistry;

/** Puts the native plugins of the default search path into a registry, with the scan's warnings. */
public final class NativePlugins implements PluginRegistry.LazySource {

    @Override
    public void loadInto(PluginRegistry registry) {
        ScanResult scan = NativePluginScanner.scanDefault();
        for (NativePluginFactory factory : scan.plugins()) {
            registry.add(factory.id(), factory);
        }
        for (ScanWarning warning : scan.warnings()) {
            registry.warn(warning.toString());
        }
    }

    /** Whether an id names a native plugin (so listing it by kind needs no descriptor). */
    public static boolean isNativeId(String id) {
        return id.startsWith("ladspa:") || id.startsWith("vst2:");
    }
}
