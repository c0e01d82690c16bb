package org.mixdown.dsp;

import java.util.Arrays;
import java.util.List;

/**
 * One equaliser band on one or more channels: a {@link Svf} per channel sharing one design. Frequency
 * (in the log domain), gain and Q glide with {@link SmoothedValue}; while they glide the coefficients are
 * recomputed every sample, which the SVF structure tolerates without clicks. Switching the band on or off
 * crossfades; a type change fades the band out, switches while it is silent, and fades it back in.
 *
 * <p>Audio-thread methods ({@link #configure} at an unchanged rate, {@link #setEnabled}, {@link #process},
 * {@link #reset}) allocate nothing.
 */
public final class EqBand {

    /** The band shapes, in the order of the plugins' choice parameters. */
    public enum Type {
        PEAK("peak", Svf.Type.PEAK),
        LOWSHELF("lowshelf", Svf.Type.LOWSHELF),
        HIGHSHELF("highshelf", Svf.Type.HIGHSHELF),
        LOWCUT("lowcut", Svf.Type.HIGHPASS),
        HIGHCUT("highcut", Svf.Type.LOWPASS),
        NOTCH("notch", Svf.Type.NOTCH),
        BANDPASS("bandpass", Svf.Type.BANDPASS);

        private static final Type[] VALUES = values();

        private final String label;
        private final Svf.Type svfType;

        Type(String label, Svf.Type svfType) {
            this.label = label;
            this.svfType = svfType;
        }

        public String label() {
            return label;
        }

        /** The SVF response that realises this shape. */
        public Svf.Type svfType() {
            return svfType;
        }

        /** Whether the gain parameter shapes the response. */
        public boolean usesGain() {
            return this == PEAK || this == LOWSHELF || this == HIGHSHELF;
        }

        /** The type at a choice index (no allocation, for the audio thread). */
        public static Type ofIndex(int index) {
            return VALUES[index];
        }

        /** The labels in order, for a choice parameter. */
        public static List<String> labels() {
            return Arrays.stream(VALUES).map(Type::label).toList();
        }
    }

    private final Svf[] filters;
    private final float[][] single = new float[1][];
    private final SmoothedValue logFrequency = new SmoothedValue(Math.log(1000));
    private final SmoothedValue gainDb = new SmoothedValue(0);
    private final SmoothedValue logQ = new SmoothedValue(Math.log(Math.sqrt(0.5)));
    private final FadeSwitch fade = new FadeSwitch();
    private Type type = Type.PEAK;
    private Type pendingType = Type.PEAK;
    private double frequency = 1000;
    private double gain;
    private double q = Math.sqrt(0.5);
    private double sampleRate;

    /** A band for {@code channels} channels; {@link #configure} it before processing. */
    public EqBand(int channels) {
        if (channels < 1) {
            throw new IllegalArgumentException("an EQ band needs at least one channel");
        }
        filters = new Svf[channels];
        for (int c = 0; c < channels; c++) {
            filters[c] = new Svf();
        }
    }

    /** A one-channel band. */
    public EqBand() {
        this(1);
    }

    public int channels() {
        return filters.length;
    }

    /**
     * Sets the band's shape. The first call, or a call at a new sample rate, applies everything at once;
     * later calls glide frequency, gain and Q, and fade through a type change.
     */
    public void configure(Type type, double frequency, double gainDb, double q, double sampleRate) {
        if (!(frequency > 0) || !(q > 0) || !Double.isFinite(gainDb)) {
            throw new IllegalArgumentException("EQ band: bad frequency " + frequency + ", Q " + q + " or gain " + gainDb);
        }
        this.frequency = frequency;
        this.gain = gainDb;
        this.q = q;
        this.pendingType = type;
        if (sampleRate != this.sampleRate) {
            this.sampleRate = sampleRate;
            logFrequency.prepare(sampleRate, SmoothedValue.DEFAULT_RAMP_SECONDS);
            this.gainDb.prepare(sampleRate, SmoothedValue.DEFAULT_RAMP_SECONDS);
            logQ.prepare(sampleRate, SmoothedValue.DEFAULT_RAMP_SECONDS);
            fade.prepare(sampleRate);
            reset();
            return;
        }
        logFrequency.setTarget(Math.log(frequency));
        this.gainDb.setTarget(gainDb);
        logQ.setTarget(Math.log(q));
        if (type != this.type && fade.requestChange()) {
            this.type = type;
            clearState();
        }
        if (!isGliding()) {
            designAtTargets();
        }
    }

    /** Switches the band on (the default) or off, with a crossfade. */
    public void setEnabled(boolean enabled) {
        fade.setEnabled(enabled);
    }

    public boolean isEnabled() {
        return fade.isEnabled();
    }

    /** Clears the filter state and ends every glide and fade at its target (as after configure). */
    public void reset() {
        type = pendingType;
        logFrequency.setImmediate(Math.log(frequency));
        gainDb.setImmediate(gain);
        logQ.setImmediate(Math.log(q));
        fade.snap();
        designAtTargets();
        clearState();
    }

    private boolean isGliding() {
        return logFrequency.isSmoothing() || gainDb.isSmoothing() || logQ.isSmoothing();
    }

    /** Designs from the exact configured values (a finished glide lands on them bit for bit). */
    private void designAtTargets() {
        filters[0].design(type.svfType, frequency, q, gain, sampleRate);
        shareDesign();
    }

    private void designGliding() {
        filters[0].design(type.svfType, Math.exp(logFrequency.next()), Math.exp(logQ.next()), gainDb.next(),
                sampleRate);
        shareDesign();
    }

    private void shareDesign() {
        for (int c = 1; c < filters.length; c++) {
            filters[c].copyCoefficientsFrom(filters[0]);
        }
    }

    /** Zeroes every channel's filter state (the design stays). */
    public void clearState() {
        for (Svf f : filters) {
            f.reset();
        }
    }

    /** Filters {@code [from, to)} of a one-channel band's buffer in place. */
    public void process(float[] buffer, int from, int to) {
        if (filters.length != 1) {
            throw new IllegalStateException("this band has " + filters.length + " channels");
        }
        single[0] = buffer;
        process(single, from, to);
        single[0] = null;
    }

    /** Filters {@code [from, to)} of each channel's buffer in place (one buffer per channel of the band). */
    public void process(float[][] buffers, int from, int to) {
        if (sampleRate == 0) {
            throw new IllegalStateException("EQ band used before configure");
        }
        int channels = filters.length;
        boolean gliding = isGliding();
        if (fade.isOff()) {  // bypassed: keep the glides' time running, the state stays cleared
            if (gliding) {
                logFrequency.skip(to - from);
                gainDb.skip(to - from);
                logQ.skip(to - from);
                if (!isGliding()) {
                    designAtTargets();
                }
            }
            return;
        }
        if (!gliding && fade.isSteady()) {
            int c = 0;
            for (; c + 1 < channels; c += 2) {  // channel pairs in one loop: twice the work per feedback wait
                Svf.processPair(filters[c], filters[c + 1], buffers[c], buffers[c + 1], from, to);
            }
            if (c < channels) {
                filters[c].process(buffers[c], from, to);
            }
            return;
        }
        for (int i = from; i < to; i++) {
            if (fade.takeChange()) {  // the band is silent: switch type and start from rest
                type = pendingType;
                clearState();
                if (!gliding) {
                    designAtTargets();
                }
            }
            if (gliding) {
                designGliding();
                if (!isGliding()) {
                    designAtTargets();
                    gliding = false;
                }
            }
            double wet = fade.next();
            for (int c = 0; c < channels; c++) {
                float[] b = buffers[c];
                double x = b[i];
                double y = filters[c].process(x);
                b[i] = (float) (wet == 1 ? y : x + wet * (y - x));
            }
        }
        if (fade.isOff()) {
            clearState();
        }
        for (Svf f : filters) {
            f.flushDenormals();
        }
    }

    /** Nothing glides or fades: {@link #process} runs the filters as they stand, or nothing when the band is off. */
    public boolean isSteady() {
        return sampleRate != 0 && !isGliding() && fade.isSteady();
    }

    /** Steady and switched off: {@link #process} leaves the signal and the state alone. */
    public boolean isBypassed() {
        return sampleRate != 0 && !isGliding() && fade.isOff();
    }

    /**
     * Steady, on, and a peak or shelf at exactly 0 dB: every output sample is its input sample bit for bit
     * (m1 = m2 = 0, m0 = 1), only the state moves. A caller may skip the band and clear its state instead
     * (a later glide then starts from rest, with the band's effect rising from 0 with the gain).
     */
    public boolean isUnity() {
        return isSteady() && !fade.isOff() && type == pendingType && type.usesGain() && gain == 0;
    }

    /** The filter of {@code channel}, for a caller that runs steady bands in series itself ({@link Svf#processSeries}). */
    public Svf filter(int channel) {
        return filters[channel];
    }

    /** The largest magnitude of any channel's filter state. */
    public double stateMagnitude() {
        double max = 0;
        for (Svf f : filters) {
            max = Math.max(max, f.stateMagnitude());
        }
        return max;
    }

    /**
     * The analytic magnitude response in dB of the band as configured (after any glide or fade ends) at a
     * sample rate of {@code fs}; 0 dB when the band is off. Not for the audio thread.
     */
    public double magnitudeDb(double f, double fs) {
        if (!fade.isEnabled()) {
            return 0;
        }
        Svf response = new Svf();
        response.design(pendingType.svfType, frequency, q, gain, fs);
        return response.magnitudeDb(f, fs);
    }

    public Type type() {
        return pendingType;
    }

    public double frequency() {
        return frequency;
    }

    public double gainDb() {
        return gain;
    }

    public double q() {
        return q;
    }
}
