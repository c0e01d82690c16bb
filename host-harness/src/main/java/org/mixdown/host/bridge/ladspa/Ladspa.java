package org.mixdown.host.bridge.ladspa;

/** LADSPA 1.1 ABI facts for LP64 (offsets into {@code LADSPA_Descriptor}, flag bits), from ladspa.h. */
final class Ladspa {
    private Ladspa() {
    }

    static final String ENTRY_POINT = "ladspa_descriptor";

    // LADSPA_Descriptor, 152 bytes
    static final int UNIQUE_ID = 0;
    static final int LABEL = 8;
    static final int PROPERTIES = 16;
    static final int NAME = 24;
    static final int MAKER = 32;
    static final int COPYRIGHT = 40;
    static final int PORT_COUNT = 48;
    static final int PORT_DESCRIPTORS = 56;
    static final int PORT_NAMES = 64;
    static final int PORT_RANGE_HINTS = 72;
    static final int INSTANTIATE = 88;
    static final int CONNECT_PORT = 96;
    static final int ACTIVATE = 104;
    static final int RUN = 112;
    static final int DEACTIVATE = 136;
    static final int CLEANUP = 144;

    /** LADSPA_PortRangeHint: {int HintDescriptor; float LowerBound; float UpperBound}. */
    static final int HINT_SIZE = 12;

    static final int PROPERTY_INPLACE_BROKEN = 0x2;

    static final int PORT_INPUT = 0x1;
    static final int PORT_OUTPUT = 0x2;
    static final int PORT_CONTROL = 0x4;
    static final int PORT_AUDIO = 0x8;

    static final int HINT_BOUNDED_BELOW = 0x1;
    static final int HINT_BOUNDED_ABOVE = 0x2;
    static final int HINT_TOGGLED = 0x4;
    static final int HINT_SAMPLE_RATE = 0x8;
    static final int HINT_LOGARITHMIC = 0x10;
    static final int HINT_INTEGER = 0x20;
    static final int HINT_DEFAULT_MASK = 0x3C0;
    static final int DEFAULT_MINIMUM = 0x40;
    static final int DEFAULT_LOW = 0x80;
    static final int DEFAULT_MIDDLE = 0xC0;
    static final int DEFAULT_HIGH = 0x100;
    static final int DEFAULT_MAXIMUM = 0x140;
    static final int DEFAULT_0 = 0x200;
    static final int DEFAULT_1 = 0x240;
    static final int DEFAULT_100 = 0x280;
    static final int DEFAULT_440 = 0x2C0;

    /** Sanity limits: a descriptor beyond them is treated as corrupt. */
    static final long MAX_PORTS = 4096;
    static final int MAX_PLUGINS_PER_LIBRARY = 4096;
}
