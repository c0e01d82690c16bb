package org.mixdown.host.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.NativeLibrary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mixdown.testkit.PluginChecks;

/** The allocation-free call path: bound, correct for every argument kind, and free of garbage. */
class NativeFunctionTest {
    private static final String SOURCE = """
            #include <stdint.h>
            static long total;
            void mixdown_accumulate(void *handle, unsigned long frames) { total += (long) frames + (handle ? 1 : 0); }
            long mixdown_total(void) { return total; }
            float mixdown_scale(void *effect, int32_t index, float value) { return value * 2 + index; }
            int32_t mixdown_int(int32_t a, int32_t b) { return a - b; }
            intptr_t mixdown_callback(intptr_t (*cb)(intptr_t, int32_t, float), float x) { return cb(40, 2, x); }
            """;

    @TempDir
    static Path dir;
    private static NativeLibrary library;

    @BeforeAll
    static void build() throws IOException, NativeFormatException {
        NativeTestSupport.requireTool("gcc", "gcc");
        Files.writeString(dir.resolve("calls.c"), SOURCE);
        Path so = dir.resolve("calls.so");
        NativeTestSupport.run(List.of("gcc", "-shared", "-fPIC", "-O1", "-o", so.toString(), dir.resolve("calls.c").toString()), 60);
        library = NativeModules.open(so);
    }

    private static NativeFunction function(String name) {
        return NativeFunction.at(NativeModules.symbol(library, name));
    }

    @Test
    void fastPathIsBound() {
        assertTrue(NativeFunction.isAllocationFree(), "JNA's package-private dispatch could not be bound");
    }

    @Test
    void argumentsAndResultsCrossCorrectly() {
        FloatArgument value = new FloatArgument();
        value.set(1.25f);
        assertEquals(1.25f * 2 + 3, function("mixdown_scale").invokeFloat(new Object[] {0L, 3, value}));
        value.set(-7.5f);
        assertEquals(-7.5f * 2 + 3, function("mixdown_scale").invokeFloat(new Object[] {0L, 3, value}),
                "the struct's memory is the value: no stale Java field");
        assertEquals(-4, function("mixdown_int").invokeInt(new Object[] {3, 7}));
        long before = function("mixdown_total").invokeLong(new Object[0]);
        function("mixdown_accumulate").invokeVoid(new Object[] {1L, 1000L});
        assertEquals(before + 1001, function("mixdown_total").invokeLong(new Object[0]));
    }

    /** The Java callback gets primitive arguments in JNA's direct mode and its result reaches C. */
    public interface Adder extends com.sun.jna.Callback {
        long callback(long a, int b, float c);
    }

    @Test
    void directCallbacksWork() {
        Adder adder = (a, b, c) -> a + b + (long) c;
        FloatArgument x = new FloatArgument();
        x.set(100f);
        long result = function("mixdown_callback").invokeLong(new Object[] {NativeFunction.callbackPointer(adder), x});
        assertEquals(142, result);
    }

    @Test
    void steadyStateCallsAllocateNothing() {
        NativeFunction accumulate = function("mixdown_accumulate");
        NativeFunction scale = function("mixdown_scale");
        Object[] runArgs = {1L, 256L};
        FloatArgument value = new FloatArgument();
        Object[] scaleArgs = {0L, 1, value};
        float sink = 0;
        for (int i = 0; i < 200_000; i++) {
            accumulate.invokeVoid(runArgs);
            value.set(i);
            sink += scale.invokeFloat(scaleArgs);
        }
        long before = PluginChecks.allocatedBytes();
        for (int i = 0; i < 100_000; i++) {
            accumulate.invokeVoid(runArgs);
            value.set(i);
            sink += scale.invokeFloat(scaleArgs);
        }
        long allocated = PluginChecks.allocatedBytes() - before;
        assertEquals(0, allocated, "bytes allocated by 200,000 native calls (sink " + sink + ")");
    }
}
