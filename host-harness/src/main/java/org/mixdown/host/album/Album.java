package org.mixdown.host.album;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.mixdown.host.MixdownException;
import org.mixdown.host.PluginRegistry;
import org.mixdown.host.chain.Chain;
import org.mixdown.host.chain.ChainFile;
import org.mixdown.host.chain.Json;
import org.mixdown.host.io.AudioFileException;
import org.mixdown.host.io.SampleEncoding;
import org.mixdown.host.io.WavReader;

/**
 * An album to master, read from JSON and checked before any audio runs: the loudness target, album or
 * track mode, one mastering chain, the finished mixes in order with their fades, gaps and crossfades, and
 * the output settings.
 *
 * <pre>
 * { "target": { "preset": "streaming" },            (or {"lufs": -14, "truePeak": -1})
 *   "mode": "track",                                  (track: each track hits the target; album: one gain)
 *   "chain":  [ { "plugin": "master.limiter" } ],
 *   "tracks": [ { "file": "one.wav", "fadeIn": 0.0, "fadeOut": 2.5, "curve": "linear" },
 *               { "file": "two.wav", "gap": 2.0 },
 *               { "file": "three.wav", "crossfade": 4.0, "curve": "equal-power", "output": "03 Three.wav" } ],
 *   "output": { "bits": 16, "dither": true, "format": "wav", "album": "album.wav" } }
 * </pre>
 * A track's {@code curve} shapes its own fades and the crossfade into it (default: linear fades,
 * equal-power crossfades). A crossfade replaces the fade-out of the track before and the fade-in of the
 * track itself. Closes its chain's plugins when closed.
 */
public final class Album implements AutoCloseable {
    /** How the gain is set. */
    public enum Mode { TRACK, ALBUM }

    /** One finished mix on the album. */
    public record Track(int number, Path file, String outputName, int channels, long frames, int fadeIn,
                        Fades.Curve inCurve, int fadeOut, Fades.Curve outCurve, long gap, long crossfade) {
        /** The fades of the track's master. */
        public Fades.Envelope envelope() {
            return new Fades.Envelope(frames, fadeIn, inCurve, fadeOut, outCurve);
        }
    }

    private static final Set<String> ROOT_FIELDS = Set.of("target", "mode", "chain", "tracks", "output");
    private static final Set<String> TRACK_FIELDS = Set.of("file", "fadeIn", "fadeOut", "gap", "crossfade",
            "curve", "output");
    private static final Set<String> OUTPUT_FIELDS = Set.of("bits", "dither", "format", "album");

    private final Path file;
    private final LoudnessTarget target;
    private final Mode mode;
    private final Chain chain;
    private final List<Track> tracks;
    private final int sampleRate;
    private final int channels;
    private final SampleEncoding encoding;
    private final boolean dither;
    private final String albumFile;

    private Album(Path file, LoudnessTarget target, Mode mode, Chain chain, List<Track> tracks, int sampleRate,
                  int channels, SampleEncoding encoding, boolean dither, String albumFile) {
        this.channels = channels;
        this.file = file;
        this.target = target;
        this.mode = mode;
        this.chain = chain;
        this.tracks = List.copyOf(tracks);
        this.sampleRate = sampleRate;
        this.encoding = encoding;
        this.dither = dither;
        this.albumFile = albumFile;
    }

    public Path file() {
        return file;
    }

    public LoudnessTarget target() {
        return target;
    }

    public Mode mode() {
        return mode;
    }

    public Chain chain() {
        return chain;
    }

    public List<Track> tracks() {
        return tracks;
    }

    public int sampleRate() {
        return sampleRate;
    }

    /** Channels into the chain: stereo if any track is stereo (mono tracks are sent to both sides). */
    public int channels() {
        return channels;
    }

    public SampleEncoding encoding() {
        return encoding;
    }

    public boolean dither() {
        return dither;
    }

    /** The file name of the continuous album file, or null for none. */
    public String albumFile() {
        return albumFile;
    }

    @Override
    public void close() {
        chain.close();
    }

    /** Reads and checks an album file; track files are found relative to its directory. */
    public static Album read(Path file, PluginRegistry registry) {
        String name = file.toString();
        JsonNode root = Json.read(file);
        if (!root.isObject()) {
            throw Json.expected(name, "$", "an album object with \"target\" and \"tracks\"", root);
        }
        only(root, "$", ROOT_FIELDS, name);
        LoudnessTarget target = LoudnessTarget.parse(root.get("target"), name, "$.target");
        Mode mode = Mode.TRACK;
        JsonNode modeNode = root.get("mode");
        if (modeNode != null && !modeNode.isNull()) {
            if (!modeNode.isTextual() || !List.of("track", "album").contains(modeNode.asText())) {
                throw Json.expected(name, "$.mode", "\"track\" or \"album\"", modeNode);
            }
            mode = modeNode.asText().equals("album") ? Mode.ALBUM : Mode.TRACK;
        }
        JsonNode output = root.get("output");
        SampleEncoding encoding = SampleEncoding.PCM_24;
        boolean dither = false;
        String albumFile = null;
        if (output != null && !output.isNull()) {
            if (!output.isObject()) {
                throw Json.expected(name, "$.output", "an object like {\"bits\": 16, \"dither\": true}", output);
            }
            only(output, "$.output", OUTPUT_FIELDS, name);
            JsonNode bits = output.get("bits");
            if (bits != null) {
                encoding = switch (bits.asText()) {
                    case "16" -> SampleEncoding.PCM_16;
                    case "24" -> SampleEncoding.PCM_24;
                    case "32f" -> SampleEncoding.FLOAT_32;
                    default -> throw Json.expected(name, "$.output.bits", "16, 24 or \"32f\"", bits);
                };
            }
            JsonNode d = output.get("dither");
            if (d != null && !d.isBoolean()) {
                throw Json.expected(name, "$.output.dither", "true or false", d);
            }
            dither = d != null && d.asBoolean();
            JsonNode format = output.get("format");
            if (format != null && !format.asText().equals("wav")) {
                throw Json.expected(name, "$.output.format", "\"wav\" (the only format written)", format);
            }
            JsonNode album = output.get("album");
            if (album != null && !album.isNull()) {
                if (!album.isTextual() || !album.asText().matches("[^/\\\\]+\\.wav")) {
                    throw Json.expected(name, "$.output.album", "a file name ending in .wav", album);
                }
                albumFile = album.asText();
            }
        }
        JsonNode trackArray = Json.require(root, "tracks", name, "$");
        if (!trackArray.isArray() || trackArray.isEmpty()) {
            throw Json.expected(name, "$.tracks", "a non-empty array of tracks", trackArray);
        }
        List<Track> tracks = new ArrayList<>();
        int rate = 0;
        int channels = 0;
        List<RawTrack> raw = new ArrayList<>();
        for (int i = 0; i < trackArray.size(); i++) {
            RawTrack t = rawTrack(trackArray.get(i), "$.tracks[" + i + "]", file, name);
            if (rate == 0) {
                rate = t.rate;
                channels = t.channels;
                if (t.channels > 2) {
                    throw new MixdownException(name + ": $.tracks[" + i + "].file: " + t.file + " has " + t.channels
                            + " channels; an album takes mono or stereo mixes");
                }
            } else if (t.rate != rate) {
                throw new MixdownException(name + ": $.tracks[" + i + "].file: " + t.file + " is at " + t.rate
                        + " Hz but track 1 is at " + rate + " Hz (an album has one sample rate)");
            } else if (t.channels != channels) {
                channels = Math.max(channels, t.channels);   // mono tracks play on both sides of a stereo album
            }
            raw.add(t);
        }
        for (int i = 0; i < raw.size(); i++) {
            tracks.add(resolve(raw, i, rate, name));
        }
        Chain chain = root.hasNonNull("chain") ? ChainFile.build(root.get("chain"), name, "$.chain", registry)
                : new Chain(List.of());
        return new Album(file, target, mode, chain, tracks, rate, channels, encoding, dither, albumFile);
    }

    /** A track as written in the file, times in seconds. */
    private record RawTrack(String path, Path file, int rate, int channels, long frames, double fadeIn,
                            double fadeOut, double gap, double crossfade, Fades.Curve curve, String output) {
    }

    private static RawTrack rawTrack(JsonNode node, String path, Path albumFile, String name) {
        if (!node.isObject()) {
            throw Json.expected(name, path, "a track object with a \"file\"", node);
        }
        only(node, path, TRACK_FIELDS, name);
        JsonNode f = Json.require(node, "file", name, path);
        if (!f.isTextual()) {
            throw Json.expected(name, path + ".file", "a file name", f);
        }
        Path base = albumFile.toAbsolutePath().getParent();
        Path trackFile = base.resolve(f.asText());
        int rate;
        int channels;
        long frames;
        try (WavReader reader = WavReader.open(trackFile)) {
            rate = reader.format().sampleRate();
            channels = reader.format().channels();
            frames = reader.frames();
        } catch (AudioFileException e) {
            throw new MixdownException(name + ": " + path + ".file: " + e.getMessage(), e);
        }
        Fades.Curve curve = null;
        JsonNode c = node.get("curve");
        if (c != null && !c.isNull()) {
            curve = c.isTextual() ? Fades.Curve.parse(c.asText()) : null;
            if (curve == null) {
                throw Json.expected(name, path + ".curve", "linear, equal-power or logarithmic", c);
            }
        }
        String output = null;
        JsonNode o = node.get("output");
        if (o != null && !o.isNull()) {
            if (!o.isTextual() || !o.asText().matches("[^/\\\\]+\\.wav")) {
                throw Json.expected(name, path + ".output", "a file name ending in .wav", o);
            }
            output = o.asText();
        }
        return new RawTrack(path, trackFile, rate, channels, frames, seconds(node, "fadeIn", path, name),
                seconds(node, "fadeOut", path, name), seconds(node, "gap", path, name),
                seconds(node, "crossfade", path, name), curve, output);
    }

    private static Track resolve(List<RawTrack> raw, int i, int rate, String name) {
        RawTrack t = raw.get(i);
        RawTrack next = i + 1 < raw.size() ? raw.get(i + 1) : null;
        long crossIn = i == 0 ? 0 : frames(t.crossfade, rate);
        long crossOut = next == null ? 0 : frames(next.crossfade, rate);
        if (i == 0 && t.crossfade > 0) {
            throw new MixdownException(name + ": " + t.path + ".crossfade: the first track has nothing to "
                    + "crossfade from");
        }
        if (t.crossfade > 0 && t.gap > 0) {
            throw new MixdownException(name + ": " + t.path + ": a track has a gap or a crossfade, not both");
        }
        int fadeIn = (int) (crossIn > 0 ? crossIn : frames(t.fadeIn, rate));
        int fadeOut = (int) (crossOut > 0 ? crossOut : frames(t.fadeOut, rate));
        if ((long) fadeIn + fadeOut > t.frames) {
            throw new MixdownException(name + ": " + t.path + ": fades or crossfades of "
                    + String.format(java.util.Locale.ROOT, "%.2f s", (fadeIn + fadeOut) / (double) rate)
                    + " do not fit in the track's " + String.format(java.util.Locale.ROOT, "%.2f s",
                    t.frames / (double) rate));
        }
        Fades.Curve fadeCurve = t.curve == null ? Fades.Curve.LINEAR : t.curve;
        Fades.Curve inCurve = crossIn > 0 ? (t.curve == null ? Fades.Curve.EQUAL_POWER : t.curve) : fadeCurve;
        Fades.Curve outCurve = crossOut > 0 ? (next.curve == null ? Fades.Curve.EQUAL_POWER : next.curve)
                : fadeCurve;
        String base = t.file.getFileName().toString().replaceFirst("\\.[^.]*$", "");
        String output = t.output != null ? t.output : String.format("%02d-%s.wav", i + 1, base);
        return new Track(i + 1, t.file, output, t.channels, t.frames, fadeIn, inCurve, fadeOut, outCurve,
                frames(t.gap, rate), crossIn);
    }

    private static long frames(double seconds, int rate) {
        return Math.round(seconds * rate);
    }

    private static double seconds(JsonNode node, String field, String path, String name) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return 0;
        }
        if (!v.isNumber() || !(v.asDouble() >= 0) || v.asDouble() > 3600) {
            throw Json.expected(name, path + "." + field, "seconds (0..3600)", v);
        }
        return v.asDouble();
    }

    private static void only(JsonNode node, String path, Set<String> allowed, String name) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!allowed.contains(field)) {
                throw new MixdownException(name + ": " + path + "." + field + ": unknown field (expected "
                        + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
    }
}
