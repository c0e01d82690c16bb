package org.mixdown.host.bridge;

import com.sun.jna.Structure;
import java.util.List;

/**
 * A mutable {@code float} argument for {@link NativeFunction}: a by-value struct of one float. The x86-64
 * and AArch64 C ABIs pass {@code struct { float f; }} exactly like a {@code float} (in the first free
 * vector register), so native code receives a plain float while Java avoids boxing a new {@link Float}
 * per call: {@link #set} writes the struct's native memory in place.
 */
public final class FloatArgument extends Structure implements Structure.ByValue {
    /** The Java-side field JNA needs for the layout; {@link #set} writes native memory directly. */
    public float value;

    public FloatArgument() {
        setAutoSynch(false);  // the native memory is the truth; never overwrite it from the field
    }

    @Override
    protected List<String> getFieldOrder() {
        return List.of("value");
    }

    public void set(float v) {
        getPointer().setFloat(0, v);
    }

    public float get() {
        return getPointer().getFloat(0);
    }
}
