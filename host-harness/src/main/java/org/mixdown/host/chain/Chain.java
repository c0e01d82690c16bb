package org.mixdown.host.chain;

import java.util.ArrayList;
import java.util.List;
import org.mixdown.api.AudioBuffer;
import org.mixdown.api.AudioPlugin;
import org.mixdown.api.ParameterEvents;
import org.mixdown.api.ProcessSetup;
import org.mixdown.dsp.DelayLine;

/**
 * Plugins in series. The chain's latency is the sum of its plugins' latencies; a bypassed slot passes its
 * input delayed by the plugin's latency, so bypassing never shifts the timing. Automation is given per slot
 * ({@link #events}) and the chain splits the block at every event offset, so each plugin sees its changes
 * at the block start of a sub-block: sample-accurate even for plugins that only read parameters per call.
 */
public final class Chain implements AutoCloseable {
    /** Room for automation events per slot and block. */
    public static final int EVENT_CAPACITY = 256;

    private final List<Slot> slots;
    /** The same slots as an array: the audio thread iterates without allocating an iterator. */
    private final Slot[] slotArray;
    private int inputChannels;
    private int outputChannels;
    private int latency;
    private boolean prepared;
    private int[] splitPoints = new int[0];
    /** The chain's copy of its input, so every stage shares one window offset. */
    private AudioBuffer entry;

    /** One plugin in the chain, with its bypass switch and its automation for the next block. */
    public static final class Slot {
        private final AudioPlugin plugin;
        private volatile boolean bypassed;
        private final ParameterEvents events = new ParameterEvents(EVENT_CAPACITY);
        private final ParameterEvents subBlockEvents = new ParameterEvents(EVENT_CAPACITY);
        private AudioBuffer output;
        private DelayLine[] bypassDelay;
        private int delay;

        public Slot(AudioPlugin plugin, boolean bypassed) {
            this.plugin = plugin;
            this.bypassed = bypassed;
        }

        public AudioPlugin plugin() {
            return plugin;
        }

        public boolean bypassed() {
            return bypassed;
        }

        public void setBypassed(boolean bypassed) {
            this.bypassed = bypassed;
        }
    }

    public Chain(List<Slot> slots) {
        this.slots = List.copyOf(slots);
        this.slotArray = this.slots.toArray(new Slot[0]);
    }

    public List<Slot> slots() {
        return slots;
    }

    /**
     * Prepares every plugin in turn: each gets the channel count the previous one puts out.
     *
     * @throws IllegalArgumentException when a plugin takes no such channel count
     */
    public void prepare(double sampleRate, int maxBlockSize, int inputChannels) {
        this.inputChannels = inputChannels;
        int channels = inputChannels;
        latency = 0;
        for (int i = 0; i < slots.size(); i++) {
            Slot slot = slots.get(i);
            int out = slot.plugin.descriptor().outputsFor(channels);
            if (out < 0) {
                throw new IllegalArgumentException("slot " + (i + 1) + " (" + slot.plugin.descriptor().id()
                        + ") takes no " + channels + "-channel input; it takes " + slot.plugin.descriptor().layouts());
            }
            slot.plugin.prepare(new ProcessSetup(sampleRate, maxBlockSize, channels, out));
            slot.output = AudioBuffer.allocate(out, maxBlockSize);
            slot.delay = slot.plugin.latencySamples();
            slot.bypassDelay = new DelayLine[out];
            for (int c = 0; c < out; c++) {
                slot.bypassDelay[c] = new DelayLine();
                // room for the latency plus a block: a whole block goes in before the delayed one is read
                slot.bypassDelay[c].allocate(Math.max(1, slot.delay + maxBlockSize));
            }
            latency += slot.delay;
            channels = out;
        }
        outputChannels = channels;
        entry = AudioBuffer.allocate(Math.max(1, inputChannels), maxBlockSize);
        splitPoints = new int[EVENT_CAPACITY * Math.max(1, slots.size()) + 2];
        prepared = true;
    }

    public int inputChannels() {
        return inputChannels;
    }

    public int outputChannels() {
        return outputChannels;
    }

    /** The sum of the plugins' latencies, in samples. */
    public int latencySamples() {
        return latency;
    }

    /** The longest tail of any plugin plus the latency after it (a safe bound on the chain's tail). */
    public int tailSamples() {
        int tail = 0;
        for (Slot slot : slots) {
            tail += slot.plugin.tailSamples();
        }
        return tail;
    }

    /** The automation of slot {@code slot} for the next {@link #process} call; cleared after it. */
    public ParameterEvents events(int slot) {
        return slots.get(slot).events;
    }

    /**
     * Runs {@code in} through every slot into {@code out} ({@code out} has {@link #outputChannels()}
     * channels and the same window). Allocation-free.
     */
    public void process(AudioBuffer in, AudioBuffer out) {
        if (!prepared) {
            throw new IllegalStateException("chain not prepared");
        }
        int frames = in.frames();
        int inOffset = in.offset();
        int points = collectSplitPoints(frames);
        for (int p = 0; p + 1 < points; p++) {
            processSubBlock(in, inOffset, out, splitPoints[p], splitPoints[p + 1], frames);
        }
        for (Slot slot : slotArray) {
            slot.events.clear();
        }
    }

    /** Sorted, distinct offsets 0, every event offset inside the block, and the block length. */
    private int collectSplitPoints(int frames) {
        int n = 0;
        splitPoints[n++] = 0;
        for (Slot slot : slotArray) {
            ParameterEvents e = slot.events;
            for (int i = 0; i < e.size(); i++) {
                int offset = e.offset(i);
                if (offset > 0 && offset < frames) {
                    splitPoints[n++] = offset;
                }
            }
        }
        splitPoints[n++] = frames;
        java.util.Arrays.sort(splitPoints, 0, n);
        int distinct = 1;
        for (int i = 1; i < n; i++) {
            if (splitPoints[i] != splitPoints[distinct - 1]) {
                splitPoints[distinct++] = splitPoints[i];
            }
        }
        return distinct;
    }

    private void processSubBlock(AudioBuffer in, int inOffset, AudioBuffer out, int from, int to, int blockFrames) {
        int frames = to - from;
        // every stage works at the same window [from, to) of its own buffer, as plugins require
        AudioBuffer source = entry.window(from, frames);
        for (int c = 0; c < inputChannels; c++) {
            System.arraycopy(in.channel(c), inOffset + from, entry.channel(c), from, frames);
        }
        for (Slot slot : slotArray) {
            AudioBuffer target = slot.output.window(from, frames);
            ParameterEvents events = eventsIn(slot, from, to, blockFrames);
            if (slot.bypassed) {
                // parameters still change while bypassed, so un-bypassing resumes with current values
                for (int i = 0; i < events.size(); i++) {
                    slot.plugin.setParameter(slot.plugin.descriptor().parameters().get(events.parameter(i)).id(),
                            events.value(i));
                }
                passDelayed(slot, source, target);
            } else {
                slot.plugin.process(source, target, events);
                feedBypassDelay(slot, source);
            }
            source = target;
        }
        for (int c = 0; c < outputChannels; c++) {
            System.arraycopy(source.channel(c), from, out.channel(c), out.offset() + from, frames);
        }
    }

    /** This slot's events with offsets in [from, to), moved to offset 0 (the sub-block starts at one). */
    private static ParameterEvents eventsIn(Slot slot, int from, int to, int blockFrames) {
        ParameterEvents all = slot.events;
        ParameterEvents sub = slot.subBlockEvents;
        sub.clear();
        for (int i = 0; i < all.size(); i++) {
            int offset = all.offset(i);
            // an event at or past the block end lands with the last sub-block rather than being lost
            if (offset >= from && (offset < to || to == blockFrames)) {
                sub.add(0, all.parameter(i), all.value(i));
            }
        }
        return sub;
    }

    /** Bypass: input to output delayed by the plugin's latency; a mono input feeds every output channel. */
    private static void passDelayed(Slot slot, AudioBuffer source, AudioBuffer target) {
        int frames = source.frames();
        for (int c = 0; c < target.channels(); c++) {
            float[] src = source.channel(Math.min(c, source.channels() - 1));
            float[] dst = target.channel(c);
            DelayLine line = slot.bypassDelay[c];
            line.write(src, source.offset(), frames);
            line.read(slot.delay + frames, dst, target.offset(), frames);  // the input delayed by the latency
        }
    }

    /** Keeps the bypass delay filled while the plugin runs, so switching to bypass does not drop audio. */
    private static void feedBypassDelay(Slot slot, AudioBuffer source) {
        if (slot.delay == 0) {
            return;
        }
        int frames = source.frames();
        for (int c = 0; c < slot.bypassDelay.length; c++) {
            float[] src = source.channel(Math.min(c, source.channels() - 1));
            slot.bypassDelay[c].write(src, source.offset(), frames);
        }
    }

    public void reset() {
        for (Slot slot : slots) {
            slot.plugin.reset();
            if (slot.bypassDelay != null) {
                for (DelayLine line : slot.bypassDelay) {
                    line.clear();
                }
            }
        }
    }

    /** The plugins, for reading meters or state. */
    public List<AudioPlugin> plugins() {
        List<AudioPlugin> list = new ArrayList<>();
        for (Slot slot : slots) {
            list.add(slot.plugin);
        }
        return list;
    }

    @Override
    public void close() {
        for (Slot slot : slots) {
            slot.plugin.close();
        }
    }
}
