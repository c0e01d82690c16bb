package org.mixdown.host.session;

import java.util.concurrent.Semaphore;
import org.mixdown.host.io.AudioFileException;

/**
 * A thread that runs one piece of a block's work when handed a block, so the mixer can spread a block over
 * cores. Hand-over by two semaphores (no allocation per block): {@link #start} gives the thread a block once
 * the previous one is done, {@link #await} waits until it is done; both rethrow what the work threw.
 */
final class BlockThread {
    /** The work for one block. */
    interface Work {
        void run(long position, int frames) throws AudioFileException;
    }

    private final Work work;
    private final Semaphore ready = new Semaphore(0);
    private final Semaphore done = new Semaphore(1);
    private final Thread thread;
    private volatile boolean stopping;
    private volatile Throwable failure;
    private long position;
    private int frames;

    BlockThread(String name, Work work) {
        this.work = work;
        this.thread = new Thread(this::loop, name);
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (true) {
            ready.acquireUninterruptibly();
            if (stopping) {
                return;
            }
            try {
                if (failure == null) {
                    work.run(position, frames);
                }
            } catch (Throwable t) {
                failure = t;
            } finally {
                done.release();
            }
        }
    }

    /** Waits for the previous block (rethrowing its failure), then hands over this one. */
    void start(long position, int frames) throws AudioFileException {
        done.acquireUninterruptibly();
        rethrow();
        this.position = position;
        this.frames = frames;
        ready.release();
    }

    /** Waits for the block handed over last (returns at once if none is running), rethrowing its failure. */
    void await() throws AudioFileException {
        done.acquireUninterruptibly();
        try {
            rethrow();
        } finally {
            done.release();
        }
    }

    /** Ends the thread (after its current block). */
    void stop() {
        stopping = true;
        ready.release();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void rethrow() throws AudioFileException {
        Throwable t = failure;
        if (t == null) {
            return;
        }
        if (t instanceof AudioFileException e) {
            throw e;
        }
        if (t instanceof RuntimeException e) {
            throw e;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new IllegalStateException(t);
    }
}
