package org.mixdown.host.session;

import java.util.ArrayList;
import java.util.List;
import org.mixdown.api.AudioBuffer;
import org.mixdown.api.AudioPlugin;
import org.mixdown.dsp.Db;
import org.mixdown.host.MixdownException;
import org.mixdown.host.chain.Chain;
import org.mixdown.host.io.AudioFileException;
import org.mixdown.host.io.WavReader;
import org.mixdown.host.session.Session.Channel;
import org.mixdown.host.session.Session.Lane;

/**
 * One channel of the running mixer: its input (a stem read block by block, or the sum of what is routed
 * into it), its chain with automation, then fader and pan applied per sample. After {@link #render} the
 * channel offers its signal before the fader ({@link #preFader}) and after it ({@link #postFader}), both
 * stereo. Allocation-free per block.
 *
 * <p>Pan: a mono channel is placed by the constant-power law (cos/sin, -3 dB each side at the centre); a
 * stereo channel is balanced, unity at the centre and never boosting. Fader automation is interpolated
 * in dB per sample.
 */
final class MixerChannel implements AutoCloseable {
    /** Stereo everywhere after the pan. */
    static final int OUT_CHANNELS = 2;

    private final Channel spec;
    private final Chain chain;
    private final int blockSize;
    /** Output latency relative to the session timeline: input latency plus the chain's. */
    private int inputLatency;
    private final int[] slotLatencyBefore;
    /** What {@link #render} processes: the stem's block, or the sum of the block being rendered. */
    private AudioBuffer input;
    /**
     * What routes add into, by block number modulo its length: one buffer, or a few when blocks are summed
     * while earlier ones still render (the pipelined mixer's master).
     */
    private AudioBuffer[] sums;
    private final AudioBuffer chainOut;
    private final float[][] pre = new float[OUT_CHANNELS][];
    private final float[][] post = new float[OUT_CHANNELS][];
    private final double[] faderGain;
    private final double[] panLeft;
    private final double[] panRight;
    private final Lane faderLane;
    private final Lane panLane;
    private final List<Lane> parameterLanes = new ArrayList<>();
    private WavReader stem;
    private final boolean hasPan;
    /** Whether a pre-fader send reads {@link #preFader}; if not, the fader loop writes the post-fader signal only. */
    private boolean preFaderRead;
    /** Frames between automation events on ramps: room in every slot's event list for all its lanes. */
    private final int eventSpacing;

    MixerChannel(String file, Channel spec, int sampleRate, int blockSize) {
        this.spec = spec;
        this.chain = spec.chain();
        this.blockSize = blockSize;
        this.hasPan = spec.kind() != Channel.Kind.MASTER;
        int inputChannels = spec.kind() == Channel.Kind.TRACK ? spec.stem().channels() : OUT_CHANNELS;
        Lane fader = null;
        Lane pan = null;
        for (Lane lane : spec.lanes()) {
            switch (lane.target()) {
                case FADER -> fader = lane;
                case PAN -> pan = lane;
                default -> parameterLanes.add(lane);
            }
        }
        this.faderLane = fader;
        this.panLane = pan;
        // automated parameters start at their curve's first value, not glide to it
        for (Lane lane : parameterLanes) {
            AudioPlugin plugin = chain.slots().get(lane.slot()).plugin();
            plugin.setParameter(plugin.descriptor().parameters().get(lane.parameter()).id(),
                    lane.curve().valueAt(0));
        }
        try {
            chain.prepare(sampleRate, blockSize, inputChannels);
        } catch (IllegalArgumentException e) {
            throw new MixdownException(file + ": " + spec.jsonPath() + " (" + spec.name() + "): " + e.getMessage(), e);
        }
        if (chain.outputChannels() > OUT_CHANNELS) {
            throw new MixdownException(file + ": " + spec.jsonPath() + " (" + spec.name() + "): the chain puts out "
                    + chain.outputChannels() + " channels; the mixer is stereo");
        }
        slotLatencyBefore = new int[chain.slots().size()];
        int latencySoFar = 0;
        for (int s = 0; s < slotLatencyBefore.length; s++) {
            slotLatencyBefore[s] = latencySoFar;
            latencySoFar += chain.slots().get(s).plugin().latencySamples();
        }
        input = AudioBuffer.allocate(inputChannels, blockSize);
        sums = new AudioBuffer[] {input};
        chainOut = AudioBuffer.allocate(chain.outputChannels(), blockSize);
        for (int c = 0; c < OUT_CHANNELS; c++) {
            pre[c] = new float[blockSize];
            post[c] = new float[blockSize];
        }
        int[] lanesPerSlot = new int[Math.max(1, chain.slots().size())];
        int most = 1;
        for (Lane lane : parameterLanes) {
            most = Math.max(most, ++lanesPerSlot[lane.slot()]);
        }
        // half of each slot's event list for ramp points, the other half for breakpoints inside a block
        int room = Chain.EVENT_CAPACITY / 2;
        eventSpacing = Math.max(Automation.EVENT_SPACING, (blockSize * most + room - 1) / room);
        faderGain = new double[blockSize];
        panLeft = new double[blockSize];
        panRight = new double[blockSize];
    }

    Channel spec() {
        return spec;
    }

    String name() {
        return spec.name();
    }

    /** A pre-fader send reads this channel: from now on {@link #render} fills {@link #preFader} too. */
    void readPreFader() {
        preFaderRead = true;
    }

    /** Opens the stem of a track for streaming. */
    void open() throws AudioFileException {
        if (spec.kind() == Channel.Kind.TRACK) {
            stem = WavReader.open(spec.stem().file());
        }
    }

    void setInputLatency(int samples) {
        inputLatency = samples;
    }

    int inputLatency() {
        return inputLatency;
    }

    /** Samples by which this channel's output lags the session timeline. */
    int outputLatency() {
        return inputLatency + chain.latencySamples();
    }

    int chainTail() {
        return chain.tailSamples();
    }

    int outputChannels() {
        return spec.kind() == Channel.Kind.MASTER ? chain.outputChannels() : OUT_CHANNELS;
    }

    /** The buffer routes add block {@code block} into (buses and master); a track's input is its stem. */
    AudioBuffer sum(long block) {
        return sums[(int) (block % sums.length)];
    }

    /** Clears the summing input of block {@code block}. */
    void clearSum(long block, int frames) {
        sum(block).frames(frames).clear();
    }

    /** Gives routes {@code count} buffers to sum into, so later blocks can be summed while one renders. */
    void sumBuffers(int count) {
        sums = new AudioBuffer[count];
        for (int i = 0; i < count; i++) {
            sums[i] = AudioBuffer.allocate(input.channels(), blockSize);
        }
    }

    /**
     * Processes block number {@code block}, which starts at processing position {@code position} (input
     * frames; a bus's input already summed into {@link #sum(long)}).
     */
    void render(long block, long position, int frames) throws AudioFileException {
        if (stem == null) {
            input = sum(block);
        } else {
            input.frames(frames);
            int n = stem.read(input.data(), 0, frames);
            for (int c = 0; c < input.channels(); c++) {
                java.util.Arrays.fill(input.channel(c), n, frames, 0f);
            }
        }
        input.frames(frames);
        chainOut.frames(frames);
        for (Lane lane : parameterLanes) {
            long timeline = position - inputLatency - slotLatencyBefore[lane.slot()];
            lane.curve().emit(timeline, frames, eventSpacing, lane.parameter(), chain.events(lane.slot()));
        }
        chain.process(input, chainOut);
        applyFaderAndPan(position - outputLatency(), frames);
    }

    private void applyFaderAndPan(long timeline, int frames) {
        boolean faderMoves = faderLane != null && !faderLane.curve().isConstant(timeline, frames);
        boolean panMoves = panLane != null && !panLane.curve().isConstant(timeline, frames);
        double fader = Db.toLinear(faderLane == null ? spec.faderDb() : faderLane.curve().valueAt(timeline));
        double pan = panLane == null ? spec.pan() : panLane.curve().valueAt(timeline);
        if (faderMoves) {
            faderLane.curve().fill(timeline, faderGain, frames);
            for (int i = 0; i < frames; i++) {
                faderGain[i] = Db.toLinear(faderGain[i]);
            }
        }
        if (panMoves) {
            panLane.curve().fill(timeline, panLeft, frames);
            for (int i = 0; i < frames; i++) {
                double p = panLeft[i];
                panLeft[i] = panGain(p, true);
                panRight[i] = panGain(p, false);
            }
        }
        double left = panGain(pan, true);
        double right = panGain(pan, false);
        float[] inL = chainOut.channel(0);
        float[] inR = chainOut.channel(chainOut.channels() - 1);
        if (spec.kind() == Channel.Kind.MASTER) {
            for (int c = 0; c < chainOut.channels(); c++) {
                float[] x = chainOut.channel(c);
                if (faderMoves) {
                    for (int i = 0; i < frames; i++) {
                        post[c][i] = (float) (x[i] * faderGain[i]);
                    }
                } else if (fader == 1) {  // x * 1.0 rounds back to x: a copy gives the same bits
                    System.arraycopy(x, 0, post[c], 0, frames);
                } else {
                    for (int i = 0; i < frames; i++) {
                        post[c][i] = (float) (x[i] * fader);
                    }
                }
            }
            return;
        }
        if (!faderMoves && !panMoves) {  // the usual case: constant gains, a loop the JIT vectorises
            constantFaderAndPan(inL, inR, left, right, fader, frames);
            return;
        }
        for (int i = 0; i < frames; i++) {
            double gl = panMoves ? panLeft[i] : left;
            double gr = panMoves ? panRight[i] : right;
            double f = faderMoves ? faderGain[i] : fader;
            float l = (float) (inL[i] * gl);
            float r = (float) (inR[i] * gr);
            pre[0][i] = l;
            pre[1][i] = r;
            post[0][i] = (float) (l * f);
            post[1][i] = (float) (r * f);
        }
    }

    /**
     * Fader and pan at constant gains. The panned sample is rounded to float before the fader, as the
     * pre-fader signal is, so the post-fader signal has the same bits whether or not a send reads the
     * pre-fader one; a unity fader then leaves it as it is ((float) (l * 1.0) == l), so that loop skips it.
     */
    private void constantFaderAndPan(float[] inL, float[] inR, double left, double right, double fader, int frames) {
        float[] postL = post[0];
        float[] postR = post[1];
        if (preFaderRead) {
            float[] preL = pre[0];
            float[] preR = pre[1];
            for (int i = 0; i < frames; i++) {
                float l = (float) (inL[i] * left);
                float r = (float) (inR[i] * right);
                preL[i] = l;
                preR[i] = r;
                postL[i] = (float) (l * fader);
                postR[i] = (float) (r * fader);
            }
        } else if (fader == 1) {
            scale(inL, left, postL, frames);
            scale(inR, right, postR, frames);
        } else {
            panThenFader(inL, left, fader, postL, frames);
            panThenFader(inR, right, fader, postR, frames);
        }
    }

    /**
     * {@code out = (float) (x * gain)}; a copy when the gain is 1, as it is on the near side of a stereo pan
     * (Java 17 does not vectorise a loop that widens floats to doubles, so the copy is several times faster).
     */
    private static void scale(float[] x, double gain, float[] out, int frames) {
        if (gain == 1) {
            System.arraycopy(x, 0, out, 0, frames);
            return;
        }
        for (int i = 0; i < frames; i++) {
            out[i] = (float) (x[i] * gain);
        }
    }

    /** Pan gain, rounded to float, then the fader: what the pre-fader signal would be, times the fader. */
    private static void panThenFader(float[] x, double pan, double fader, float[] out, int frames) {
        if (pan == 1) {  // (float) (x * 1.0) == x
            scale(x, fader, out, frames);
            return;
        }
        for (int i = 0; i < frames; i++) {
            float panned = (float) (x[i] * pan);
            out[i] = (float) (panned * fader);
        }
    }

    /** Constant-power placement for mono, balance normalised to unity at the centre for stereo. */
    private double panGain(double pan, boolean left) {
        if (!hasPan) {
            return 1;
        }
        double angle = (pan + 100) / 200 * Math.PI / 2;
        double g = left ? Math.cos(angle) : Math.sin(angle);
        return chainOut.channels() == 1 ? g : Math.min(1, g * Math.sqrt(2));
    }

    /**
     * After {@link #render}: the panned signal before the fader (stereo). Filled only once
     * {@link #readPreFader} was called (while the fader or pan is automated, always).
     */
    float[][] preFader() {
        return pre;
    }

    /** After {@link #render}: the signal after fader and pan (stereo; the master's own channel count). */
    float[][] postFader() {
        return post;
    }

    List<AudioPlugin> plugins() {
        return chain.plugins();
    }

    int blockSize() {
        return blockSize;
    }

    @Override
    public void close() {
        if (stem != null) {
            stem.close();
            stem = null;
        }
    }
}
