package org.mixdown.host;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mixdown.api.ChannelLayout;
import org.mixdown.api.PluginFactory;
import org.mixdown.testkit.PluginChecks;

/**
 * The life-cycle checks every registered Java plugin must pass, so a new plugin is covered without new test
 * code: a second prepare starts from rest, finite output for loud and silent input, exact state round trips.
 */
class AllPluginsContractTest {

    private static final PluginRegistry REGISTRY = PluginRegistry.javaPlugins();

    static Stream<String> javaPlugins() {
        return REGISTRY.ids().stream();
    }

    private static int channels(String id) {
        PluginFactory factory = REGISTRY.factory(id);
        ChannelLayout layout = factory.descriptor().layouts().get(factory.descriptor().layouts().size() - 1);
        return layout.inputs();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("javaPlugins")
    void preparingAgainStartsFresh(String id) {
        PluginFactory factory = REGISTRY.factory(id);
        PluginChecks.assertPrepareAgainStartsFresh(factory::create, p -> { }, channels(id), 48000);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("javaPlugins")
    void finiteOutput(String id) {
        PluginFactory factory = REGISTRY.factory(id);
        PluginChecks.assertFiniteOutput(factory::create, p -> { }, channels(id), 44100);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("javaPlugins")
    void stateRoundTrips(String id) {
        PluginFactory factory = REGISTRY.factory(id);
        PluginChecks.assertStateRoundTrip(factory::create);
    }
}
