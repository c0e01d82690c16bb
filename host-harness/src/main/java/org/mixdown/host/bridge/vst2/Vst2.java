package org.mixdown.host.bridge.vst2;

/** VST 2.4 ABI facts for LP64, written clean-room from the public facts in NATIVE_ABI.md (no SDK). */
final class Vst2 {
    private Vst2() {
    }

    static final String ENTRY_POINT = "VSTPluginMain";
    static final String LEGACY_ENTRY_POINT = "main";
    static final int MAGIC = 0x56737450;  // 'VstP'

    // AEffect, 192 bytes
    static final int AE_MAGIC = 0;
    static final int AE_DISPATCHER = 8;
    static final int AE_SET_PARAMETER = 24;
    static final int AE_GET_PARAMETER = 32;
    static final int AE_NUM_PROGRAMS = 40;
    static final int AE_NUM_PARAMS = 44;
    static final int AE_NUM_INPUTS = 48;
    static final int AE_NUM_OUTPUTS = 52;
    static final int AE_FLAGS = 56;
    static final int AE_INITIAL_DELAY = 80;
    static final int AE_UNIQUE_ID = 112;
    static final int AE_VERSION = 116;
    static final int AE_PROCESS_REPLACING = 120;

    static final int FLAG_CAN_REPLACING = 1 << 4;
    static final int FLAG_IS_SYNTH = 1 << 8;

    // dispatcher opcodes
    static final int EFF_OPEN = 0;
    static final int EFF_CLOSE = 1;
    static final int EFF_GET_PARAM_LABEL = 6;
    static final int EFF_GET_PARAM_DISPLAY = 7;
    static final int EFF_GET_PARAM_NAME = 8;
    static final int EFF_SET_SAMPLE_RATE = 10;
    static final int EFF_SET_BLOCK_SIZE = 11;
    static final int EFF_MAINS_CHANGED = 12;
    static final int EFF_GET_EFFECT_NAME = 45;
    static final int EFF_GET_VENDOR_STRING = 47;
    static final int EFF_GET_PRODUCT_STRING = 48;
    static final int EFF_GET_VENDOR_VERSION = 49;
    static final int EFF_START_PROCESS = 71;
    static final int EFF_STOP_PROCESS = 72;

    // audioMaster opcodes
    static final int AM_AUTOMATE = 0;
    static final int AM_VERSION = 1;
    static final int AM_CURRENT_ID = 2;
    static final int AM_IDLE = 3;
    static final int AM_WANT_MIDI = 6;
    static final int AM_GET_TIME = 7;
    static final int AM_IO_CHANGED = 13;
    static final int AM_GET_SAMPLE_RATE = 16;
    static final int AM_GET_BLOCK_SIZE = 17;
    static final int AM_GET_CURRENT_PROCESS_LEVEL = 23;
    static final int AM_GET_VENDOR_STRING = 32;
    static final int AM_GET_PRODUCT_STRING = 33;
    static final int AM_GET_VENDOR_VERSION = 34;
    static final int AM_CAN_DO = 37;
    static final int AM_GET_LANGUAGE = 38;
    static final int AM_BEGIN_EDIT = 43;
    static final int AM_END_EDIT = 44;

    static final int PROCESS_LEVEL_USER = 1;
    static final int PROCESS_LEVEL_REALTIME = 2;

    // VstTimeInfo, 88 bytes: eight doubles, then six int32
    static final int TI_SAMPLE_POS = 0;
    static final int TI_SAMPLE_RATE = 8;
    static final int TI_NANO_SECONDS = 16;
    static final int TI_PPQ_POS = 24;
    static final int TI_TEMPO = 32;
    static final int TI_BAR_START_POS = 40;
    static final int TI_CYCLE_START_POS = 48;
    static final int TI_CYCLE_END_POS = 56;
    static final int TI_TIME_SIG_NUMERATOR = 64;
    static final int TI_TIME_SIG_DENOMINATOR = 68;
    static final int TI_SMPTE_OFFSET = 72;
    static final int TI_SMPTE_FRAME_RATE = 76;
    static final int TI_SAMPLES_TO_NEXT_CLOCK = 80;
    static final int TI_FLAGS = 84;
    static final int TIME_INFO_SIZE = 88;

    static final int TRANSPORT_CHANGED = 1;
    static final int TRANSPORT_PLAYING = 1 << 1;
    static final int NANOS_VALID = 1 << 8;
    static final int PPQ_POS_VALID = 1 << 9;
    static final int TEMPO_VALID = 1 << 10;
    static final int BARS_VALID = 1 << 11;
    static final int TIME_SIG_VALID = 1 << 13;

    /** Large enough for any name or display string (the spec says 8 or 64; plugins overrun). */
    static final int STRING_BUFFER = 256;
    /** Sanity limits: beyond them an AEffect is treated as corrupt. */
    static final int MAX_CHANNELS = 64;
    static final int MAX_PARAMETERS = 10_000;
}
