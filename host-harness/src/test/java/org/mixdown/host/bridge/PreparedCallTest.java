package org.mixdown.host.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.NativeLibrary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mixdown.host.bridge.PreparedCall.Arg;
import org.mixdown.testkit.PluginChecks;

/**
 * The libffi call path: live on this platform, every argument kind crosses exactly as through JNA's
 * generic path, and the steady state allocates nothing on either path.
 */
class PreparedCallTest {
    private static final String SOURCE = """
            #include <stdint.h>
            static uintptr_t seen_pointer; static unsigned long seen_frames; static int32_t seen_index;
            static float seen_value; static long calls;
            void mixdown_ladspa_like(void *handle, unsigned long frames) {
                seen_pointer = (uintptr_t) handle; seen_frames = frames; calls++;
            }
            void mixdown_vst_like(void *effect, float **in, float **out, int32_t frames) {
                seen_pointer = (uintptr_t) effect; seen_index = frames; calls++;
                for (int32_t i = 0; i < frames; i++) out[0][i] = in[0][i] * 2;
            }
            void mixdown_set_parameter(void *effect, int32_t index, float value) {
                seen_pointer = (uintptr_t) effect; seen_index = index; seen_value = value; calls++;
            }
            uintptr_t mixdown_seen_pointer(void) { return seen_pointer; }
            unsigned long mixdown_seen_frames(void) { return seen_frames; }
            int32_t mixdown_seen_index(void) { return seen_index; }
            float mixdown_seen_value(void) { return seen_value; }
            long mixdown_calls(void) { return calls; }
            """;

    @TempDir
    static Path dir;
    private static NativeLibrary library;

    @BeforeAll
    static void build() throws IOException, NativeFormatException {
        NativeTestSupport.requireTool("gcc", "gcc");
        Files.writeString(dir.resolve("prepared.c"), SOURCE);
        Path so = dir.resolve("prepared.so");
        NativeTestSupport.run(List.of("gcc", "-shared", "-fPIC", "-O1", "-o", so.toString(),
                dir.resolve("prepared.c").toString()), 60);
        library = NativeModules.open(so);
    }

    private static NativeFunction function(String name) {
        return NativeFunction.at(NativeModules.symbol(library, name));
    }

    @Test
    void fastPathIsLiveOnThisPlatform() {
        // CI runs x86-64 Debian with libffi8: if this fails, every bridged block pays JNA's generic dispatch
        assertTrue(PreparedCall.isFastPathLive(), "libffi fast path not live: " + PreparedCall.fastPathUnavailableReason());
        PreparedCall call = PreparedCall.of(function("mixdown_ladspa_like"), 16, Arg.ADDRESS, Arg.ULONG);
        assertTrue(call.isFast(), "libffi refused the signature " + call);
        assertFalse(PreparedCall.viaGenericPath(function("mixdown_ladspa_like"), 16, Arg.ADDRESS, Arg.ULONG).isFast());
    }

    @Test
    void argumentsCrossTheFastPath() {
        arguments(PreparedCall::of);
    }

    @Test
    void argumentsCrossTheGenericPath() {
        arguments(PreparedCall::viaGenericPath);
    }

    private interface Preparer {
        PreparedCall prepare(NativeFunction function, int largestCount, Arg... signature);
    }

    private static long seenPointer() {
        return function("mixdown_seen_pointer").invokeLong(new Object[0]);
    }

    private void arguments(Preparer preparer) {
        // an address with its top bit set and a count above the pre-boxed range catch truncation and sign errors
        long address = 0xFEDC_BA98_7654_3210L;
        PreparedCall run = preparer.prepare(function("mixdown_ladspa_like"), 64, Arg.ADDRESS, Arg.ULONG);
        run.setLong(0, address);
        run.setLong(1, 48);
        run.invoke();
        assertEquals(address, seenPointer());
        assertEquals(48, function("mixdown_seen_frames").invokeLong(new Object[0]));
        run.setLong(1, 5_000_000_000L);
        run.invoke();
        assertEquals(5_000_000_000L, function("mixdown_seen_frames").invokeLong(new Object[0]));

        PreparedCall set = preparer.prepare(function("mixdown_set_parameter"), 8, Arg.ADDRESS, Arg.INT, Arg.FLOAT);
        set.setLong(0, 0x1234L);
        set.setInt(1, 7);
        set.setFloat(2, 0.625f);
        set.invoke();
        assertEquals(0x1234L, seenPointer());
        assertEquals(7, function("mixdown_seen_index").invokeInt(new Object[0]));
        assertEquals(0.625f, function("mixdown_seen_value").invokeFloat(new Object[0]));
        set.setInt(1, -3);  // outside the pre-boxed range, negative: still exact
        set.setFloat(2, Float.intBitsToFloat(0x7F80_0001));  // a signalling NaN keeps its bits
        set.invoke();
        assertEquals(-3, function("mixdown_seen_index").invokeInt(new Object[0]));
        assertEquals(0x7F80_0001, Float.floatToRawIntBits(function("mixdown_seen_value").invokeFloat(new Object[0])));

        try (NativeChannels in = new NativeChannels(1, 8); NativeChannels out = new NativeChannels(1, 8)) {
            in.write(0, new float[] {1, 2, 3, 4, 5, 6, 7, 8}, 0, 8);
            PreparedCall process = preparer.prepare(function("mixdown_vst_like"), 8, Arg.ADDRESS, Arg.ADDRESS,
                    Arg.ADDRESS, Arg.INT);
            process.setLong(0, 99);
            process.setPointer(1, in.pointerArray());
            process.setPointer(2, out.pointerArray());
            process.setInt(3, 5);
            process.invoke();
            float[] result = new float[8];
            out.readFinite(0, result, 0, 8);
            assertEquals(List.of(2f, 4f, 6f, 8f, 10f, 0f, 0f, 0f), boxed(result));
            assertEquals(5, function("mixdown_seen_index").invokeInt(new Object[0]));
        }
    }

    private static List<Float> boxed(float[] values) {
        Float[] b = new Float[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = values[i];
        }
        return List.of(b);
    }

    @Test
    void fastPathAllocatesNothing() {
        steadyState(PreparedCall::of, true);
    }

    @Test
    void genericPathAllocatesNothingWithinItsRange() {
        steadyState(PreparedCall::viaGenericPath, false);
    }

    private void steadyState(Preparer preparer, boolean fast) {
        PreparedCall run = preparer.prepare(function("mixdown_ladspa_like"), 256, Arg.ADDRESS, Arg.ULONG);
        PreparedCall set = preparer.prepare(function("mixdown_set_parameter"), 4, Arg.ADDRESS, Arg.INT, Arg.FLOAT);
        assertEquals(fast, run.isFast());
        run.setLong(0, 1);
        set.setLong(0, 2);
        long before = function("mixdown_calls").invokeLong(new Object[0]);
        int[] i = {0};
        PluginChecks.assertSteadyStateAllocationFree(run.toString(), () -> {
            int k = i[0]++;
            run.setLong(1, 1 + (k & 255));  // frame counts vary, as automation splits blocks
            run.invoke();
            set.setInt(1, k & 3);
            set.setFloat(2, k * 1e-3f);
            set.invoke();
        }, 50_000, 20_000);
        assertTrue(function("mixdown_calls").invokeLong(new Object[0]) - before >= 2L * 70_000, "the calls happened");
    }
}
