package org.mixdown.host.bridge;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import java.util.Map;

/**
 * The system's libffi ({@code libffi.so.8}, Debian package libffi8), bound through JNA <em>direct
 * mapping</em>: {@link #ffi_call} is a {@code static native} method with only {@code long} arguments, so
 * JNA registers it as a JNI native whose stub passes the four words on as they are (no argument
 * conversion, no type checks, no {@code Object[]}). Calling a plugin's function pointer through it costs
 * one JNI transition plus two trips through libffi's assembly, a small fraction of JNA's generic
 * {@code Function} dispatch (which prepares a call interface and checks every argument's class on every
 * call). Direct mapping alone cannot call a struct member such as LADSPA {@code run}: it binds exported
 * symbols only; {@code ffi_call} is the exported symbol that calls any pointer with a prepared signature.
 *
 * <p>Everything here is the public libffi 3.x C API; the only layout facts used are {@code sizeof(ffi_cif)}
 * (32 bytes on LP64: abi, nargs, arg_types, rtype, bytes, flags; {@link #CIF_BYTES} leaves room) and
 * the default ABI's enum value, which differs per architecture. Both are checked by
 * {@code ffi_prep_cif}, which answers {@code FFI_BAD_ABI} for an unknown ABI: then, or when the library
 * is not there, {@link #isLoaded()} is false and callers use the generic path.
 */
final class Libffi {
    /** {@code sizeof(ffi_cif)} is 32 bytes on x86-64 and AArch64 Linux (libffi 3.3 and 3.4); rounded up. */
    static final int CIF_BYTES = 64;
    /** {@code FFI_OK} from {@code ffi_prep_cif}. */
    static final int FFI_OK = 0;
    private static final int RTLD_NOW = 0x2;
    private static final int RTLD_LOCAL = 0x0;
    /** Tried in order: the unversioned name (present with libffi-dev), then the libffi8 runtime soname. */
    private static final String[] NAMES = {"ffi", "libffi.so.8"};

    /** {@code FFI_DEFAULT_ABI}: FFI_UNIX64 = 2 on x86-64 (ffitarget.h), FFI_SYSV = 1 on AArch64; 0 = unknown. */
    static final int DEFAULT_ABI = defaultAbi(System.getProperty("os.arch", ""));

    /** Held for the JVM's life: JNA unloads a {@link NativeLibrary} the collector finds unreachable. */
    private static final NativeLibrary LIBRARY;
    static final long TYPE_VOID;
    static final long TYPE_POINTER;
    static final long TYPE_UINT64;
    static final long TYPE_SINT32;
    static final long TYPE_FLOAT;
    /** Why libffi is not used, or null when it is. */
    static final String UNAVAILABLE_REASON;

    static {
        NativeLibrary library = null;
        long tVoid = 0, tPointer = 0, tUint64 = 0, tSint32 = 0, tFloat = 0;
        String reason = null;
        if (DEFAULT_ABI == 0 || Native.POINTER_SIZE != 8 || !System.getProperty("os.name", "").startsWith("Linux")) {
            reason = "no known libffi ABI for " + System.getProperty("os.name") + "/" + System.getProperty("os.arch");
        } else {
            for (String name : NAMES) {
                try {
                    library = NativeLibrary.getInstance(name, Map.of(Library.OPTION_OPEN_FLAGS, RTLD_NOW | RTLD_LOCAL));
                    break;
                } catch (UnsatisfiedLinkError e) {
                    reason = "libffi not found (" + e.getMessage().lines().findFirst().orElse("") + ")";
                }
            }
            if (library != null) {
                try {
                    tVoid = type(library, "ffi_type_void");
                    tPointer = type(library, "ffi_type_pointer");
                    tUint64 = type(library, "ffi_type_uint64");
                    tSint32 = type(library, "ffi_type_sint32");
                    tFloat = type(library, "ffi_type_float");
                    Native.register(Libffi.class, library);
                    reason = null;
                } catch (UnsatisfiedLinkError | IllegalArgumentException e) {
                    reason = "libffi at " + library.getFile() + " is unusable: " + e.getMessage();
                    library = null;
                }
            }
        }
        LIBRARY = library;
        TYPE_VOID = tVoid;
        TYPE_POINTER = tPointer;
        TYPE_UINT64 = tUint64;
        TYPE_SINT32 = tSint32;
        TYPE_FLOAT = tFloat;
        UNAVAILABLE_REASON = reason;
    }

    private Libffi() {
    }

    private static int defaultAbi(String arch) {
        return switch (arch) {
            case "amd64", "x86_64" -> 2;
            case "aarch64" -> 1;
            default -> 0;
        };
    }

    /** The address of one of libffi's exported {@code ffi_type} descriptors (data symbols). */
    private static long type(NativeLibrary library, String symbol) {
        long address = com.sun.jna.Pointer.nativeValue(library.getGlobalVariableAddress(symbol));
        if (address == 0) {
            throw new IllegalArgumentException(symbol + " is NULL");
        }
        return address;
    }

    /** Whether libffi was loaded and {@link #ffi_call} / {@link #ffi_prep_cif} are bound. */
    static boolean isLoaded() {
        return LIBRARY != null;
    }

    /**
     * {@code ffi_status ffi_prep_cif(ffi_cif *cif, ffi_abi abi, unsigned nargs, ffi_type *rtype,
     * ffi_type **atypes)}. libffi keeps the {@code atypes} pointer: that array must live as long as the cif.
     */
    static native int ffi_prep_cif(long cif, int abi, int nargs, long rtype, long atypes);

    /** {@code void ffi_call(ffi_cif *cif, void (*fn)(void), void *rvalue, void **avalue)}. */
    static native void ffi_call(long cif, long fn, long rvalue, long avalue);
}
