package org.mixdown.host.bridge;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A C function pointer with a fixed {@code void} signature, prepared once and then called per block
 * without per-call conversion: the real-time calls of the bridge (LADSPA {@code run}, VST
 * {@code processReplacing} and {@code setParameter}).
 *
 * <p>Fast path (when {@link #isFastPathLive()}): at construction the call interface is described to the
 * system libffi once ({@code ffi_prep_cif}); the argument values live in a small native block that
 * {@code avalue} points into. A setter writes one value into that block through a direct
 * {@link ByteBuffer} view (a plain memory store, no JNI); {@link #invoke()} is one direct-mapped
 * {@code ffi_call} (see {@link Libffi}). JNA's generic dispatch, by contrast, prepares a call interface
 * and inspects every argument's class on every call: about 1.4 µs per call on a 2.5 GHz Xeon, several
 * times the cost of the plugin's own work on a small block.
 *
 * <p>Fallback (libffi missing, or an ABI it refuses): the same calls go through {@link NativeFunction},
 * correct and still free of garbage for arguments set within their prepared range (counts and indices
 * are pre-boxed from 0 to {@code largestCount}; a float travels in a reused {@link FloatArgument}).
 * Addresses are boxed when set: set them at prepare time, not per block.
 *
 * <p>One instance per call site and audio thread: the argument block is shared state.
 */
public final class PreparedCall {
    /** C argument types of a prepared signature (LP64). */
    public enum Arg {
        /** A pointer or {@code intptr_t}: 64 bits. */
        ADDRESS,
        /** An {@code unsigned long} (LADSPA's frame count and port index): 64 bits. */
        ULONG,
        /** An {@code int32_t} (VST's frame count and parameter index). */
        INT,
        /** A {@code float} (VST's parameter value). */
        FLOAT
    }

    /** Each argument value takes one 8-byte slot; a 4-byte value sits at its slot's start (its address). */
    private static final int SLOT = 8;

    private final NativeFunction function;
    private final Arg[] signature;
    private final boolean fast;
    // fast path
    /** cif | atypes[n] | avalue[n] | values[n]; freed with this object, which its owner holds while in use. */
    private final Memory block;
    private final ByteBuffer values;     // a view of the values, written without JNI
    private final long cif;
    private final long fn;
    private final long avalue;
    // fallback
    private final Object[] args;
    private final Long[] boxedLongs;
    private final Integer[] boxedInts;

    private PreparedCall(NativeFunction function, int largestCount, boolean useLibffi, Arg[] signature) {
        if (largestCount < 0) {
            throw new IllegalArgumentException("largestCount " + largestCount);
        }
        this.function = function;
        this.signature = signature.clone();
        this.fn = function.address();
        int n = signature.length;
        Memory prepared = useLibffi && Libffi.isLoaded() ? prepare(this.signature, fn) : null;
        this.fast = prepared != null;
        if (fast) {
            block = prepared;
            cif = Pointer.nativeValue(prepared);
            avalue = cif + Libffi.CIF_BYTES + (long) n * SLOT;
            values = prepared.getByteBuffer(valuesOffset(n), (long) Math.max(1, n) * SLOT).order(ByteOrder.nativeOrder());
            args = null;
            boxedLongs = null;
            boxedInts = null;
        } else {
            block = null;
            cif = avalue = 0;
            values = null;
            args = new Object[n];
            boxedLongs = new Long[largestCount + 1];
            boxedInts = new Integer[largestCount + 1];
            for (int v = 0; v <= largestCount; v++) {
                boxedLongs[v] = (long) v;
                boxedInts[v] = v;
            }
            for (int i = 0; i < n; i++) {
                args[i] = switch (signature[i]) {
                    case ADDRESS, ULONG -> 0L;
                    case INT -> 0;
                    case FLOAT -> new FloatArgument();
                };
            }
        }
    }

    /**
     * Prepares {@code function(signature...)} returning void. {@code largestCount} bounds the count and
     * index arguments the real-time path passes (the fallback pre-boxes 0..largestCount).
     */
    public static PreparedCall of(NativeFunction function, int largestCount, Arg... signature) {
        return new PreparedCall(function, largestCount, true, signature);
    }

    /** The same call forced onto the generic JNA path: for tests that compare both paths. */
    public static PreparedCall viaGenericPath(NativeFunction function, int largestCount, Arg... signature) {
        return new PreparedCall(function, largestCount, false, signature);
    }

    /** Whether calls prepared with {@link #of} go through libffi (true) or JNA's generic dispatch. */
    public static boolean isFastPathLive() {
        return Libffi.isLoaded();
    }

    /** Why the fast path is off, or null when it is live. */
    public static String fastPathUnavailableReason() {
        return Libffi.UNAVAILABLE_REASON;
    }

    /** Whether this call site uses libffi. */
    public boolean isFast() {
        return fast;
    }

    private static long valuesOffset(int n) {
        return Libffi.CIF_BYTES + 2L * n * SLOT;
    }

    /** The native block with a prepared cif, or null when libffi refuses the signature. */
    private static Memory prepare(Arg[] signature, long fn) {
        int n = signature.length;
        Memory m = new Memory(valuesOffset(n) + (long) Math.max(1, n) * SLOT);
        m.clear();
        long base = Pointer.nativeValue(m);
        long atypes = base + Libffi.CIF_BYTES;
        for (int i = 0; i < n; i++) {
            long type = switch (signature[i]) {
                case ADDRESS -> Libffi.TYPE_POINTER;
                case ULONG -> Libffi.TYPE_UINT64;
                case INT -> Libffi.TYPE_SINT32;
                case FLOAT -> Libffi.TYPE_FLOAT;
            };
            m.setLong(Libffi.CIF_BYTES + (long) i * SLOT, type);
            m.setLong(Libffi.CIF_BYTES + (long) (n + i) * SLOT, base + valuesOffset(n) + (long) i * SLOT);
        }
        int status = Libffi.ffi_prep_cif(base, Libffi.DEFAULT_ABI, n, Libffi.TYPE_VOID, n == 0 ? 0 : atypes);
        return status == Libffi.FFI_OK ? m : null;
    }

    /** Sets an {@link Arg#ADDRESS} or {@link Arg#ULONG} argument (the fallback boxes addresses: set them once). */
    public void setLong(int index, long value) {
        if (fast) {
            values.putLong(index * SLOT, value);
        } else {
            args[index] = value >= 0 && value < boxedLongs.length ? boxedLongs[(int) value] : (Long) value;
        }
    }

    /** Sets an {@link Arg#ADDRESS} argument. */
    public void setPointer(int index, Pointer value) {
        setLong(index, Pointer.nativeValue(value));
    }

    /** Sets an {@link Arg#INT} argument. */
    public void setInt(int index, int value) {
        if (fast) {
            values.putInt(index * SLOT, value);
        } else {
            args[index] = value >= 0 && value < boxedInts.length ? boxedInts[value] : (Integer) value;
        }
    }

    /** Sets a {@link Arg#FLOAT} argument. */
    public void setFloat(int index, float value) {
        if (fast) {
            values.putFloat(index * SLOT, value);
        } else {
            ((FloatArgument) args[index]).set(value);
        }
    }

    /** Calls the function with the arguments as last set. */
    public void invoke() {
        if (fast) {
            Libffi.ffi_call(cif, fn, 0, avalue);
        } else {
            function.invokeVoid(args);
        }
    }

    @Override
    public String toString() {
        return "PreparedCall[0x" + Long.toHexString(fn) + " " + java.util.Arrays.toString(signature)
                + (fast ? ", libffi" : ", generic JNA") + "]";
    }
}
