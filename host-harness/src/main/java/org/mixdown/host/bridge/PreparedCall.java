package org.mixdown.host.bridge;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A C function pointer with a fixed {@code void} signature, prepared once and then called per block
 * without per-call conversion: the real-time calls of the bridge (LADSPA {@code run}, VST
 * {@code processReplacing} and {@code setParameter}).
 *
 * <p>Fast path (when {@link #isFastPathLive()}): the signature's libffi call interface is prepared once
 * (see {@link CallInterfaces}); the argument values live in a small native block that {@code avalue}
 * points into. A setter writes one value into that block through a direct {@link ByteBuffer} view (a
 * plain memory store, no JNI); {@link #invoke()} is one {@code Native.ffi_call}: a JNI transition and
 * libffi's own call, about 150-190 ns. JNA's generic dispatch, which the bridge used before, prepares a
 * call interface and inspects every argument's class on every call: about 1.3 µs per call on this
 * 2.5 GHz Xeon, several times the plugin's own work on a small block.
 *
 * <p>Fallback (an unknown platform ABI, or the libffi self-test failed): the same calls go through
 * {@link NativeFunction}, correct and still free of garbage for arguments set within their prepared
 * range (counts and indices are pre-boxed from 0 to {@code largestCount}; a float travels in a reused
 * {@link FloatArgument}). Addresses are boxed when set: set them at prepare time, not per block.
 *
 * <p>One instance per call site and audio thread: the argument block is shared state. The native block
 * is freed with this object, which its owner holds while it calls.
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
    /** avalue[n] | values[n]: the pointers libffi reads the arguments through, and the arguments. */
    private final Memory block;
    private final ByteBuffer values;  // a view of the values, written without JNI
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
        this.fast = useLibffi && CallInterfaces.isAvailable();
        if (fast) {
            cif = CallInterfaces.cif(this.signature);
            block = new Memory(2L * SLOT * Math.max(1, n));
            block.clear();
            avalue = Pointer.nativeValue(block);
            for (int i = 0; i < n; i++) {
                block.setLong((long) i * SLOT, avalue + (long) (n + i) * SLOT);
            }
            values = block.getByteBuffer((long) n * SLOT, (long) Math.max(1, n) * SLOT).order(ByteOrder.nativeOrder());
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

    /** The same call forced onto JNA's generic path: for tests that compare both paths. */
    public static PreparedCall viaGenericPath(NativeFunction function, int largestCount, Arg... signature) {
        return new PreparedCall(function, largestCount, false, signature);
    }

    /** Whether calls prepared with {@link #of} go through libffi (true) or JNA's generic dispatch. */
    public static boolean isFastPathLive() {
        return CallInterfaces.isAvailable();
    }

    /** Why the fast path is off, or null when it is live. */
    public static String fastPathUnavailableReason() {
        return CallInterfaces.unavailableReason();
    }

    /** Whether this call site uses libffi. */
    public boolean isFast() {
        return fast;
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
            Native.ffi_call(cif, fn, 0, avalue);  // void: no return buffer
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
