package org.mixdown.host.bridge.vst2;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import org.mixdown.host.bridge.NativeFormatException;
import org.mixdown.host.bridge.NativeFunction;
import org.mixdown.host.bridge.PreparedCall;
import org.mixdown.host.bridge.PreparedCall.Arg;

/**
 * A validated {@code AEffect*}: magic and function pointers checked, channel and parameter counts sane,
 * the four entry points resolved once. The real-time calls ({@link #setParameterRealtime},
 * {@link #processReplacing}) are {@link PreparedCall}s made in {@link #prepareCalls} (libffi: no per-call
 * conversion, no garbage); they belong to one audio thread.
 */
final class Vst2Effect {
    private final Pointer pointer;
    private final Long boxedPointer;
    private final NativeFunction dispatcher;
    private final NativeFunction setParameter;
    private final NativeFunction getParameter;
    private final NativeFunction processReplacing;
    /** {@code setParameter(effect, index, value)}: on automation, so on the audio thread. */
    private PreparedCall setParameterCall;
    /** {@code processReplacing(effect, inputs, outputs, frames)}: only the frame count changes per block. */
    private PreparedCall processCall;

    private Vst2Effect(Pointer pointer) throws NativeFormatException {
        this.pointer = pointer;
        this.boxedPointer = Pointer.nativeValue(pointer);
        int magic = pointer.getInt(Vst2.AE_MAGIC);
        if (magic != Vst2.MAGIC) {
            throw new NativeFormatException("wrong AEffect magic 0x" + Integer.toHexString(magic) + " (expected 'VstP')");
        }
        dispatcher = function(Vst2.AE_DISPATCHER, "dispatcher");
        setParameter = function(Vst2.AE_SET_PARAMETER, "setParameter");
        getParameter = function(Vst2.AE_GET_PARAMETER, "getParameter");
        if ((flags() & Vst2.FLAG_CAN_REPLACING) == 0) {
            throw new NativeFormatException("no processReplacing (flag effFlagsCanReplacing not set)");
        }
        processReplacing = function(Vst2.AE_PROCESS_REPLACING, "processReplacing");
        check("numInputs", numInputs(), 0, Vst2.MAX_CHANNELS);
        check("numOutputs", numOutputs(), 1, Vst2.MAX_CHANNELS);
        check("numParams", numParams(), 0, Vst2.MAX_PARAMETERS);
    }

    /** Checks the AEffect a plugin's main function returned. */
    static Vst2Effect of(long address) throws NativeFormatException {
        if (address == 0) {
            throw new NativeFormatException("the entry point returned NULL (no AEffect)");
        }
        return new Vst2Effect(new Pointer(address));
    }

    private NativeFunction function(int offset, String name) throws NativeFormatException {
        Pointer p = pointer.getPointer(offset);
        if (p == null) {
            throw new NativeFormatException("AEffect." + name + " is NULL");
        }
        return NativeFunction.at(p);
    }

    private static void check(String what, int value, int min, int max) throws NativeFormatException {
        if (value < min || value > max) {
            throw new NativeFormatException("AEffect." + what + " is " + value + " (accepted " + min + ".." + max + ")");
        }
    }

    int numPrograms() {
        return pointer.getInt(Vst2.AE_NUM_PROGRAMS);
    }

    int numParams() {
        return pointer.getInt(Vst2.AE_NUM_PARAMS);
    }

    int numInputs() {
        return pointer.getInt(Vst2.AE_NUM_INPUTS);
    }

    int numOutputs() {
        return pointer.getInt(Vst2.AE_NUM_OUTPUTS);
    }

    int flags() {
        return pointer.getInt(Vst2.AE_FLAGS);
    }

    int initialDelay() {
        return pointer.getInt(Vst2.AE_INITIAL_DELAY);
    }

    int uniqueId() {
        return pointer.getInt(Vst2.AE_UNIQUE_ID);
    }

    int version() {
        return pointer.getInt(Vst2.AE_VERSION);
    }

    /** A dispatcher call (not real-time: it allocates its argument array). */
    long dispatch(int opcode, int index, long value, Pointer ptr, float opt) {
        return dispatcher.invokeLong(new Object[] {boxedPointer, opcode, index, value,
                ptr == null ? (Object) 0L : ptr, opt});
    }

    /** A string from the dispatcher (names, labels, display values): a zeroed buffer, always terminated. */
    String dispatchString(int opcode, int index) {
        try (Memory buffer = new Memory(Vst2.STRING_BUFFER)) {
            buffer.clear();
            dispatch(opcode, index, 0, buffer, 0);
            buffer.setByte(Vst2.STRING_BUFFER - 1, (byte) 0);
            return buffer.getString(0, "UTF-8").trim();
        }
    }

    float getParameter(int index) {
        return getParameter.invokeFloat(new Object[] {boxedPointer, index});
    }

    /** Sets a parameter (0..1) without garbage, once {@link #prepareCalls} ran. */
    void setParameterRealtime(int index, float value) {
        setParameterCall.setInt(1, index);
        setParameterCall.setFloat(2, value);
        setParameterCall.invoke();
    }

    /**
     * Prepares the real-time calls for blocks of up to {@code maxFrames} on these channel arrays (the
     * {@code float**} of inputs and outputs, fixed until the next prepare). {@code generic} forces JNA's
     * generic dispatch (tests compare it with libffi).
     */
    void prepareCalls(int maxFrames, Pointer inputs, Pointer outputs, boolean generic) {
        PreparedCall set = prepared(setParameter, Math.max(0, numParams() - 1), generic, Arg.ADDRESS, Arg.INT,
                Arg.FLOAT);
        set.setLong(0, boxedPointer);
        PreparedCall process = prepared(processReplacing, maxFrames, generic, Arg.ADDRESS, Arg.ADDRESS,
                Arg.ADDRESS, Arg.INT);
        process.setLong(0, boxedPointer);
        process.setPointer(1, inputs);
        process.setPointer(2, outputs);
        setParameterCall = set;
        processCall = process;
    }

    private static PreparedCall prepared(NativeFunction function, int largestCount, boolean generic,
                                         Arg... signature) {
        return generic ? PreparedCall.viaGenericPath(function, largestCount, signature)
                : PreparedCall.of(function, largestCount, signature);
    }

    /** Whether processReplacing goes through libffi (false before {@link #prepareCalls}). */
    boolean processesThroughLibffi() {
        return processCall != null && processCall.isFast();
    }

    /** processReplacing on the channel arrays given to {@link #prepareCalls}. */
    void processReplacing(int frames) {
        processCall.setInt(3, frames);
        processCall.invoke();
    }
}
