package org.mixdown.mix;

import org.mixdown.api.AbstractPlugin;
import org.mixdown.api.AudioBuffer;
import org.mixdown.api.ParameterEvents;
import org.mixdown.api.ProcessSetup;
import org.mixdown.dsp.DelayLine;
import org.mixdown.dsp.SmoothedValue;

/**
 * One section of a composite plugin: a plugin run in place on the composite's work buffer, switched in and
 * out with a linear crossfade of {@link SmoothedValue#DEFAULT_RAMP_SECONDS}. A section with latency keeps
 * a delay of the same length on its bypass path, so switching it never moves the signal in time.
 *
 * <p>While steadily on, the plugin runs exactly as it would alone (the output is its output, bit for bit);
 * while steadily off it does not run at all. Switching on from off first takes the parameter values set
 * meanwhile and resets the plugin, so it starts from rest at its current settings. Audio thread only,
 * except {@link #prepare}.
 */
final class StripSection {
    private final AbstractPlugin plugin;
    /** 0 (bypassed) .. 1 (the plugin's output). */
    private final SmoothedValue level = new SmoothedValue(1);
    private boolean enabled = true;
    private int latency;
    private DelayLine[] bypassDelay = new DelayLine[0];
    /** A zero-frame buffer: processing it makes the plugin take pending parameter values. */
    private AudioBuffer idle;

    StripSection(AbstractPlugin plugin) {
        this.plugin = plugin;
    }

    AbstractPlugin plugin() {
        return plugin;
    }

    /** Prepares the plugin for {@code setup} (in place: inputs = outputs) and jumps to {@code on}. */
    void prepare(ProcessSetup setup, boolean on) {
        plugin.prepare(setup);
        plugin.reset();  // from rest, even where a plugin's prepare keeps an envelope (mix.gate's did)
        latency = plugin.latencySamples();
        int channels = setup.outputChannels();
        bypassDelay = new DelayLine[latency > 0 ? channels : 0];
        for (int c = 0; c < bypassDelay.length; c++) {
            bypassDelay[c] = new DelayLine();
            bypassDelay[c].allocate(latency);
        }
        idle = AudioBuffer.allocate(channels, 1).frames(0);
        enabled = on;
        level.prepare(setup.sampleRate(), SmoothedValue.DEFAULT_RAMP_SECONDS);
        level.setImmediate(on ? 1 : 0);
    }

    /** The plugin's latency at prepare; the section delays by this much whether on or off. */
    int latencySamples() {
        return latency;
    }

    /** Starts the crossfade to on or off. */
    void setEnabled(boolean on) {
        if (on == enabled) {
            return;
        }
        if (on && isOff()) {
            plugin.process(idle, idle, ParameterEvents.NONE);  // take the values set while it slept
            plugin.reset();
        }
        enabled = on;
        level.setTarget(on ? 1 : 0);
    }

    /** Steadily bypassed: the plugin does not run and its output is not heard. */
    boolean isOff() {
        return !level.isSmoothing() && level.current() == 0;
    }

    /** Clears the plugin and the bypass delay; a crossfade ends at its target. */
    void reset() {
        plugin.reset();
        for (DelayLine d : bypassDelay) {
            d.clear();
        }
        level.snap();
    }

    /**
     * Processes {@code work}'s window in place. {@code dry} is scratch of the same shape (its content is
     * overwritten), used only during a crossfade.
     */
    void process(AudioBuffer work, AudioBuffer dry) {
        int frames = work.frames();
        boolean fading = level.isSmoothing();
        if (!fading && level.current() == 0) {
            delay(work, frames);
            return;
        }
        if (fading) {
            dry.window(work.offset(), frames);
            dry.copyFrom(work);
            delay(dry, frames);
        } else {
            feedBypassDelay(work, frames);  // keeps the bypass path current for a later switch-off
        }
        plugin.process(work, work, ParameterEvents.NONE);
        if (fading) {
            crossfade(dry, work, frames);
        }
    }

    /** Delays a window by the latency in place (nothing to do without latency). */
    private void delay(AudioBuffer buffer, int frames) {
        for (int c = 0; c < bypassDelay.length; c++) {
            DelayLine line = bypassDelay[c];
            float[] x = buffer.channel(c);
            for (int i = buffer.offset(), end = i + frames; i < end; i++) {
                x[i] = line.process(x[i], latency);
            }
        }
    }

    private void feedBypassDelay(AudioBuffer buffer, int frames) {
        for (int c = 0; c < bypassDelay.length; c++) {
            DelayLine line = bypassDelay[c];
            line.write(buffer.channel(c), buffer.offset(), frames);
        }
    }

    /** wet = dry + level (wet - dry), the level advancing one ramp step per sample. */
    private void crossfade(AudioBuffer dry, AudioBuffer wet, int frames) {
        int channels = wet.channels();
        for (int i = wet.offset(), end = i + frames; i < end; i++) {
            double w = level.next();
            for (int c = 0; c < channels; c++) {
                float d = dry.channel(c)[i];
                float[] y = wet.channel(c);
                y[i] = (float) (d + w * (y[i] - d));
            }
        }
    }

    /** The largest sample held in the bypass delay (silence must empty it). */
    double bypassStateMagnitude() {
        double max = 0;
        for (DelayLine line : bypassDelay) {
            for (int d = 1; d <= line.maxDelay(); d++) {
                max = Math.max(max, Math.abs(line.read(d)));
            }
        }
        return max;
    }
}
