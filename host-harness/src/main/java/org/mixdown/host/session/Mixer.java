package org.mixdown.host.session;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.mixdown.api.AudioPlugin;
import org.mixdown.dsp.Db;
import org.mixdown.host.MixdownException;
import org.mixdown.host.io.AudioFileException;
import org.mixdown.host.io.SampleEncoding;
import org.mixdown.host.io.WavFormat;
import org.mixdown.host.io.WavWriter;
import org.mixdown.host.report.Recorder;
import org.mixdown.host.session.Session.Channel;

/**
 * The streaming mix engine. Every block, each audible track reads its stem and runs its chain, fader
 * and pan; routes add it (delay-compensated) into buses and the master; buses run in dependency order;
 * the master runs its chain and fader. Memory is a few blocks per channel, whatever the session's length.
 *
 * <p>Timing: each channel's output lags the session timeline by its input latency plus its chain latency.
 * A destination's input latency is the largest output latency of the channels that feed it, and each
 * route delays its signal by the difference, so every path into a bus or the master is sample-aligned.
 * The written mix has the master's total latency removed and lasts as long as the longest stem plus the
 * longest tail of any path.
 */
public final class Mixer implements AutoCloseable {
    /** Called with output frames written so far and in total. */
    public interface Listener {
        void progress(long framesDone, long framesTotal);
    }

    private final Session session;
    private final int blockSize;
    private final List<MixerChannel> tracks = new ArrayList<>();
    private final List<MixerChannel> buses = new ArrayList<>();
    private final MixerChannel master;
    private final List<Route> routes = new ArrayList<>();
    private final long outputFrames;
    /** Threads per block: 1 = all on the caller's; 2 = the master on its own; n > 2 = also n - 1 track threads. */
    private int threads = defaultThreads();

    /** Prepares every chain and resolves routing and delay compensation; no audio is processed yet. */
    public Mixer(Session session, int blockSize) {
        this.session = session;
        this.blockSize = blockSize;
        int rate = session.sampleRate();
        String file = session.file().toString();
        Map<String, MixerChannel> busByName = new HashMap<>();
        for (Channel track : session.tracks()) {
            if (session.audible(track)) {
                tracks.add(new MixerChannel(file, track, rate, blockSize));
            }
        }
        for (Channel bus : session.buses()) {
            MixerChannel channel = new MixerChannel(file, bus, rate, blockSize);
            busByName.put(bus.name(), channel);
            if (session.audible(bus)) {
                buses.add(channel);
            }
        }
        master = new MixerChannel(file, session.master(), rate, blockSize);
        List<MixerChannel> sources = new ArrayList<>(tracks);
        sources.addAll(buses);
        for (MixerChannel source : sources) {
            MixerChannel out = source.spec().output() == null ? master : busByName.get(source.spec().output());
            if (session.audible(out.spec())) {
                routes.add(new Route(source, out, 1f, false));
            }
            for (Session.Send send : source.spec().sends()) {
                MixerChannel bus = busByName.get(send.bus());
                if (session.audible(bus.spec())) {
                    routes.add(new Route(source, bus, (float) Db.toLinear(send.levelDb()), send.preFader()));
                }
            }
        }
        compensateDelays();
        outputFrames = longestStem() + tail(master, new HashMap<>());
    }

    /** Buses in dependency order get their input latency from their sources; then every route its delay. */
    private void compensateDelays() {
        List<MixerChannel> destinations = new ArrayList<>(buses);
        destinations.add(master);
        for (MixerChannel destination : destinations) {
            int latency = 0;
            for (Route route : routes) {
                if (route.destination() == destination) {
                    latency = Math.max(latency, route.source().outputLatency());
                }
            }
            destination.setInputLatency(latency);
        }
        for (Route route : routes) {
            route.compensate(route.destination().inputLatency() - route.source().outputLatency());
        }
    }

    /** The longest tail of any path ending at {@code channel}: its chain's tail plus the longest feeding tail. */
    private int tail(MixerChannel channel, Map<MixerChannel, Integer> memo) {
        Integer known = memo.get(channel);
        if (known != null) {
            return known;
        }
        int feeding = 0;
        for (Route route : routes) {
            if (route.destination() == channel) {
                feeding = Math.max(feeding, tail(route.source(), memo));
            }
        }
        int tail = feeding + channel.chainTail();
        memo.put(channel, tail);
        return tail;
    }

    private long longestStem() {
        long longest = 0;
        for (Channel track : session.tracks()) {
            longest = Math.max(longest, track.stem().frames());
        }
        return longest;
    }

    /**
     * How many threads render: 1, everything on the caller's; 2, the master (one block behind) on a second;
     * more, the tracks also split over {@code count - 1} threads (the caller's among them). Every setting
     * gives the same bits: each channel runs alone and the sums are added in the same order.
     */
    public Mixer threads(int count) {
        if (count < 1 || count > 16) {
            throw new IllegalArgumentException("1 to 16 threads, not " + count);
        }
        threads = count;
        return this;
    }

    /**
     * One thread per core for the tracks plus the master's: on two cores the master's thread and two track
     * threads share them, so neither the tracks nor the master chain waits for a whole core.
     */
    private static int defaultThreads() {
        int cores = Runtime.getRuntime().availableProcessors();
        return cores == 1 ? 1 : Math.min(cores, 8) + 1;
    }

    /** Frames the mix will have. */
    public long outputFrames() {
        return outputFrames;
    }

    public int outputChannels() {
        return master.outputChannels();
    }

    public int sampleRate() {
        return session.sampleRate();
    }

    /** The master's lag behind the session timeline, removed from the output. */
    public int latencySamples() {
        return master.outputLatency();
    }

    /** The delay each route adds to line its path up, by "source -> destination" (for tests and reports). */
    public Map<String, Integer> compensationDelays() {
        Map<String, Integer> delays = new java.util.LinkedHashMap<>();
        for (Route route : routes) {
            delays.merge(route.source().name() + " -> " + route.destination().name(), route.delay(), Math::max);
        }
        return delays;
    }

    /** Every plugin of the sounding channels, labelled by channel, for meters. */
    public Map<String, List<AudioPlugin>> pluginsByChannel() {
        Map<String, List<AudioPlugin>> map = new java.util.LinkedHashMap<>();
        for (MixerChannel c : tracks) {
            map.put(c.name(), c.plugins());
        }
        for (MixerChannel c : buses) {
            map.put("bus " + c.name(), c.plugins());
        }
        map.put("master", master.plugins());
        return map;
    }

    /**
     * Renders the whole mix into {@code output} and, when {@code stemsDirectory} is given, every sounding
     * track and bus (after its chain, fader and pan) into aligned stems there.
     *
     * @param recorder receives the master's input (before its chain) and output, aligned; may be null
     */
    public void render(WavWriter output, Path stemsDirectory, SampleEncoding stemEncoding, Recorder recorder,
                       Listener listener) throws AudioFileException {
        List<StemWriter> stems = new ArrayList<>();
        try {
            for (MixerChannel channel : tracks) {
                channel.open();
            }
            if (stemsDirectory != null) {
                for (MixerChannel channel : tracks) {
                    stems.add(new StemWriter(channel, stemsDirectory.resolve(fileName(channel.name()) + ".wav"),
                            stemEncoding));
                }
                for (MixerChannel channel : buses) {
                    stems.add(new StemWriter(channel,
                            stemsDirectory.resolve("bus-" + fileName(channel.name()) + ".wav"), stemEncoding));
                }
            }
            stream(output, stems, recorder, listener);
            for (StemWriter stem : stems) {
                stem.writer.commit();
            }
        } finally {
            stems.forEach(s -> s.writer.close());
            tracks.forEach(MixerChannel::close);
        }
    }

    private void stream(WavWriter output, List<StemWriter> stems, Recorder recorder, Listener listener)
            throws AudioFileException {
        MasterStage stage = new MasterStage(output, recorder);
        long end = outputFrames + master.outputLatency();   // processing frames until the last output frame
        BlockThread masterThread = null;
        List<BlockThread> trackThreads = new ArrayList<>();
        if (threads > 1) {
            master.doubleBuffer();
            masterThread = new BlockThread("mixdown-master", stage::render);
        }
        // the caller renders the first share of the tracks, each track thread one of the others
        MixerChannel[][] shares = shares(tracks, Math.max(1, Math.min(threads - 1, tracks.size())));
        try {
            for (int t = 1; t < shares.length; t++) {
                MixerChannel[] share = shares[t];
                trackThreads.add(new BlockThread("mixdown-tracks-" + t, (p, n) -> renderAll(share, p, n)));
            }
            for (long position = 0; position < end; position += blockSize) {
                int n = blockSize;
                for (BlockThread thread : trackThreads) {
                    thread.start(position, n);
                }
                renderAll(shares[0], position, n);
                for (BlockThread thread : trackThreads) {
                    thread.await();
                }
                for (MixerChannel bus : buses) {
                    bus.clearSum(n);
                }
                master.clearSum(n);
                for (MixerChannel track : tracks) {   // summed in session order, whoever rendered them
                    mixRoutesFrom(track, n);
                }
                for (MixerChannel bus : buses) {
                    bus.render(position, n);
                    mixRoutesFrom(bus, n);
                }
                for (StemWriter stem : stems) {
                    stem.write(n);
                }
                if (masterThread == null) {
                    stage.render(position, n);
                } else {
                    masterThread.await();          // the previous block's master is done with its input
                    master.swap();
                    masterThread.start(position, n);   // renders this block while the next is summed
                }
                if (listener != null) {
                    listener.progress(Math.max(0, Math.min(outputFrames, position - master.outputLatency())),
                            outputFrames);
                }
            }
            if (masterThread != null) {
                masterThread.await();
            }
        } finally {
            trackThreads.forEach(BlockThread::stop);
            if (masterThread != null) {
                masterThread.stop();
            }
        }
        if (listener != null) {
            listener.progress(outputFrames, outputFrames);
        }
    }

    private static void renderAll(MixerChannel[] channels, long position, int frames) throws AudioFileException {
        for (MixerChannel channel : channels) {
            channel.render(position, frames);
        }
    }

    /** Deals the tracks round-robin into {@code count} shares. */
    private static MixerChannel[][] shares(List<MixerChannel> tracks, int count) {
        MixerChannel[][] shares = new MixerChannel[count][];
        for (int s = 0; s < count; s++) {
            shares[s] = new MixerChannel[(tracks.size() - s + count - 1) / count];
        }
        for (int i = 0; i < tracks.size(); i++) {
            shares[i % count][i / count] = tracks.get(i);
        }
        return shares;
    }

    /** The master's part of a block: its chain and fader, then the output (latency removed) and the recorder. */
    private final class MasterStage {
        private final WavWriter output;
        private final Recorder recorder;
        private long skip = master.outputLatency();
        private long beforeSkip = master.inputLatency();
        private long written;
        private long beforeWritten;

        MasterStage(WavWriter output, Recorder recorder) {
            this.output = output;
            this.recorder = recorder;
        }

        void render(long position, int n) throws AudioFileException {
            if (recorder != null) {
                int from = (int) Math.min(n, beforeSkip);
                beforeSkip -= from;
                int count = (int) Math.min(n - from, outputFrames - beforeWritten);
                if (count > 0) {
                    recorder.before(master.input().data(), from, from + count);
                    beforeWritten += count;
                }
            }
            master.render(position, n);
            int from = (int) Math.min(n, skip);
            skip -= from;
            int count = (int) Math.min(n - from, outputFrames - written);
            if (count > 0) {
                output.write(master.postFader(), from, count);
                if (recorder != null) {
                    recorder.after(master.postFader(), from, from + count);
                }
                written += count;
            }
        }
    }

    private void mixRoutesFrom(MixerChannel source, int frames) {
        for (Route route : routes) {
            if (route.source() == source) {
                route.mix(frames);
            }
        }
    }

    private static String fileName(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /** A channel's output written with its own latency removed, so all stems line up with the mix. */
    private final class StemWriter {
        private final MixerChannel channel;
        private final WavWriter writer;
        private long skip;
        private long written;

        StemWriter(MixerChannel channel, Path file, SampleEncoding encoding) throws AudioFileException {
            this.channel = channel;
            this.writer = WavWriter.create(file, new WavFormat(MixerChannel.OUT_CHANNELS, session.sampleRate(),
                    encoding));
            this.skip = channel.outputLatency();
        }

        void write(int frames) throws AudioFileException {
            int from = (int) Math.min(frames, skip);
            skip -= from;
            int count = (int) Math.min(frames - from, outputFrames - written);
            if (count > 0) {
                writer.write(channel.postFader(), from, count);
                written += count;
            }
        }
    }

    @Override
    public void close() {
        tracks.forEach(MixerChannel::close);
    }

    /** Creates a stems directory if needed, before any audio; an error names the option. */
    public static void checkDirectory(Path directory, String option) {
        if (directory == null) {
            return;
        }
        try {
            java.nio.file.Files.createDirectories(directory);
        } catch (java.io.IOException e) {
            throw new MixdownException(option + " " + directory + ": cannot create the directory ("
                    + e.getClass().getSimpleName() + ")", e);
        }
    }
}
