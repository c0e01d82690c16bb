package org.mixdown.host.bridge.vst2;

import com.sun.jna.NativeLibrary;
import java.util.Arrays;
import org.mixdown.api.AbstractPlugin;
import org.mixdown.api.PluginDescriptor;
import org.mixdown.api.ProcessSetup;
import org.mixdown.host.bridge.NativeChannels;
import org.mixdown.host.bridge.NativeFormatException;

/**
 * A VST 2.4 effect as an {@link org.mixdown.api.AudioPlugin}. Parameters are the plugin's own 0..1
 * values (names and units from the dispatcher, display strings through {@link #parameterDisplay});
 * state is the parameter values.
 *
 * <p>Host order: VSTPluginMain at construction; the first prepare sends effSetSampleRate,
 * effSetBlockSize, effOpen, writes every parameter, then effMainsChanged(1) and effStartProcess and reads
 * {@code initialDelay} as the latency (also after one probe block of silence, then suspend and resume,
 * since some plugins set it only while processing); a later prepare suspends first; reset suspends and
 * resumes (with the transport rewound); close stops, suspends and sends effClose, which frees the effect.
 */
public final class Vst2Plugin extends AbstractPlugin {
    private final Vst2Host host = new Vst2Host();  // strongly held: the plugin calls it until effClose
    private final Vst2Effect effect;
    private NativeChannels inputs;
    private NativeChannels outputs;
    private boolean opened;
    private boolean resumed;
    private boolean closed;
    private boolean genericCalls;  // tests: force JNA's generic dispatch to compare it with libffi
    private volatile int latency;

    Vst2Plugin(PluginDescriptor descriptor, NativeLibrary library) {
        super(descriptor);
        try {
            this.effect = Vst2Library.instantiate(library, host);
        } catch (NativeFormatException e) {
            throw new IllegalStateException(descriptor.id() + ": " + e.getMessage(), e);
        }
        var layout = descriptor.layouts().get(0);
        if (effect.numParams() != descriptor.parameters().size() || effect.numInputs() != layout.inputs()
                || effect.numOutputs() != layout.outputs()) {
            effect.dispatch(Vst2.EFF_CLOSE, 0, 0, null, 0);
            throw new IllegalStateException(descriptor.id() + ": the plugin's shape changed since the scan");
        }
    }

    @Override
    protected void onPrepare(ProcessSetup setup) {
        if (closed) {
            throw new IllegalStateException(descriptor().id() + " is closed");
        }
        suspend();
        host.setSampleRate(setup.sampleRate());
        host.setBlockSize(setup.maxBlockSize());
        host.rewind();
        effect.dispatch(Vst2.EFF_SET_SAMPLE_RATE, 0, 0, null, (float) setup.sampleRate());
        effect.dispatch(Vst2.EFF_SET_BLOCK_SIZE, 0, setup.maxBlockSize(), null, 0);
        if (!opened) {
            effect.dispatch(Vst2.EFF_OPEN, 0, 0, null, 0);
            opened = true;
        }
        releaseBuffers();
        inputs = new NativeChannels(effect.numInputs(), setup.maxBlockSize());
        outputs = new NativeChannels(effect.numOutputs(), setup.maxBlockSize());
        effect.prepareCalls(setup.maxBlockSize(), inputs.pointerArray(), outputs.pointerArray(), genericCalls);
        for (int i = 0; i < descriptor().parameters().size(); i++) {
            effect.setParameterRealtime(i, (float) value(i));
        }
        resume();
        probeLatency(Math.min(setup.maxBlockSize(), 256));
    }

    /**
     * Some plugins publish {@code initialDelay} only from processReplacing (ZaMaximX2's DPF build shows 0
     * after effMainsChanged(1) and 480 after the first block; LSP raises audioMasterIOChanged there). One
     * block of silence is processed to read it, then suspend and resume give the audio a clean start.
     */
    private void probeLatency(int frames) {
        for (int c = 0; c < inputs.channels(); c++) {
            inputs.clear(c, frames);
        }
        host.beginBlock();
        effect.processReplacing(frames);
        host.endBlock(frames);
        int delay = Math.max(latency, effect.initialDelay());
        suspend();
        host.rewind();
        resume();
        latency = Math.max(delay, latency);
    }

    private void resume() {
        effect.dispatch(Vst2.EFF_MAINS_CHANGED, 0, 1, null, 0);
        effect.dispatch(Vst2.EFF_START_PROCESS, 0, 0, null, 0);
        host.takeIoChanged();
        latency = Math.max(0, effect.initialDelay());  // only valid after resume
        resumed = true;
    }

    private void suspend() {
        if (resumed) {
            effect.dispatch(Vst2.EFF_STOP_PROCESS, 0, 0, null, 0);
            effect.dispatch(Vst2.EFF_MAINS_CHANGED, 0, 0, null, 0);
            resumed = false;
        }
    }

    @Override
    protected void onParameterChange(int index, double value) {
        effect.setParameterRealtime(index, (float) value);
    }

    @Override
    protected void processBlock(float[][] in, float[][] out, int from, int to) {
        int n = to - from;
        if (!resumed) {
            for (float[] channel : out) {
                Arrays.fill(channel, from, to, 0f);
            }
            return;
        }
        for (int c = 0; c < inputs.channels(); c++) {
            inputs.write(c, in[c], from, n);
        }
        host.beginBlock();
        effect.processReplacing(n);
        host.endBlock(n);
        outputs.readFinite(out, from, n);
        if (host.takeIoChanged()) {
            latency = Math.max(0, effect.initialDelay());
        }
    }

    @Override
    protected void onReset() {
        if (resumed) {
            suspend();
            host.rewind();
            resume();
        }
    }

    /** Tests only: from the next prepare, call the plugin through JNA's generic dispatch instead of libffi. */
    void useGenericCalls(boolean generic) {
        this.genericCalls = generic;
    }

    /** Whether processReplacing goes through libffi (false before the first prepare). */
    boolean processesThroughLibffi() {
        return effect.processesThroughLibffi();
    }

    /** {@code initialDelay} read after effMainsChanged(1), re-read when the plugin reports an I/O change. */
    @Override
    public int latencySamples() {
        return latency;
    }

    /** The plugin's own text for a parameter's current value (effGetParamDisplay) and unit. */
    public String parameterDisplay(String id) {
        int index = descriptor().parameterIndex(id);
        if (index < 0) {
            throw new IllegalArgumentException(descriptor().id() + " has no parameter '" + id + "'");
        }
        String display = effect.dispatchString(Vst2.EFF_GET_PARAM_DISPLAY, index);
        String unit = effect.dispatchString(Vst2.EFF_GET_PARAM_LABEL, index);
        return unit.isEmpty() ? display : display + " " + unit;
    }

    /** The plugin's own value of a parameter (getParameter), 0..1. */
    public float nativeParameter(String id) {
        return effect.getParameter(descriptor().parameterIndex(id));
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        suspend();
        effect.dispatch(Vst2.EFF_CLOSE, 0, 0, null, 0);  // the effect deletes itself
        closed = true;
        releaseBuffers();
    }

    private void releaseBuffers() {
        if (inputs != null) {
            inputs.close();
            outputs.close();
            inputs = outputs = null;
        }
    }
}
