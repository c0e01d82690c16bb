package org.mixdown.host.session;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.mixdown.host.PluginRegistry;
import org.mixdown.host.chain.Chain;

/**
 * A mixing session, checked and ready to render: tracks (a stem through a chain, a fader and a pan), buses
 * that sum what is sent to them and run their own chain, and the master. Every plugin is already created
 * and set, every stem's header read and every route resolved; {@link SessionFile#read} reports any problem
 * before a sample is processed. Owns its plugins: close it when done.
 */
public final class Session implements AutoCloseable {
    /** A send from a channel into a bus, at {@code levelDb}, tapped before or after the fader. */
    public record Send(String bus, double levelDb, boolean preFader) {
    }

    /** What an automation lane moves: the fader, the pan, or parameter {@code parameter} of chain slot {@code slot}. */
    public record Lane(String key, Target target, int slot, int parameter, Automation curve) {
        public enum Target { FADER, PAN, PARAMETER }
    }

    /** A stem file's shape, read from its header. */
    public record Stem(Path file, int channels, long frames) {
    }

    /** A track, a bus or the master: a chain, a fader and a pan, and where its output goes. */
    public static final class Channel {
        public enum Kind { TRACK, BUS, MASTER }

        private final Kind kind;
        private final String name;
        private final String jsonPath;
        private final Stem stem;
        private final Chain chain;
        private final double faderDb;
        private final double pan;
        private final boolean mute;
        private final boolean solo;
        private final List<Send> sends;
        private final String output;
        private final List<Lane> lanes;

        Channel(Kind kind, String name, String jsonPath, Stem stem, Chain chain, double faderDb, double pan,
                boolean mute, boolean solo, List<Send> sends, String output, List<Lane> lanes) {
            this.kind = kind;
            this.name = name;
            this.jsonPath = jsonPath;
            this.stem = stem;
            this.chain = chain;
            this.faderDb = faderDb;
            this.pan = pan;
            this.mute = mute;
            this.solo = solo;
            this.sends = List.copyOf(sends);
            this.output = output;
            this.lanes = List.copyOf(lanes);
        }

        public Kind kind() {
            return kind;
        }

        public String name() {
            return name;
        }

        /** Where the channel is in the session file, e.g. {@code $.tracks[2]}: error messages cite it. */
        public String jsonPath() {
            return jsonPath;
        }

        /** The stem of a track; null for buses and the master. */
        public Stem stem() {
            return stem;
        }

        public Chain chain() {
            return chain;
        }

        public double faderDb() {
            return faderDb;
        }

        /** -100 (left) .. 100 (right). */
        public double pan() {
            return pan;
        }

        public boolean mute() {
            return mute;
        }

        public boolean solo() {
            return solo;
        }

        public List<Send> sends() {
            return sends;
        }

        /** The bus the channel's output feeds, or null for the master (and for the master itself). */
        public String output() {
            return output;
        }

        public List<Lane> lanes() {
            return lanes;
        }
    }

    private final Path file;
    private final int sampleRate;
    private final List<Channel> tracks;
    private final List<Channel> buses;
    private final Channel master;

    Session(Path file, int sampleRate, List<Channel> tracks, List<Channel> buses, Channel master) {
        this.file = file;
        this.sampleRate = sampleRate;
        this.tracks = List.copyOf(tracks);
        this.buses = List.copyOf(buses);
        this.master = master;
    }

    /** Reads and checks a session file; see {@link SessionFile}. */
    public static Session read(Path file, PluginRegistry registry) {
        return SessionFile.read(file, registry);
    }

    public Path file() {
        return file;
    }

    public int sampleRate() {
        return sampleRate;
    }

    public List<Channel> tracks() {
        return tracks;
    }

    /** The buses in processing order: every bus comes after every bus that feeds it. */
    public List<Channel> buses() {
        return buses;
    }

    public Channel master() {
        return master;
    }

    /** Console solo: when any track is soloed, only soloed tracks sound; a muted track never sounds. */
    public boolean audible(Channel channel) {
        if (channel.kind() != Channel.Kind.TRACK) {
            return !channel.mute();
        }
        boolean anySolo = tracks.stream().anyMatch(Channel::solo);
        return !channel.mute() && (!anySolo || channel.solo());
    }

    @Override
    public void close() {
        List<Channel> all = new ArrayList<>(tracks);
        all.addAll(buses);
        all.add(master);
        for (Channel channel : all) {
            channel.chain().close();
        }
    }
}
