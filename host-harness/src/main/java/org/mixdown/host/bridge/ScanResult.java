package org.mixdown.host.bridge;

import java.util.List;
import java.util.Optional;

/**
 * What a scan found: hostable plugins (ids unique) and what was skipped with the reason. With lazy VST 2
 * descriptors a VST 2 plugin is listed once its library loads and exports an entry point; its descriptor
 * (and the rest of its validation) comes at the first {@code descriptor()} call.
 */
public record ScanResult(List<NativePluginFactory> plugins, List<ScanWarning> warnings) {
    public ScanResult {
        plugins = List.copyOf(plugins);
        warnings = List.copyOf(warnings);
    }

    /** The plugin with that id, if found. */
    public Optional<NativePluginFactory> find(String id) {
        return plugins.stream().filter(p -> p.id().equals(id)).findFirst();
    }
}
