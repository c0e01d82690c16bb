package org.mixdown.host.bridge.ladspa;

import com.sun.jna.Function;
import com.sun.jna.Memory;
import java.nio.file.Path;
import org.mixdown.api.AudioBuffer;
import org.mixdown.api.AudioPlugin;
import org.mixdown.api.ParameterEvents;
import org.mixdown.api.ProcessSetup;
import org.mixdown.host.bridge.NativeFunction;
import org.mixdown.host.bridge.NativePluginFactory;
import org.mixdown.host.bridge.PreparedCall;
import org.mixdown.host.bridge.NativeTestSupport;
import org.mixdown.testkit.PluginChecks;

/**
 * A scratch measurement, not a unit test (timings on a shared machine are not assertions): the cost of
 * the bridge path with a pass-through plugin (SWH "amp" at 0 dB). Prints bytes per block and ns per block
 * through {@link AudioPlugin#process}, and bytes and ns per raw {@code run()} call through the
 * allocation-free path and through {@code Function.invoke}. Run from host-harness after test-compile:
 * {@code java -cp target/test-classes:target/classes:../plugin-api/target/classes:../plugin-api/target/test-classes:<jna.jar>
 * org.mixdown.host.bridge.ladspa.BridgeCallCost}
 */
public final class BridgeCallCost {
    private static final int WARM_UP = 200_000;
    private static final int MEASURED = 500_000;

    private BridgeCallCost() {
    }

    public static void main(String[] args) {
        NativePluginFactory factory = NativeTestSupport.load(Path.of("/usr/lib/ladspa/amp_1181.so"), "ladspa:amp");
        System.out.println("allocation-free path bound: " + NativeFunction.isAllocationFree());
        for (int frames : new int[] {64, 256}) {
            adapter(factory, frames);
            rawRun((LadspaPluginFactory) factory, frames);
        }
    }

    /** The whole adapter: copy in, run, copy out, meters; one automation event every 8th block. */
    private static void adapter(NativePluginFactory factory, int frames) {
        try (AudioPlugin plugin = factory.create()) {
            ProcessSetup setup = ProcessSetup.of(48_000, frames, 1);
            plugin.prepare(setup);
            AudioBuffer in = new AudioBuffer(PluginChecks.noise(1, frames, 1));
            AudioBuffer out = AudioBuffer.allocate(1, frames);
            ParameterEvents events = new ParameterEvents(1);
            for (int i = 0; i < WARM_UP; i++) {
                block(plugin, in, out, events, i);
            }
            long bytes = PluginChecks.allocatedBytes();
            long start = System.nanoTime();
            for (int i = 0; i < MEASURED; i++) {
                block(plugin, in, out, events, i);
            }
            long ns = System.nanoTime() - start;
            bytes = PluginChecks.allocatedBytes() - bytes;
            System.out.printf("adapter   %4d frames: %.3f bytes/block, %.0f ns/block (%.2f ns/sample)%n", frames,
                    bytes / (double) MEASURED, ns / (double) MEASURED, ns / (double) MEASURED / frames);
        }
    }

    private static void block(AudioPlugin plugin, AudioBuffer in, AudioBuffer out, ParameterEvents events, int i) {
        events.clear();
        if ((i & 7) == 0) {
            events.add(0, 0, 0.0);
        }
        plugin.process(in, out, events);
    }

    /** One run() per block on a live instance, through both JNA paths. */
    private static void rawRun(LadspaPluginFactory factory, int frames) {
        var d = factory.ladspa();
        Memory audio = new Memory(frames * 4L);
        audio.clear();
        Memory control = new Memory(4);
        control.setFloat(0, 0f);
        long handle = d.instantiate.invokeAddress(new Object[] {d.pointer(), 48_000L});
        Object[] connect0 = {handle, 0L, control};
        Object[] connect1 = {handle, 1L, audio};
        Object[] connect2 = {handle, 2L, audio};
        NativeFunction connect = d.connectPort;
        connect.invokeVoid(connect0);
        connect.invokeVoid(connect1);
        connect.invokeVoid(connect2);
        NativeFunction run = d.run;
        Object[] runArgs = {handle, (long) frames};
        Function plain = Function.getFunction(new com.sun.jna.Pointer(run.address()));
        PreparedCall prepared = PreparedCall.of(run, frames, PreparedCall.Arg.ADDRESS, PreparedCall.Arg.ULONG);
        prepared.setLong(0, handle);
        prepared.setLong(1, frames);
        for (int i = 0; i < WARM_UP; i++) {
            run.invokeVoid(runArgs);
            plain.invoke(Void.class, runArgs);
            prepared.invoke();
        }
        long preparedBytes = PluginChecks.allocatedBytes();
        long preparedStart = System.nanoTime();
        for (int i = 0; i < MEASURED; i++) {
            prepared.invoke();
        }
        long preparedNs = System.nanoTime() - preparedStart;
        preparedBytes = PluginChecks.allocatedBytes() - preparedBytes;
        System.out.printf("run() %4d frames: PreparedCall (%s) %.3f bytes/call %.0f ns/call%n", frames,
                prepared.isFast() ? "libffi" : "generic", preparedBytes / (double) MEASURED,
                preparedNs / (double) MEASURED);
        long bytes = PluginChecks.allocatedBytes();
        long start = System.nanoTime();
        for (int i = 0; i < MEASURED; i++) {
            run.invokeVoid(runArgs);
        }
        long fastNs = System.nanoTime() - start;
        long fastBytes = PluginChecks.allocatedBytes() - bytes;
        bytes = PluginChecks.allocatedBytes();
        start = System.nanoTime();
        for (int i = 0; i < MEASURED; i++) {
            plain.invoke(Void.class, runArgs);
        }
        long plainNs = System.nanoTime() - start;
        long plainBytes = PluginChecks.allocatedBytes() - bytes;
        System.out.printf("run() %4d frames: allocation-free path %.3f bytes/call %.0f ns/call;"
                        + " Function.invoke %.1f bytes/call %.0f ns/call%n", frames,
                fastBytes / (double) MEASURED, fastNs / (double) MEASURED, plainBytes / (double) MEASURED,
                plainNs / (double) MEASURED);
        d.cleanup.invokeVoid(new Object[] {handle});
        audio.close();
        control.close();
    }
}
