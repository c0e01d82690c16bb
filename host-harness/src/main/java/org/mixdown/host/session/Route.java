package org.mixdown.host.session;

import org.mixdown.api.AudioBuffer;
import org.mixdown.dsp.DelayLine;

/**
 * One path from a channel into a bus or the master: the channel's signal (before or after its fader),
 * times the send level, delayed so that it arrives in step with every other path into the same
 * destination (plugin delay compensation), and added into the destination's input.
 */
final class Route {
    private final MixerChannel source;
    private final MixerChannel destination;
    private final float gain;
    private final boolean preFader;
    private int delay;
    private final DelayLine[] lines = new DelayLine[MixerChannel.OUT_CHANNELS];

    Route(MixerChannel source, MixerChannel destination, float gain, boolean preFader) {
        this.source = source;
        this.destination = destination;
        this.gain = gain;
        this.preFader = preFader;
    }

    MixerChannel source() {
        return source;
    }

    MixerChannel destination() {
        return destination;
    }

    /** Sets the compensating delay: the destination's input latency minus the source's output latency. */
    void compensate(int samples) {
        delay = samples;
        for (int c = 0; c < lines.length; c++) {
            lines[c] = new DelayLine();
            lines[c].allocate(Math.max(1, samples));
        }
    }

    int delay() {
        return delay;
    }

    /** Adds block {@code block} of the source (just rendered) into the destination's input. Allocation-free. */
    void mix(long block, int frames) {
        float[][] signal = preFader ? source.preFader() : source.postFader();
        AudioBuffer sum = destination.sum(block);
        for (int c = 0; c < MixerChannel.OUT_CHANNELS; c++) {
            float[] x = signal[c];
            float[] y = sum.channel(c);
            if (delay == 0) {
                for (int i = 0; i < frames; i++) {
                    y[i] += gain * x[i];
                }
            } else {
                DelayLine line = lines[c];
                for (int i = 0; i < frames; i++) {
                    y[i] += gain * line.process(x[i], delay);
                }
            }
        }
    }
}
