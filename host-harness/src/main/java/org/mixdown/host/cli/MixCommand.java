package org.mixdown.host.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.mixdown.host.MixdownException;
import org.mixdown.host.album.LoudnessTarget;
import org.mixdown.host.session.MixJob;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "mix", mixinStandardHelpOptions = true,
        description = {"Mix a session: stems through their chains, faders, pans, sends and buses into one stereo "
            + "file.", "The whole session is checked before any audio is processed."})
final class MixCommand implements Callable<Integer> {
    @Parameters(paramLabel = "SESSION.json", description = "The session file.")
    Path sessionFile;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "MIX.wav", description = "The mix.")
    Path output;

    @Option(names = "--stems", paramLabel = "DIR",
            description = "Also write every track and bus as rendered (after chain, fader and pan), aligned with "
                    + "the mix, into DIR.")
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

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (block < 16 || block > 8192) {
            throw new MixdownException("--block " + block + ": expected 16..8192 frames");
        }
        MixJob.Options options = new MixJob.Options(stems, Encodings.parse(bits), report,
                target == null ? null : LoudnessTarget.preset(target), block);
        Progress progress = Progress.start("mix", quiet);
        MixJob.Outcome outcome;
        try {
            outcome = MixJob.run(sessionFile, output, options, Registries.all(), progress::update);
        } finally {
            progress.finish();
        }
        outcome.warnings().forEach(w -> spec.commandLine().getErr().println("mixdown: warning: " + w));
        return 0;
    }
}
