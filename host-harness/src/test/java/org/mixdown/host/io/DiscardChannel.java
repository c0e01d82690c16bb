package org.mixdown.host.io;

import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/** Swallows everything written to it: a writer's destination when only the work matters (memory, speed). */
public final class DiscardChannel implements WritableByteChannel {
    @Override
    public int write(ByteBuffer src) {
        int n = src.remaining();
        src.position(src.limit());
        return n;
    }

    @Override
    public boolean isOpen() {
        return true;
    }

    @Override
    public void close() {
    }
}
