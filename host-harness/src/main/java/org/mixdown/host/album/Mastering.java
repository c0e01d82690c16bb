package org.mixdown.host.album;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.mixdown.api.AudioPlugin;
import org.mixdown.api.ParameterSpec;
import org.mixdown.dsp.Loudness;
import org.mixdown.dsp.TruePeak;
import org.mixdown.host.MixdownException;
import org.mixdown.host.PluginRegistry;
import org.mixdown.host.analysis.AnalysisResult;
import org.mixdown.host.analysis.Analyzer;
import org.mixdown.host.chain.Chain;
import org.mixdown.host.io.AudioFileException;
import org.mixdown.host.io.WavFormat;
import org.mixdown.host.io.WavWriter;
import org.mixdown.host.report.Recorder;

/**
 * Masters an album: for each track (track mode) or for the whole album (album mode), a measuring pass
 * and then passes through the chain that set the drive and trim until the loudness is on target and the
 * true peak under the ceiling ({@link GainStaging}); every track master is written under a temporary name
 * and moved into place when complete, in order, so a failure leaves the earlier masters whole; then the
 * continuous album file is assembled from the masters.
 *
 * <p>Dither (when asked for and the output is integer PCM): the {@code master.dither} plugin if the
 * registry has it, else TPDF dither in the writer path ({@link TpdfDither}).
 */
public final class Mastering {
    /** The id of the limiter whose ceiling follows the target's true peak. */
    public static final String LIMITER = "master.limiter";
    public static final String DITHER = "master.dither";

    /** Called as tracks progress: a message per finished track, and the frames of every pass as it runs. */
    public interface Listener {
        void trackDone(TrackResult result);

        /** A pass through {@code track} has rendered {@code done} of its {@code total} frames. */
        default void rendering(Album.Track track, long done, long total) {
        }
    }

    /** One track's master: where it went, what it measured, the gains that got it there. */
    public record TrackResult(Album.Track track, Path output, AnalysisResult measured, double driveDb, double trimDb,
                              int passes, boolean onTarget, List<String> notes, Recorder.Measurements report) {
    }

    /** The whole run. */
    public record Result(List<TrackResult> tracks, Path albumFile, AnalysisResult albumMeasured, Double albumLufs,
                         String dither, List<String> notes) {
    }

    private final Album album;
    private final PluginRegistry registry;
    private final boolean record;
    private final List<String> notes = new ArrayList<>();

    /** @param record whether to gather report measurements */
    public Mastering(Album album, PluginRegistry registry, boolean record) {
        this.album = album;
        this.registry = registry;
        this.record = record;
    }

    /** Masters every track into {@code directory} (created if needed) and writes the album file. */
    public Result run(Path directory, Listener listener) {
        followCeiling();
        String ditherMethod = "none";
        AudioPlugin ditherPlugin = null;
        TpdfDither tpdf = null;
        if (album.dither() && !album.encoding().isFloat()) {
            ditherPlugin = ditherPlugin(album.encoding().bitsPerSample());
            if (ditherPlugin != null) {
                ditherMethod = DITHER + " plugin (" + album.encoding().bitsPerSample() + " bits)";
            } else {
                tpdf = new TpdfDither(album.encoding().bitsPerSample());
                ditherMethod = "TPDF in the writer path (" + album.encoding().bitsPerSample() + " bits)";
            }
        }
        TrackRenderer renderer;
        try {
            renderer = new TrackRenderer(album.chain(), album.sampleRate(), album.channels(),
                    ditherPlugin, tpdf);
        } catch (IllegalArgumentException e) {
            throw new MixdownException(album.file() + ": $.chain: " + e.getMessage(), e);
        }
        renderer.progress(listener::rendering);
        try {
            Files.createDirectories(directory);
        } catch (Exception e) {
            throw new MixdownException(directory + ": cannot create the output directory: " + e.getMessage(), e);
        }
        List<TrackResult> results = new ArrayList<>();
        Double albumLufs;
        try {
            if (album.mode() == Album.Mode.TRACK) {
                for (Album.Track track : album.tracks()) {
                    results.add(failureNamed(track, results, directory,
                            () -> masterTrack(renderer, track, directory)));
                    listener.trackDone(results.get(results.size() - 1));
                }
                albumLufs = null;
            } else {
                albumLufs = masterAlbum(renderer, directory, results, listener);
            }
        } finally {
            if (ditherPlugin != null) {
                ditherPlugin.close();
            }
        }
        Path albumPath = null;
        AnalysisResult albumMeasured = null;
        if (album.albumFile() != null) {
            albumPath = directory.resolve(album.albumFile());
            List<Path> masters = results.stream().map(TrackResult::output).toList();
            try {
                AlbumAssembler.write(album.tracks(), masters, albumPath,
                        new WavFormat(renderer.outputChannels(), album.sampleRate(), album.encoding()));
                albumMeasured = Analyzer.analyze(albumPath);
            } catch (AudioFileException e) {
                throw new MixdownException("album file " + albumPath + " failed: " + e.getMessage()
                        + " (every track master was written)", e);
            }
            if (albumMeasured.truePeakDbtp() != null
                    && albumMeasured.truePeakDbtp() > album.target().truePeakDbtp() + 1e-9) {
                notes.add(String.format(Locale.ROOT, "the album file peaks at %.2f dBTP where crossfades overlap "
                        + "(each track master is under the ceiling)", albumMeasured.truePeakDbtp()));
            }
        }
        return new Result(results, albumPath, albumMeasured, albumLufs, ditherMethod, List.copyOf(notes));
    }

    private interface TrackWork<T> {
        T run() throws AudioFileException;
    }

    /** Runs one track's work; a failure names the track and what is already safe on disk. */
    private static <T> T failureNamed(Album.Track track, List<TrackResult> done, Path directory, TrackWork<T> work) {
        try {
            return work.run();
        } catch (AudioFileException | MixdownException | IllegalArgumentException e) {
            String written = done.isEmpty() ? "no master was written"
                    : "tracks 1-" + done.size() + " were written to " + directory;
            throw new MixdownException("track " + track.number() + " (" + track.file().getFileName() + ") failed: "
                    + e.getMessage() + "; " + written, e);
        }
    }

    private TrackResult masterTrack(TrackRenderer renderer, Album.Track track, Path directory)
            throws AudioFileException {
        double unprocessed = TrackRenderer.unprocessedLoudness(track, album.channels(), null);
        GainStaging staging = new GainStaging(album.target(), unprocessed);
        Path output = directory.resolve(track.outputName());
        while (true) {
            double drive = staging.driveDb();
            double trim = staging.trimDb();
            Recorder recorder = recorder(track, renderer);
            try (WavWriter writer = WavWriter.create(output, format(renderer))) {
                TrackRenderer.Pass pass = renderer.render(track, drive, trim, writer, null, recorder);
                boolean accepted = staging.accepts(pass.lufs(), pass.truePeak());
                staging.measured(pass.lufs(), pass.truePeak());
                boolean underCeiling = pass.truePeak() <= album.target().truePeakDbtp();
                boolean giveUp = (staging.stalled() || staging.passes() >= GainStaging.MAX_PASSES) && underCeiling;
                if (accepted || giveUp || staging.passes() >= GainStaging.MAX_PASSES + 3) {
                    writer.commit();
                    List<String> trackNotes = new ArrayList<>();
                    trackNotes.add(String.format(Locale.ROOT, "%d pass%s through the chain: drive %+.2f dB, "
                            + "trim %+.2f dB", staging.passes(), staging.passes() == 1 ? "" : "es", drive, trim));
                    boolean onTarget = album.target().met(pass.lufs(), pass.truePeak());
                    if (!onTarget) {
                        trackNotes.add(String.format(Locale.ROOT, "could not reach %.1f LUFS under the %.1f dBTP "
                                + "ceiling (%.2f LUFS): add a limiter (%s) to the chain", album.target().lufs(),
                                album.target().truePeakDbtp(), pass.lufs(), LIMITER));
                    }
                    return new TrackResult(track, output, pass.result(), drive, trim, staging.passes(), onTarget,
                            trackNotes,
                            recorder == null ? null : recorder.finish(output.toString()));
                }
            }
        }
    }

    /** Album mode: one drive and trim for every track, set on the album's loudness; then the masters. */
    private Double masterAlbum(TrackRenderer renderer, Path directory, List<TrackResult> results,
                               Listener listener) {
        Loudness raw = new Loudness(album.sampleRate(), album.channels());
        for (Album.Track track : album.tracks()) {
            failureNamed(track, results, directory,
                    () -> TrackRenderer.unprocessedLoudness(track, album.channels(), raw));
        }
        GainStaging staging = new GainStaging(album.target(), raw.integratedLufs());
        double drive;
        double trim;
        double lufs;
        boolean accepted;
        while (true) {
            Loudness albumLoudness = new Loudness(album.sampleRate(), renderer.outputChannels());
            double peak = Double.NEGATIVE_INFINITY;
            drive = staging.driveDb();
            trim = staging.trimDb();
            for (Album.Track track : album.tracks()) {
                double d = drive;
                double t = trim;
                TrackRenderer.Pass pass = failureNamed(track, results, directory,
                        () -> renderer.render(track, d, t, null, albumLoudness, null));
                peak = Math.max(peak, pass.truePeak());
            }
            lufs = albumLoudness.integratedLufs();
            accepted = staging.accepts(lufs, peak);
            staging.measured(lufs, peak);
            boolean underCeiling = peak <= album.target().truePeakDbtp();
            if (accepted || ((staging.stalled() || staging.passes() >= GainStaging.MAX_PASSES) && underCeiling)
                    || staging.passes() >= GainStaging.MAX_PASSES + 3) {
                break;
            }
        }
        notes.add(String.format(Locale.ROOT, "album mode: %d pass%s over the album, drive %+.2f dB, trim %+.2f dB, "
                + "album loudness %.2f LUFS", staging.passes(), staging.passes() == 1 ? "" : "es", drive, trim, lufs));
        if (!accepted) {
            notes.add(String.format(Locale.ROOT, "the album could not reach %.1f LUFS under the %.1f dBTP ceiling: "
                    + "add a limiter (%s) to the chain", album.target().lufs(), album.target().truePeakDbtp(),
                    LIMITER));
        }
        for (Album.Track track : album.tracks()) {
            double d = drive;
            double t = trim;
            TrackResult result = failureNamed(track, results, directory, () -> {
                Path output = directory.resolve(track.outputName());
                Recorder recorder = recorder(track, renderer);
                try (WavWriter writer = WavWriter.create(output, format(renderer))) {
                    TrackRenderer.Pass pass = renderer.render(track, d, t, writer, null, recorder);
                    writer.commit();
                    boolean underCeiling = pass.truePeak() <= album.target().truePeakDbtp();
                    return new TrackResult(track, output, pass.result(), d, t, 1, underCeiling,
                            List.of("album gain: the track keeps its loudness relative to the album"),
                            recorder == null ? null : recorder.finish(output.toString()));
                }
            });
            results.add(result);
            listener.trackDone(result);
        }
        return lufs;
    }

    private WavFormat format(TrackRenderer renderer) {
        return new WavFormat(renderer.outputChannels(), album.sampleRate(), album.encoding());
    }

    private Recorder recorder(Album.Track track, TrackRenderer renderer) {
        if (!record) {
            return null;
        }
        Recorder recorder = new Recorder(track.outputName(), album.sampleRate(), album.channels(),
                renderer.outputChannels());
        recorder.watchGainReduction("", album.chain().plugins());
        return recorder;
    }

    /**
     * A limiter whose ceiling is above the target's true peak is brought down to it, less the most a
     * BS.1770 meter reads above a band-limited peak ({@link TruePeak#largestOverReadDb}, 0.22 dB): the limiter
     * holds the signal's true peak, and the master must also pass the standard meter that delivery checks
     * use (ours and ffmpeg's), which reads up to that much higher on content near a quarter of the rate.
     */
    private void followCeiling() {
        double ceiling = album.target().truePeakDbtp() - TruePeak.largestOverReadDb();
        for (Chain.Slot slot : album.chain().slots()) {
            AudioPlugin plugin = slot.plugin();
            if (plugin.descriptor().id().equals(LIMITER) && plugin.descriptor().parameterIndex("ceiling") >= 0
                    && plugin.parameter("ceiling") > ceiling) {
                plugin.setParameter("ceiling", ceiling);
                notes.add(String.format(Locale.ROOT, "%s ceiling set to %.2f dBTP: the target's %.1f less the "
                        + "%.2f dB a BS.1770 meter may read above the true peak", LIMITER, ceiling,
                        album.target().truePeakDbtp(), TruePeak.largestOverReadDb()));
            }
        }
    }

    private AudioPlugin ditherPlugin(int bits) {
        if (registry.find(DITHER).isEmpty()) {
            return null;
        }
        AudioPlugin plugin = registry.create(DITHER);
        int index = plugin.descriptor().parameterIndex("bits");
        if (index < 0) {
            plugin.close();
            return null;
        }
        ParameterSpec spec = plugin.descriptor().parameters().get(index);
        int choice = spec.isChoice() ? spec.choiceIndex(Integer.toString(bits)) : -1;
        if (choice < 0 && spec.isChoice()) {
            plugin.close();
            return null;
        }
        plugin.setParameter("bits", spec.isChoice() ? choice : bits);
        return plugin;
    }
}
