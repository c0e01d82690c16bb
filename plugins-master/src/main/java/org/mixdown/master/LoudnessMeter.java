package org.mixdown.master;

import java.util.List;
import org.mixdown.api.AbstractPlugin;
import org.mixdown.api.ChannelLayout;
import org.mixdown.api.Meter;
import org.mixdown.api.MeterSpec;
import org.mixdown.api.PluginDescriptor;
import org.mixdown.api.ProcessSetup;
import org.mixdown.dsp.Db;
import org.mixdown.dsp.Loudness;
import org.mixdown.dsp.TruePeak;

/**
 * A BS.1770-4 / EBU R128 loudness meter that passes its input through untouched. Meters: momentary (400 ms),
 * short-term (3 s) and their maxima, integrated (gated), loudness range (Tech 3342) and the true peak so far
 * (BS.1770 Annex 2, 4x). The loudness readings change every 100 ms, so they are published when a 100 ms
 * sub-block closes; the true peak after every block. Silence reads {@link Db#SILENCE_DB} rather than
 * minus infinity, so every meter value is a finite number. {@link #reset} starts a new measurement.
 */
public final class LoudnessMeter extends AbstractPlugin {

    public static final PluginDescriptor DESCRIPTOR = PluginDescriptor.java("master.loudness", "Loudness meter",
            "analysis", List.of(ChannelLayout.MONO, ChannelLayout.STEREO, new ChannelLayout(6, 6)),
            List.of(),
            List.of(new MeterSpec("momentary", "Momentary loudness", "LUFS"),
                    new MeterSpec("shortterm", "Short-term loudness", "LUFS"),
                    new MeterSpec("integrated", "Integrated loudness", "LUFS"),
                    new MeterSpec("range", "Loudness range", "LU"),
                    new MeterSpec("truepeak", "True peak", "dBTP"),
                    new MeterSpec("momentary.max", "Momentary maximum", "LUFS"),
                    new MeterSpec("shortterm.max", "Short-term maximum", "LUFS")),
            1);

    private final Meter momentary = meter("momentary");
    private final Meter shortTerm = meter("shortterm");
    private final Meter integrated = meter("integrated");
    private final Meter range = meter("range");
    private final Meter truePeakMeter = meter("truepeak");
    private final Meter momentaryMax = meter("momentary.max");
    private final Meter shortTermMax = meter("shortterm.max");
    private Loudness loudness;
    private TruePeak truePeak;
    /** Frames fed since the last 100 ms sub-block closed. */
    private int framesInSubBlock;

    public LoudnessMeter() {
        super(DESCRIPTOR);
        for (Meter m : List.of(momentary, shortTerm, integrated, truePeakMeter, momentaryMax, shortTermMax)) {
            m.set(Db.SILENCE_DB);
        }
    }

    @Override
    protected void onPrepare(ProcessSetup setup) {
        loudness = new Loudness(setup.sampleRate(), setup.inputChannels());
        truePeak = new TruePeak(setup.inputChannels());
        onReset();
    }

    @Override
    protected void processBlock(float[][] in, float[][] out, int from, int to) {
        for (int c = 0; c < out.length; c++) {
            if (in[c] != out[c]) {
                System.arraycopy(in[c], from, out[c], from, to - from);
            }
        }
        loudness.process(in, from, to);
        truePeak.process(in, from, to);
        truePeakMeter.set(finite(truePeak.truePeakDbtp()));
        framesInSubBlock += to - from;
        if (framesInSubBlock >= loudness.subBlockFrames()) {
            framesInSubBlock %= loudness.subBlockFrames();
            publishLoudness();
        }
    }

    private void publishLoudness() {
        momentary.set(finite(loudness.momentaryLufs()));
        shortTerm.set(finite(loudness.shortTermLufs()));
        integrated.set(finite(loudness.integratedLufs()));
        range.set(loudness.loudnessRange());
        momentaryMax.set(finite(loudness.momentaryMaxLufs()));
        shortTermMax.set(finite(loudness.shortTermMaxLufs()));
    }

    private static double finite(double level) {
        return Math.max(Db.SILENCE_DB, level);
    }

    @Override
    protected void onReset() {
        loudness.reset();
        truePeak.reset();
        framesInSubBlock = 0;
        publishLoudness();
        truePeakMeter.set(Db.SILENCE_DB);
    }
}
