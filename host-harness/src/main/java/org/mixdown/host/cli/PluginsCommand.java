package org.mixdown.host.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.mixdown.host.MixdownException;
import org.mixdown.host.PluginRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "plugins", description = "List every plugin with its channels, latency and parameters.")
final class PluginsCommand implements Callable<Integer> {
    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Option(names = "--native", description = "Only native plugins (LADSPA, VST 2).")
    boolean nativeOnly;

    @Option(names = "--java", description = "Only Java plugins.")
    boolean javaOnly;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (nativeOnly && javaOnly) {
            throw new MixdownException("--native and --java exclude each other");
        }
        PluginRegistry registry = javaOnly ? Registries.java() : nativeOnly ? Registries.natives() : Registries.all();
        List<Map<String, Object>> list = new ArrayList<>();
        for (String id : registry.ids()) {
            try {
                list.add(PluginInfo.summary(registry.factory(id)));
            } catch (RuntimeException e) {  // a native plugin that fails to load is listed as a warning
                err.println("mixdown: warning: " + id + ": " + e.getMessage());
            }
        }
        for (String warning : registry.warnings()) {
            err.println("mixdown: warning: skipped " + warning);
        }
        if (json) {
            out.println(JsonOutput.write(list));
            return 0;
        }
        for (Map<String, Object> p : list) {
            out.printf("%-20s %-22s %-6s %-10s channels %-12s latency %s%n", p.get("id"), p.get("name"),
                    p.get("kind"), p.get("category"), String.join(",", PluginsCommand.<String>castList(p.get("channels"))),
                    p.get("latency") == null ? "?" : p.get("latency"));
            for (Object param : castList(p.get("parameters"))) {
                out.println(PluginInfo.parameterLine(castMap(param)));
            }
        }
        out.println(list.size() + " plugins");
        return 0;
    }

    @SuppressWarnings("unchecked")
    private static <T> List<T> castList(Object o) {
        return (List<T>) o;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object o) {
        return (Map<String, Object>) o;
    }
}
