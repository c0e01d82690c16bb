package org.mixdown.master;

import java.util.ArrayList;
import java.util.List;
import org.mixdown.api.AbstractPlugin;
import org.mixdown.api.ChannelLayout;
import org.mixdown.api.MeterSpec;
import org.mixdown.api.ParameterSpec;
import org.mixdown.api.PluginDescriptor;
import org.mixdown.api.ProcessSetup;
import org.mixdown.dsp.Crossover;
import org.mixdown.dsp.LinkwitzRiley;

/**
 * Multiband compressor: 2..6 bands split by Linkwitz-Riley crossovers, a {@link BandCompressor} per band,
 * the bands summed back. With every ratio at 1 the output is the input through an all-pass (minimum
 * phase) or delayed by the reported latency (linear phase).
 *
 * <p>{@code phase = minimum}: IIR {@link Crossover}s (all-pass compensated, zero latency; a new slope or
 * band count crossfades, see {@link CrossfadingCrossover}).
 * {@code phase = linear}: {@link LinearPhaseCrossover} (FIR, FFT convolution in fixed chunks), latency
 * = chunk + kernel delay. {@code lookahead} adds its delay in both. {@code phase} and {@code lookahead}
 * change the latency, which is fixed after prepare: they take effect at the next prepare.
 * {@code mode = mid-side} compresses mid (L+R)/2 and side (L-R)/2 instead of left and right.
 * Meters {@code bN.gr}: each band's gain reduction in dB (&gt;= 0, as mix.compressor's {@code gr}) on its
 * most reduced channel.
 */
public final class MultibandCompressor extends AbstractPlugin {
    public static final int MAX_BANDS = Crossover.MAX_BANDS;
    public static final int BANDS = 0;
    /** xover1 .. xover5 are XOVER + 0 .. 4. */
    public static final int XOVER = 1;
    public static final int SLOPE = XOVER + MAX_BANDS - 1;
    public static final int PHASE = SLOPE + 1;
    public static final int MODE = PHASE + 1;
    public static final int LINK = MODE + 1;
    public static final int LOOKAHEAD = LINK + 1;
    /** The first per-band parameter; band b (0-based) parameter k is at BAND_BASE + b * PER_BAND + k. */
    public static final int BAND_BASE = LOOKAHEAD + 1;
    public static final int THRESHOLD = 0;
    public static final int RATIO = 1;
    public static final int KNEE = 2;
    public static final int ATTACK = 3;
    public static final int RELEASE = 4;
    public static final int MAKEUP = 5;
    public static final int SOLO = 6;
    public static final int MUTE = 7;
    public static final int BYPASS = 8;
    public static final int PER_BAND = 9;

    public static final int PHASE_MINIMUM = 0;
    public static final int PHASE_LINEAR = 1;
    public static final int MODE_STEREO = 0;
    public static final int MODE_MID_SIDE = 1;
    public static final double MAX_LOOKAHEAD_MS = 10;
    private static final LinkwitzRiley.Slope[] SLOPES = LinkwitzRiley.Slope.values();
    private static final double[] DEFAULT_XOVER = {120, 600, 2500, 6000, 12_000};

    public static final PluginDescriptor DESCRIPTOR = PluginDescriptor.java("master.multiband",
            "Multiband compressor", "dynamics", List.of(ChannelLayout.MONO, ChannelLayout.STEREO),
            parameters(), meterSpecs(), 1);

    private static List<ParameterSpec> parameters() {
        List<ParameterSpec> list = new ArrayList<>();
        list.add(ParameterSpec.integer("bands", "Bands", "", 2, MAX_BANDS, 4));
        for (int p = 0; p < MAX_BANDS - 1; p++) {
            list.add(ParameterSpec.continuous("xover" + (p + 1), "Crossover " + (p + 1), "Hz", 20, 20_000,
                    DEFAULT_XOVER[p], ParameterSpec.Scale.LOG));
        }
        list.add(ParameterSpec.choice("slope", "Slope",
                List.of(LinkwitzRiley.Slope.LR4.label(), LinkwitzRiley.Slope.LR8.label()), 0));
        list.add(ParameterSpec.choice("phase", "Phase", List.of("minimum", "linear"), PHASE_MINIMUM));
        list.add(ParameterSpec.choice("mode", "Mode", List.of("stereo", "mid-side"), MODE_STEREO));
        list.add(ParameterSpec.continuous("link", "Channel link", "%", 0, 100, 100, ParameterSpec.Scale.LINEAR));
        list.add(ParameterSpec.continuous("lookahead", "Lookahead", "ms", 0, MAX_LOOKAHEAD_MS, 0,
                ParameterSpec.Scale.LINEAR));
        for (int b = 1; b <= MAX_BANDS; b++) {
            String id = "b" + b + ".";
            String name = "Band " + b + " ";
            list.add(ParameterSpec.decibels(id + "threshold", name + "threshold", -60, 0, -18));
            list.add(ParameterSpec.continuous(id + "ratio", name + "ratio", ":1", 1, 20, 2, ParameterSpec.Scale.LOG));
            list.add(ParameterSpec.continuous(id + "knee", name + "knee", "dB", 0, 24, 6, ParameterSpec.Scale.LINEAR));
            list.add(ParameterSpec.continuous(id + "attack", name + "attack", "ms", 0.1, 200, 10,
                    ParameterSpec.Scale.LOG));
            list.add(ParameterSpec.continuous(id + "release", name + "release", "ms", 5, 2000, 150,
                    ParameterSpec.Scale.LOG));
            list.add(ParameterSpec.decibels(id + "makeup", name + "make-up", -24, 24, 0));
            list.add(ParameterSpec.toggle(id + "solo", name + "solo", false));
            list.add(ParameterSpec.toggle(id + "mute", name + "mute", false));
            list.add(ParameterSpec.toggle(id + "bypass", name + "bypass", false));
        }
        return list;
    }

    private static List<MeterSpec> meterSpecs() {
        List<MeterSpec> list = new ArrayList<>();
        for (int b = 1; b <= MAX_BANDS; b++) {
            list.add(new MeterSpec("b" + b + ".gr", "Band " + b + " gain reduction", "dB"));
        }
        return list;
    }

    /** The index of parameter {@code k} (THRESHOLD .. BYPASS) of band {@code band} (0-based). */
    public static int bandParameter(int band, int k) {
        return BAND_BASE + band * PER_BAND + k;
    }

    private int channels;
    private boolean linear;
    private int latency;
    private CrossfadingCrossover iir;
    private LinearPhaseCrossover linearCrossover;
    private ChunkedStream stream;
    private final ChunkedStream.ChunkProcessor chunkProcessor = this::processChunk;
    private final BandCompressor[] compressors = new BandCompressor[MAX_BANDS];
    private final org.mixdown.api.Meter[] grMeters = new org.mixdown.api.Meter[MAX_BANDS];
    private final double[] requestedXover = new double[MAX_BANDS - 1];
    private int activeBands;
    private boolean midSide;
    // scratch: per channel one sample of every band; per band one sample of every channel; the channel sums
    private double[][] split = new double[0][];
    private double[] bandSample = new double[0];
    private double[] sum = new double[0];
    /** One input sample of every channel (mid and side in mid-side mode). */
    private double[] frame = new double[0];
    private double[][] encoded = new double[0][];
    private double[][][] bandChunks = new double[0][][];
    /** Samples per pass of the minimum-phase block path. */
    private static final int SLICE = 256;
    /** Block path scratch: input per channel, bands per channel, the compressed sum per channel. */
    private double[][] inputSlice = new double[0][];
    private double[][][] bandSlice = new double[0][][];
    private double[][] sumSlice = new double[0][];
    /** The linear-phase chunk's compressed sum per channel. */
    private double[][] sumChunk = new double[0][];
    /** One band's buffers of every channel, handed to its compressor (refilled, never allocated). */
    private double[][] bandOfChannels = new double[0][];

    public MultibandCompressor() {
        super(DESCRIPTOR);
        for (int b = 0; b < MAX_BANDS; b++) {
            grMeters[b] = meter("b" + (b + 1) + ".gr");
        }
    }

    @Override
    protected void onPrepare(ProcessSetup setup) {
        double fs = setup.sampleRate();
        channels = setup.outputChannels();
        linear = choice(PHASE) == PHASE_LINEAR;
        int lookaheadSamples = (int) Math.round(value(LOOKAHEAD) * fs / 1000);
        split = new double[channels][MAX_BANDS];
        bandSample = new double[channels];
        sum = new double[channels];
        bandOfChannels = new double[channels][];
        for (int b = 0; b < MAX_BANDS; b++) {
            compressors[b] = new BandCompressor(channels);
            compressors[b].prepare(fs, lookaheadSamples);
        }
        if (linear) {
            iir = null;
            linearCrossover = new LinearPhaseCrossover(fs, channels);
            int chunk = linearCrossover.chunkSize();
            stream = new ChunkedStream(channels, chunk);
            encoded = new double[channels][chunk];
            bandChunks = new double[channels][MAX_BANDS][chunk];
            sumChunk = new double[channels][chunk];
            latency = stream.latency() + linearCrossover.delay() + lookaheadSamples;
        } else {
            linearCrossover = null;
            stream = null;
            iir = new CrossfadingCrossover(channels, slope());
            iir.prepare(fs);
            frame = new double[channels];
            inputSlice = new double[channels][SLICE];
            bandSlice = new double[channels][MAX_BANDS][SLICE];
            sumSlice = new double[channels][SLICE];
            latency = lookaheadSamples;
        }
        applyAll(true);
        if (linear) {
            linearCrossover.designNow();
        }
    }

    private LinkwitzRiley.Slope slope() {
        return SLOPES[choice(SLOPE)];
    }

    /** Applies every parameter; {@code immediate} skips the glides (prepare, reset). */
    private void applyAll(boolean immediate) {
        applyCrossover(immediate);
        for (int b = 0; b < MAX_BANDS; b++) {
            applyBand(b, immediate);
        }
        applyAudibility(immediate);
        midSide = channels == 2 && choice(MODE) == MODE_MID_SIDE;
    }

    private void applyCrossover(boolean immediate) {
        int bands = choice(BANDS);
        for (int b = activeBands; b < bands; b++) {
            compressors[b].reset();  // a band coming back starts from silence, not from stale state
        }
        activeBands = bands;
        for (int p = 0; p < MAX_BANDS - 1; p++) {
            requestedXover[p] = value(XOVER + p);
        }
        if (linear) {
            linearCrossover.configure(slope(), bands, requestedXover);
        } else {
            iir.configure(slope(), bands, requestedXover, immediate);
        }
    }

    private void applyBand(int band, boolean immediate) {
        BandCompressor compressor = compressors[band];
        compressor.setCurve(value(bandParameter(band, THRESHOLD)), value(bandParameter(band, RATIO)),
                value(bandParameter(band, KNEE)));
        compressor.setTimes(value(bandParameter(band, ATTACK)), value(bandParameter(band, RELEASE)));
        compressor.setMakeupDb(value(bandParameter(band, MAKEUP)), immediate);
        compressor.setBypassed(isOn(bandParameter(band, BYPASS)), immediate);
        compressor.setLink(value(LINK) / 100);
    }

    private void applyAudibility(boolean immediate) {
        boolean anySolo = false;
        for (int b = 0; b < MAX_BANDS; b++) {
            anySolo |= isOn(bandParameter(b, SOLO));
        }
        for (int b = 0; b < MAX_BANDS; b++) {
            boolean heard = !isOn(bandParameter(b, MUTE)) && (!anySolo || isOn(bandParameter(b, SOLO)));
            compressors[b].setAudible(heard, immediate);
        }
    }

    @Override
    protected void onParameterChange(int index, double value) {
        if (index >= BAND_BASE) {
            int band = (index - BAND_BASE) / PER_BAND;
            int k = (index - BAND_BASE) % PER_BAND;
            if (k == SOLO || k == MUTE) {
                applyAudibility(false);
            } else {
                applyBand(band, false);
            }
        } else if (index == LINK) {
            for (int b = 0; b < MAX_BANDS; b++) {
                compressors[b].setLink(value / 100);
            }
        } else if (index == MODE) {
            midSide = channels == 2 && choice(MODE) == MODE_MID_SIDE;
        } else if (index == BANDS || index == SLOPE || (index >= XOVER && index < XOVER + MAX_BANDS - 1)) {
            applyCrossover(false);
        }
        // PHASE and LOOKAHEAD change the latency: they take effect at the next prepare
    }

    @Override
    public int latencySamples() {
        return latency;
    }

    @Override
    public int tailSamples() {
        // the IIR crossover rings and the release lets go within about half a second
        return setup() == null ? 0 : latency + (int) (0.5 * sampleRate());
    }

    @Override
    protected void processBlock(float[][] in, float[][] out, int from, int to) {
        if (linear) {
            stream.process(in, out, from, to, chunkProcessor);
        } else {
            processMinimumPhase(in, out, from, to);
        }
        for (int b = 0; b < MAX_BANDS; b++) {
            compressors[b].recoverFromNonFinite();
            grMeters[b].set(b < activeBands ? compressors[b].gainReductionDb() : 0);
        }
    }

    private void processMinimumPhase(float[][] in, float[][] out, int from, int to) {
        if (iir.fading()) {
            processSampleBySample(in, out, from, to);  // the band count may change mid-block
        } else {
            for (int start = from; start < to; start += SLICE) {
                processSlice(in, out, start, Math.min(to, start + SLICE));
            }
        }
        iir.flushDenormals();
    }

    /** The block path: split every channel, compress band by band, sum; each stage over the whole slice. */
    private void processSlice(float[][] in, float[][] out, int from, int to) {
        int n = to - from;
        if (midSide) {
            float[] l = in[0], r = in[1];
            double[] mid = inputSlice[0], side = inputSlice[1];
            for (int i = 0; i < n; i++) {
                double a = l[from + i], b = r[from + i];
                mid[i] = 0.5 * (a + b);
                side[i] = 0.5 * (a - b);
            }
        } else {
            for (int c = 0; c < channels; c++) {
                float[] src = in[c];
                double[] dst = inputSlice[c];
                for (int i = 0; i < n; i++) {
                    dst[i] = src[from + i];
                }
            }
        }
        iir.splitBlock(inputSlice, n, bandSlice);
        compressBlock(bandSlice, iir.outputBands(), n, sumSlice);
        if (midSide) {
            double[] mid = sumSlice[0], side = sumSlice[1];
            for (int i = 0; i < n; i++) {
                out[0][from + i] = (float) (mid[i] + side[i]);
                out[1][from + i] = (float) (mid[i] - side[i]);
            }
        } else {
            for (int c = 0; c < channels; c++) {
                double[] src = sumSlice[c];
                float[] dst = out[c];
                for (int i = 0; i < n; i++) {
                    dst[from + i] = (float) src[i];
                }
            }
        }
    }

    /** Compresses {@code bands} bands ({@code split[c][b][0 .. n)}) into {@code sums[c][0 .. n)}. */
    private void compressBlock(double[][][] split, int bands, int n, double[][] sums) {
        if (n <= BandCompressor.maxPart() && bandsSteadyInStep(bands)) {
            compressSteadyBlock(split, bands, n, sums);
            return;
        }
        for (int c = 0; c < channels; c++) {
            java.util.Arrays.fill(sums[c], 0, n, 0.0);
        }
        for (int b = 0; b < bands; b++) {
            for (int c = 0; c < channels; c++) {
                bandOfChannels[c] = split[c][b];
            }
            compressors[b].process(bandOfChannels, n, sums);
        }
    }

    /** Whether every band's compressor is steady and all are at one grid phase (then they apply in pairs). */
    private boolean bandsSteadyInStep(int bands) {
        for (int b = 0; b < bands; b++) {
            if (!compressors[b].steady() || compressors[b].gridPhase() != compressors[0].gridPhase()) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@link #compressBlock} while every band is steady: each compressor analyses its band, then the
     * compressed bands are summed two at a time per channel, in band order (the first pass writes the sum,
     * so there is nothing to clear).
     */
    private void compressSteadyBlock(double[][][] split, int bands, int n, double[][] sums) {
        for (int b = 0; b < bands; b++) {
            for (int c = 0; c < channels; c++) {
                bandOfChannels[c] = split[c][b];
            }
            compressors[b].analyse(bandOfChannels, 0, n);
        }
        for (int c = 0; c < channels; c++) {
            double[][] bandsOfChannel = split[c];
            double[] y = sums[c];
            int b = 0;
            for (; b + 1 < bands; b += 2) {
                BandCompressor.applyPair(compressors[b], bandsOfChannel[b], compressors[b + 1], bandsOfChannel[b + 1],
                        c, y, n, b == 0);
            }
            if (b < bands) {
                BandCompressor.applyOne(compressors[b], bandsOfChannel[b], c, y, n, b == 0);
            }
        }
        for (int b = 0; b < bands; b++) {
            compressors[b].advance(n);
        }
    }

    /** While the crossover crossfades (a new slope or band count): sample by sample. */
    private void processSampleBySample(float[][] in, float[][] out, int from, int to) {
        for (int i = from; i < to; i++) {
            if (midSide) {
                double l = in[0][i], r = in[1][i];
                frame[0] = 0.5 * (l + r);
                frame[1] = 0.5 * (l - r);
            } else {
                for (int c = 0; c < channels; c++) {
                    frame[c] = in[c][i];
                }
            }
            iir.split(frame, split);
            compressBands(iir.outputBands(), split);
            writeSum(out, i);
        }
    }

    /** One chunk of the linear-phase path. */
    private void processChunk(double[][] input, double[][] output) {
        int chunk = input[0].length;
        if (midSide) {
            for (int n = 0; n < chunk; n++) {
                double l = input[0][n], r = input[1][n];
                encoded[0][n] = 0.5 * (l + r);
                encoded[1][n] = 0.5 * (l - r);
            }
            linearCrossover.split(encoded, bandChunks);
        } else {
            linearCrossover.split(input, bandChunks);
        }
        compressBlock(bandChunks, activeBands, chunk, sumChunk);
        if (midSide) {
            for (int n = 0; n < chunk; n++) {
                output[0][n] = sumChunk[0][n] + sumChunk[1][n];
                output[1][n] = sumChunk[0][n] - sumChunk[1][n];
            }
        } else {
            for (int c = 0; c < channels; c++) {
                System.arraycopy(sumChunk[c], 0, output[c], 0, chunk);
            }
        }
    }

    /** Compresses one sample of every band ({@code bandsOfChannel[c][b]}) into {@link #sum}. */
    private void compressBands(int bands, double[][] bandsOfChannel) {
        for (int c = 0; c < channels; c++) {
            sum[c] = 0;
        }
        for (int b = 0; b < bands; b++) {
            for (int c = 0; c < channels; c++) {
                bandSample[c] = bandsOfChannel[c][b];
            }
            compressors[b].process(bandSample, sum);
        }
    }

    private void writeSum(float[][] out, int i) {
        if (midSide) {
            out[0][i] = (float) (sum[0] + sum[1]);
            out[1][i] = (float) (sum[0] - sum[1]);
        } else {
            for (int c = 0; c < channels; c++) {
                out[c][i] = (float) sum[c];
            }
        }
    }

    @Override
    protected void onReset() {
        if (!linear) {
            iir.reset();
        }
        if (linear) {
            linearCrossover.reset();
            stream.reset();
        }
        for (BandCompressor compressor : compressors) {
            compressor.reset();
        }
        applyAll(true);
    }

    /** The largest magnitude of any internal state (tests: silence must bring it to exactly 0). */
    double stateMagnitude() {
        double max = 0;
        if (!linear) {
            max = iir.stateMagnitude();
        }
        if (linear) {
            max = Math.max(max, Math.max(linearCrossover.stateMagnitude(), stream.stateMagnitude()));
        }
        for (BandCompressor compressor : compressors) {
            max = Math.max(max, compressor.stateMagnitude());
        }
        return max;
    }
}
