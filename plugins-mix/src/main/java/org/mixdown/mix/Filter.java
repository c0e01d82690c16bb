package org.mixdown.mix;

import java.util.List;
import org.mixdown.api.AbstractPlugin;
import org.mixdown.api.ChannelLayout;
import org.mixdown.api.ParameterSpec;
import org.mixdown.api.PluginDescriptor;
import org.mixdown.api.ProcessSetup;
import org.mixdown.dsp.Butterworth;

/**
 * High-pass and low-pass filters with Butterworth slopes of 6 to 48 dB/octave (the high-pass runs
 * first). Cut-offs glide in the log domain; on/off crossfades and a slope change fades through silence.
 */
public final class Filter extends AbstractPlugin {
    public static final int HPF_FREQ = 0;
    public static final int HPF_SLOPE = 1;
    public static final int HPF_ON = 2;
    public static final int LPF_FREQ = 3;
    public static final int LPF_SLOPE = 4;
    public static final int LPF_ON = 5;

    /** The slope choices in dB/octave; a Butterworth of order N falls 6N dB/octave. */
    static final int[] SLOPES_DB = {6, 12, 18, 24, 36, 48};
    private static final List<String> SLOPE_LABELS = List.of("6", "12", "18", "24", "36", "48");

    public static final PluginDescriptor DESCRIPTOR = PluginDescriptor.java("mix.filter", "Filter", "eq",
            List.of(ChannelLayout.MONO, ChannelLayout.STEREO),
            List.of(ParameterSpec.continuous("hpf.freq", "High-pass frequency", "Hz", 20, 20000, 80,
                            ParameterSpec.Scale.LOG),
                    ParameterSpec.choice("hpf.slope", "High-pass slope (dB/oct)", SLOPE_LABELS, 1),
                    ParameterSpec.toggle("hpf.on", "High-pass on", false),
                    ParameterSpec.continuous("lpf.freq", "Low-pass frequency", "Hz", 20, 20000, 12000,
                            ParameterSpec.Scale.LOG),
                    ParameterSpec.choice("lpf.slope", "Low-pass slope (dB/oct)", SLOPE_LABELS, 1),
                    ParameterSpec.toggle("lpf.on", "Low-pass on", false)),
            List.of(), 1);

    private Butterworth highpass;
    private Butterworth lowpass;

    public Filter() {
        super(DESCRIPTOR);
    }

    /** The Butterworth order of a slope choice. */
    static int order(int slopeChoice) {
        return SLOPES_DB[slopeChoice] / 6;
    }

    @Override
    protected void onPrepare(ProcessSetup setup) {
        highpass = new Butterworth(true, setup.outputChannels());
        lowpass = new Butterworth(false, setup.outputChannels());
        configure(highpass, HPF_FREQ, HPF_SLOPE, HPF_ON);
        configure(lowpass, LPF_FREQ, LPF_SLOPE, LPF_ON);
        highpass.reset();
        lowpass.reset();
    }

    private void configure(Butterworth filter, int freq, int slope, int on) {
        filter.setEnabled(isOn(on));
        filter.configure(order(choice(slope)), value(freq), sampleRate());
    }

    @Override
    protected void onParameterChange(int index, double value) {
        if (index <= HPF_ON) {
            configure(highpass, HPF_FREQ, HPF_SLOPE, HPF_ON);
        } else {
            configure(lowpass, LPF_FREQ, LPF_SLOPE, LPF_ON);
        }
    }

    @Override
    protected void processBlock(float[][] in, float[][] out, int from, int to) {
        for (int c = 0; c < out.length; c++) {
            if (in[c] != out[c]) {
                System.arraycopy(in[c], from, out[c], from, to - from);
            }
        }
        highpass.process(out, from, to);
        lowpass.process(out, from, to);
    }

    @Override
    protected void onReset() {
        highpass.reset();
        lowpass.reset();
    }

    /** The largest magnitude of the filters' state (tests prove silence decays to exactly zero). */
    double stateMagnitude() {
        return Math.max(highpass.stateMagnitude(), lowpass.stateMagnitude());
    }

    /** The designed response in dB at {@code f}, from the Butterworth closed form (0 dB where a filter is off). */
    double responseDb(double f) {
        double gain = 1;
        if (isOn(HPF_ON)) {
            gain *= Butterworth.magnitude(true, order(choice(HPF_SLOPE)), f, value(HPF_FREQ), sampleRate());
        }
        if (isOn(LPF_ON)) {
            gain *= Butterworth.magnitude(false, order(choice(LPF_SLOPE)), f, value(LPF_FREQ), sampleRate());
        }
        return 20 * Math.log10(gain);
    }
}
