package org.mixdown.host.session;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.mixdown.host.PluginRegistry;
import org.mixdown.host.album.LoudnessTarget;
import org.mixdown.host.io.AudioFileException;
import org.mixdown.host.io.SampleEncoding;
import org.mixdown.host.io.WavFormat;
import org.mixdown.host.io.WavWriter;
import org.mixdown.host.report.Recorder;
import org.mixdown.host.report.Report;

/**
 * One mix from a session file to a WAV file, with stems and a report if asked: what {@code mixdown mix} and
 * the demo run. The session is read and checked, and every chain prepared, before any audio.
 */
public final class MixJob {
    /**
     * @param stems    directory for aligned stems, or null
     * @param encoding of the mix and stems
     * @param report   directory for report.html and plots, or null
     * @param target   what the report judges the mix against, or null (then only clipping fails it)
     * @param block    frames per processing block
     */
    public record Options(Path stems, SampleEncoding encoding, Path report, LoudnessTarget target, int block) {
    }

    /** What came out: the frames written, integer samples clipped, warnings for the user. */
    public record Outcome(long frames, long clippedSamples, List<String> warnings) {
    }

    private MixJob() {
    }

    public static Outcome run(Path sessionFile, Path output, Options options, PluginRegistry registry,
                              Mixer.Listener listener) throws AudioFileException {
        Mixer.checkDirectory(options.stems(), "--stems");
        List<String> warnings = new ArrayList<>();
        try (Session session = Session.read(sessionFile, registry);
             Mixer mixer = new Mixer(session, options.block())) {
            Recorder recorder = options.report() == null ? null
                    : new Recorder(output.getFileName().toString(), mixer.sampleRate(), 2, mixer.outputChannels());
            if (recorder != null) {
                mixer.pluginsByChannel().forEach(recorder::watchGainReduction);
            }
            long frames;
            long clipped;
            try (WavWriter writer = WavWriter.create(output,
                    new WavFormat(mixer.outputChannels(), mixer.sampleRate(), options.encoding()))) {
                mixer.render(writer, options.stems(), options.encoding(), recorder, listener);
                writer.commit();
                frames = writer.framesWritten();
                clipped = writer.clippedSamples();
            }
            if (clipped > 0) {
                warnings.add(clipped + " samples clipped in " + output
                        + " (lower the master fader, add a limiter, or use --bits 32f)");
            }
            if (recorder != null) {
                warnings.addAll(Report.write(options.report(), "Mix of " + sessionFile.getFileName(),
                        options.target(), List.of(new Report.Section(output.getFileName().toString(),
                                recorder.finish(output.toString()),
                                List.of("before = the master bus input, after = the mix as written")))));
            }
            return new Outcome(frames, clipped, warnings);
        }
    }
}
