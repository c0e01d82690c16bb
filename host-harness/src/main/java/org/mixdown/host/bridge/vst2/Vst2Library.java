package org.mixdown.host.bridge.vst2;

import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import org.mixdown.host.bridge.NativeFormatException;
import org.mixdown.host.bridge.NativeFunction;
import org.mixdown.host.bridge.NativeModules;

/** Finds a VST 2 library's entry point ({@code VSTPluginMain}, else the old {@code main}) and calls it. */
public final class Vst2Library {
    private Vst2Library() {
    }

    /** Whether {@code library} exports a VST 2 entry point. */
    public static boolean isVst2(NativeLibrary library) {
        return entryPoint(library) != null;
    }

    private static Pointer entryPoint(NativeLibrary library) {
        Pointer entry = NativeModules.symbol(library, Vst2.ENTRY_POINT);
        return entry != null ? entry : NativeModules.symbol(library, Vst2.LEGACY_ENTRY_POINT);
    }

    /** Creates one effect, answering its calls through {@code host}; checks what comes back. */
    static Vst2Effect instantiate(NativeLibrary library, Vst2Host host) throws NativeFormatException {
        Pointer entry = entryPoint(library);
        if (entry == null) {
            throw new NativeFormatException("exports neither " + Vst2.ENTRY_POINT + " nor " + Vst2.LEGACY_ENTRY_POINT);
        }
        long effect = NativeFunction.at(entry).invokeAddress(new Object[] {host.entryPoint()});
        return Vst2Effect.of(effect);
    }
}
