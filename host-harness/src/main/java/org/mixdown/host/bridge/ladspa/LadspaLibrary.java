package org.mixdown.host.bridge.ladspa;

import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.mixdown.host.bridge.NativeFormatException;
import org.mixdown.host.bridge.NativeFunction;
import org.mixdown.host.bridge.NativeModules;

/** Lists the plugins of one LADSPA library by calling {@code ladspa_descriptor(0, 1, ...)} until NULL. */
public final class LadspaLibrary {
    private LadspaLibrary() {
    }

    /** Whether {@code library} exports the LADSPA entry point. */
    public static boolean isLadspa(NativeLibrary library) {
        return NativeModules.symbol(library, Ladspa.ENTRY_POINT) != null;
    }

    /**
     * Every valid descriptor of the library; each invalid one is reported to {@code problems} with its
     * reason and skipped.
     *
     * @throws NativeFormatException when the library has no entry point or offers no plugin at all
     */
    public static List<LadspaDescriptor> descriptors(Path file, NativeLibrary library,
                                                     BiConsumer<Path, String> problems) throws NativeFormatException {
        Pointer entry = NativeModules.symbol(library, Ladspa.ENTRY_POINT);
        if (entry == null) {
            throw new NativeFormatException("no " + Ladspa.ENTRY_POINT + " symbol");
        }
        NativeFunction descriptorAt = NativeFunction.at(entry);
        List<LadspaDescriptor> found = new ArrayList<>();
        for (int index = 0; index < Ladspa.MAX_PLUGINS_PER_LIBRARY; index++) {
            long address = descriptorAt.invokeAddress(new Object[] {(long) index});
            if (address == 0) {
                if (index == 0) {
                    throw new NativeFormatException(Ladspa.ENTRY_POINT + "(0) returned NULL: the library offers"
                            + " no plugin");
                }
                return found;
            }
            try {
                found.add(LadspaDescriptor.read(file, index, new Pointer(address)));
            } catch (NativeFormatException e) {
                problems.accept(file, "plugin " + index + " skipped: " + e.getMessage());
            }
        }
        problems.accept(file, "stopped listing after " + Ladspa.MAX_PLUGINS_PER_LIBRARY + " descriptors");
        return found;
    }
}
