package org.mixdown.host.bridge.vst2;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * The host side of one VST 2 plugin instance: answers the plugin's audioMaster calls (version 2400,
 * sample rate, block size, process level, vendor and product, can-do, time info) and keeps a
 * {@code VstTimeInfo} in native memory with a running transport (playing, 120 BPM, 4/4, the sample
 * position advancing by each processed block).
 *
 * <p>Answers on the audio thread allocate nothing: the callback runs in JNA's direct mode with
 * primitive arguments, and time info is updated in place. The instance and its native entry point must
 * stay strongly referenced while the plugin lives (the owner keeps this object), or the collector would
 * free the trampoline under the plugin.
 */
public final class Vst2Host implements AudioMasterCallback {
    static final String VENDOR = "Mixdown";
    static final String PRODUCT = "Mixdown host";
    static final double TEMPO = 120;
    private static final Set<String> CAN_DO = Set.of("sendVstTimeInfo", "acceptIOChanges", "startStopProcess",
            "reportConnectionChanges");

    private final Memory timeInfo = new Memory(Vst2.TIME_INFO_SIZE);
    private final ByteBuffer time = timeInfo.getByteBuffer(0, Vst2.TIME_INFO_SIZE).order(ByteOrder.nativeOrder());
    private final long timeInfoAddress = Pointer.nativeValue(timeInfo);
    private final Pointer entryPoint;
    private volatile double sampleRate = 48_000;
    private volatile int blockSize = 1024;
    private volatile int processLevel = Vst2.PROCESS_LEVEL_USER;
    private volatile boolean ioChanged;
    private long samplePosition;
    private boolean transportReported;

    public Vst2Host() {
        timeInfo.clear();
        updateTimeInfo();
        entryPoint = org.mixdown.host.bridge.NativeFunction.callbackPointer(this);
    }

    /** The native function pointer handed to VSTPluginMain. */
    Pointer entryPoint() {
        return entryPoint;
    }

    void setSampleRate(double sampleRate) {
        this.sampleRate = sampleRate;
        updateTimeInfo();
    }

    void setBlockSize(int blockSize) {
        this.blockSize = blockSize;
    }

    /** Rewinds the transport to sample 0. */
    void rewind() {
        samplePosition = 0;
        transportReported = false;
        updateTimeInfo();
    }

    /** Called on the audio thread before processReplacing: the block's time info, real-time level. */
    void beginBlock() {
        processLevel = Vst2.PROCESS_LEVEL_REALTIME;
        updateTimeInfo();
    }

    /** Called on the audio thread after processReplacing: the transport moves on. */
    void endBlock(int frames) {
        samplePosition += frames;
        transportReported = true;
        processLevel = Vst2.PROCESS_LEVEL_USER;
    }

    /** Whether the plugin called audioMasterIOChanged since the last call (and clears the flag). */
    boolean takeIoChanged() {
        boolean changed = ioChanged;
        ioChanged = false;
        return changed;
    }

    private void updateTimeInfo() {
        double rate = sampleRate;
        double quarterNotes = samplePosition / rate * TEMPO / 60;
        time.putDouble(Vst2.TI_SAMPLE_POS, samplePosition);
        time.putDouble(Vst2.TI_SAMPLE_RATE, rate);
        time.putDouble(Vst2.TI_NANO_SECONDS, System.nanoTime());
        time.putDouble(Vst2.TI_PPQ_POS, quarterNotes);
        time.putDouble(Vst2.TI_TEMPO, TEMPO);
        time.putDouble(Vst2.TI_BAR_START_POS, Math.floor(quarterNotes / 4) * 4);
        time.putDouble(Vst2.TI_CYCLE_START_POS, 0);
        time.putDouble(Vst2.TI_CYCLE_END_POS, 0);
        time.putInt(Vst2.TI_TIME_SIG_NUMERATOR, 4);
        time.putInt(Vst2.TI_TIME_SIG_DENOMINATOR, 4);
        time.putInt(Vst2.TI_SMPTE_OFFSET, 0);
        time.putInt(Vst2.TI_SMPTE_FRAME_RATE, 0);
        time.putInt(Vst2.TI_SAMPLES_TO_NEXT_CLOCK, 0);
        time.putInt(Vst2.TI_FLAGS, Vst2.TRANSPORT_PLAYING | Vst2.NANOS_VALID | Vst2.PPQ_POS_VALID | Vst2.TEMPO_VALID
                | Vst2.BARS_VALID | Vst2.TIME_SIG_VALID | (transportReported ? 0 : Vst2.TRANSPORT_CHANGED));
    }

    /** The native VstTimeInfo (for tests and diagnostics). */
    Pointer timeInfo() {
        return timeInfo;
    }

    @Override
    public long callback(long effect, int opcode, int index, long value, long ptr, float opt) {
        try {
            switch (opcode) {
                case Vst2.AM_VERSION: return 2400;
                case Vst2.AM_GET_TIME: return timeInfoAddress;
                case Vst2.AM_GET_SAMPLE_RATE: return Math.round(sampleRate);
                case Vst2.AM_GET_BLOCK_SIZE: return blockSize;
                case Vst2.AM_GET_CURRENT_PROCESS_LEVEL: return processLevel;
                case Vst2.AM_IO_CHANGED:
                    ioChanged = true;
                    return 1;
                case Vst2.AM_GET_VENDOR_STRING: return writeString(ptr, VENDOR);
                case Vst2.AM_GET_PRODUCT_STRING: return writeString(ptr, PRODUCT);
                case Vst2.AM_GET_VENDOR_VERSION: return 1;
                case Vst2.AM_GET_LANGUAGE: return 1;  // English
                case Vst2.AM_CAN_DO: return canDo(ptr);
                case Vst2.AM_BEGIN_EDIT, Vst2.AM_END_EDIT, Vst2.AM_AUTOMATE: return 1;
                default: return 0;  // AM_CURRENT_ID, AM_IDLE, AM_WANT_MIDI and anything unknown
            }
        } catch (RuntimeException e) {
            return 0;  // never let an exception unwind into native code
        }
    }

    private static long writeString(long ptr, String text) {
        if (ptr == 0) {
            return 0;
        }
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        Pointer target = new Pointer(ptr);
        target.write(0, bytes, 0, bytes.length);
        target.setByte(bytes.length, (byte) 0);
        return 1;
    }

    private static long canDo(long ptr) {
        if (ptr == 0) {
            return 0;
        }
        return CAN_DO.contains(new Pointer(ptr).getString(0, "US-ASCII")) ? 1 : -1;
    }
}
