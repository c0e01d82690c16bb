package org.mixdown.host.album;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.mixdown.host.io.AudioFileException;
import org.mixdown.host.io.WavFormat;
import org.mixdown.host.io.WavReader;
import org.mixdown.host.io.WavWriter;

/**
 * Writes the continuous album file from the finished track masters: each track starts after the previous
 * one's end plus its gap, or its crossfade earlier, and overlapping tracks are summed (their masters
 * already carry the complementary crossfade curves). Streams block by block with at most the overlapping
 * tracks open.
 */
final class AlbumAssembler {
    private static final int BLOCK = 4096;

    private AlbumAssembler() {
    }

    /** Where each track starts in the album, in frames. */
    static long[] starts(List<Album.Track> tracks) {
        long[] starts = new long[tracks.size()];
        long end = 0;
        for (int i = 0; i < tracks.size(); i++) {
            Album.Track t = tracks.get(i);
            starts[i] = i == 0 ? 0 : end + t.gap() - t.crossfade();
            end = starts[i] + t.frames();
        }
        return starts;
    }

    /** Writes {@code target} from the masters in {@code masters} (one per track, in order). */
    static void write(List<Album.Track> tracks, List<Path> masters, Path target, WavFormat format)
            throws AudioFileException {
        long[] starts = starts(tracks);
        long total = 0;
        for (int i = 0; i < tracks.size(); i++) {
            total = Math.max(total, starts[i] + tracks.get(i).frames());
        }
        int channels = format.channels();
        float[][] mix = new float[channels][BLOCK];
        float[][] part = new float[channels][BLOCK];
        List<WavReader> open = new ArrayList<>();
        List<Integer> openIndex = new ArrayList<>();
        int nextTrack = 0;
        try (WavWriter writer = WavWriter.create(target, format)) {
            for (long position = 0; position < total; position += BLOCK) {
                int n = (int) Math.min(BLOCK, total - position);
                while (nextTrack < tracks.size() && starts[nextTrack] < position + n) {
                    open.add(WavReader.open(masters.get(nextTrack)));
                    openIndex.add(nextTrack);
                    nextTrack++;
                }
                for (float[] channel : mix) {
                    java.util.Arrays.fill(channel, 0, n, 0f);
                }
                for (int k = 0; k < open.size(); k++) {
                    long start = starts[openIndex.get(k)];
                    int offset = (int) Math.max(0, start - position);
                    int got = open.get(k).read(part, 0, n - offset);
                    for (int c = 0; c < channels; c++) {
                        for (int i = 0; i < got; i++) {
                            mix[c][offset + i] += part[c][i];
                        }
                    }
                }
                for (int k = open.size() - 1; k >= 0; k--) {
                    int index = openIndex.get(k);
                    if (starts[index] + tracks.get(index).frames() <= position + n) {
                        open.remove(k).close();
                        openIndex.remove(k);
                    }
                }
                writer.write(mix, 0, n);
            }
            writer.commit();
        } finally {
            open.forEach(WavReader::close);
        }
    }
}
