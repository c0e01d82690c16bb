package org.mixdown.mix;

import java.util.ArrayList;
import java.util.List;
import org.mixdown.api.AbstractPlugin;
import org.mixdown.api.AudioBuffer;
import org.mixdown.api.ChannelLayout;
import org.mixdown.api.Meter;
import org.mixdown.api.MeterSpec;
import org.mixdown.api.ParameterEvents;
import org.mixdown.api.ParameterSpec;
import org.mixdown.api.PluginDescriptor;
import org.mixdown.api.ProcessSetup;

/**
 * A console channel strip built from the mixing plugins, in this order:
 * <pre>
 *   trim + polarity (mix.gain) -> filter (mix.filter) -> gate (mix.gate)
 *     -> EQ (mix.eq) -> compressor (mix.compressor)    [order = eq-comp; comp-eq swaps the two]
 *     -> saturator (mix.saturator) -> fader (mix.gain) -> pan (mix.pan: mono placed, stereo balanced)
 * </pre>
 * Each section's parameters keep their own ids behind a prefix ({@code filter.hpf.freq}, {@code eq.b1.gain},
 * {@code comp.threshold}, {@code gate.threshold}, {@code sat.drive}), and so do their meters
 * ({@code gate.gr}, {@code comp.gr}). A change reaches the section at the exact sample (the strip's blocks
 * split at events, and the section takes the value at the start of its next sub-block), so automation is
 * as sample-accurate as in the section alone.
 *
 * <p>Section switches ({@code filter.enabled}, {@code gate.enabled}, {@code eq.enabled}, {@code comp.enabled},
 * {@code sat.enabled}) crossfade over 20 ms; a section switched off does not run, and one switched on starts
 * from rest at its current settings. Defaults make the strip an exact pass-through apart from the pan law, and
 * cheap: only the filter is on, and it is neutral and idle (mix.filter's cuts are off: {@code filter.hpf.on}
 * alone turns the high-pass on). The EQ is off although its 0 dB bands are neutral too, because six bands
 * would filter every sample for nothing (and skipping them while neutral would leave their state behind, so
 * later results would differ); gate, compressor and saturator are off because their own defaults act on the
 * sound. Switching a section on gives the section's own defaults, as the plugin alone has them.
 *
 * <p>Latency: the sum of every section's latency at prepare, whether the section is on or not (a bypassed
 * section with latency is replaced by a delay of the same length). Only the saturator has latency, and it
 * reports the largest oversampler latency for every oversampling factor, so the strip's latency is fixed
 * after prepare and {@code sat.oversampling} and {@code sat.enabled} never move the signal in time.
 *
 * <p>{@code order} switches at once (no crossfade): it is a set-up choice, not one for automation.
 */
public final class ChannelStrip extends AbstractPlugin {
    /** Section numbers: the processing order with {@code order = eq-comp}; pan runs last, outside the list. */
    static final int TRIM = 0;
    static final int FILTER = 1;
    static final int GATE = 2;
    static final int EQ = 3;
    static final int COMP = 4;
    static final int SAT = 5;
    static final int FADER = 6;
    static final int PAN = 7;
    private static final int[] EQ_FIRST = {TRIM, FILTER, GATE, EQ, COMP, SAT, FADER};
    private static final int[] COMP_FIRST = {TRIM, FILTER, GATE, COMP, EQ, SAT, FADER};

    /** Prefixes of the switchable sections, by section number (null: not switchable, not prefixed). */
    private static final String[] PREFIXES = {null, "filter", "gate", "eq", "comp", "sat", null, null};
    private static final String[] NAMES = {null, "Filter", "Gate", "EQ", "Compressor", "Saturator", null, null};
    private static final PluginDescriptor[] SECTION_DESCRIPTORS = {Gain.DESCRIPTOR, Filter.DESCRIPTOR,
        Gate.DESCRIPTOR, Eq.DESCRIPTOR, Compressor.DESCRIPTOR, Saturator.DESCRIPTOR, Gain.DESCRIPTOR, Pan.DESCRIPTOR};
    /** Switch defaults: only the filter on (neutral and idle at its defaults); see the class comment. */
    private static final boolean[] ENABLED_BY_DEFAULT = {true, true, false, false, false, false, true, true};

    private static final Layout LAYOUT = new Layout();

    public static final PluginDescriptor DESCRIPTOR = PluginDescriptor.java("mix.strip", "Channel strip", "strip",
            List.of(ChannelLayout.MONO_TO_STEREO, ChannelLayout.STEREO), LAYOUT.specs, LAYOUT.meters, 1);

    public static final int TRIM_DB = DESCRIPTOR.parameterIndex("trim");
    public static final int INVERT = DESCRIPTOR.parameterIndex("invert");
    public static final int FADER_DB = DESCRIPTOR.parameterIndex("fader");
    public static final int PAN_POSITION = DESCRIPTOR.parameterIndex("pan");
    public static final int PAN_LAW = DESCRIPTOR.parameterIndex("pan.law");
    public static final int ORDER = DESCRIPTOR.parameterIndex("order");
    /** The choices of {@code order}. */
    public static final int ORDER_EQ_COMP = 0;
    public static final int ORDER_COMP_EQ = 1;

    private static final int NONE = -1;

    /**
     * Where a strip parameter goes: parameter {@code index} of {@code section}, or the switch of section
     * {@code switched}, or (order) neither.
     */
    private record Route(int section, int index, int switched) {
    }

    /** A section's meter {@code sectionMeter} re-exposed as the strip's meter {@code stripMeter}. */
    private record MeterRoute(int section, int sectionMeter, int stripMeter) {
    }

    /** The strip's parameters and meters, each with its route; built once from the sections' descriptors. */
    private static final class Layout {
        final List<ParameterSpec> specs = new ArrayList<>();
        final List<Route> routes = new ArrayList<>();
        final List<MeterSpec> meters = new ArrayList<>();
        final List<MeterRoute> meterRoutes = new ArrayList<>();

        Layout() {
            renamed(TRIM, "gain", "trim", "Trim");
            renamed(TRIM, "invert", "invert", "Invert polarity");
            renamed(FADER, "gain", "fader", "Fader");
            renamed(PAN, "pan", "pan", "Pan");
            renamed(PAN, "law", "pan.law", "Pan law");
            specs.add(ParameterSpec.choice("order", "EQ / compressor order", List.of("eq-comp", "comp-eq"),
                    ORDER_EQ_COMP));
            routes.add(new Route(NONE, NONE, NONE));
            for (int s = 0; s < PREFIXES.length; s++) {
                if (PREFIXES[s] != null) {
                    specs.add(ParameterSpec.toggle(PREFIXES[s] + ".enabled", NAMES[s] + " on", ENABLED_BY_DEFAULT[s]));
                    routes.add(new Route(NONE, NONE, s));
                }
            }
            for (int s = 0; s < PREFIXES.length; s++) {
                if (PREFIXES[s] != null) {
                    prefixed(s);
                }
            }
        }

        private void renamed(int section, String localId, String id, String name) {
            int local = SECTION_DESCRIPTORS[section].parameterIndex(localId);
            specs.add(SECTION_DESCRIPTORS[section].parameters().get(local).withId(id, name));
            routes.add(new Route(section, local, NONE));
        }

        private void prefixed(int section) {
            PluginDescriptor d = SECTION_DESCRIPTORS[section];
            for (int i = 0; i < d.parameters().size(); i++) {
                ParameterSpec p = d.parameters().get(i);
                specs.add(p.withId(PREFIXES[section] + "." + p.id(), NAMES[section] + " " + p.name()));
                routes.add(new Route(section, i, NONE));
            }
            for (int m = 0; m < d.meters().size(); m++) {
                MeterSpec spec = d.meters().get(m);
                meterRoutes.add(new MeterRoute(section, m, meters.size()));
                meters.add(new MeterSpec(PREFIXES[section] + "." + spec.id(), NAMES[section] + " " + spec.name(),
                        spec.unit()));
            }
        }
    }

    private static final Route[] ROUTES = LAYOUT.routes.toArray(new Route[0]);

    private final StripSection[] sections = new StripSection[PAN];
    private final Pan pan = new Pan();
    private final Gate gate = new Gate();
    private final Compressor compressor = new Compressor();
    private final Filter filter = new Filter();
    private final Eq eq = new Eq();
    private final Saturator saturator = new Saturator();
    /** Section meters and the strip meters that re-expose them, pairwise. */
    private final Meter[] sectionMeters;
    private final Meter[] stripMeters;
    private final int[] meterSections;

    private int[] order = EQ_FIRST;
    private int inputChannels;
    private int latency;
    private int tail;
    private AudioBuffer work = AudioBuffer.allocate(1, 1);
    private AudioBuffer dry = AudioBuffer.allocate(1, 1);
    private AudioBuffer panned = AudioBuffer.allocate(2, 1);

    public ChannelStrip() {
        super(DESCRIPTOR);
        sections[TRIM] = new StripSection(new Gain());
        sections[FILTER] = new StripSection(filter);
        sections[GATE] = new StripSection(gate);
        sections[EQ] = new StripSection(eq);
        sections[COMP] = new StripSection(compressor);
        sections[SAT] = new StripSection(saturator);
        sections[FADER] = new StripSection(new Gain());
        int count = LAYOUT.meterRoutes.size();
        sectionMeters = new Meter[count];
        stripMeters = new Meter[count];
        meterSections = new int[count];
        for (int m = 0; m < count; m++) {
            MeterRoute route = LAYOUT.meterRoutes.get(m);
            meterSections[m] = route.section();
            sectionMeters[m] = sections[route.section()].plugin().meters().get(route.sectionMeter());
            stripMeters[m] = meters().get(route.stripMeter());
        }
    }

    private AbstractPlugin sectionPlugin(int section) {
        return section == PAN ? pan : sections[section].plugin();
    }

    /** The strip parameter index of the switch of {@code section}. */
    static int switchIndex(int section) {
        return DESCRIPTOR.parameterIndex(PREFIXES[section] + ".enabled");
    }

    @Override
    protected void onPrepare(ProcessSetup setup) {
        inputChannels = setup.inputChannels();
        int max = setup.maxBlockSize();
        for (int i = 0; i < ROUTES.length; i++) {  // the sections start at the strip's values
            if (ROUTES[i].section() != NONE) {
                sectionPlugin(ROUTES[i].section()).setParameter(ROUTES[i].index(), value(i));
            }
        }
        ProcessSetup inPlace = ProcessSetup.of(setup.sampleRate(), max, inputChannels);
        latency = 0;
        tail = 0;
        for (int s = 0; s < sections.length; s++) {
            sections[s].prepare(inPlace, PREFIXES[s] == null || isOn(switchIndex(s)));
            latency += sections[s].latencySamples();
            tail += sections[s].plugin().tailSamples();
        }
        pan.prepare(new ProcessSetup(setup.sampleRate(), max, inputChannels, 2));
        order = choice(ORDER) == ORDER_COMP_EQ ? COMP_FIRST : EQ_FIRST;
        work = AudioBuffer.allocate(inputChannels, max);
        dry = AudioBuffer.allocate(inputChannels, max);
        panned = AudioBuffer.allocate(2, max);
    }

    @Override
    protected void onParameterChange(int index, double value) {
        Route route = ROUTES[index];
        if (route.section() != NONE) {
            sectionPlugin(route.section()).setParameter(route.index(), value);
        } else if (route.switched() != NONE) {
            sections[route.switched()].setEnabled(value >= 0.5);
        } else if (index == ORDER) {
            order = choice(ORDER) == ORDER_COMP_EQ ? COMP_FIRST : EQ_FIRST;
        }
    }

    @Override
    protected void processBlock(float[][] in, float[][] out, int from, int to) {
        int frames = to - from;
        work.window(0, frames);
        for (int c = 0; c < inputChannels; c++) {
            System.arraycopy(in[c], from, work.channel(c), 0, frames);
        }
        for (int s : order) {
            sections[s].process(work, dry);
        }
        panned.window(0, frames);
        pan.process(work, panned, ParameterEvents.NONE);
        for (int c = 0; c < 2; c++) {
            System.arraycopy(panned.channel(c), 0, out[c], from, frames);
        }
        for (int m = 0; m < stripMeters.length; m++) {
            stripMeters[m].set(sections[meterSections[m]].isOff() ? 0 : sectionMeters[m].value());
        }
    }

    @Override
    protected void onReset() {
        for (StripSection section : sections) {
            section.reset();
        }
        pan.reset();
        for (Meter meter : stripMeters) {
            meter.set(0);
        }
    }

    @Override
    public int latencySamples() {
        return latency;
    }

    @Override
    public int tailSamples() {
        return tail;
    }

    /** The largest magnitude of any decaying state of the sections that run (tests: silence empties it). */
    double stateMagnitude() {
        double max = 0;
        for (StripSection section : sections) {
            max = Math.max(max, section.bypassStateMagnitude());
        }
        max = Math.max(max, sections[FILTER].isOff() ? 0 : filter.stateMagnitude());
        max = Math.max(max, sections[GATE].isOff() ? 0 : gate.stateMagnitude());
        max = Math.max(max, sections[EQ].isOff() ? 0 : eq.stateMagnitude());
        max = Math.max(max, sections[COMP].isOff() ? 0 : compressor.stateMagnitude());
        return Math.max(max, sections[SAT].isOff() ? 0 : saturator.stateMagnitude());
    }
}
