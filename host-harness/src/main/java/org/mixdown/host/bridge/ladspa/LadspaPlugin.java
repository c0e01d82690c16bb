package org.mixdown.host.bridge.ladspa;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.List;
import org.mixdown.api.AbstractPlugin;
import org.mixdown.api.Meter;
import org.mixdown.api.PluginDescriptor;
import org.mixdown.api.ProcessSetup;
import org.mixdown.host.bridge.NativeChannels;
import org.mixdown.host.bridge.PreparedCall;

/**
 * A LADSPA plugin as an {@link org.mixdown.api.AudioPlugin}.
 *
 * <p>Life cycle, as LADSPA 1.1 requires: prepare instantiates at the sample rate, connects every port and
 * activates; reset deactivates and activates again (which resets a plugin's state); prepare again or
 * close deactivates and then cleans up. A mono plugin prepared for stereo runs as two instances.
 *
 * <p>Processing copies the block into native buffers allocated in prepare, writes changed controls into
 * the control ports, calls {@code run} through a {@link PreparedCall} (libffi, prepared once per instance:
 * no per-call conversion, no garbage), and copies back; input and
 * output share a buffer only when the plugin does not declare INPLACE_BROKEN. Control changes from
 * automation events split the block at their offsets (done by {@link AbstractPlugin}).
 */
public final class LadspaPlugin extends AbstractPlugin {
    private final LadspaDescriptor ladspa;
    private final LadspaMapping mapping;
    private final Meter[] meters;
    private Instance[] instances = new Instance[0];
    private boolean genericCalls;  // tests: force JNA's generic dispatch to compare it with libffi
    private boolean dualMono;
    private double sampleRate;
    private int latency;

    LadspaPlugin(PluginDescriptor descriptor, LadspaDescriptor ladspa, LadspaMapping mapping) {
        super(descriptor);
        this.ladspa = ladspa;
        this.mapping = mapping;
        this.meters = new Meter[mapping.meterPorts.length];
        List<Meter> list = meters();
        for (int i = 0; i < meters.length; i++) {
            meters[i] = list.get(i);
        }
    }

    @Override
    protected void onPrepare(ProcessSetup setup) {
        releaseInstances();
        sampleRate = setup.sampleRate();
        dualMono = mapping.isDualMonoCapable() && setup.inputChannels() == 2;
        int frames = setup.maxBlockSize();
        latency = mapping.latencyPort < 0 ? 0 : probeLatency(frames);
        Instance[] created = new Instance[dualMono ? 2 : 1];
        try {
            for (int k = 0; k < created.length; k++) {
                created[k] = new Instance(frames);
                created[k].activate();
            }
        } catch (RuntimeException e) {
            for (Instance instance : created) {
                if (instance != null) {
                    instance.release();
                }
            }
            throw e;
        }
        instances = created;
    }

    /**
     * Runs a throw-away instance for one block of silence with the current controls and reads its latency
     * port (plugins write it from run()), so the real instance starts from a clean state.
     */
    private int probeLatency(int frames) {
        Instance probe = new Instance(Math.min(frames, 256));
        try {
            probe.activate();
            probe.run(Math.min(frames, 256));
            float value = probe.controlView.get(mapping.latencyPort);
            return Float.isFinite(value) && value > 0 ? Math.round(value) : 0;
        } finally {
            probe.release();
        }
    }

    @Override
    protected void onParameterChange(int index, double value) {
        float portValue = mapping.portValue(index, value, sampleRate);
        int port = mapping.parameterPorts[index].index();
        for (Instance instance : instances) {
            instance.controlView.put(port, portValue);
        }
    }

    @Override
    protected void processBlock(float[][] in, float[][] out, int from, int to) {
        int n = to - from;
        if (instances.length == 0) {  // closed
            for (float[] channel : out) {
                java.util.Arrays.fill(channel, from, to, 0f);
            }
            return;
        }
        if (dualMono) {  // instance k reads in[k] only and writes out[k]: both run, then one check for both
            Instance left = instances[0];
            Instance right = instances[1];
            left.inputs.write(0, in[0], from, n);
            left.run(n);
            right.inputs.write(0, in[1], from, n);
            right.run(n);
            NativeChannels.readFinitePair(left.outputs, 0, out[0], right.outputs, 0, out[1], from, n);
        } else {
            Instance instance = instances[0];
            for (int j = 0; j < mapping.audioInputs.length; j++) {
                instance.inputs.write(j, in[j], from, n);
            }
            instance.run(n);
            instance.outputs.readFinite(out, from, n);  // output port j into out[j]
        }
        FloatBuffer controls = instances[0].controlView;
        for (int m = 0; m < meters.length; m++) {
            meters[m].set(controls.get(mapping.meterPorts[m].index()));
        }
    }

    @Override
    protected void onReset() {
        for (Instance instance : instances) {
            instance.deactivate();
            instance.activate();
        }
    }

    /** Tests only: from the next prepare, call {@code run} through JNA's generic dispatch instead of libffi. */
    void useGenericCalls(boolean generic) {
        this.genericCalls = generic;
    }

    /** Whether the prepared instances call {@code run} through libffi (false when closed). */
    boolean runsThroughLibffi() {
        return instances.length > 0 && instances[0].runCall.isFast();
    }

    @Override
    public int latencySamples() {
        return latency;
    }

    /** Deactivates and cleans up every instance; the plugin outputs silence until prepared again. */
    @Override
    public void close() {
        releaseInstances();
    }

    private void releaseInstances() {
        Instance[] old = instances;
        instances = new Instance[0];
        for (Instance instance : old) {
            instance.release();
        }
    }

    /** One native instance with its buffers; every port connected before activation. */
    private final class Instance {
        private final long handle;
        private final Long boxedHandle;
        private final NativeChannels inputs;
        private final NativeChannels outputs;
        private final Memory controls;
        private final FloatBuffer controlView;
        /** {@code run(handle, frames)}: the handle set once, the frame count per call. */
        private final PreparedCall runCall;
        private boolean active;

        Instance(int frames) {
            long h = ladspa.instantiate.invokeAddress(new Object[] {ladspa.pointer(), Math.round(sampleRate)});
            if (h == 0) {
                throw new IllegalStateException(descriptor().id() + ": instantiate() returned NULL at "
                        + sampleRate + " Hz");
            }
            handle = h;
            boxedHandle = h;
            int ins = mapping.audioInputs.length, outs = mapping.audioOutputs.length;
            inputs = new NativeChannels(ins, frames);
            outputs = !ladspa.inPlaceBroken() && ins == outs ? inputs : new NativeChannels(outs, frames);
            int portCount = ladspa.ports().size();
            controls = new Memory(4L * portCount);
            controls.clear();
            controlView = controls.getByteBuffer(0, controls.size()).order(ByteOrder.nativeOrder()).asFloatBuffer();
            for (int p = 0; p < mapping.parameterPorts.length; p++) {
                int port = mapping.parameterPorts[p].index();
                controlView.put(port, mapping.portValue(p, value(p), sampleRate));
            }
            for (int j = 0; j < ins; j++) {
                connect(mapping.audioInputs[j], inputs.pointer(j));
            }
            for (int j = 0; j < outs; j++) {
                connect(mapping.audioOutputs[j], outputs.pointer(j));
            }
            for (LadspaPort port : ladspa.ports()) {
                if (port.isControl()) {
                    connect(port.index(), controls.share(4L * port.index(), 4));
                }
            }
            runCall = genericCalls ? PreparedCall.viaGenericPath(ladspa.run, frames, PreparedCall.Arg.ADDRESS,
                    PreparedCall.Arg.ULONG) : PreparedCall.of(ladspa.run, frames, PreparedCall.Arg.ADDRESS,
                    PreparedCall.Arg.ULONG);
            runCall.setLong(0, handle);
        }

        private void connect(int port, Pointer data) {
            ladspa.connectPort.invokeVoid(new Object[] {boxedHandle, (long) port, data});
        }

        void activate() {
            if (!active && ladspa.activate != null) {
                ladspa.activate.invokeVoid(new Object[] {boxedHandle});
            }
            active = true;
        }

        void deactivate() {
            if (active && ladspa.deactivate != null) {
                ladspa.deactivate.invokeVoid(new Object[] {boxedHandle});
            }
            active = false;
        }

        /** The real-time call: one value written into the prepared arguments, no garbage. */
        void run(int frames) {
            runCall.setLong(1, frames);
            runCall.invoke();
        }

        void release() {
            deactivate();
            ladspa.cleanup.invokeVoid(new Object[] {boxedHandle});
            inputs.close();
            if (outputs != inputs) {
                outputs.close();
            }
            controls.close();
        }
    }
}
