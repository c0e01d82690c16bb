package org.mixdown.host.demo;

import static org.mixdown.host.demo.Demo.object;

import java.util.List;
import java.util.Map;

/**
 * The demo's mixing and mastering decisions, as the session and album files a user can edit and run again
 * ({@code mixdown mix}, {@code mixdown master}). Values are in plain units; choices by name.
 */
final class DemoSession {
    /** The reverb bus every track but the bass sends to. */
    static final String ROOM = "room";
    /** A send level meaning "no send": the bass stays dry. */
    private static final double NO_SEND = Double.NEGATIVE_INFINITY;

    private DemoSession() {
    }

    /** The session: six tracks through mix.strip, sends to a reverb bus, the lead's fader riding in. */
    static Map<String, Object> session(DemoSong song) {
        double entry = song.leadEntrySeconds();
        return object(
                "sampleRate", Demo.SAMPLE_RATE,
                "tracks", List.of(
                        track("kick", -6, 0, -30, object(
                                "filter.hpf.on", true, "filter.hpf.freq", 30,
                                "eq.enabled", true,
                                "eq.b1.type", "lowshelf", "eq.b1.freq", 60, "eq.b1.gain", 2.0,
                                "eq.b3.type", "peak", "eq.b3.freq", 350, "eq.b3.gain", -3.0, "eq.b3.q", 1.2,
                                "eq.b5.type", "peak", "eq.b5.freq", 4000, "eq.b5.gain", 2.0,
                                "comp.enabled", true, "comp.threshold", -12, "comp.ratio", 3, "comp.attack", 10,
                                "comp.release", 120)),
                        track("snare", -4, 6, -14, object(
                                "filter.hpf.on", true, "filter.hpf.freq", 100,
                                "gate.enabled", true, "gate.threshold", -30, "gate.range", -30, "gate.release", 80,
                                "eq.enabled", true,
                                "eq.b2.type", "peak", "eq.b2.freq", 200, "eq.b2.gain", 2.0,
                                "eq.b5.type", "peak", "eq.b5.freq", 5000, "eq.b5.gain", 3.0,
                                "comp.enabled", true, "comp.threshold", -20, "comp.ratio", 3, "comp.attack", 5,
                                "comp.release", 100)),
                        track("hats", -6, 35, -22, object(
                                "filter.hpf.on", true, "filter.hpf.freq", 300, "filter.hpf.slope", "24",
                                "eq.enabled", true,
                                "eq.b6.type", "highshelf", "eq.b6.freq", 8000, "eq.b6.gain", 3.0)),
                        track("bass", -8, 0, NO_SEND, object(
                                "filter.hpf.on", true, "filter.hpf.freq", 35,
                                "eq.enabled", true,
                                "eq.b1.type", "lowshelf", "eq.b1.freq", 80, "eq.b1.gain", 2.0,
                                "eq.b2.type", "peak", "eq.b2.freq", 250, "eq.b2.gain", -3.0,
                                "comp.enabled", true, "comp.threshold", -16, "comp.ratio", 3, "comp.attack", 20,
                                "comp.release", 150,
                                "sat.enabled", true, "sat.type", "tube", "sat.drive", 6, "sat.mix", 40,
                                "sat.oversampling", "2")),
                        track("chords", -10, -25, -10, object(
                                "filter.hpf.on", true, "filter.hpf.freq", 150,
                                "filter.lpf.on", true, "filter.lpf.freq", 9000,
                                "eq.enabled", true,
                                "eq.b3.type", "peak", "eq.b3.freq", 800, "eq.b3.gain", -2.0)),
                        withAutomation(track("lead", -3, 20, -12, object(
                                "filter.hpf.on", true, "filter.hpf.freq", 200,
                                "eq.enabled", true,
                                "eq.b4.type", "peak", "eq.b4.freq", 2500, "eq.b4.gain", 2.0,
                                "comp.enabled", true, "comp.threshold", -22, "comp.ratio", 3)),
                                // the lead fades in over its first two bars
                                object("fader", List.of(List.of(entry, -60), List.of(entry + 4, -3))))),
                "buses", List.of(object(
                        "name", ROOM,
                        "chain", List.of(object("plugin", "mix.reverb", "params", object(
                                "decay", 2.2, "size", 70, "predelay", 20, "damping", 7000, "width", 100,
                                "mix", 100))),
                        "fader", 0)),
                "master", object("chain", List.of(), "fader", 0));
    }

    private static Map<String, Object> track(String name, double fader, double pan, double sendDb,
                                             Map<String, Object> strip) {
        Map<String, Object> track = object("name", name, "file", "stems/" + name + ".wav", "fader", fader,
                "pan", pan, "strip", strip);
        if (sendDb != NO_SEND) {
            track.put("sends", List.of(object("bus", ROOM, "level", sendDb, "pre", false)));
        }
        return track;
    }

    private static Map<String, Object> withAutomation(Map<String, Object> track, Map<String, Object> lanes) {
        track.put("automation", lanes);
        return track;
    }

    /** The album: the mix mastered to the streaming target through {@link Demo#MASTER_CHAIN}, faded out. */
    static Map<String, Object> album(String mixFile) {
        return object(
                "target", object("preset", Demo.TARGET.name()),
                "mode", "track",
                "chain", List.of(
                        object("plugin", "master.eq", "params", object(
                                "b1.on", true, "b1.type", "lowcut", "b1.freq", 28,
                                "b3.type", "peak", "b3.freq", 300, "b3.gain", -1.0, "b3.q", 0.9,
                                "b7.type", "highshelf", "b7.freq", 10000, "b7.gain", 1.5)),
                        // the make-up gains give back what the bands take at -14 LUFS, so the drive the
                        // mastering starts from (target minus the mix's loudness) lands in one pass
                        object("plugin", "master.multiband", "params", object(
                                "bands", 3, "xover1", 150, "xover2", 3000,
                                "b1.threshold", -16, "b1.ratio", 2, "b1.attack", 20, "b1.release", 200,
                                "b1.makeup", 1.85,
                                "b2.threshold", -18, "b2.ratio", 1.5, "b2.attack", 10, "b2.release", 150,
                                "b2.makeup", 1.35,
                                "b3.threshold", -20, "b3.ratio", 1.5, "b3.attack", 5, "b3.release", 100,
                                "b3.makeup", 1.35)),
                        object("plugin", "master.imager", "params", object(
                                "width", 110, "monobass", 120)),
                        // the ceiling follows the target (less the BS.1770 meter's over-read)
                        object("plugin", "master.limiter", "params", object("release", 80))),
                "tracks", List.of(object("file", mixFile, "fadeOut", Demo.FADE_OUT_SECONDS)),
                "output", object("bits", 16, "dither", true, "album", "album.wav"));
    }
}
