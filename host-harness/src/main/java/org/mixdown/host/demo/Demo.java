package org.mixdown.host.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mixdown.host.MixdownException;
import org.mixdown.host.PluginRegistry;
import org.mixdown.host.album.LoudnessTarget;
import org.mixdown.host.album.MasterJob;
import org.mixdown.host.album.Mastering;
import org.mixdown.host.io.AudioFileException;
import org.mixdown.host.io.SampleEncoding;
import org.mixdown.host.io.WavFormat;
import org.mixdown.host.io.WavWriter;
import org.mixdown.host.session.Mixer;
import org.mixdown.host.session.MixJob;

/**
 * The demo, start to finish, through the same files and jobs a user runs: synthesised stems, a session file
 * (channel strips, a reverb send, a fader ride) mixed by {@link MixJob}, an album file (mastering chain,
 * fade-out, 16-bit dithered output) mastered by {@link MasterJob} to the streaming target, with reports.
 * The steps are separate methods so the command can show progress between them.
 */
public final class Demo {
    public static final int SAMPLE_RATE = 48_000;
    public static final int BLOCK = 512;
    /** The loudness the album file asks for. */
    public static final LoudnessTarget TARGET = LoudnessTarget.preset("streaming");
    /** The album file's mastering chain, in order. */
    public static final List<String> MASTER_CHAIN = List.of("master.eq", "master.multiband", "master.imager",
            "master.limiter");
    /** The album's fade-out at the end of the song, in seconds. */
    public static final double FADE_OUT_SECONDS = 3;

    /** Where each file of the demo goes, under one directory. */
    public record Layout(Path directory) {
        /** The synthesised stems, as the session's tracks read them. */
        public Path stems() {
            return directory.resolve("stems");
        }

        public Path session() {
            return directory.resolve("session.json");
        }

        public Path mix() {
            return directory.resolve("mix.wav");
        }

        /** Every track and bus as mixed (after strip, fader and pan), aligned with the mix. */
        public Path mixedStems() {
            return directory.resolve("mix-stems");
        }

        public Path mixReport() {
            return directory.resolve("mix-report");
        }

        public Path album() {
            return directory.resolve("album.json");
        }

        public Path masters() {
            return directory.resolve("master");
        }

        public Path masterReport() {
            return directory.resolve("report");
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Layout layout;
    private final DemoSong song;
    private final PluginRegistry registry;

    /** A demo of about {@code seconds} (rounded to whole passes of the progression) into {@code directory}. */
    public Demo(Path directory, double seconds, PluginRegistry registry) {
        this.layout = new Layout(directory);
        this.song = new DemoSong(SAMPLE_RATE, DemoSong.barsFor(seconds));
        this.registry = registry;
    }

    public Layout layout() {
        return layout;
    }

    public DemoSong song() {
        return song;
    }

    /** Step 1: synthesises the stems into {@link Layout#stems()} as 24-bit mono WAVs; returns the files. */
    public List<Path> synthesise() throws AudioFileException {
        createDirectory(layout.stems());
        List<Path> files = new ArrayList<>();
        for (Map.Entry<String, float[]> stem : song.stems().entrySet()) {
            Path file = layout.stems().resolve(stem.getKey() + ".wav");
            try (WavWriter writer = WavWriter.create(file, new WavFormat(1, SAMPLE_RATE, SampleEncoding.PCM_24))) {
                writer.write(new float[][] {stem.getValue()}, 0, stem.getValue().length);
                writer.commit();
            }
            files.add(file);
        }
        return files;
    }

    /** Step 2: writes the session file that mixes the stems. */
    public Path writeSession() {
        writeJson(layout.session(), DemoSession.session(song));
        return layout.session();
    }

    /** Step 3: mixes the session into {@link Layout#mix()}, with mixed stems and a report. */
    public MixJob.Outcome mix(Mixer.Listener progress) throws AudioFileException {
        // 24 bits: the mix peaks well below full scale, and float would double the size of eight files
        MixJob.Options options = new MixJob.Options(layout.mixedStems(), SampleEncoding.PCM_24, layout.mixReport(),
                null, BLOCK);
        return MixJob.run(layout.session(), layout.mix(), options, registry, progress);
    }

    /** Step 4: writes the album file that masters the mix. */
    public Path writeAlbum() {
        writeJson(layout.album(), DemoSession.album(layout.directory().relativize(layout.mix()).toString()));
        return layout.album();
    }

    /** Step 5: masters the album into {@link Layout#masters()}, with a report. */
    public MasterJob.Outcome master(Mastering.Listener listener) {
        return MasterJob.run(layout.album(), layout.masters(), layout.masterReport(), registry, listener);
    }

    private static void createDirectory(Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new MixdownException(directory + ": cannot create the directory: " + e.getMessage(), e);
        }
    }

    /** Writes JSON under a temporary name and moves it into place, like every other output. */
    private static void writeJson(Path file, Map<String, Object> content) {
        Path parent = file.toAbsolutePath().getParent();
        createDirectory(parent);
        Path temporary = parent.resolve("." + file.getFileName() + ".tmp");
        try {
            try {
                JSON.writeValue(temporary.toFile(), content);
                Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new MixdownException(file + ": cannot write: " + e.getMessage(), e);
        }
    }

    /** A JSON object with its keys in the order given (key, value, key, value...). */
    static Map<String, Object> object(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
