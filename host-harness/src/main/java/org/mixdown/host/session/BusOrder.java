package org.mixdown.host.session;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.mixdown.host.MixdownException;
import org.mixdown.host.session.Session.Channel;

/**
 * Orders buses so that each one is processed after every bus that feeds it (a depth-first topological
 * sort); a cycle in the routing (a bus that feeds itself through sends or outputs) is an error naming it.
 */
final class BusOrder {
    private BusOrder() {
    }

    static List<Channel> sort(Map<String, Channel> buses, String file) {
        Map<String, List<String>> feeds = new HashMap<>();
        for (Channel bus : buses.values()) {
            feeds.put(bus.name(), destinations(bus));
        }
        List<String> order = new ArrayList<>();
        Map<String, Boolean> done = new HashMap<>();
        for (String name : buses.keySet()) {
            visit(name, feeds, done, new LinkedHashSet<>(), order, buses, file);
        }
        // visit() lists a bus after everything it feeds: reverse for sources first
        List<Channel> sorted = new ArrayList<>();
        for (int i = order.size() - 1; i >= 0; i--) {
            sorted.add(buses.get(order.get(i)));
        }
        return sorted;
    }

    /** The buses a channel sends to or outputs into. */
    static List<String> destinations(Channel channel) {
        List<String> to = new ArrayList<>();
        if (channel.output() != null) {
            to.add(channel.output());
        }
        for (Session.Send send : channel.sends()) {
            to.add(send.bus());
        }
        return to;
    }

    private static void visit(String bus, Map<String, List<String>> feeds, Map<String, Boolean> done,
                              LinkedHashSet<String> path, List<String> order, Map<String, Channel> buses,
                              String file) {
        if (done.containsKey(bus)) {
            return;
        }
        if (!path.add(bus)) {
            List<String> cycle = new ArrayList<>();
            boolean in = false;
            for (String b : path) {
                in |= b.equals(bus);
                if (in) {
                    cycle.add(b);
                }
            }
            cycle.add(bus);
            throw new MixdownException(file + ": " + buses.get(cycle.get(0)).jsonPath()
                    + ": bus routing has a cycle: " + String.join(" -> ", cycle));
        }
        for (String next : feeds.get(bus)) {
            visit(next, feeds, done, path, order, buses, file);
        }
        path.remove(bus);
        done.put(bus, true);
        order.add(bus);
    }
}
