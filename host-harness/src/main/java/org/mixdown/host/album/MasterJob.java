package org.mixdown.host.album;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.mixdown.host.PluginRegistry;
import org.mixdown.host.analysis.AnalysisResult;
import org.mixdown.host.report.Report;

/**
 * One album master from an album file into a directory, with a report if asked: what {@code mixdown master}
 * and the demo run. The album is read and checked before any audio.
 */
public final class MasterJob {
    /** The masters and the report's warnings. */
    public record Outcome(Album.Mode mode, LoudnessTarget target, Mastering.Result result, List<String> warnings) {
    }

    private MasterJob() {
    }

    /**
     * @param report directory for report.html and plots, or null
     * @param listener told as each track master is done
     */
    public static Outcome run(Path albumFile, Path directory, Path report, PluginRegistry registry,
                              Mastering.Listener listener) {
        try (Album album = Album.read(albumFile, registry)) {
            Mastering.Result result = new Mastering(album, registry, report != null).run(directory, listener);
            List<String> warnings = new ArrayList<>();
            if (report != null) {
                List<Report.Section> sections = new ArrayList<>();
                for (Mastering.TrackResult t : result.tracks()) {
                    List<String> notes = new ArrayList<>(t.notes());
                    notes.add("before = " + t.track().file().getFileName() + " as mixed, after = the master");
                    sections.add(new Report.Section(t.output().getFileName().toString(), t.report(), notes));
                }
                warnings.addAll(Report.write(report, "Master of " + albumFile.getFileName(), album.target(),
                        sections, summary(album, result)));
            }
            return new Outcome(album.mode(), album.target(), result, warnings);
        }
    }

    /** The lines under the report's verdict: the album file's figures, the mode, the dither, the notes. */
    private static List<String> summary(Album album, Mastering.Result result) {
        List<String> notes = new ArrayList<>();
        AnalysisResult a = result.albumMeasured();
        if (a != null) {
            notes.add(String.format(Locale.ROOT, "Album file %s: %.2f LUFS integrated, %.2f LU range, %.2f dBTP "
                    + "true peak.", result.albumFile().getFileName(), orNaN(a.integratedLufs()),
                    orNaN(a.loudnessRange()), orNaN(a.truePeakDbtp())));
        }
        notes.add("Mode: " + album.mode().name().toLowerCase(Locale.ROOT) + "; dither: " + result.dither() + ".");
        notes.addAll(result.notes());
        return notes;
    }

    static double orNaN(Double v) {
        return v == null ? Double.NaN : v;
    }
}
