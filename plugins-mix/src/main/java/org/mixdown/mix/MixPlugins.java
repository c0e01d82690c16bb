package org.mixdown.mix;

import java.util.List;
import org.mixdown.api.PluginFactory;
import org.mixdown.api.PluginProvider;

/** The ServiceLoader provider of the mixing plugins. */
public final class MixPlugins implements PluginProvider {
    @Override
    public List<PluginFactory> plugins() {
        return List.of(
                PluginFactory.of(Gain.DESCRIPTOR, Gain::new),
                PluginFactory.of(Pan.DESCRIPTOR, Pan::new),
                PluginFactory.of(Filter.DESCRIPTOR, Filter::new),
                PluginFactory.of(Eq.DESCRIPTOR, Eq::new));
    }
}
