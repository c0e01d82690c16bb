package org.mixdown.host.bridge.vst2;

import com.sun.jna.Callback;

/**
 * The host callback a VST 2 plugin calls:
 * {@code intptr_t audioMaster(AEffect*, int32 opcode, int32 index, intptr_t value, void* ptr, float opt)}.
 * Pointers are declared as {@code long} (LP64) so that JNA's direct callback mode passes every argument
 * without creating objects: the plugin may call this from its audio thread.
 */
public interface AudioMasterCallback extends Callback {
    long callback(long effect, int opcode, int index, long value, long ptr, float opt);
}
