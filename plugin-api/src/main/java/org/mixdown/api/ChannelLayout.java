package org.mixdown.api;

/**
 * One input/output channel arrangement a plugin supports. Input channels beyond {@code mainInputs}
 * are a side-chain (for example 4 in / 2 out on a compressor with an external key).
 */
public record ChannelLayout(int inputs, int outputs) {

    public static final ChannelLayout MONO = new ChannelLayout(1, 1);
    public static final ChannelLayout STEREO = new ChannelLayout(2, 2);
    public static final ChannelLayout MONO_TO_STEREO = new ChannelLayout(1, 2);

    public ChannelLayout {
        if (inputs < 0 || outputs < 1) {
            throw new IllegalArgumentException("bad channel layout " + inputs + " -> " + outputs);
        }
    }

    @Override
    public String toString() {
        return inputs + "->" + outputs;
    }
}
