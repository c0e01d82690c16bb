package org.mixdown.master;

import java.util.List;
import org.mixdown.api.PluginFactory;
import org.mixdown.api.PluginProvider;

/** The ServiceLoader provider of the mastering plugins. */
public final class MasterPlugins implements PluginProvider {
    @Override
    public List<PluginFactory> plugins() {
        return List.of(
                PluginFactory.of(MultibandCompressor.DESCRIPTOR, MultibandCompressor::new),
                PluginFactory.of(Limiter.DESCRIPTOR, Limiter::new),
                PluginFactory.of(DitherPlugin.DESCRIPTOR, DitherPlugin::new),
                PluginFactory.of(StereoImager.DESCRIPTOR, StereoImager::new),
                PluginFactory.of(LoudnessMeter.DESCRIPTOR, LoudnessMeter::new));
    }
}
