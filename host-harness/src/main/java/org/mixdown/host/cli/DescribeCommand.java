package org.mixdown.host.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.mixdown.api.MeterSpec;
import org.mixdown.api.PluginDescriptor;
import org.mixdown.api.PluginFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "describe", description = "Describe one plugin: channels, latency, parameters, meters.")
final class DescribeCommand implements Callable<Integer> {
    @Parameters(paramLabel = "ID", description = "The plugin id, e.g. mix.gain.")
    String id;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PluginFactory factory = Registries.all().factory(id);
        Map<String, Object> details = PluginInfo.details(factory);
        if (json) {
            out.println(JsonOutput.write(details));
            return 0;
        }
        PluginDescriptor d = factory.descriptor();
        out.println(d.id() + "  " + d.name() + "  (" + d.kind() + ", " + d.category() + ", " + d.vendor() + " "
                + d.version() + ")");
        out.println("  channels: " + String.join(", ", d.layouts().stream().map(Object::toString).toList()));
        Object latency = details.get("latency");
        out.println("  latency:  " + (latency == null ? "unknown" : latency + " samples at 48 kHz"));
        out.println("  parameters:");
        d.parameters().forEach(p -> out.println(PluginInfo.parameterLine(p)));
        List<MeterSpec> meters = d.meters();
        if (!meters.isEmpty()) {
            out.println("  meters:");
            meters.forEach(m -> out.printf("    %-18s %s%n", m.id(), m.unit()));
        }
        return 0;
    }
}
