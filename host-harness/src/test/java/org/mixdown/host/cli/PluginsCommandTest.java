package org.mixdown.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class PluginsCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode find(JsonNode list, String id) {
        for (JsonNode p : list) {
            if (p.get("id").asText().equals(id)) {
                return p;
            }
        }
        throw new AssertionError(id + " not listed");
    }

    @Test
    void jsonListsEveryPluginWithItsParameters() throws Exception {
        Cli cli = Cli.run("plugins", "--java", "--json");
        assertEquals(0, cli.status, cli.toString());
        JsonNode list = JSON.readTree(cli.out);
        JsonNode gain = find(list, "mix.gain");
        assertEquals("java", gain.get("kind").asText());
        assertEquals(0, gain.get("latency").asInt());
        JsonNode param = gain.get("parameters").get(0);
        assertEquals("gain", param.get("id").asText());
        assertEquals("dB", param.get("unit").asText());
        assertEquals(-96, param.get("min").asDouble());
        assertEquals(24, param.get("max").asDouble());
        assertEquals(0, param.get("default").asDouble());
        JsonNode pan = find(list, "mix.pan");
        assertTrue(pan.get("channels").toString().contains("1->2"));
        JsonNode law = pan.get("parameters").get(1);
        assertEquals("-3dB", law.get("defaultChoice").asText());
    }

    @Test
    void textListingShowsIdsAndParameters() {
        Cli cli = Cli.run("plugins", "--java");
        assertEquals(0, cli.status, cli.toString());
        assertTrue(cli.out.contains("mix.gain") && cli.out.contains("-96..24 dB"), cli.out);
    }

    @Test
    void describeShowsOnePlugin() throws Exception {
        Cli cli = Cli.run("describe", "mix.pan", "--json");
        assertEquals(0, cli.status, cli.toString());
        JsonNode pan = JSON.readTree(cli.out);
        assertEquals("mix.pan", pan.get("id").asText());
        assertEquals(1, pan.get("stateVersion").asInt());
        Cli text = Cli.run("describe", "mix.pan");
        assertTrue(text.out.contains("-3dB, -4.5dB, -6dB, 0dB"), text.out);
    }
}
