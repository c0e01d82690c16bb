package org.mixdown.host.session;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mixdown.api.AudioPlugin;
import org.mixdown.api.ParameterSpec;
import org.mixdown.host.MixdownException;
import org.mixdown.host.PluginRegistry;
import org.mixdown.host.chain.Chain;
import org.mixdown.host.chain.ChainFile;
import org.mixdown.host.chain.Json;
import org.mixdown.host.io.AudioFileException;
import org.mixdown.host.io.WavReader;
import org.mixdown.host.session.Session.Channel;
import org.mixdown.host.session.Session.Lane;

/**
 * Reads a session file and checks all of it before any audio runs: stems exist and share the session's
 * sample rate, every plugin and parameter exists, sends and outputs name real buses, bus routing has no
 * cycle, automation times never go backwards. Every error names the file and the JSON path.
 *
 * <pre>
 * { "sampleRate": 48000,
 *   "tracks": [ { "name": "drums", "file": "drums.wav", "fader": -3.0, "pan": 0, "mute": false, "solo": false,
 *                 "strip": { "eq.b2.gain": 2.5 },               (parameters of the mix.strip plugin)
 *                 "inserts": [ { "plugin": "mix.gain", "params": { "gain": 3 } } ],
 *                 "sends": [ { "bus": "room", "level": -12, "pre": false } ],
 *                 "output": "drum-bus",                          (optional; default the master)
 *                 "automation": { "fader": [[0.0, -60], [2.0, -3]], "inserts[0].gain": [[1, 0], [2, 6]] } } ],
 *   "buses":  [ { "name": "room", "chain": [ ... ], "fader": 0, "pan": 0, "mute": false, "sends": [], "output": null,
 *                 "automation": { "chain[0].mix": [[0, 100], [4, 0]] } } ],
 *   "master": { "chain": [ ... ], "fader": 0, "automation": { "fader": [[60, 0], [64, -90]] } } }
 * </pre>
 *
 * <p>Automation keys: {@code fader} and {@code pan} (dB and %, interpolated per sample), {@code strip.<param>},
 * {@code inserts[i].<param>} (tracks), {@code chain[i].<param>} (buses and master), or
 * {@code <plugin id>.<param>} when that plugin occurs once in the channel.
 */
public final class SessionFile {
    /** The id of the channel-strip plugin a track's "strip" sets. */
    public static final String STRIP_PLUGIN = "mix.strip";
    /** Fader and send levels at or below this are silence. */
    public static final double MIN_LEVEL_DB = -144;
    public static final double MAX_LEVEL_DB = 24;

    private static final Set<String> ROOT_FIELDS = Set.of("sampleRate", "tracks", "buses", "master");
    private static final Set<String> TRACK_FIELDS = Set.of("name", "file", "fader", "pan", "mute", "solo", "strip",
            "inserts", "sends", "output", "automation");
    private static final Set<String> BUS_FIELDS = Set.of("name", "chain", "fader", "pan", "mute", "sends",
            "output", "automation");
    private static final Set<String> MASTER_FIELDS = Set.of("chain", "fader", "automation");

    private final Path file;
    private final String fileName;
    private final PluginRegistry registry;
    private final List<Chain> built = new ArrayList<>();
    private int sampleRate;

    private SessionFile(Path file, PluginRegistry registry) {
        this.file = file;
        this.fileName = file.toString();
        this.registry = registry;
    }

    /** Reads, resolves and checks {@code file}; stems are found relative to the file's directory. */
    public static Session read(Path file, PluginRegistry registry) {
        SessionFile reader = new SessionFile(file, registry);
        try {
            return reader.parse(Json.read(file));
        } catch (RuntimeException e) {
            reader.built.forEach(Chain::close);
            throw e;
        }
    }

    private Session parse(JsonNode root) {
        if (!root.isObject()) {
            throw Json.expected(fileName, "$", "a session object with \"tracks\"", root);
        }
        onlyFields(root, "$", ROOT_FIELDS);
        JsonNode rate = root.get("sampleRate");
        if (rate != null) {
            if (!rate.canConvertToInt() || rate.asInt() < 8000 || rate.asInt() > 768000) {
                throw Json.expected(fileName, "$.sampleRate", "a sample rate in Hz (8000..768000)", rate);
            }
            sampleRate = rate.asInt();
        }
        JsonNode trackArray = Json.require(root, "tracks", fileName, "$");
        if (!trackArray.isArray() || trackArray.isEmpty()) {
            throw Json.expected(fileName, "$.tracks", "a non-empty array of tracks", trackArray);
        }
        // stems first: their headers fix the sample rate when the session does not say it
        List<Session.Stem> stems = new ArrayList<>();
        for (int i = 0; i < trackArray.size(); i++) {
            stems.add(stem(trackArray.get(i), "$.tracks[" + i + "]"));
        }
        JsonNode busArray = root.get("buses");
        Map<String, JsonNode> busNodes = new LinkedHashMap<>();
        Map<String, String> busPaths = new HashMap<>();
        if (busArray != null && !busArray.isNull()) {
            if (!busArray.isArray()) {
                throw Json.expected(fileName, "$.buses", "an array of buses", busArray);
            }
            for (int i = 0; i < busArray.size(); i++) {
                String path = "$.buses[" + i + "]";
                JsonNode bus = busArray.get(i);
                if (!bus.isObject()) {
                    throw Json.expected(fileName, path, "a bus object with a \"name\"", bus);
                }
                String name = text(Json.require(bus, "name", fileName, path), path + ".name");
                if (busNodes.put(name, bus) != null) {
                    throw new MixdownException(fileName + ": " + path + ".name: a second bus named '" + name + "'");
                }
                busPaths.put(name, path);
            }
        }
        List<Channel> tracks = new ArrayList<>();
        java.util.Set<String> trackNames = new java.util.HashSet<>();
        for (int i = 0; i < trackArray.size(); i++) {
            Channel track = track(trackArray.get(i), "$.tracks[" + i + "]", stems.get(i), busNodes.keySet(),
                    trackNames);
            trackNames.add(track.name());
            tracks.add(track);
        }
        Map<String, Channel> buses = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : busNodes.entrySet()) {
            buses.put(e.getKey(), bus(e.getValue(), busPaths.get(e.getKey()), busNodes.keySet()));
        }
        List<Channel> ordered = BusOrder.sort(buses, fileName);
        Channel master = master(root.get("master"));
        return new Session(file, sampleRate, tracks, ordered, master);
    }

    // ---- channels ---------------------------------------------------------------------------------

    private Session.Stem stem(JsonNode track, String path) {
        if (!track.isObject()) {
            throw Json.expected(fileName, path, "a track object with a \"file\"", track);
        }
        String name = text(Json.require(track, "file", fileName, path), path + ".file");
        Path base = file.toAbsolutePath().getParent();
        Path stemFile = base == null ? Path.of(name) : base.resolve(name);
        try (WavReader reader = WavReader.open(stemFile)) {
            int rate = reader.format().sampleRate();
            if (sampleRate == 0) {
                sampleRate = rate;
            } else if (rate != sampleRate) {
                throw new MixdownException(fileName + ": " + path + ".file: " + name + " is at " + rate
                        + " Hz but the session runs at " + sampleRate + " Hz (resample the stem first)");
            }
            int channels = reader.format().channels();
            if (channels > 2) {
                throw new MixdownException(fileName + ": " + path + ".file: " + name + " has " + channels
                        + " channels; a track takes a mono or stereo stem");
            }
            return new Session.Stem(stemFile, channels, reader.frames());
        } catch (AudioFileException e) {
            throw new MixdownException(fileName + ": " + path + ".file: " + e.getMessage(), e);
        }
    }

    private Channel track(JsonNode node, String path, Session.Stem stem, Set<String> busNames,
                          Set<String> takenNames) {
        onlyFields(node, path, TRACK_FIELDS);
        String name;
        if (node.has("name")) {
            name = text(node.get("name"), path + ".name");
            if (takenNames.contains(name)) {
                throw new MixdownException(fileName + ": " + path + ".name: a second track named '" + name + "'");
            }
        } else {   // named after the stem; the same stem twice gets "name 2", "name 3"
            String base = stem.file().getFileName().toString().replaceFirst("\\.[^.]*$", "");
            name = base;
            for (int n = 2; takenNames.contains(name); n++) {
                name = base + " " + n;
            }
        }
        List<Chain.Slot> slots = new ArrayList<>();
        boolean hasStrip = node.hasNonNull("strip");
        try {
            if (hasStrip) {
                slots.add(strip(node.get("strip"), path + ".strip"));
            }
            JsonNode inserts = node.get("inserts");
            if (inserts != null && !inserts.isNull()) {
                slots.addAll(ChainFile.build(inserts, fileName, path + ".inserts", registry).slots());
            }
        } catch (RuntimeException e) {
            slots.forEach(s -> s.plugin().close());
            throw e;
        }
        Chain chain = new Chain(slots);
        built.add(chain);
        SlotNames names = new SlotNames(hasStrip ? "strip" : null, "inserts", hasStrip ? 1 : 0, chain);
        return new Channel(Channel.Kind.TRACK, name, path, stem, chain, level(node, "fader", path),
                pan(node, path), flag(node, "mute", path), flag(node, "solo", path), sends(node, path, busNames),
                output(node, path, busNames), lanes(node.get("automation"), path + ".automation", names, true));
    }

    private Chain.Slot strip(JsonNode params, String path) {
        if (!params.isObject()) {
            throw Json.expected(fileName, path, "an object of " + STRIP_PLUGIN + " parameter values", params);
        }
        AudioPlugin plugin;
        try {
            plugin = registry.create(STRIP_PLUGIN);
        } catch (MixdownException e) {
            throw new MixdownException(fileName + ": " + path + ": " + e.getMessage(), e);
        }
        try {
            for (Iterator<Map.Entry<String, JsonNode>> it = params.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                ChainFile.setParameter(plugin, e.getKey(), e.getValue(), fileName, path + "." + e.getKey());
            }
        } catch (RuntimeException e) {
            plugin.close();
            throw e;
        }
        return new Chain.Slot(plugin, false);
    }

    private Channel bus(JsonNode node, String path, Set<String> busNames) {
        onlyFields(node, path, BUS_FIELDS);
        String name = node.get("name").asText();
        Chain chain = chain(node.get("chain"), path + ".chain");
        SlotNames names = new SlotNames(null, "chain", 0, chain);
        return new Channel(Channel.Kind.BUS, name, path, null, chain, level(node, "fader", path), pan(node, path),
                flag(node, "mute", path), false, sends(node, path, busNames), output(node, path, busNames),
                lanes(node.get("automation"), path + ".automation", names, true));
    }

    private Channel master(JsonNode node) {
        String path = "$.master";
        if (node == null || node.isNull()) {
            Chain chain = new Chain(List.of());
            built.add(chain);
            return new Channel(Channel.Kind.MASTER, "master", path, null, chain, 0, 0, false, false, List.of(),
                    null, List.of());
        }
        if (!node.isObject()) {
            throw Json.expected(fileName, path, "an object with a \"chain\"", node);
        }
        onlyFields(node, path, MASTER_FIELDS);
        Chain chain = chain(node.get("chain"), path + ".chain");
        SlotNames names = new SlotNames(null, "chain", 0, chain);
        return new Channel(Channel.Kind.MASTER, "master", path, null, chain, level(node, "fader", path), 0, false,
                false, List.of(), null, lanes(node.get("automation"), path + ".automation", names, false));
    }

    private Chain chain(JsonNode node, String path) {
        Chain chain = node == null || node.isNull() ? new Chain(List.of())
                : ChainFile.build(node, fileName, path, registry);
        built.add(chain);
        return chain;
    }

    // ---- routing ----------------------------------------------------------------------------------

    private List<Session.Send> sends(JsonNode node, String path, Set<String> busNames) {
        JsonNode array = node.get("sends");
        List<Session.Send> sends = new ArrayList<>();
        if (array == null || array.isNull()) {
            return sends;
        }
        if (!array.isArray()) {
            throw Json.expected(fileName, path + ".sends", "an array of sends", array);
        }
        for (int i = 0; i < array.size(); i++) {
            String at = path + ".sends[" + i + "]";
            JsonNode send = array.get(i);
            if (!send.isObject()) {
                throw Json.expected(fileName, at, "a send like {\"bus\": \"room\", \"level\": -12}", send);
            }
            onlyFields(send, at, Set.of("bus", "level", "pre"));
            String bus = busName(Json.require(send, "bus", fileName, at), at + ".bus", busNames);
            sends.add(new Session.Send(bus, level(send, "level", at), flag(send, "pre", at)));
        }
        return sends;
    }

    private String output(JsonNode node, String path, Set<String> busNames) {
        JsonNode out = node.get("output");
        if (out == null || out.isNull() || (out.isTextual() && out.asText().equals("master"))) {
            return null;
        }
        return busName(out, path + ".output", busNames);
    }

    private String busName(JsonNode node, String path, Set<String> busNames) {
        String name = text(node, path);
        if (!busNames.contains(name)) {
            throw new MixdownException(fileName + ": " + path + ": no bus named '" + name + "' ("
                    + (busNames.isEmpty() ? "the session has no buses" : "buses: " + String.join(", ", busNames))
                    + ")");
        }
        return name;
    }

    // ---- automation -------------------------------------------------------------------------------

    /** How a channel names its chain slots in automation keys. */
    private record SlotNames(String stripName, String chainName, int firstChainSlot, Chain chain) {
    }

    private List<Lane> lanes(JsonNode node, String path, SlotNames names, boolean hasPan) {
        List<Lane> lanes = new ArrayList<>();
        if (node == null || node.isNull()) {
            return lanes;
        }
        if (!node.isObject()) {
            throw Json.expected(fileName, path, "an object of automation lanes", node);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            String at = path + "." + key;
            if (key.equals("fader")) {
                lanes.add(new Lane(key, Lane.Target.FADER, -1, -1, Automation.parse(e.getValue(), fileName, at,
                        sampleRate, Automation.Shape.LINEAR,
                        (v, p) -> number(v, p, MIN_LEVEL_DB, MAX_LEVEL_DB, "dB"))));
            } else if (key.equals("pan") && hasPan) {
                lanes.add(new Lane(key, Lane.Target.PAN, -1, -1, Automation.parse(e.getValue(), fileName, at,
                        sampleRate, Automation.Shape.LINEAR, (v, p) -> number(v, p, -100, 100, "%"))));
            } else {
                lanes.add(parameterLane(key, e.getValue(), at, names));
            }
        }
        return lanes;
    }

    private Lane parameterLane(String key, JsonNode curve, String path, SlotNames names) {
        int slot = -1;
        String parameterId = null;
        List<Chain.Slot> slots = names.chain().slots();
        if (names.stripName() != null && key.startsWith(names.stripName() + ".")) {
            slot = 0;
            parameterId = key.substring(names.stripName().length() + 1);
        } else if (key.startsWith(names.chainName() + "[")) {
            int close = key.indexOf("].");
            String index = close < 0 ? "" : key.substring(names.chainName().length() + 1, close);
            if (!index.matches("\\d{1,4}")) {
                throw new MixdownException(fileName + ": " + path + ": expected " + names.chainName()
                        + "[N].<parameter>");
            }
            slot = names.firstChainSlot() + Integer.parseInt(index);
            if (slot >= slots.size()) {
                throw new MixdownException(fileName + ": " + path + ": there is no " + names.chainName() + "["
                        + index + "] (" + (slots.size() - names.firstChainSlot()) + " plugins)");
            }
            parameterId = key.substring(close + 2);
        } else {
            for (int s = 0; s < slots.size(); s++) {
                String id = slots.get(s).plugin().descriptor().id();
                if (key.startsWith(id + ".")) {
                    if (slot >= 0) {
                        throw new MixdownException(fileName + ": " + path + ": " + id + " occurs more than once; "
                                + "name the slot as " + names.chainName() + "[N].<parameter>");
                    }
                    slot = s;
                    parameterId = key.substring(id.length() + 1);
                }
            }
        }
        if (slot < 0) {
            throw new MixdownException(fileName + ": " + path + ": unknown automation target '" + key
                    + "' (expected fader, pan, " + (names.stripName() != null ? "strip.<parameter>, " : "")
                    + names.chainName() + "[N].<parameter> or <plugin id>.<parameter>)");
        }
        AudioPlugin plugin = slots.get(slot).plugin();
        String parameterName = parameterId;
        int parameter = plugin.descriptor().parameterIndex(parameterId);
        if (parameter < 0) {
            throw new MixdownException(fileName + ": " + path + ": plugin " + plugin.descriptor().id()
                    + " has no parameter '" + parameterId + "'");
        }
        ParameterSpec spec = plugin.descriptor().parameters().get(parameter);
        Automation.Shape shape = spec.isDiscrete() ? Automation.Shape.STEP
                : spec.scale() == ParameterSpec.Scale.LOG ? Automation.Shape.GEOMETRIC : Automation.Shape.LINEAR;
        Automation automation = Automation.parse(curve, fileName, path, sampleRate, shape, (v, p) -> {
            double x = ChainFile.toNumber(spec, v, fileName, p);
            try {
                return spec.validate(x);
            } catch (IllegalArgumentException e) {
                throw new MixdownException(fileName + ": " + p + ": " + spec.format(x) + " is outside "
                        + spec.rangeText() + " for " + plugin.descriptor().id() + " " + parameterName, e);
            }
        });
        return new Lane(key, Lane.Target.PARAMETER, slot, parameter, automation);
    }

    // ---- values -----------------------------------------------------------------------------------

    private double level(JsonNode node, String field, String path) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? 0 : number(v, path + "." + field, MIN_LEVEL_DB, MAX_LEVEL_DB, "dB");
    }

    private double pan(JsonNode node, String path) {
        JsonNode v = node.get("pan");
        return v == null || v.isNull() ? 0 : number(v, path + ".pan", -100, 100, "% (-100 left, 100 right)");
    }

    private double number(JsonNode v, String path, double min, double max, String unit) {
        if (!v.isNumber() || !(v.asDouble() >= min && v.asDouble() <= max)) {
            throw Json.expected(fileName, path, "a number " + (int) min + ".." + (int) max + " " + unit, v);
        }
        return v.asDouble();
    }

    private boolean flag(JsonNode node, String field, String path) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return false;
        }
        if (!v.isBoolean()) {
            throw Json.expected(fileName, path + "." + field, "true or false", v);
        }
        return v.asBoolean();
    }

    private String text(JsonNode v, String path) {
        if (!v.isTextual() || v.asText().isBlank()) {
            throw Json.expected(fileName, path, "a name", v);
        }
        return v.asText();
    }

    private void onlyFields(JsonNode node, String path, Set<String> allowed) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!allowed.contains(field)) {
                throw new MixdownException(fileName + ": " + path + "." + field + ": unknown field (expected "
                        + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
    }
}
