package org.mixdown.host;

import java.util.ArrayList;
import java.util.Collections;
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
 * factories added (native plugins from the bridge). A slow source (a scan of native libraries) can be
 * attached with {@link #withLazySource}: it is loaded the first time an id is not found or the whole list
 * is asked for, so commands that use only Java plugins never pay for the scan.
 */
public final class PluginRegistry {
    /** Adds plugins to a registry when first needed. */
    public interface LazySource {
        void loadInto(PluginRegistry registry);
    }

    private final Map<String, PluginFactory> factories = new LinkedHashMap<>();
    private final List<String> warnings = new ArrayList<>();
    private LazySource lazy;

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

    /** Adds factories under their descriptors' ids; a second plugin with an id already present is skipped with a warning. */
    public PluginRegistry addAll(List<PluginFactory> more) {
        for (PluginFactory factory : more) {
            add(factory.descriptor().id(), factory);
        }
        return this;
    }

    /** Adds one factory under {@code id} (for factories whose descriptor is costly to read). */
    public PluginRegistry add(String id, PluginFactory factory) {
        if (factories.putIfAbsent(id, factory) != null) {
            warnings.add("plugin id " + id + " is offered twice; keeping the first");
        }
        return this;
    }

    /** Attaches a source loaded on first need (see the class comment). */
    public PluginRegistry withLazySource(LazySource source) {
        this.lazy = source;
        return this;
    }

    private void loadLazySource() {
        if (lazy != null) {
            LazySource source = lazy;
            lazy = null;
            source.loadInto(this);
        }
    }

    /** Records a warning (for example a native library skipped while scanning). */
    public void warn(String warning) {
        warnings.add(warning);
    }

    public List<String> warnings() {
        return Collections.unmodifiableList(warnings);
    }

    /** Every id, sorted (loads the lazy source). */
    public List<String> ids() {
        loadLazySource();
        List<String> ids = new ArrayList<>(factories.keySet());
        Collections.sort(ids);
        return ids;
    }

    /** Every factory, sorted by id (loads the lazy source). */
    public List<PluginFactory> list() {
        List<PluginFactory> list = new ArrayList<>();
        for (String id : ids()) {
            list.add(factories.get(id));
        }
        return list;
    }

    public Optional<PluginFactory> find(String id) {
        if (!factories.containsKey(id)) {
            loadLazySource();
        }
        return Optional.ofNullable(factories.get(id));
    }

    /** The factory for {@code id}, or an error naming the id. */
    public PluginFactory factory(String id) {
        PluginFactory factory = find(id).orElse(null);
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
