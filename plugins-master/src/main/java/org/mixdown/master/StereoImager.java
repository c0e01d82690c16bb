package org.mixdown.master;

import java.util.List;
import org.mixdown.api.AbstractPlugin;
import org.mixdown.api.ChannelLayout;
import org.mixdown.api.Meter;
import org.mixdown.api.MeterSpec;
import org.mixdown.api.ParameterSpec;
import org.mixdown.api.PluginDescriptor;
import org.mixdown.api.ProcessSetup;
import org.mixdown.dsp.Crossover;
import org.mixdown.dsp.LinkwitzRiley;
import org.mixdown.dsp.SmoothedValue;

/**
 * Mid/side stereo width, overall and in three bands, with mono bass and balance.
 *
 * <p>{@code M = (L + R) / 2}, {@code S = (L - R) / 2}; width scales S. The three band widths split S with
 * an LR4 {@link Crossover}; M runs through a second crossover's all-pass (what its bands sum to), so M and S carry the same
 * all-pass phase and the image stays put. While every band width is 100 % that path is bypassed (faded out
 * over 20 ms and skipped), so the default settings are an exact passthrough. Mono bass high-passes S (LR4)
 * and all-passes M at the same frequency: below it L = R, above it both channels carry the same all-pass,
 * their difference untouched. Balance lowers one side only (never a boost).
 *
 * <p>Meters (of the output, 300 ms averages): {@code correlation} E[LR] / sqrt(E[L^2] E[R^2]) (0 for
 * silence) and {@code width}, the side-to-mid energy ratio E[S^2] / E[M^2] (0 = mono, 1 = as much side as
 * mid; at most {@value #MAX_WIDTH_READING}).
 */
public final class StereoImager extends AbstractPlugin {
    public static final int WIDTH = 0;
    public static final int LOW_WIDTH = 1;
    public static final int MID_WIDTH = 2;
    public static final int HIGH_WIDTH = 3;
    public static final int LOW_FREQ = 4;
    public static final int HIGH_FREQ = 5;
    public static final int MONO_BASS = 6;
    public static final int BALANCE = 7;

    public static final PluginDescriptor DESCRIPTOR = PluginDescriptor.java("master.imager", "Stereo imager",
            "mastering", List.of(ChannelLayout.STEREO),
            List.of(width("width", "Width"),
                    width("low.width", "Low width"),
                    width("mid.width", "Mid width"),
                    width("high.width", "High width"),
                    ParameterSpec.continuous("low.freq", "Low crossover", "Hz", 20, 2000, 250, ParameterSpec.Scale.LOG),
                    ParameterSpec.continuous("high.freq", "High crossover", "Hz", 500, 16_000, 4000,
                            ParameterSpec.Scale.LOG),
                    ParameterSpec.continuous("monobass", "Mono bass below", "Hz", 0, 500, 0,
                            ParameterSpec.Scale.LINEAR),
                    ParameterSpec.continuous("balance", "Balance", "%", -100, 100, 0, ParameterSpec.Scale.LINEAR)),
            List.of(new MeterSpec("correlation", "Correlation", ""), new MeterSpec("width", "Side/mid energy", "")),
            1);

    private static ParameterSpec width(String id, String name) {
        return ParameterSpec.continuous(id, name, "%", 0, 200, 100, ParameterSpec.Scale.LINEAR);
    }

    /** Averaging time of the meters. */
    static final double METER_SECONDS = 0.3;
    private static final double TINY = 1e-30;
    /** The width reading for pure side signal (no mid at all): +60 dB of side over mid. */
    static final double MAX_WIDTH_READING = 1e6;

    private final SmoothedValue width = new SmoothedValue(1);
    private final SmoothedValue[] bandWidth = {new SmoothedValue(1), new SmoothedValue(1), new SmoothedValue(1)};
    /** How much of the band-split path is heard (0 = bypassed, 1 = in). */
    private final SmoothedValue bandMix = new SmoothedValue(0);
    /** How much of the mono-bass path is heard. */
    private final SmoothedValue monoMix = new SmoothedValue(0);
    private final SmoothedValue monoLogFrequency = new SmoothedValue(Math.log(100));
    private final SmoothedValue leftGain = new SmoothedValue(1);
    private final SmoothedValue rightGain = new SmoothedValue(1);
    private final Crossover sideBands = new Crossover(LinkwitzRiley.Slope.LR4);
    private final Crossover midBands = new Crossover(LinkwitzRiley.Slope.LR4);
    private final LinkwitzRiley sideHighPass = new LinkwitzRiley(LinkwitzRiley.Slope.LR4);
    private final LinkwitzRiley midAllPass = new LinkwitzRiley(LinkwitzRiley.Slope.LR4);
    private final SmoothedValue[] smoothers = {width, bandWidth[0], bandWidth[1], bandWidth[2], bandMix, monoMix,
        monoLogFrequency, leftGain, rightGain};
    /** Samples per pass of {@link #processSlice}; the scratch below is this long, allocated once. */
    private static final int SLICE = 256;
    private final double[] midSlice = new double[SLICE];
    private final double[] sideSlice = new double[SLICE];
    private final double[][] sideBandSlices = new double[3][SLICE];
    private final double[][] midBandSlices = new double[3][SLICE];
    private final double[] monoHighSlice = new double[SLICE];
    private final double[] monoAllPassSlice = new double[SLICE];
    private final Meter correlationMeter = meter("correlation");
    private final Meter widthMeter = meter("width");
    private double meterCoefficient;
    /** Decaying sums (s = c s + y^2, c the meter coefficient) of L^2, R^2 and LR; the averages are (1 - c) s. */
    private double squaresLeft;
    private double squaresRight;
    private double crossProducts;

    public StereoImager() {
        super(DESCRIPTOR);
        sideBands.setBands(3);
        midBands.setBands(3);
    }

    @Override
    protected void onPrepare(ProcessSetup setup) {
        double fs = setup.sampleRate();
        for (SmoothedValue v : smoothers) {
            v.prepare(fs, SmoothedValue.DEFAULT_RAMP_SECONDS);
        }
        sideBands.prepare(fs);
        midBands.prepare(fs);
        meterCoefficient = Math.exp(-1 / (METER_SECONDS * fs));
        applyParameters();
        onReset();
    }

    private boolean bandsInUse() {
        return value(LOW_WIDTH) != 100 || value(MID_WIDTH) != 100 || value(HIGH_WIDTH) != 100;
    }

    private void applyParameters() {
        width.setTarget(value(WIDTH) / 100);
        for (int b = 0; b < 3; b++) {
            bandWidth[b].setTarget(value(LOW_WIDTH + b) / 100);
        }
        bandMix.setTarget(bandsInUse() ? 1 : 0);
        sideBands.setFrequency(0, value(LOW_FREQ));
        sideBands.setFrequency(1, value(HIGH_FREQ));
        midBands.setFrequency(0, value(LOW_FREQ));
        midBands.setFrequency(1, value(HIGH_FREQ));
        double mono = value(MONO_BASS);
        if (mono > 0) {
            if (monoMix.target() == 0 && !monoMix.isSmoothing()) {
                monoLogFrequency.setImmediate(Math.log(mono));  // the path is silent: no glide needed
            } else {
                monoLogFrequency.setTarget(Math.log(mono));
            }
            setMonoFrequency(monoLogFrequency.current());
        }
        monoMix.setTarget(mono > 0 ? 1 : 0);
        double balance = value(BALANCE) / 100;
        leftGain.setTarget(Math.min(1, 1 - balance));
        rightGain.setTarget(Math.min(1, 1 + balance));
    }

    private void setMonoFrequency(double logHz) {
        double g = LinkwitzRiley.warp(Math.exp(logHz), sampleRate());
        sideHighPass.setWarpedFrequency(g);
        midAllPass.setWarpedFrequency(g);
    }

    @Override
    protected void onParameterChange(int index, double value) {
        applyParameters();
    }

    @Override
    protected void processBlock(float[][] in, float[][] out, int from, int to) {
        boolean bandPath = bandMix.isSmoothing() || bandMix.current() > 0;
        boolean monoPath = monoMix.isSmoothing() || monoMix.current() > 0;
        for (int start = from; start < to; start += SLICE) {
            processSlice(in, out, start, Math.min(to, start + SLICE), bandPath, monoPath);
        }
        finishBlock(bandPath, monoPath);
    }

    /**
     * One stage at a time over the slice (each filter runs over the whole slice with its state in
     * registers); the arithmetic per sample is the same as one sample at a time.
     */
    private void processSlice(float[][] in, float[][] out, int from, int to, boolean bandPath, boolean monoPath) {
        int n = to - from;
        double[] mid = midSlice, side = sideSlice;
        readMidSide(in[0], in[1], from, n, mid, side);
        if (bandPath) {
            boolean steady = !bandMix.isSmoothing() && !bandWidth[0].isSmoothing() && !bandWidth[1].isSmoothing()
                    && !bandWidth[2].isSmoothing();
            // the mid is not reshaped, it only needs the bands' common phase: the crossover's all-pass
            if (steady && bandMix.current() == 1) {  // fully in: the bands replace the side, the all-passed mid the mid
                Crossover.processWithAllpass(sideBands, side, n, sideBandSlices, midBands, mid);
                weighBands(side, n);
            } else {
                mixBands(mid, side, n, steady);
            }
        }
        if (monoPath) {
            if (monoLogFrequency.isSmoothing()) {  // the filters' frequency moves every sample
                for (int i = 0; i < n; i++) {
                    double mix = monoMix.next();
                    if (monoLogFrequency.isSmoothing()) {
                        setMonoFrequency(monoLogFrequency.next());
                    }
                    double highSide = sideHighPass.highPass(side[i]);
                    double allPassedMid = midAllPass.allpass(mid[i]);
                    side[i] += mix * (highSide - side[i]);
                    mid[i] += mix * (allPassedMid - mid[i]);
                }
            } else if (!monoMix.isSmoothing() && monoMix.current() == 1) {  // fully in: filter in place
                highPassWithAllpass(side, side, mid, n);
            } else {
                double[] highSide = monoHighSlice, allPassedMid = monoAllPassSlice;
                System.arraycopy(mid, 0, allPassedMid, 0, n);
                highPassWithAllpass(side, highSide, allPassedMid, n);
                boolean steady = !monoMix.isSmoothing();
                double mix = monoMix.current();
                for (int i = 0; i < n; i++) {
                    if (!steady) {
                        mix = monoMix.next();
                    }
                    side[i] += mix * (highSide[i] - side[i]);
                    mid[i] += mix * (allPassedMid[i] - mid[i]);
                }
            }
        }
        writeOutput(mid, side, out[0], out[1], from, n);
    }

    /** M = (L + R) / 2 and S = (L - R) / 2 times the width, of {@code n} frames from {@code from}. */
    private void readMidSide(float[] inL, float[] inR, int from, int n, double[] mid, double[] side) {
        if (width.isSmoothing()) {
            for (int i = 0; i < n; i++) {
                double l = finite(inL[from + i]), r = finite(inR[from + i]);
                mid[i] = 0.5 * (l + r);
                side[i] = 0.5 * (l - r) * width.next();
            }
            return;
        }
        double halfWidth = 0.5 * width.current();
        for (int i = 0; i < n; i++) {
            double l = finite(inL[from + i]), r = finite(inR[from + i]);
            mid[i] = 0.5 * (l + r);
            side[i] = (l - r) * halfWidth;
        }
    }

    /**
     * L = M + S and R = M - S with the balance gains, into {@code n} frames from {@code from}, and the
     * meters' decaying sums of L^2, R^2 and LR (E[M^2] and E[S^2] follow from these three, the averager
     * being linear: see finishBlock).
     */
    private void writeOutput(double[] mid, double[] side, float[] outL, float[] outR, int from, int n) {
        double c = meterCoefficient;
        double eL = squaresLeft, eR = squaresRight, eLR = crossProducts;
        if (leftGain.isSmoothing() || rightGain.isSmoothing()) {
            for (int i = 0; i < n; i++) {
                double yl = (mid[i] + side[i]) * leftGain.next();
                double yr = (mid[i] - side[i]) * rightGain.next();
                outL[from + i] = (float) yl;
                outR[from + i] = (float) yr;
                eL = Math.fma(c, eL, yl * yl);  // the decay one multiply-add deep: the sums wait 4 cycles, not 8
                eR = Math.fma(c, eR, yr * yr);
                eLR = Math.fma(c, eLR, yl * yr);
            }
        } else if (leftGain.current() == 1 && rightGain.current() == 1) {  // centred: no gain to apply
            for (int i = 0; i < n; i++) {
                double yl = mid[i] + side[i];
                double yr = mid[i] - side[i];
                outL[from + i] = (float) yl;
                outR[from + i] = (float) yr;
                eL = Math.fma(c, eL, yl * yl);  // the decay one multiply-add deep: the sums wait 4 cycles, not 8
                eR = Math.fma(c, eR, yr * yr);
                eLR = Math.fma(c, eLR, yl * yr);
            }
        } else {
            double gl = leftGain.current(), gr = rightGain.current();
            for (int i = 0; i < n; i++) {
                double yl = (mid[i] + side[i]) * gl;
                double yr = (mid[i] - side[i]) * gr;
                outL[from + i] = (float) yl;
                outR[from + i] = (float) yr;
                eL = Math.fma(c, eL, yl * yl);  // the decay one multiply-add deep: the sums wait 4 cycles, not 8
                eR = Math.fma(c, eR, yr * yr);
                eLR = Math.fma(c, eLR, yl * yr);
            }
        }
        squaresLeft = eL;
        squaresRight = eR;
        crossProducts = eLR;
    }

    /** The side as the sum of its bands, each times its width. */
    private void weighBands(double[] side, int n) {
        double[] s0 = sideBandSlices[0], s1 = sideBandSlices[1], s2 = sideBandSlices[2];
        double w0 = bandWidth[0].current(), w1 = bandWidth[1].current(), w2 = bandWidth[2].current();
        for (int i = 0; i < n; i++) {
            side[i] = w0 * s0[i] + w1 * s1[i] + w2 * s2[i];
        }
    }

    /** Mixes the band path in while it fades in or out, or while a band width moves. */
    private void mixBands(double[] mid, double[] side, int n, boolean steady) {
        double[] allPassedMid = midBandSlices[0];
        System.arraycopy(mid, 0, allPassedMid, 0, n);
        Crossover.processWithAllpass(sideBands, side, n, sideBandSlices, midBands, allPassedMid);
        double[] s0 = sideBandSlices[0], s1 = sideBandSlices[1], s2 = sideBandSlices[2];
        double mix = bandMix.current();
        double w0 = bandWidth[0].current(), w1 = bandWidth[1].current(), w2 = bandWidth[2].current();
        for (int i = 0; i < n; i++) {
            if (!steady) {
                mix = bandMix.next();
                w0 = bandWidth[0].next();
                w1 = bandWidth[1].next();
                w2 = bandWidth[2].next();
            }
            double shaped = w0 * s0[i] + w1 * s1[i] + w2 * s2[i];
            side[i] += mix * (shaped - side[i]);
            mid[i] += mix * (allPassedMid[i] - mid[i]);
        }
    }

    /** The mono-bass filters over a slice: the side's high pass into {@code highSide}, the mid all-passed in place. */
    private void highPassWithAllpass(double[] side, double[] highSide, double[] mid, int n) {
        if (sideHighPass.pairsWith(midAllPass)) {  // always, for LR4 at one frequency: one loop
            LinkwitzRiley.highPassWithAllpass(sideHighPass, side, highSide, midAllPass, mid, n);
        } else {
            sideHighPass.highPass(side, highSide, n);
            midAllPass.allpass(mid, n);
        }
    }

    /** Idles paths that have faded out, flushes vanishing state, publishes the meters. */
    private void finishBlock(boolean bandPath, boolean monoPath) {
        if (bandPath && !bandMix.isSmoothing() && bandMix.current() == 0) {
            sideBands.reset();
            midBands.reset();
        }
        if (monoPath && !monoMix.isSmoothing() && monoMix.current() == 0) {
            sideHighPass.reset();
            midAllPass.reset();
        }
        sideBands.flushDenormals();
        midBands.flushDenormals();
        sideHighPass.flushDenormals();
        midAllPass.flushDenormals();
        squaresLeft = flush(squaresLeft);
        squaresRight = flush(squaresRight);
        crossProducts = flush(crossProducts);
        // the averages: each decaying sum times the averager's input weight 1 - c
        double fresh = 1 - meterCoefficient;
        double energyLeft = fresh * squaresLeft, energyRight = fresh * squaresRight;
        double crossEnergy = fresh * crossProducts;
        // M = (L + R) / 2, S = (L - R) / 2: E[M^2] = (E[L^2] + 2 E[LR] + E[R^2]) / 4, E[S^2] likewise with -2
        double energyMid = Math.max(0, 0.25 * (energyLeft + 2 * crossEnergy + energyRight));
        double energySide = Math.max(0, 0.25 * (energyLeft - 2 * crossEnergy + energyRight));
        double norm = Math.sqrt(energyLeft * energyRight);
        correlationMeter.set(norm > TINY ? Math.max(-1, Math.min(1, crossEnergy / norm)) : 0);
        double ratio = energyMid > TINY ? energySide / energyMid : energySide > TINY ? MAX_WIDTH_READING : 0;
        widthMeter.set(Math.min(MAX_WIDTH_READING, ratio));
    }

    /** Non-finite input is taken as silence, so it never reaches the filter state. */
    private static double finite(float x) {
        return Float.isFinite(x) ? x : 0;
    }

    private static double flush(double v) {
        return Math.abs(v) < TINY || !Double.isFinite(v) ? 0 : v;
    }

    @Override
    protected void onReset() {
        for (SmoothedValue v : smoothers) {
            v.snap();
        }
        if (value(MONO_BASS) > 0) {
            setMonoFrequency(monoLogFrequency.current());
        }
        sideBands.reset();
        midBands.reset();
        sideHighPass.reset();
        midAllPass.reset();
        squaresLeft = squaresRight = crossProducts = 0;
        correlationMeter.set(0);
        widthMeter.set(0);
    }

    /** The largest magnitude of any filter or meter state (for the silence test). */
    double stateMagnitude() {
        double max = Math.max(sideBands.stateMagnitude(), midBands.stateMagnitude());
        max = Math.max(max, Math.max(sideHighPass.stateMagnitude(), midAllPass.stateMagnitude()));
        for (double e : new double[] {squaresLeft, squaresRight, crossProducts}) {
            max = Math.max(max, Math.abs(e));
        }
        return max;
    }
}
