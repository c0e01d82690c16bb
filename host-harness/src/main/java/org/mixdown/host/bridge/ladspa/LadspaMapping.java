package org.mixdown.host.bridge.ladspa;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mixdown.api.ChannelLayout;
import org.mixdown.api.MeterSpec;
import org.mixdown.api.ParameterSpec;
import org.mixdown.api.PluginDescriptor;
import org.mixdown.host.bridge.NativeFormatException;
import org.mixdown.host.bridge.ParameterIds;

/**
 * How a LADSPA plugin's ports become the Mixdown contract: audio ports are channels, input control ports
 * are parameters (in port order), output control ports are meters, and an output control port named
 * {@code latency} gives the latency.
 *
 * <p>Bounds marked SAMPLE_RATE are multiples of the sample rate, which is unknown until prepare; the
 * descriptor states them for {@link #REFERENCE_SAMPLE_RATE} and values are clamped to the real rate's
 * bounds when written to the port. A side without a bound gets {@code +-}{@link #UNBOUNDED}.
 */
public final class LadspaMapping {
    /** The rate at which sample-rate-relative bounds are stated in the descriptor. */
    public static final double REFERENCE_SAMPLE_RATE = 48_000;
    static final double UNBOUNDED = 1e6;
    private static final Pattern UNIT = Pattern.compile("[\\(\\[]([^\\(\\)\\[\\]]{1,8})[\\)\\]]\\s*$");

    final int[] audioInputs;
    final int[] audioOutputs;
    final LadspaPort[] parameterPorts;
    final LadspaPort[] meterPorts;
    final int latencyPort;
    private final List<ParameterSpec> parameters;
    private final List<MeterSpec> meters;
    private final List<ChannelLayout> layouts;

    private LadspaMapping(LadspaDescriptor descriptor) throws NativeFormatException {
        List<Integer> ins = new ArrayList<>(), outs = new ArrayList<>();
        List<LadspaPort> params = new ArrayList<>(), meterList = new ArrayList<>();
        int latency = -1;
        for (LadspaPort port : descriptor.ports()) {
            if (port.isAudio()) {
                (port.isInput() ? ins : outs).add(port.index());
            } else if (port.isInput()) {
                params.add(port);
            } else if (port.isLatency() && latency < 0) {
                latency = port.index();
            } else {
                meterList.add(port);
            }
        }
        if (outs.isEmpty()) {
            throw new NativeFormatException(descriptor.label() + ": no audio output port (analysis-only plugins"
                    + " are not hosted)");
        }
        audioInputs = ins.stream().mapToInt(Integer::intValue).toArray();
        audioOutputs = outs.stream().mapToInt(Integer::intValue).toArray();
        parameterPorts = params.toArray(new LadspaPort[0]);
        meterPorts = meterList.toArray(new LadspaPort[0]);
        latencyPort = latency;

        ParameterIds ids = new ParameterIds();
        List<ParameterSpec> specs = new ArrayList<>();
        for (LadspaPort port : parameterPorts) {
            specs.add(parameter(port, ids.next(port.name(), "param_" + port.index())));
        }
        parameters = List.copyOf(specs);
        ParameterIds meterIds = new ParameterIds();
        List<MeterSpec> meterSpecs = new ArrayList<>();
        for (LadspaPort port : meterPorts) {
            meterSpecs.add(new MeterSpec(meterIds.next(port.name(), "meter_" + port.index()), port.name(),
                    unitOf(port.name())));
        }
        meters = List.copyOf(meterSpecs);
        List<ChannelLayout> l = new ArrayList<>();
        l.add(new ChannelLayout(audioInputs.length, audioOutputs.length));
        if (isDualMonoCapable()) {
            l.add(ChannelLayout.STEREO);  // a mono plugin runs as two instances on stereo, as ffmpeg does
        }
        layouts = List.copyOf(l);
    }

    public static LadspaMapping of(LadspaDescriptor descriptor) throws NativeFormatException {
        return new LadspaMapping(descriptor);
    }

    /** The Mixdown descriptor: id {@code ladspa:<label>}; LADSPA has no version, the unique id stands in. */
    public PluginDescriptor pluginDescriptor(LadspaDescriptor d) {
        return new PluginDescriptor("ladspa:" + d.label(), d.name(), d.maker(), Long.toString(d.uniqueId()),
                "ladspa", "native", layouts, parameters, meters, 1);
    }

    boolean isDualMonoCapable() {
        return audioInputs.length == 1 && audioOutputs.length == 1;
    }

    List<ParameterSpec> parameters() {
        return parameters;
    }

    /** The float to write to a parameter's port for a plain value at {@code sampleRate}. */
    float portValue(int parameter, double value, double sampleRate) {
        LadspaPort port = parameterPorts[parameter];
        if (port.hasHint(Ladspa.HINT_TOGGLED)) {
            return value >= 0.5 ? 1f : 0f;
        }
        if (port.hasHint(Ladspa.HINT_SAMPLE_RATE)) {
            if (port.hasHint(Ladspa.HINT_BOUNDED_BELOW)) {
                value = Math.max(value, port.lower() * sampleRate);
            }
            if (port.hasHint(Ladspa.HINT_BOUNDED_ABOVE)) {
                value = Math.min(value, port.upper() * sampleRate);
            }
        }
        return (float) value;
    }

    static ParameterSpec parameter(LadspaPort port, String id) {
        String name = port.name();
        String unit = unitOf(name);
        if (port.hasHint(Ladspa.HINT_TOGGLED)) {
            return ParameterSpec.toggle(id, name, defaultValue(port, 0, 1, REFERENCE_SAMPLE_RATE) > 0);
        }
        double scale = port.hasHint(Ladspa.HINT_SAMPLE_RATE) ? REFERENCE_SAMPLE_RATE : 1;
        double lower = bound(port, Ladspa.HINT_BOUNDED_BELOW, port.lower(), scale);
        double upper = bound(port, Ladspa.HINT_BOUNDED_ABOVE, port.upper(), scale);
        double min = Double.isNaN(lower) ? Math.min(-UNBOUNDED, Double.isNaN(upper) ? 0 : upper) : lower;
        double max = Double.isNaN(upper) ? Math.max(UNBOUNDED, min) : upper;
        if (min > max) {  // a confused descriptor: trust the numbers, not their order
            double t = min;
            min = max;
            max = t;
        }
        double def = Math.max(min, Math.min(max, defaultValue(port, min, max, REFERENCE_SAMPLE_RATE)));
        if (port.hasHint(Ladspa.HINT_INTEGER) && Math.ceil(min) <= Math.floor(max)) {
            double lo = Math.ceil(min), hi = Math.floor(max);
            return new ParameterSpec(id, name, unit, lo, hi, Math.max(lo, Math.min(hi, Math.rint(def))),
                    ParameterSpec.Scale.LINEAR, 1, List.of(), ParameterSpec.Kind.INTEGER);
        }
        ParameterSpec.Scale s = port.hasHint(Ladspa.HINT_LOGARITHMIC) && min > 0 ? ParameterSpec.Scale.LOG
                : unit.equalsIgnoreCase("dB") ? ParameterSpec.Scale.DB : ParameterSpec.Scale.LINEAR;
        return ParameterSpec.continuous(id, name, unit, min, max, def, s);
    }

    /** A bound in plain units, or NaN when the hint does not declare it (or it is not a finite number). */
    private static double bound(LadspaPort port, int hint, float value, double scale) {
        if (!port.hasHint(hint) || !Float.isFinite(value)) {
            return Double.NaN;
        }
        return value * scale;
    }

    /**
     * The default of a control port from its hint bits (ladspa.h): LOW/MIDDLE/HIGH mix the bounds 75/25,
     * 50/50, 25/75, geometrically when LOGARITHMIC; 0, 1, 100 and 440 are absolute. Without a default
     * hint: 0 when in range, else the nearer bound.
     */
    static double defaultValue(LadspaPort port, double min, double max, double sampleRate) {
        double scale = port.hasHint(Ladspa.HINT_SAMPLE_RATE) ? sampleRate : 1;
        double lo = Float.isFinite(port.lower()) ? port.lower() * scale : min;
        double hi = Float.isFinite(port.upper()) ? port.upper() * scale : max;
        boolean log = port.hasHint(Ladspa.HINT_LOGARITHMIC) && lo > 0 && hi > 0;
        switch (port.hints() & Ladspa.HINT_DEFAULT_MASK) {
            case Ladspa.DEFAULT_MINIMUM: return lo;
            case Ladspa.DEFAULT_LOW: return mix(lo, hi, 0.25, log);
            case Ladspa.DEFAULT_MIDDLE: return mix(lo, hi, 0.5, log);
            case Ladspa.DEFAULT_HIGH: return mix(lo, hi, 0.75, log);
            case Ladspa.DEFAULT_MAXIMUM: return hi;
            case Ladspa.DEFAULT_0: return 0;
            case Ladspa.DEFAULT_1: return 1;
            case Ladspa.DEFAULT_100: return 100;
            case Ladspa.DEFAULT_440: return 440;
            default: return 0 >= min && 0 <= max ? 0 : (0 < min ? min : max);
        }
    }

    /** {@code t} of the way from lo to hi, geometrically when {@code log}. */
    private static double mix(double lo, double hi, double t, boolean log) {
        return log ? Math.exp(Math.log(lo) * (1 - t) + Math.log(hi) * t) : lo * (1 - t) + hi * t;
    }

    /** The unit in a trailing "(ms)" or "[dB]" of a port name, or "". */
    static String unitOf(String name) {
        Matcher m = UNIT.matcher(name);
        return m.find() ? m.group(1).trim() : "";
    }
}
