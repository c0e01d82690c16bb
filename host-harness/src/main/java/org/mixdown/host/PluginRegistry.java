package org.mixdown.host;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import org.mixdown.api.AudioPlugin;
import org.mixdown.api.PluginFactory;
import org.mixdown.api.PluginProvider;

/**
 * Every plugin the host can make, by id: Java plugins found through {@link ServiceLoader} and any other
 * factories added (native plugins from the bridge).
 */
public final class PluginRegistry {
    private final Map<String, PluginFactory> factories = new LinkedHashMap<>();
    private final List<String> warnings = new ArrayList<>();

    /** An empty registry. */
    public PluginRegistry() {
    }

    /** The Java plugins on the class path. */
    public static PluginRegistry javaPlugins() {
        PluginRegistry registry = new PluginRegistry();
        for (PluginProvider provider : ServiceLoader.load(PluginProvider.class)) {
            registry.addAll(provider.plugins());
        }
        return registry;
    }

    /** Adds factories; a second plugin with an id already present is skipped with a warning. */
    public PluginRegistry addAll(List<PluginFactory> more) {
        for (PluginFactory factory : more) {
            String id = factory.descriptor().id();
            if (factories.putIfAbsent(id, factory) != null) {
                warnings.add("plugin id " + id + " is offered twice; keeping the first");
            }
        }
        return this;
    }

    /** Records a warning (for example a native library skipped while scanning). */
    public void warn(String warning) {
        warnings.add(warning);
    }

    public List<String> warnings() {
        return Collections.unmodifiableList(warnings);
    }

    /** Every factory, sorted by id. */
    public List<PluginFactory> list() {
        List<PluginFactory> list = new ArrayList<>(factories.values());
        list.sort(Comparator.comparing(f -> f.descriptor().id()));
        return list;
    }

    public Optional<PluginFactory> find(String id) {
        return Optional.ofNullable(factories.get(id));
    }

    /** The factory for {@code id}, or an error naming the id. */
    public PluginFactory factory(String id) {
        PluginFactory factory = factories.get(id);
        if (factory == null) {
            throw new MixdownException("unknown plugin '" + id + "' (`mixdown plugins` lists them)");
        }
        return factory;
    }

    /** A new instance of plugin {@code id}. */
    public AudioPlugin create(String id) {
        return factory(id).create();
    }
}
