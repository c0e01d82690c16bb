package org.mixdown.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The parameter plumbing every Java plugin inherits: events at exact offsets, block-start pickup, state. */
class AbstractPluginTest {

    /** Writes the current value of parameter 0 into every output sample and logs the ranges it was called with. */
    static final class Probe extends AbstractPlugin {
        static final PluginDescriptor DESCRIPTOR = PluginDescriptor.java("test.probe", "Probe", "test",
                List.of(ChannelLayout.MONO), List.of(ParameterSpec.continuous("level", "Level", "", -10, 10, 1,
                        ParameterSpec.Scale.LINEAR), ParameterSpec.integer("steps", "Steps", "", 0, 4, 0)),
                List.of(), 2);
        final List<int[]> ranges = new ArrayList<>();

        Probe() {
            super(DESCRIPTOR);
        }

        @Override
        protected void onPrepare(ProcessSetup setup) {
        }

        @Override
        protected void processBlock(float[][] in, float[][] out, int from, int to) {
            ranges.add(new int[] {from, to});
            for (int i = from; i < to; i++) {
                out[0][i] = (float) value(0);
            }
        }

        @Override
        protected void onReset() {
        }
    }

    @Test
    void eventsLandOnTheirExactSample() {
        Probe probe = new Probe();
        probe.prepare(ProcessSetup.of(48000, 16, 1));
        AudioBuffer in = AudioBuffer.allocate(1, 16);
        AudioBuffer out = AudioBuffer.allocate(1, 16);
        ParameterEvents events = new ParameterEvents(4);
        events.add(5, 0, 2);
        events.add(11, 0, 3);
        probe.process(in, out, events);
        for (int i = 0; i < 16; i++) {
            assertEquals(i < 5 ? 1 : i < 11 ? 2 : 3, out.channel(0)[i], "sample " + i);
        }
        assertEquals(3, probe.ranges.size());
        assertEquals(3.0, probe.parameter("level"));
    }

    @Test
    void windowOffsetsAreRespected() {
        Probe probe = new Probe();
        probe.prepare(ProcessSetup.of(48000, 16, 1));
        AudioBuffer buffer = AudioBuffer.allocate(1, 16).window(4, 8);
        probe.process(buffer, buffer, ParameterEvents.NONE);
        assertEquals(4, probe.ranges.get(0)[0]);
        assertEquals(12, probe.ranges.get(0)[1]);
        assertEquals(0, buffer.channel(0)[3]);
        assertEquals(1, buffer.channel(0)[4]);
    }

    @Test
    void setParameterFromAnyThreadLandsAtTheNextBlock() throws Exception {
        Probe probe = new Probe();
        probe.prepare(ProcessSetup.of(48000, 8, 1));
        AudioBuffer buffer = AudioBuffer.allocate(1, 8);
        Thread other = new Thread(() -> probe.setParameter("level", -4));
        other.start();
        other.join();
        probe.process(buffer, buffer, ParameterEvents.NONE);
        assertEquals(-4, buffer.channel(0)[0]);
    }

    @Test
    void unknownParametersAndBadValuesAreRefused() {
        Probe probe = new Probe();
        assertThrows(IllegalArgumentException.class, () -> probe.setParameter("nope", 0));
        assertThrows(IllegalArgumentException.class, () -> probe.setParameter("level", 11));
        assertThrows(IllegalArgumentException.class, () -> probe.setParameter("steps", 1.5));
    }

    @Test
    void stateRoundTripsAndRefusesForeignOrNewerStates() {
        Probe probe = new Probe();
        probe.setParameter("level", 7.25);
        probe.setParameter("steps", 3);
        PluginState state = probe.state();
        assertEquals(Map.of("level", 7.25, "steps", 3.0), state.values());
        Probe copy = new Probe();
        copy.restore(state);
        assertEquals(state, copy.state());
        assertThrows(IllegalArgumentException.class,
                () -> copy.restore(new PluginState("other", 1, Map.of())));
        assertThrows(IllegalArgumentException.class,
                () -> copy.restore(new PluginState("test.probe", 3, Map.of())));
        assertThrows(IllegalArgumentException.class,
                () -> copy.restore(new PluginState("test.probe", 2, Map.of("bogus", 1.0))));
    }

    @Test
    void prepareRefusesUnsupportedLayouts() {
        Probe probe = new Probe();
        assertThrows(IllegalArgumentException.class, () -> probe.prepare(ProcessSetup.of(48000, 8, 2)));
    }
}
