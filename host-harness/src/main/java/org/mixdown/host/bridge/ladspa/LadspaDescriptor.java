package org.mixdown.host.bridge.ladspa;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.mixdown.host.bridge.NativeFormatException;
import org.mixdown.host.bridge.NativeFunction;

/**
 * One validated {@code LADSPA_Descriptor}: the strings and ports copied into Java, the function pointers
 * resolved once. Everything the host later dereferences is checked here, so a corrupt descriptor is
 * rejected with a reason instead of crashing the JVM at the first call.
 */
public final class LadspaDescriptor {
    private final Path library;
    private final int index;
    private final Pointer pointer;
    private final long uniqueId;
    private final String label;
    private final String name;
    private final String maker;
    private final String copyright;
    private final int properties;
    private final List<LadspaPort> ports;
    final NativeFunction instantiate;
    final NativeFunction connectPort;
    final NativeFunction activate;    // may be null
    final NativeFunction run;
    final NativeFunction deactivate;  // may be null
    final NativeFunction cleanup;

    private LadspaDescriptor(Path library, int index, Pointer pointer) throws NativeFormatException {
        this.library = library;
        this.index = index;
        this.pointer = pointer;
        this.uniqueId = pointer.getLong(Ladspa.UNIQUE_ID);
        this.label = requiredString(pointer, Ladspa.LABEL, "Label");
        if (label.isBlank()) {
            throw new NativeFormatException("descriptor " + index + " has an empty Label");
        }
        this.name = requiredString(pointer, Ladspa.NAME, "Name");
        this.maker = optionalString(pointer, Ladspa.MAKER);
        this.copyright = optionalString(pointer, Ladspa.COPYRIGHT);
        this.properties = pointer.getInt(Ladspa.PROPERTIES);
        this.instantiate = requiredFunction(Ladspa.INSTANTIATE, "instantiate");
        this.connectPort = requiredFunction(Ladspa.CONNECT_PORT, "connect_port");
        this.run = requiredFunction(Ladspa.RUN, "run");
        this.cleanup = requiredFunction(Ladspa.CLEANUP, "cleanup");
        this.activate = optionalFunction(Ladspa.ACTIVATE);
        this.deactivate = optionalFunction(Ladspa.DEACTIVATE);
        this.ports = Collections.unmodifiableList(readPorts());
    }

    /**
     * Reads and checks the descriptor at {@code pointer} (the result of {@code ladspa_descriptor(index)}).
     *
     * @throws NativeFormatException naming the label (when readable) and what is wrong
     */
    public static LadspaDescriptor read(Path library, int index, Pointer pointer) throws NativeFormatException {
        if (pointer == null || Pointer.nativeValue(pointer) == 0) {
            throw new NativeFormatException("ladspa_descriptor(" + index + ") returned NULL");
        }
        return new LadspaDescriptor(library, index, pointer);
    }

    private List<LadspaPort> readPorts() throws NativeFormatException {
        long count = pointer.getLong(Ladspa.PORT_COUNT);
        if (count <= 0) {
            throw new NativeFormatException(label + ": PortCount is " + count + " (a plugin needs ports)");
        }
        if (count > Ladspa.MAX_PORTS) {
            throw new NativeFormatException(label + ": PortCount " + Long.toUnsignedString(count)
                    + " is absurd (limit " + Ladspa.MAX_PORTS + ")");
        }
        Pointer flags = requiredPointer(Ladspa.PORT_DESCRIPTORS, "PortDescriptors");
        Pointer names = requiredPointer(Ladspa.PORT_NAMES, "PortNames");
        Pointer hints = requiredPointer(Ladspa.PORT_RANGE_HINTS, "PortRangeHints");
        List<LadspaPort> list = new ArrayList<>((int) count);
        for (int i = 0; i < count; i++) {
            int f = flags.getInt(4L * i);
            boolean input = (f & Ladspa.PORT_INPUT) != 0, output = (f & Ladspa.PORT_OUTPUT) != 0;
            boolean control = (f & Ladspa.PORT_CONTROL) != 0, audio = (f & Ladspa.PORT_AUDIO) != 0;
            if (input == output || control == audio) {
                throw new NativeFormatException(label + ": port " + i + " has descriptor 0x" + Integer.toHexString(f)
                        + " (must be exactly one of input/output and one of control/audio)");
            }
            Pointer portName = names.getPointer((long) Native.POINTER_SIZE * i);
            if (portName == null) {
                throw new NativeFormatException(label + ": port " + i + " has a NULL name");
            }
            long hint = (long) Ladspa.HINT_SIZE * i;
            list.add(new LadspaPort(i, portName.getString(0), f, hints.getInt(hint), hints.getFloat(hint + 4),
                    hints.getFloat(hint + 8)));
        }
        return list;
    }

    private String requiredString(Pointer p, int offset, String field) throws NativeFormatException {
        Pointer s = p.getPointer(offset);
        if (s == null) {
            throw new NativeFormatException("descriptor " + index + (label == null ? "" : " (" + label + ")")
                    + " has a NULL " + field);
        }
        return s.getString(0);
    }

    private static String optionalString(Pointer p, int offset) {
        Pointer s = p.getPointer(offset);
        return s == null ? "" : s.getString(0);
    }

    private Pointer requiredPointer(int offset, String field) throws NativeFormatException {
        Pointer p = pointer.getPointer(offset);
        if (p == null) {
            throw new NativeFormatException(label + ": " + field + " is NULL");
        }
        return p;
    }

    private NativeFunction requiredFunction(int offset, String field) throws NativeFormatException {
        return NativeFunction.at(requiredPointer(offset, field + "()"));
    }

    private NativeFunction optionalFunction(int offset) {
        Pointer p = pointer.getPointer(offset);
        return p == null ? null : NativeFunction.at(p);
    }

    public Path library() {
        return library;
    }

    /** The argument of {@code ladspa_descriptor} that returned this descriptor. */
    public int index() {
        return index;
    }

    Pointer pointer() {
        return pointer;
    }

    public long uniqueId() {
        return uniqueId;
    }

    public String label() {
        return label;
    }

    public String name() {
        return name;
    }

    public String maker() {
        return maker;
    }

    public String copyright() {
        return copyright;
    }

    public List<LadspaPort> ports() {
        return ports;
    }

    /** Whether input and output buffers must differ (LADSPA_PROPERTY_INPLACE_BROKEN). */
    public boolean inPlaceBroken() {
        return (properties & Ladspa.PROPERTY_INPLACE_BROKEN) != 0;
    }
}
