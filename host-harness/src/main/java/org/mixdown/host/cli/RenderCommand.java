package org.mixdown.host.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.mixdown.host.FileRenderer;
import org.mixdown.host.MixdownException;
import org.mixdown.host.chain.Chain;
import org.mixdown.host.chain.ChainFile;
import org.mixdown.host.io.SampleEncoding;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "render", description = "Stream a WAV file through a chain of plugins into a new WAV file.")
final class RenderCommand implements Callable<Integer> {
    @Option(names = {"-c", "--chain"}, required = true, paramLabel = "CHAIN.json", description = "The chain file.")
    Path chainFile;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT.wav", description = "The output file.")
    Path output;

    @Option(names = "--block", paramLabel = "N", defaultValue = "512",
            description = "Frames per processing block, 1..65536 (default ${DEFAULT-VALUE}).")
    int block;

    @Option(names = "--bits", paramLabel = "16|24|32f",
            description = "Output encoding (default: the input's).")
    String bits;

    @Option(names = {"-q", "--quiet"}, description = "No progress bar.")
    boolean quiet;

    @Parameters(paramLabel = "IN.wav", description = "The input file.")
    Path input;

    @Override
    public Integer call() throws Exception {
        if (block < 1 || block > 65536) {
            throw new MixdownException("--block " + block + ": expected 1..65536 frames");
        }
        SampleEncoding encoding = bits == null ? null : Encodings.parse(bits);
        try (Chain chain = ChainFile.read(chainFile, Registries.all())) {
            Progress progress = Progress.start("render", quiet);
            try {
                FileRenderer.render(input, output, chain, block, encoding, progress::update);
            } finally {
                progress.finish();
            }
        }
        return 0;
    }
}
