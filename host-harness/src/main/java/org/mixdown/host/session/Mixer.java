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
    /** Threads that render: 1 = all on the caller's; more = the pipelined mix over the caller and helpers. */
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
     * How many threads render: 1, everything on the caller's, block after block; more, the blocks go
     * through a three-stage pipeline (tracks, buses, master) whose tasks are spread over the caller's
     * thread and {@code count - 1} helpers. Every setting gives the same bits: each channel renders its
     * blocks in order and the sums are added in the same order.
     */
    public Mixer threads(int count) {
        if (count < 1 || count > 16) {
            throw new IllegalArgumentException("1 to 16 threads, not " + count);
        }
        threads = count;
        return this;
    }

    /** One thread per core (waiting threads spin briefly, so more threads than cores would only get in the way). */
    private static int defaultThreads() {
        return Math.min(Runtime.getRuntime().availableProcessors(), 8);
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
        long blocks = (end + blockSize - 1) / blockSize;
        if (threads == 1) {
            for (long block = 0; block < blocks; block++) {
                for (MixerChannel track : tracks) {
                    track.render(block, block * blockSize, blockSize);
                }
                sumTracks(block);
                writeStems(stems, true);
                renderBuses(block);
                writeStems(stems, false);
                stage.render(block);
                report(listener, block);
            }
        } else {
            pipeline(stage, stems, listener, blocks);
        }
        if (listener != null) {
            listener.progress(outputFrames, outputFrames);
        }
    }

    /**
     * The threaded mix, a pipeline of three stages: step {@code s} renders the tracks of block {@code s},
     * the buses of block {@code s - 1} and the master of block {@code s - 2} as independent tasks spread
     * over the threads, then sums block {@code s}'s tracks into the buses and the master. Each channel still
     * renders its blocks in order and every sum is added in the same order as without threads, so the bits
     * are the same; the master sums into three buffers in turn (one rendering, one taking the buses, one
     * taking the tracks).
     */
    private void pipeline(MasterStage stage, List<StemWriter> stems, Listener listener, long blocks)
            throws AudioFileException {
        master.sumBuffers(3);
        TimedTask[] trackTasks = new TimedTask[tracks.size()];
        for (int t = 0; t < trackTasks.length; t++) {
            MixerChannel track = tracks.get(t);
            trackTasks[t] = new TimedTask(block -> track.render(block, block * blockSize, blockSize));
        }
        TimedTask busTask = new TimedTask(this::renderBuses);
        TimedTask masterTask = new TimedTask(stage::render);
        TimedTask[] step = new TimedTask[trackTasks.length + 2];
        try (StepPool pool = new StepPool(threads - 1, "mixdown-mix")) {
            for (long s = 0; s < blocks + 2; s++) {
                int count = 0;
                if (s >= 2) {
                    step[count++] = masterTask.forBlock(s - 2);
                }
                if (s >= 1 && s - 1 < blocks && !buses.isEmpty()) {
                    step[count++] = busTask.forBlock(s - 1);
                }
                if (s < blocks) {
                    for (TimedTask task : trackTasks) {
                        step[count++] = task.forBlock(s);
                    }
                }
                TimedTask.longestFirst(step, count);
                pool.run(step, count);
                if (s >= 1 && s - 1 < blocks) {
                    writeStems(stems, false);
                }
                if (s < blocks) {
                    sumTracks(s);
                    writeStems(stems, true);
                }
                if (s >= 2) {
                    report(listener, s - 2);
                }
            }
        }
    }

    /** Clears block {@code block}'s sums of the buses and the master, then adds the tracks in session order. */
    private void sumTracks(long block) {
        for (MixerChannel bus : buses) {
            bus.clearSum(block, blockSize);
        }
        master.clearSum(block, blockSize);
        for (MixerChannel track : tracks) {
            mixRoutesFrom(track, block);
        }
    }

    /** Renders block {@code block} of every bus in dependency order, each adding into what it feeds. */
    private void renderBuses(long block) throws AudioFileException {
        for (MixerChannel bus : buses) {
            bus.render(block, block * blockSize, blockSize);
            mixRoutesFrom(bus, block);
        }
    }

    /** Writes the block just rendered of the tracks' stems ({@code ofTracks}) or of the buses'. */
    private void writeStems(List<StemWriter> stems, boolean ofTracks) throws AudioFileException {
        for (StemWriter stem : stems) {
            if ((stem.channel.spec().kind() == Channel.Kind.TRACK) == ofTracks) {
                stem.write(blockSize);
            }
        }
    }

    private void report(Listener listener, long masterBlock) {
        if (listener != null) {
            long position = masterBlock * blockSize;
            listener.progress(Math.max(0, Math.min(outputFrames, position - master.outputLatency())), outputFrames);
        }
    }

    /** A step's task for one channel (or the buses, or the master) and the block it renders; it times itself. */
    private static final class TimedTask implements StepPool.Task {
        interface BlockWork {
            void render(long block) throws AudioFileException;
        }

        private final BlockWork work;
        private long block;
        /** How long the last run took: the next step hands out the longest first. */
        private long lastNanos;

        TimedTask(BlockWork work) {
            this.work = work;
        }

        TimedTask forBlock(long block) {
            this.block = block;
            return this;
        }

        @Override
        public void run() throws AudioFileException {
            long start = System.nanoTime();
            work.render(block);
            lastNanos = System.nanoTime() - start;
        }

        /** Sorts {@code tasks[0, count)} by their last duration, longest first (insertion sort: a handful). */
        static void longestFirst(TimedTask[] tasks, int count) {
            for (int i = 1; i < count; i++) {
                TimedTask t = tasks[i];
                int j = i - 1;
                while (j >= 0 && tasks[j].lastNanos < t.lastNanos) {
                    tasks[j + 1] = tasks[j];
                    j--;
                }
                tasks[j + 1] = t;
            }
        }
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

        void render(long block) throws AudioFileException {
            int n = blockSize;
            if (recorder != null) {
                int from = (int) Math.min(n, beforeSkip);
                beforeSkip -= from;
                int count = (int) Math.min(n - from, outputFrames - beforeWritten);
                if (count > 0) {
                    recorder.before(master.sum(block).data(), from, from + count);
                    beforeWritten += count;
                }
            }
            master.render(block, block * blockSize, n);
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

    private void mixRoutesFrom(MixerChannel source, long block) {
        for (Route route : routes) {
            if (route.source() == source) {
                route.mix(block, blockSize);
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
