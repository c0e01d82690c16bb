package org.mixdown.host.bridge.vst2;

import com.sun.jna.NativeLibrary;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.mixdown.api.AudioPlugin;
import org.mixdown.api.ChannelLayout;
import org.mixdown.api.ParameterSpec;
import org.mixdown.api.PluginDescriptor;
import org.mixdown.host.bridge.NativeFormatException;
import org.mixdown.host.bridge.NativePluginFactory;
import org.mixdown.host.bridge.ParameterIds;

/**
 * Makes {@link Vst2Plugin}s of one library. VST 2 has no static descriptor: reading it creates one
 * instance, opens it, reads the channel counts and every parameter's name, unit and current value, and
 * closes it again. {@link #probe} does that at once; {@link #lazy} at the first {@link #descriptor()}
 * call (then once: the result is kept for this factory's life, never across scans).
 */
public final class Vst2PluginFactory implements NativePluginFactory {
    private static final double PROBE_SAMPLE_RATE = 48_000;
    private static final int PROBE_BLOCK_SIZE = 1024;

    private final Path file;
    private final NativeLibrary library;
    private final String id;
    private volatile PluginDescriptor descriptor;

    private Vst2PluginFactory(Path file, NativeLibrary library, PluginDescriptor descriptor) {
        this.file = file;
        this.library = library;
        String fileName = file.getFileName().toString();
        this.id = "vst2:" + (fileName.endsWith(".so") ? fileName.substring(0, fileName.length() - 3) : fileName);
        this.descriptor = descriptor;
    }

    /** A factory that reads the descriptor at the first {@link #descriptor()} call. */
    public static Vst2PluginFactory lazy(Path file, NativeLibrary library) {
        return new Vst2PluginFactory(file, library, null);
    }

    /** A factory with its descriptor read now; fails with the reason when the plugin cannot be hosted. */
    public static Vst2PluginFactory probe(Path file, NativeLibrary library) throws NativeFormatException {
        Vst2PluginFactory factory = new Vst2PluginFactory(file, library, null);
        factory.descriptor = factory.readDescriptor();
        return factory;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Path library() {
        return file;
    }

    /**
     * The descriptor, read on first use.
     *
     * @throws IllegalStateException with the reason when the plugin cannot be hosted (wrong magic...)
     */
    @Override
    public PluginDescriptor descriptor() {
        PluginDescriptor d = descriptor;
        if (d == null) {
            synchronized (this) {
                if (descriptor == null) {
                    try {
                        descriptor = readDescriptor();
                    } catch (NativeFormatException e) {
                        throw new IllegalStateException(id + " (" + file + ") cannot be hosted: " + e.getMessage(), e);
                    }
                }
                d = descriptor;
            }
        }
        return d;
    }

    private PluginDescriptor readDescriptor() throws NativeFormatException {
        Vst2Host host = new Vst2Host();
        Vst2Effect effect = Vst2Library.instantiate(library, host);
        try {
            effect.dispatch(Vst2.EFF_SET_SAMPLE_RATE, 0, 0, null, (float) PROBE_SAMPLE_RATE);
            effect.dispatch(Vst2.EFF_SET_BLOCK_SIZE, 0, PROBE_BLOCK_SIZE, null, 0);
            effect.dispatch(Vst2.EFF_OPEN, 0, 0, null, 0);
            return describe(effect);
        } finally {
            effect.dispatch(Vst2.EFF_CLOSE, 0, 0, null, 0);
            java.lang.ref.Reference.reachabilityFence(host);  // the plugin may call back until closed
        }
    }

    private PluginDescriptor describe(Vst2Effect effect) throws NativeFormatException {
        if ((effect.flags() & Vst2.FLAG_IS_SYNTH) != 0) {
            throw new NativeFormatException("an instrument (effFlagsIsSynth): only effects are hosted");
        }
        String name = effect.dispatchString(Vst2.EFF_GET_EFFECT_NAME, 0);
        if (name.isEmpty()) {
            name = effect.dispatchString(Vst2.EFF_GET_PRODUCT_STRING, 0);
        }
        if (name.isEmpty()) {
            name = id.substring("vst2:".length());
        }
        String vendor = effect.dispatchString(Vst2.EFF_GET_VENDOR_STRING, 0);
        long vendorVersion = effect.dispatch(Vst2.EFF_GET_VENDOR_VERSION, 0, 0, null, 0);
        String version = Long.toString(vendorVersion != 0 ? vendorVersion : effect.version());
        ParameterIds ids = new ParameterIds();
        List<ParameterSpec> parameters = new ArrayList<>();
        for (int i = 0; i < effect.numParams(); i++) {
            String paramName = effect.dispatchString(Vst2.EFF_GET_PARAM_NAME, i);
            String unit = effect.dispatchString(Vst2.EFF_GET_PARAM_LABEL, i);
            float current = effect.getParameter(i);
            double initial = Float.isFinite(current) ? Math.max(0, Math.min(1, current)) : 0;
            parameters.add(ParameterSpec.continuous(ids.next(paramName, "param_" + i),
                    paramName.isEmpty() ? "Parameter " + i : paramName, unit, 0, 1, initial,
                    ParameterSpec.Scale.LINEAR));
        }
        return new PluginDescriptor(id, name, vendor, version, "vst2", "native",
                List.of(new ChannelLayout(effect.numInputs(), effect.numOutputs())), parameters, List.of(), 1);
    }

    @Override
    public AudioPlugin create() {
        return new Vst2Plugin(descriptor(), library);
    }
}
