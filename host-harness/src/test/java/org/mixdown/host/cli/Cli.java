package org.mixdown.host.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.mixdown.host.io.SampleEncoding;
import org.mixdown.host.io.WavFormat;
import org.mixdown.host.io.WavReader;
import org.mixdown.host.io.WavWriter;

/** Runs the command line in-process and captures what it prints; reads and writes test WAVs. */
final class Cli {
    final int status;
    final String out;
    final String err;

    private Cli(int status, String out, String err) {
        this.status = status;
        this.out = out;
        this.err = err;
    }

    static Cli run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Cli(status, out.toString(), err.toString());
    }

    @Override
    public String toString() {
        return "status " + status + "\nstdout:\n" + out + "\nstderr:\n" + err;
    }

    static void writeWav(Path file, float[][] audio, int sampleRate, SampleEncoding encoding) throws Exception {
        try (WavWriter writer = WavWriter.create(file, new WavFormat(audio.length, sampleRate, encoding))) {
            writer.write(audio, 0, audio[0].length);
            writer.commit();
        }
    }

    static float[][] readWav(Path file) throws Exception {
        try (WavReader reader = WavReader.open(file)) {
            int frames = (int) reader.frames();
            float[][] audio = new float[reader.format().channels()][frames];
            int done = 0;
            while (done < frames) {
                int n = reader.read(audio, done, frames - done);
                if (n == 0) {
                    break;
                }
                done += n;
            }
            return audio;
        }
    }
}
