package org.mixdown.host.bridge;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;

/**
 * Native float buffers for audio channels, allocated once (in prepare) so that processing only copies:
 * Java arrays in through a {@link FloatBuffer} view (an intrinsic memory copy, no JNI call), the plugin
 * runs on native memory, results come back the same way. Also holds the {@code float**} array VST's
 * {@code processReplacing} takes.
 */
public final class NativeChannels implements AutoCloseable {
    private final Memory[] memory;
    private final FloatBuffer[] views;
    /** The same memory as int bits, for the finite check. */
    private final IntBuffer[] bitViews;
    private final int[] bits;
    private final Memory pointerArray;
    private final int capacity;

    public NativeChannels(int channels, int capacity) {
        this.capacity = capacity;
        this.memory = new Memory[channels];
        this.views = new FloatBuffer[channels];
        this.bitViews = new IntBuffer[channels];
        this.bits = new int[capacity];
        this.pointerArray = new Memory((long) Math.max(1, channels) * Native.POINTER_SIZE);
        pointerArray.clear();
        for (int c = 0; c < channels; c++) {
            memory[c] = new Memory((long) capacity * Float.BYTES);
            memory[c].clear();
            views[c] = memory[c].getByteBuffer(0, memory[c].size()).order(ByteOrder.nativeOrder()).asFloatBuffer();
            bitViews[c] = memory[c].getByteBuffer(0, memory[c].size()).order(ByteOrder.nativeOrder()).asIntBuffer();
            pointerArray.setPointer((long) c * Native.POINTER_SIZE, memory[c]);
        }
    }

    public int channels() {
        return memory.length;
    }

    public int capacity() {
        return capacity;
    }

    /** The native buffer of one channel. */
    public Pointer pointer(int channel) {
        return memory[channel];
    }

    /** The {@code float*[channels]} array pointing at every channel. */
    public Pointer pointerArray() {
        return pointerArray;
    }

    /** Copies {@code frames} samples from {@code source[from..]} into the start of a channel. */
    public void write(int channel, float[] source, int from, int frames) {
        views[channel].put(0, source, from, frames);
    }

    /** Zeroes the first {@code frames} samples of a channel. */
    public void clear(int channel, int frames) {
        FloatBuffer view = views[channel];
        for (int i = 0; i < frames; i++) {
            view.put(i, 0f);
        }
    }

    /**
     * Copies the start of a channel into {@code target[from..]}, replacing NaN and infinities by 0 so a
     * misbehaving native plugin cannot push them down the chain.
     */
    public void readFinite(int channel, float[] target, int from, int frames) {
        views[channel].get(0, target, from, frames);
        if (allFinite(channel, frames)) {  // the usual case: one vectorised pass over the bits
            return;
        }
        for (int i = from, end = from + frames; i < end; i++) {
            if (!Float.isFinite(target[i])) {
                target[i] = 0f;
            }
        }
    }

    /**
     * Whether the first {@code frames} samples of a channel are all finite. A float is NaN or infinite when
     * its exponent field is all ones; adding one to that field carries into the sign bit exactly then, so
     * OR-ing {@code (bits & exponent) + exponent's lowest bit} over the block is negative if any is not
     * finite: integer operations only, which the JIT vectorises (a per-sample branch it does not).
     */
    private boolean allFinite(int channel, int frames) {
        int[] b = bits;
        bitViews[channel].get(0, b, 0, frames);
        int any = 0;
        for (int i = 0; i < frames; i++) {
            any |= (b[i] & 0x7f80_0000) + 0x0080_0000;
        }
        return any >= 0;
    }

    @Override
    public void close() {
        for (Memory m : memory) {
            m.close();
        }
        pointerArray.close();
    }
}
