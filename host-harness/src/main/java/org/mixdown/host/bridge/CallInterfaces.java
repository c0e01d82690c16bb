package org.mixdown.host.bridge;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.mixdown.host.bridge.PreparedCall.Arg;

/**
 * libffi call interfaces ({@code ffi_cif}) for the bridge's real-time signatures, prepared once per JVM
 * and signature through the libffi JNA carries inside its own native library, with JNA's public
 * {@link Native#ffi_prep_cif} and called with {@link Native#ffi_call}.
 *
 * <p>Why these two and not JNA's usual entry points: {@code Native.ffi_call(long cif, long fn, long rvalue,
 * long avalue)} is a plain JNI function that hands its four words to libffi's {@code ffi_call} and does
 * nothing else; measured here about 150-190 ns per call against ~1,250 ns for JNA's generic
 * {@code Function} dispatch (which prepares a cif and checks every argument's class on every call) and
 * ~880 ns for a direct-mapped ({@code Native.register}) call of the system libffi's {@code ffi_call}
 * (direct mapping enters through a libffi closure and then runs JNA's own {@code ffi_call} before the
 * system one: two classification passes instead of one). Both are public JNA API since 4.x and need no
 * second copy of libffi.
 *
 * <p>What is written by hand, from the public libffi headers ({@code ffi.h}, {@code ffitarget.h}, the same
 * in libffi 3.2 to 3.4):
 * <ul>
 *   <li>the {@code ffi_type} descriptors of the four argument kinds and {@code void}:
 *       {@code {size_t size; unsigned short alignment; unsigned short type; ffi_type **elements}}, type
 *       codes FLOAT 2, SINT32 10, UINT64 11, POINTER 14, VOID 0 (JNA keeps its own copies private);</li>
 *   <li>{@code FFI_DEFAULT_ABI}: FFI_UNIX64 = 2 on x86-64 Linux, FFI_SYSV = 1 on AArch64. A wrong but
 *       valid constant would pass arguments in the wrong registers, so at class initialisation a
 *       self-test calls libc's {@code memset} through a prepared cif and checks the bytes; any failure
 *       leaves the generic path in charge ({@link #unavailableReason()} says why).</li>
 * </ul>
 * {@code Native.ffi_prep_cif} mallocs each cif and JNA offers no free, so cifs are cached per signature
 * (three in the whole bridge) rather than made per call site.
 */
final class CallInterfaces {
    private static final int TYPE_VOID = 0;
    private static final int TYPE_FLOAT = 2;
    private static final int TYPE_SINT32 = 10;
    private static final int TYPE_UINT64 = 11;
    private static final int TYPE_POINTER = 14;
    /** Bytes of one {@code ffi_type} on LP64: size_t, two shorts (padded), a pointer. */
    private static final int FFI_TYPE_BYTES = 24;

    /** {@code ffi_type} descriptors for VOID and each {@link Arg}, in native memory for the JVM's life. */
    private static final Memory TYPES = new Memory((long) FFI_TYPE_BYTES * (Arg.values().length + 1));
    private static final Map<String, Long> CIFS = new ConcurrentHashMap<>();
    /** The {@code atypes} arrays the cached cifs point to: libffi keeps the pointer, so they live as long. */
    private static final Map<String, Memory> ARG_TYPES = new ConcurrentHashMap<>();
    private static final int ABI = defaultAbi(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
    private static final String UNAVAILABLE;

    static {
        TYPES.clear();
        describe(0, 1, TYPE_VOID);
        for (Arg arg : Arg.values()) {
            describe(arg.ordinal() + 1, size(arg), code(arg));
        }
        UNAVAILABLE = selfTest();
    }

    private CallInterfaces() {
    }

    private static void describe(int slot, int size, int type) {
        long at = (long) FFI_TYPE_BYTES * slot;
        TYPES.setLong(at, size);                 // size_t size
        TYPES.setShort(at + 8, (short) size);    // unsigned short alignment (natural)
        TYPES.setShort(at + 10, (short) type);   // unsigned short type
        TYPES.setPointer(at + 16, null);         // ffi_type **elements: none for a scalar
    }

    private static int size(Arg arg) {
        return switch (arg) {
            case ADDRESS, ULONG -> 8;
            case INT, FLOAT -> 4;
        };
    }

    private static int code(Arg arg) {
        return switch (arg) {
            case ADDRESS -> TYPE_POINTER;
            case ULONG -> TYPE_UINT64;
            case INT -> TYPE_SINT32;
            case FLOAT -> TYPE_FLOAT;
        };
    }

    private static long type(int slot) {
        return Pointer.nativeValue(TYPES) + (long) FFI_TYPE_BYTES * slot;
    }

    private static int defaultAbi(String os, String arch) {
        if (!os.startsWith("Linux") || Native.POINTER_SIZE != 8 || Native.LONG_SIZE != 8) {
            return 0;
        }
        return switch (arch) {
            case "amd64", "x86_64" -> 2;  // FFI_UNIX64
            case "aarch64" -> 1;          // FFI_SYSV
            default -> 0;
        };
    }

    /**
     * Calls {@code memset(buffer, 0x5A, 13)} (pointer, int, size_t: the register classes of the real
     * signatures) through a prepared cif; null when the bytes are right, else the reason.
     */
    private static String selfTest() {
        if (ABI == 0) {
            return "no known libffi ABI for " + System.getProperty("os.name") + "/" + System.getProperty("os.arch");
        }
        try {
            Pointer memset = NativeLibrary.getInstance(Platform.C_LIBRARY_NAME).getFunction("memset");
            long cif = cif(new Arg[] {Arg.ADDRESS, Arg.INT, Arg.ULONG});
            try (Memory buffer = new Memory(16); Memory values = new Memory(24); Memory avalue = new Memory(24)) {
                buffer.clear();
                values.setLong(0, Pointer.nativeValue(buffer));
                values.setInt(8, 0x5A);
                values.setLong(16, 13);
                for (int i = 0; i < 3; i++) {
                    avalue.setLong(8L * i, Pointer.nativeValue(values) + 8L * i);
                }
                Native.ffi_call(cif, Pointer.nativeValue(memset), 0, Pointer.nativeValue(avalue));
                for (int i = 0; i < 16; i++) {
                    if (buffer.getByte(i) != (i < 13 ? 0x5A : 0)) {
                        return "self-test: memset through libffi wrote " + Arrays.toString(buffer.getByteArray(0, 16));
                    }
                }
            }
            return null;
        } catch (RuntimeException | LinkageError e) {
            return "self-test failed: " + e;
        }
    }

    /** Whether {@link #cif} can be used: the ABI is known and the self-test passed. */
    static boolean isAvailable() {
        return UNAVAILABLE == null;
    }

    /** Why the libffi path is off, or null. */
    static String unavailableReason() {
        return UNAVAILABLE;
    }

    /**
     * The cif of {@code void f(signature...)}, prepared on first use and shared.
     *
     * @throws IllegalArgumentException when libffi refuses it
     */
    static long cif(Arg[] signature) {
        String key = Arrays.toString(signature);
        return CIFS.computeIfAbsent(key, k -> {
            int n = signature.length;
            Memory atypes = new Memory(8L * Math.max(1, n));
            for (int i = 0; i < n; i++) {
                atypes.setLong(8L * i, type(signature[i].ordinal() + 1));
            }
            long cif = Native.ffi_prep_cif(ABI, n, type(0), Pointer.nativeValue(atypes));
            if (cif == 0) {
                throw new IllegalArgumentException("ffi_prep_cif refused " + k);
            }
            ARG_TYPES.put(k, atypes);
            return cif;
        });
    }
}
