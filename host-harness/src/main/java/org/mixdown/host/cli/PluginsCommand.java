package org.mixdown.host.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.mixdown.api.PluginFactory;
import org.mixdown.host.PluginRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "plugins", description = "List every plugin with its channels, latency and parameters.")
final class PluginsCommand implements Callable<Integer> {
    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PluginRegistry registry = Registries.all();
        List<Map<String, Object>> list = new ArrayList<>();
        for (PluginFactory f : registry.list()) {
            list.add(PluginInfo.summary(f));
        }
        if (json) {
            out.println(JsonOutput.write(list));
            return 0;
        }
        for (Map<String, Object> p : list) {
            out.printf("%-20s %-22s %-6s %-10s channels %-12s latency %s%n", p.get("id"), p.get("name"),
                    p.get("kind"), p.get("category"), String.join(",", castList(p.get("channels"))),
                    p.get("latency") == null ? "?" : p.get("latency"));
            registry.factory((String) p.get("id")).descriptor().parameters()
                    .forEach(param -> out.println(PluginInfo.parameterLine(param)));
        }
        out.println(list.size() + " plugins");
        return 0;
    }

    @SuppressWarnings("unchecked")
    private static List<String> castList(Object o) {
        return (List<String>) o;
    }
}
