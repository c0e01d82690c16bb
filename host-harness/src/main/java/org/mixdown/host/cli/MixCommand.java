package org.mixdown.host.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.mixdown.host.MixdownException;
import org.mixdown.host.album.LoudnessTarget;
import org.mixdown.host.io.SampleEncoding;
import org.mixdown.host.io.WavFormat;
import org.mixdown.host.io.WavWriter;
import org.mixdown.host.report.Recorder;
import org.mixdown.host.report.Report;
import org.mixdown.host.session.Mixer;
import org.mixdown.host.session.Session;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "mix", mixinStandardHelpOptions = true,
        description = {"Mix a session: stems through their chains, faders, pans, sends and buses "
        + "into one stereo file.", "The whole session is checked before any audio is processed."})
final class MixCommand implements Callable<Integer> {
    @Parameters(paramLabel = "SESSION.json", description = "The session file.")
    Path sessionFile;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "MIX.wav", description = "The mix.")
    Path output;

    @Option(names = "--stems", paramLabel = "DIR",
            description = "Also write every track and bus as rendered, aligned with the mix, into DIR.")
    Path stems;

    @Option(names = "--bits", paramLabel = "16|24|32f", defaultValue = "32f",
            description = "Encoding of the mix and stems (default ${DEFAULT-VALUE}).")
    String bits;

    @Option(names = "--report", paramLabel = "DIR", description = "Write report.html and plots into DIR.")
    Path report;

    @Option(names = "--target", paramLabel = "PRESET",
            description = "Judge the report against a loudness preset (streaming, apple, broadcast, cd).")
    String target;

    @Option(names = "--block", paramLabel = "N", defaultValue = "512",
            description = "Frames per processing block, 16..8192 (default ${DEFAULT-VALUE}).")
    int block;

    @Option(names = {"-q", "--quiet"}, description = "No progress bar.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        if (block < 16 || block > 8192) {
            throw new MixdownException("--block " + block + ": expected 16..8192 frames");
        }
        SampleEncoding encoding = Encodings.parse(bits);
        LoudnessTarget judge = target == null ? null : LoudnessTarget.preset(target);
        Mixer.checkDirectory(stems, "--stems");
        try (Session session = Session.read(sessionFile, Registries.all());
             Mixer mixer = new Mixer(session, block)) {
            Recorder recorder = report == null ? null
                    : new Recorder(output.getFileName().toString(), mixer.sampleRate(), 2, mixer.outputChannels());
            if (recorder != null) {
                mixer.pluginsByChannel().forEach(recorder::watchGainReduction);
            }
            Progress progress = Progress.start("mix", quiet);
            try (WavWriter writer = WavWriter.create(output,
                    new WavFormat(mixer.outputChannels(), mixer.sampleRate(), encoding))) {
                mixer.render(writer, stems, encoding, recorder, progress::update);
                writer.commit();
                if (writer.clippedSamples() > 0) {
                    System.err.println("mixdown: warning: " + writer.clippedSamples()
                            + " samples clipped in " + output + " (lower the master fader or use --bits 32f)");
                }
            } finally {
                progress.finish();
            }
            if (recorder != null) {
                List<String> warnings = Report.write(report, "Mix of " + sessionFile.getFileName(), judge,
                        List.of(new Report.Section(output.getFileName().toString(),
                                recorder.finish(output.toString()), List.of(
                                "before = the master bus input, after = the mix as written"))));
                warnings.forEach(w -> System.err.println("mixdown: warning: " + w));
            }
        }
        return 0;
    }
}
