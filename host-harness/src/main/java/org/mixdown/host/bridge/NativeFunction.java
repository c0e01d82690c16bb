package org.mixdown.host.bridge;

import com.sun.jna.Callback;
import com.sun.jna.CallbackReference;
import com.sun.jna.Function;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * A C function pointer (a struct member such as LADSPA {@code run} or VST {@code processReplacing}) called
 * through JNA without garbage per call.
 *
 * <p>{@link Function#invoke(Class, Object[])} copies its argument array and boxes the result on every call
 * (24 bytes for a two-argument void call, measured). JNA's own native dispatcher behind it,
 * {@code Native.invokeVoid/Int/Long/Float(Function, long address, int flags, Object[] args)}, allocates
 * nothing: it reads {@link Long}, {@link Integer}, {@link Pointer} and by-value {@link com.sun.jna.Structure}
 * arguments straight from the array. Those methods are package-private, so they are bound once through a
 * private {@link MethodHandles.Lookup} (JNA sits in the unnamed module, which is open to us). Callers then
 * reuse one argument array per call site and pre-boxed values, and the steady state allocates nothing.
 * When the lookup is impossible (JNA on the module path, a JNA that renamed them) every call falls back
 * to {@code Function.invoke}: correct, but allocating; {@link #isAllocationFree()} says which path is live.
 *
 * <p>Argument arrays are the caller's: one array per call site and thread, never shared.
 */
public final class NativeFunction {
    private static final int C_CONVENTION = Function.C_CONVENTION;
    private static final MethodHandle INVOKE_VOID;
    private static final MethodHandle INVOKE_INT;
    private static final MethodHandle INVOKE_LONG;
    private static final MethodHandle INVOKE_FLOAT;
    private static final MethodHandle DIRECT_CALLBACK_POINTER;

    static {
        MethodHandle v = null, i = null, l = null, f = null, cb = null;
        try {
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(Native.class, MethodHandles.lookup());
            v = lookup.findStatic(Native.class, "invokeVoid", dispatchType(void.class));
            i = lookup.findStatic(Native.class, "invokeInt", dispatchType(int.class));
            l = lookup.findStatic(Native.class, "invokeLong", dispatchType(long.class));
            f = lookup.findStatic(Native.class, "invokeFloat", dispatchType(float.class));
            MethodHandles.Lookup callbacks = MethodHandles.privateLookupIn(CallbackReference.class,
                    MethodHandles.lookup());
            cb = callbacks.findStatic(CallbackReference.class, "getFunctionPointer",
                    MethodType.methodType(Pointer.class, Callback.class, boolean.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            v = i = l = f = cb = null;  // fall back to the public, allocating API
        }
        INVOKE_VOID = v;
        INVOKE_INT = i;
        INVOKE_LONG = l;
        INVOKE_FLOAT = f;
        DIRECT_CALLBACK_POINTER = cb;
    }

    private static MethodType dispatchType(Class<?> returnType) {
        return MethodType.methodType(returnType, Function.class, long.class, int.class, Object[].class);
    }

    private final Function function;
    private final long address;

    private NativeFunction(Pointer address) {
        this.function = Function.getFunction(address);
        this.address = Pointer.nativeValue(address);
    }

    /** The function at {@code address}; throws on NULL (check before calling a struct member). */
    public static NativeFunction at(Pointer address) {
        if (address == null || Pointer.nativeValue(address) == 0) {
            throw new IllegalArgumentException("NULL function pointer");
        }
        return new NativeFunction(address);
    }

    /** Whether calls avoid JNA's per-call garbage (the package-private dispatch was bound). */
    public static boolean isAllocationFree() {
        return INVOKE_VOID != null;
    }

    public long address() {
        return address;
    }

    public void invokeVoid(Object[] args) {
        if (INVOKE_VOID == null) {
            function.invoke(Void.class, args);
            return;
        }
        try {
            INVOKE_VOID.invokeExact(function, address, C_CONVENTION, args);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public int invokeInt(Object[] args) {
        if (INVOKE_INT == null) {
            return (Integer) function.invoke(Integer.class, args);
        }
        try {
            return (int) INVOKE_INT.invokeExact(function, address, C_CONVENTION, args);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** For {@code intptr_t}/{@code long} results (LP64). */
    public long invokeLong(Object[] args) {
        if (INVOKE_LONG == null) {
            return (Long) function.invoke(Long.class, args);
        }
        try {
            return (long) INVOKE_LONG.invokeExact(function, address, C_CONVENTION, args);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** For pointer results: the address, 0 for NULL (pointers are 64-bit here, see {@link #requireLp64}). */
    public long invokeAddress(Object[] args) {
        return invokeLong(args);
    }

    public float invokeFloat(Object[] args) {
        if (INVOKE_FLOAT == null) {
            return (Float) function.invoke(Float.class, args);
        }
        try {
            return (float) INVOKE_FLOAT.invokeExact(function, address, C_CONVENTION, args);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * The native entry point of a Java callback in JNA's "direct" mode: primitive arguments reach the
     * Java method without boxing (the default proxy mode boxes every argument into a fresh array).
     * The caller must keep {@code callback} strongly referenced while native code may call it.
     */
    public static Pointer callbackPointer(Callback callback) {
        if (DIRECT_CALLBACK_POINTER != null) {
            try {
                return (Pointer) DIRECT_CALLBACK_POINTER.invokeExact(callback, true);
            } catch (Throwable t) {
                throw rethrow(t);
            }
        }
        return CallbackReference.getFunctionPointer(callback);
    }

    /** The bridge's mappings assume x86-64/aarch64 Linux: 8-byte pointers and {@code long}. */
    public static void requireLp64() {
        if (Native.POINTER_SIZE != 8 || Native.LONG_SIZE != 8) {
            throw new UnsupportedOperationException("the native bridge needs a 64-bit LP64 platform (pointer "
                    + Native.POINTER_SIZE + " bytes, long " + Native.LONG_SIZE + " bytes)");
        }
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }
}
