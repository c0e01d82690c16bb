package org.mixdown.api;

import java.util.function.Supplier;

/** Describes one plugin and makes new instances of it. */
public interface PluginFactory {

    PluginDescriptor descriptor();

    /** A new, unprepared instance. */
    AudioPlugin create();

    static PluginFactory of(PluginDescriptor descriptor, Supplier<? extends AudioPlugin> constructor) {
        return new PluginFactory() {
            @Override
            public PluginDescriptor descriptor() {
                return descriptor;
            }

            @Override
            public AudioPlugin create() {
                return constructor.get();
            }
        };
    }
}
