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
    /** One channel's block read back from its delay line. */
    private float[] delayed = new float[0];

    Route(MixerChannel source, MixerChannel destination, float gain, boolean preFader) {
        this.source = source;
        this.destination = destination;
        this.gain = gain;
        this.preFader = preFader;
        if (preFader) {
            source.readPreFader();
        }
    }

    MixerChannel source() {
        return source;
    }

    MixerChannel destination() {
        return destination;
    }

    /**
     * Sets the compensating delay: the destination's input latency minus the source's output latency. The
     * lines hold the delay plus a block, so a whole block is written before the delayed block is read back.
     */
    void compensate(int samples) {
        delay = samples;
        int block = source.blockSize();
        for (int c = 0; c < lines.length; c++) {
            lines[c] = new DelayLine();
            lines[c].allocate(Math.max(1, samples + block));
        }
        delayed = new float[block];
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
                line.write(x, 0, frames);
                line.read(delay + frames, delayed, 0, frames);  // x delayed by delay samples
                float[] d = delayed;
                for (int i = 0; i < frames; i++) {
                    y[i] += gain * d[i];
                }
            }
        }
    }
}
