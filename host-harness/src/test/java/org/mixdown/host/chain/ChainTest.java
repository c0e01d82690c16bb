package org.mixdown.host.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mixdown.api.AudioBuffer;
import org.mixdown.host.PluginRegistry;
import org.mixdown.testkit.PluginChecks;
import org.mixdown.testkit.Signals;

class ChainTest {

    private static float[] run(Chain chain, float[] input, int block) {
        chain.prepare(48000, block, 1);
        float[] output = new float[input.length];
        AudioBuffer in = AudioBuffer.allocate(1, block);
        AudioBuffer out = AudioBuffer.allocate(chain.outputChannels(), block);
        for (int start = 0; start < input.length; start += block) {
            int n = Math.min(block, input.length - start);
            System.arraycopy(input, start, in.frames(n).channel(0), 0, n);
            chain.process(in, out.frames(n));
            System.arraycopy(out.channel(0), 0, output, start, n);
        }
        return output;
    }

    @Test
    void latenciesAddUpAndTheOutputIsDelayedByTheirSum() {
        Chain chain = new Chain(List.of(new Chain.Slot(new LatentPlugin(3), false),
                new Chain.Slot(new LatentPlugin(5), false)));
        float[] x = Signals.whiteNoise(1000, 0.5, 1);
        float[] y = run(chain, x, 64);
        assertEquals(8, chain.latencySamples());
        for (int n = 8; n < x.length; n++) {
            assertEquals(x[n - 8], y[n], "sample " + n);
        }
    }

    @Test
    void aBypassedSlotKeepsItsLatency() {
        LatentPlugin gain = new LatentPlugin(5);
        gain.setParameter("level", 2);
        Chain chain = new Chain(List.of(new Chain.Slot(new LatentPlugin(3), false), new Chain.Slot(gain, true)));
        float[] x = Signals.whiteNoise(1000, 0.5, 2);
        float[] y = run(chain, x, 100);
        for (int n = 8; n < x.length; n++) {
            assertEquals(x[n - 8], y[n], "bypassed slot must delay without the level, sample " + n);
        }
    }

    @Test
    void eventsSplitTheBlockAtTheirOffset() {
        LatentPlugin plugin = new LatentPlugin(0);
        Chain chain = new Chain(List.of(new Chain.Slot(plugin, false)));
        chain.prepare(48000, 64, 1);
        AudioBuffer in = AudioBuffer.allocate(1, 64);
        java.util.Arrays.fill(in.channel(0), 1f);
        AudioBuffer out = AudioBuffer.allocate(1, 64);
        chain.events(0).add(17, 0, 3);
        chain.events(0).add(40, 0, -1);
        chain.process(in, out);
        for (int i = 0; i < 64; i++) {
            assertEquals(i < 17 ? 1 : i < 40 ? 3 : -1, out.channel(0)[i], "sample " + i);
        }
        assertEquals(0, chain.events(0).size(), "events are consumed by the block");
        assertEquals(64, in.frames());
        assertEquals(0, in.offset());
    }

    @Test
    void monoIntoPanGivesStereoAndChannelCountsAreChecked() {
        PluginRegistry registry = PluginRegistry.javaPlugins();
        Chain chain = new Chain(List.of(new Chain.Slot(registry.create("mix.gain"), false),
                new Chain.Slot(registry.create("mix.pan"), false)));
        chain.prepare(48000, 128, 1);
        assertEquals(2, chain.outputChannels());
        Chain bad = new Chain(List.of(new Chain.Slot(registry.create("mix.pan"), false),
                new Chain.Slot(registry.create("mix.pan"), false)));
        // pan takes 1 or 2 channels, so pan -> pan works; a mono-only plugin after a stereo one would not
        bad.prepare(48000, 128, 1);
        Chain wrong = new Chain(List.of(new Chain.Slot(registry.create("mix.pan"), false)));
        assertThrows(IllegalArgumentException.class, () -> wrong.prepare(48000, 128, 3));
    }

    @Test
    void processingAllocatesNothing() {
        PluginRegistry registry = PluginRegistry.javaPlugins();
        Chain chain = new Chain(List.of(new Chain.Slot(registry.create("mix.gain"), false),
                new Chain.Slot(new LatentPlugin(7), true), new Chain.Slot(registry.create("mix.pan"), false)));
        chain.prepare(48000, 256, 1);
        AudioBuffer in = new AudioBuffer(new float[][] {Signals.whiteNoise(256, 0.5, 3)});
        AudioBuffer out = AudioBuffer.allocate(2, 256);
        int[] count = {0};
        PluginChecks.assertSteadyStateAllocationFree("chain", () -> {
            chain.events(0).add(100, 0, count[0]++ % 2 == 0 ? -3 : -2);
            chain.process(in, out);
        }, 20_000, 10_000);
    }
}
