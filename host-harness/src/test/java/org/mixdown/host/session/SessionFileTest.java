package org.mixdown.host.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mixdown.host.MixdownException;
import org.mixdown.testkit.Signals;

/** Every bad session is refused while reading, with the file, the JSON path and what is wrong. */
class SessionFileTest {
    @TempDir
    Path dir;

    @BeforeEach
    void stems() throws Exception {
        TestAudio.write(dir.resolve("a.wav"), new float[][] {Signals.sine(440, 48000, 4800, 0.5)}, 48000);
        TestAudio.write(dir.resolve("b44.wav"), new float[][] {Signals.sine(440, 44100, 4410, 0.5)}, 44100);
    }

    private String error(String json) throws Exception {
        Path file = dir.resolve("s.json");
        Files.writeString(file, json);
        MixdownException e = assertThrows(MixdownException.class, () -> Session.read(file, TestAudio.registry()));
        assertTrue(e.getMessage().startsWith(file.toString() + ": "), e.getMessage());
        return e.getMessage();
    }

    private static void contains(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), "'" + part + "' missing from: " + message);
        }
    }

    @Test
    void aMissingStemIsNamed() throws Exception {
        contains(error("{\"tracks\": [{\"file\": \"a.wav\"}, {\"file\": \"gone.wav\"}]}"),
                "$.tracks[1].file", "gone.wav", "no such file");
    }

    @Test
    void aSampleRateMismatchNamesTheFile() throws Exception {
        contains(error("{\"tracks\": [{\"file\": \"a.wav\"}, {\"file\": \"b44.wav\"}]}"),
                "$.tracks[1].file", "b44.wav is at 44100 Hz", "48000 Hz");
        contains(error("{\"sampleRate\": 44100, \"tracks\": [{\"file\": \"a.wav\"}]}"), "a.wav is at 48000 Hz");
    }

    @Test
    void aSendToAnUnknownBusIsNamed() throws Exception {
        contains(error("{\"tracks\": [{\"file\": \"a.wav\", \"sends\": [{\"bus\": \"roon\", \"level\": -6}]}],"
                + " \"buses\": [{\"name\": \"room\"}]}"), "$.tracks[0].sends[0].bus", "no bus named 'roon'", "room");
        contains(error("{\"tracks\": [{\"file\": \"a.wav\", \"output\": \"nowhere\"}]}"), "$.tracks[0].output",
                "the session has no buses");
    }

    @Test
    void aCycleInBusRoutingIsNamed() throws Exception {
        contains(error("{\"tracks\": [{\"file\": \"a.wav\", \"output\": \"a\"}], \"buses\": ["
                + "{\"name\": \"a\", \"output\": \"b\"}, {\"name\": \"b\", \"sends\": [{\"bus\": \"c\"}]},"
                + " {\"name\": \"c\", \"output\": \"a\"}]}"), "cycle", "a -> b -> c -> a");
        contains(error("{\"tracks\": [{\"file\": \"a.wav\"}], \"buses\": [{\"name\": \"self\", "
                + "\"sends\": [{\"bus\": \"self\"}]}]}"), "self -> self");
    }

    @Test
    void unknownPluginsAndParametersAreNamed() throws Exception {
        contains(error("{\"tracks\": [{\"file\": \"a.wav\", \"inserts\": [{\"plugin\": \"mix.nope\"}]}]}"),
                "$.tracks[0].inserts[0].plugin", "unknown plugin 'mix.nope'");
        contains(error("{\"tracks\": [{\"file\": \"a.wav\", \"inserts\": [{\"plugin\": \"mix.gain\", "
                + "\"params\": {\"gian\": 1}}]}]}"), "$.tracks[0].inserts[0].params.gian", "no parameter 'gian'");
        contains(error("{\"tracks\": [{\"file\": \"a.wav\"}], \"master\": {\"chain\": [{\"plugin\": \"mix.gain\"}],"
                + " \"automation\": {\"chain[0].gian\": [[0, 1]]}}}"), "$.master.automation.chain[0].gian",
                "no parameter 'gian'");
        contains(error("{\"tracks\": [{\"file\": \"a.wav\", \"automation\": {\"reverb.mix\": [[0, 1]]}}]}"),
                "$.tracks[0].automation.reverb.mix", "unknown automation target");
    }

    @Test
    void automationTimesMustNotGoBackwards() throws Exception {
        contains(error("{\"tracks\": [{\"file\": \"a.wav\", \"automation\": {\"fader\": [[0, 0], [2, -6], [1, 0]]}}]}"),
                "$.tracks[0].automation.fader[2][0]", "must not go backwards");
        contains(error("{\"tracks\": [{\"file\": \"a.wav\", \"inserts\": [{\"plugin\": \"mix.gain\"}],"
                + " \"automation\": {\"mix.gain.gain\": [[0, 0], [1, 99]]}}]}"),
                "$.tracks[0].automation.mix.gain.gain[1][1]", "outside", "-96..24 dB");
    }

    @Test
    void unknownFieldsAndBadValuesAreNamed() throws Exception {
        contains(error("{\"tracks\": [{\"file\": \"a.wav\", \"fadder\": -3}]}"), "$.tracks[0].fadder",
                "unknown field");
        contains(error("{\"tracks\": [{\"file\": \"a.wav\", \"pan\": 120}]}"), "$.tracks[0].pan", "-100..100");
        contains(error("{\"tracks\": []}"), "$.tracks", "non-empty");
        contains(error("{\"tracks\": [{\"file\": \"a.wav\", \"name\": \"x\"}, {\"file\": \"a.wav\", \"name\": \"x\"}]}"),
                "$.tracks[1].name", "a second track named 'x'");
        Path file = dir.resolve("s.json");
        Files.writeString(file, "{\"tracks\": [{\"file\": \"a.wav\", \"strip\": {\"eq.b2.gian\": 1}}]}");
        MixdownException e = assertThrows(MixdownException.class,
                () -> Session.read(file, TestAudio.registryWithStandInStrip()));
        contains(e.getMessage(), "$.tracks[0].strip.eq.b2.gian", "mix.strip has no parameter 'eq.b2.gian'");
    }

    @Test
    void aGoodSessionResolvesRoutingInDependencyOrder() throws Exception {
        Path file = dir.resolve("s.json");
        Files.writeString(file, "{\"tracks\": [{\"file\": \"a.wav\", \"output\": \"drums\"}], \"buses\": ["
                + "{\"name\": \"verb\"}, {\"name\": \"drums\", \"sends\": [{\"bus\": \"verb\", \"level\": -10}]}]}");
        try (Session session = Session.read(file, TestAudio.registry())) {
            assertEquals("drums", session.buses().get(0).name());
            assertEquals("verb", session.buses().get(1).name());
            assertEquals(48000, session.sampleRate());
            assertEquals("a", session.tracks().get(0).name());
        }
        Files.writeString(file, "{\"tracks\": [{\"file\": \"a.wav\"}, {\"file\": \"a.wav\"}]}");
        try (Session session = Session.read(file, TestAudio.registry())) {
            assertEquals("a 2", session.tracks().get(1).name(), "the same stem twice gets distinct names");
        }
    }
}
