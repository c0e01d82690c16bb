package org.mixdown.dsp;

/**
 * An order-N Butterworth high- or low-pass on one or more channels, as a cascade of {@link Svf} sections:
 * one second-order section per conjugate pole pair and, for an odd order, one first-order section. The
 * cut-off glides in the log domain (coefficients recomputed every sample while it moves); switching on or
 * off crossfades, and an order change fades out, switches while silent and fades back in.
 *
 * <p>The static methods give the design: the section Qs and the closed-form response.
 */
public final class Butterworth {
    /** The highest order (48 dB/octave). */
    public static final int MAX_ORDER = 8;

    private final boolean highpass;
    /** [channel][section]. */
    private final Svf[][] sections;
    /** The section Qs of the current order (computed on an order change, not per sample). */
    private final double[] sectionQs = new double[sectionCount(MAX_ORDER)];
    private final SmoothedValue logCutoff = new SmoothedValue(Math.log(1000));
    private final FadeSwitch fade = new FadeSwitch();
    private int order = 2;
    private int pendingOrder = 2;
    private double cutoff = 1000;
    private double sampleRate;

    /** A high-pass ({@code highpass}) or low-pass cascade for {@code channels} channels. */
    public Butterworth(boolean highpass, int channels) {
        if (channels < 1) {
            throw new IllegalArgumentException("a filter needs at least one channel");
        }
        this.highpass = highpass;
        sections = new Svf[channels][sectionCount(MAX_ORDER)];
        for (Svf[] channel : sections) {
            for (int s = 0; s < channel.length; s++) {
                channel[s] = new Svf();
            }
        }
    }

    // ---- the design ---------------------------------------------------------------------------------

    /** Sections an order needs: one per pole pair, plus a first-order one for an odd order. */
    public static int sectionCount(int order) {
        return (order + 1) / 2;
    }

    /** Whether section {@code section} of an {@code order} cascade is the first-order (real pole) one. */
    public static boolean isFirstOrderSection(int order, int section) {
        return order % 2 == 1 && section == order / 2;
    }

    /**
     * The Q of a second-order section. The analog poles are {@code p_i = exp(j pi (2i + N + 1) / (2N))},
     * i = 0..N-1, and a section with poles p, p* has {@code Q = -1 / (2 Re p)}; NaN for the real pole.
     */
    public static double sectionQ(int order, int section) {
        requireOrder(order);
        if (section < 0 || section >= sectionCount(order)) {
            throw new IllegalArgumentException("order " + order + " has no section " + section);
        }
        if (isFirstOrderSection(order, section)) {
            return Double.NaN;
        }
        return -1 / (2 * Math.cos(Math.PI * (2 * section + order + 1) / (2.0 * order)));
    }

    /**
     * The closed-form magnitude of the digital design: {@code 1 / sqrt(1 + W^2N)} with
     * {@code W = tan(pi f / fs) / tan(pi fc / fs)} (the bilinear transform prewarped at fc), and its
     * inverse for a high-pass. Independent of the section cascade.
     */
    public static double magnitude(boolean highpass, int order, double f, double fc, double fs) {
        double w = Math.tan(Math.PI * f / fs) / Svf.prewarp(fc, fs);
        if (highpass) {
            w = 1 / w;
        }
        return 1 / Math.sqrt(1 + Math.pow(w, 2 * order));
    }

    private static void requireOrder(int order) {
        if (order < 1 || order > MAX_ORDER) {
            throw new IllegalArgumentException("Butterworth order " + order + " is outside 1.." + MAX_ORDER);
        }
    }

    // ---- the filter ---------------------------------------------------------------------------------

    /**
     * Sets order and cut-off. The first call, or a call at a new sample rate, applies them at once; later
     * calls glide the cut-off and fade through an order change.
     */
    public void configure(int order, double cutoff, double sampleRate) {
        requireOrder(order);
        if (!(cutoff > 0)) {
            throw new IllegalArgumentException("cut-off " + cutoff + " Hz");
        }
        this.cutoff = cutoff;
        this.pendingOrder = order;
        if (sampleRate != this.sampleRate) {
            this.sampleRate = sampleRate;
            logCutoff.prepare(sampleRate, SmoothedValue.DEFAULT_RAMP_SECONDS);
            fade.prepare(sampleRate);
            reset();
            return;
        }
        logCutoff.setTarget(Math.log(cutoff));
        if (order != this.order && fade.requestChange()) {
            setOrder(order);
            clearState();
        }
        if (!logCutoff.isSmoothing()) {
            design(cutoff);
        }
    }

    /** Switches the filter on (the default) or off, with a crossfade. */
    public void setEnabled(boolean enabled) {
        fade.setEnabled(enabled);
    }

    /** Clears the state and ends every glide and fade at its target. */
    public void reset() {
        setOrder(pendingOrder);
        logCutoff.setImmediate(Math.log(cutoff));
        fade.snap();
        design(cutoff);
        clearState();
    }

    private void setOrder(int newOrder) {
        order = newOrder;
        for (int s = 0; s < sectionCount(order); s++) {
            sectionQs[s] = sectionQ(order, s);
        }
    }

    private void design(double frequency) {
        double g = Svf.prewarp(frequency, sampleRate);
        Svf[] first = sections[0];
        int count = sectionCount(order);
        for (int s = 0; s < count; s++) {
            if (isFirstOrderSection(order, s)) {
                first[s].designPrewarped(highpass ? Svf.Type.HIGHPASS1 : Svf.Type.LOWPASS1, g, 1, 0);
            } else {
                first[s].designPrewarped(highpass ? Svf.Type.HIGHPASS : Svf.Type.LOWPASS, g, sectionQs[s], 0);
            }
            for (int c = 1; c < sections.length; c++) {
                sections[c][s].copyCoefficientsFrom(first[s]);
            }
        }
    }

    private void clearState() {
        for (Svf[] channel : sections) {
            for (Svf s : channel) {
                s.reset();
            }
        }
    }

    /** Filters {@code [from, to)} of each channel's buffer in place (one buffer per channel). */
    public void process(float[][] buffers, int from, int to) {
        if (sampleRate == 0) {
            throw new IllegalStateException("Butterworth filter used before configure");
        }
        int count = sectionCount(order);
        boolean gliding = logCutoff.isSmoothing();
        if (fade.isOff()) {  // bypassed: keep the glide's time running, the state stays cleared
            if (gliding) {
                logCutoff.skip(to - from);
                if (!logCutoff.isSmoothing()) {
                    design(cutoff);
                }
            }
            return;
        }
        if (!gliding && fade.isSteady()) {
            // each channel's sections fused in series, in the state-space form (a recursion two
            // multiply-adds deep per section, the sections' recursions side by side in one loop)
            for (int c = 0; c < sections.length; c++) {
                Svf.processSeries(sections[c], count, buffers[c], from, to);
            }
            return;
        }
        for (int i = from; i < to; i++) {
            if (fade.takeChange()) {  // silent now: change order and start from rest
                setOrder(pendingOrder);
                count = sectionCount(order);
                clearState();
                if (!gliding) {
                    design(cutoff);
                }
            }
            if (gliding) {
                double f = Math.exp(logCutoff.next());
                gliding = logCutoff.isSmoothing();
                design(gliding ? f : cutoff);
            }
            double wet = fade.next();
            for (int c = 0; c < sections.length; c++) {
                Svf[] chain = sections[c];
                double x = buffers[c][i];
                double y = x;
                for (int s = 0; s < count; s++) {
                    y = chain[s].process(y);
                }
                buffers[c][i] = (float) (wet == 1 ? y : x + wet * (y - x));
            }
        }
        if (fade.isOff()) {
            clearState();
        }
        for (Svf[] channel : sections) {
            for (Svf s : channel) {
                s.flushDenormals();
            }
        }
    }

    /** The largest magnitude of any section's state. */
    public double stateMagnitude() {
        double max = 0;
        for (Svf[] channel : sections) {
            for (Svf s : channel) {
                max = Math.max(max, s.stateMagnitude());
            }
        }
        return max;
    }

    /** The product of the sections' analytic responses (channel 0, current design), in dB. */
    public double cascadeMagnitudeDb(double f, double fs) {
        double db = 0;
        for (int s = 0; s < sectionCount(order); s++) {
            db += sections[0][s].magnitudeDb(f, fs);
        }
        return db;
    }

    public boolean isHighpass() {
        return highpass;
    }

    public int order() {
        return pendingOrder;
    }

    public double cutoff() {
        return cutoff;
    }
}
