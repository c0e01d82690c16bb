package org.mixdown.host.session;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.mixdown.host.io.AudioFileException;

/**
 * Runs a step's independent tasks on the caller's thread and a few helper threads, and returns when all
 * are done; the mixer calls it once per block. Whoever is free takes the next task, so a step takes about
 * as long as its work divided by the threads (give the longest tasks first), whatever the tasks' sizes.
 *
 * <p>A step is short (a fraction of a millisecond), so waiting threads spin for a while before they park:
 * waking a parked thread costs tens of microseconds. Nothing is allocated per step.
 *
 * <p>Claiming is one compare-and-set on a word that holds the step's number, its task count and the next
 * task's index, so a helper that lags behind can never take a task of a step it did not see start.
 */
final class StepPool implements AutoCloseable {
    /** One piece of a step's work. */
    interface Task {
        void run() throws AudioFileException;
    }

    /** How long a waiting thread spins before it parks. */
    private static final long SPIN_NANOS = 200_000;
    private static final int INDEX_BITS = 16;
    private static final long INDEX_MASK = (1L << INDEX_BITS) - 1;
    static final int MAX_TASKS = (int) INDEX_MASK;

    private final Thread[] helpers;
    /** step << 32 | task count << 16 | next task index. */
    private final AtomicLong cursor = new AtomicLong();
    private final AtomicInteger done = new AtomicInteger();
    private Task[] tasks = new Task[0];
    private volatile Thread waiting;
    private volatile boolean closing;
    private volatile Throwable failure;

    /** A pool of the caller plus {@code helperCount} daemon threads named after {@code name}. */
    StepPool(int helperCount, String name) {
        helpers = new Thread[helperCount];
        for (int h = 0; h < helperCount; h++) {
            helpers[h] = new Thread(this::helperLoop, name + "-" + (h + 1));
            helpers[h].setDaemon(true);
            helpers[h].start();
        }
    }

    /**
     * Runs {@code steps[0, count)} (all independent of each other) and returns when every one has finished;
     * rethrows the first failure (the remaining tasks of a failed step are skipped, later steps refused).
     */
    void run(Task[] steps, int count) throws AudioFileException {
        if (count > MAX_TASKS) {
            throw new IllegalArgumentException("at most " + MAX_TASKS + " tasks per step, not " + count);
        }
        rethrow();
        tasks = steps;  // published by the cursor's volatile write below
        done.set(0);
        long step = (cursor.get() >>> 32) + 1;
        cursor.set(step << 32 | (long) count << INDEX_BITS);
        for (Thread helper : helpers) {
            LockSupport.unpark(helper);
        }
        work(step);
        long start = System.nanoTime();
        while (done.get() < count) {
            if (System.nanoTime() - start < SPIN_NANOS) {
                Thread.onSpinWait();
            } else {
                waiting = Thread.currentThread();
                if (done.get() < count) {
                    LockSupport.parkNanos(this, 1_000_000);
                }
                waiting = null;
            }
        }
        rethrow();
    }

    /** Takes and runs tasks of {@code step} until none is left. */
    private void work(long step) {
        while (true) {
            long c = cursor.get();
            int count = (int) (c >>> INDEX_BITS & INDEX_MASK);
            int index = (int) (c & INDEX_MASK);
            if (c >>> 32 != step || index >= count) {
                return;
            }
            if (!cursor.compareAndSet(c, c + 1)) {
                continue;
            }
            try {
                if (failure == null) {
                    tasks[index].run();
                }
            } catch (Throwable t) {
                if (failure == null) {
                    failure = t;
                }
            }
            if (done.incrementAndGet() == count) {
                Thread caller = waiting;
                if (caller != null) {
                    LockSupport.unpark(caller);
                }
            }
        }
    }

    private void helperLoop() {
        long seen = 0;
        while (!closing) {
            long step = cursor.get() >>> 32;
            if (step == seen) {
                waitForStep(seen);
                continue;
            }
            seen = step;
            work(step);
        }
    }

    /** Spins, then parks, until a step after {@code seen} starts (or the pool closes). */
    private void waitForStep(long seen) {
        long start = System.nanoTime();
        while (!closing && cursor.get() >>> 32 == seen) {
            if (System.nanoTime() - start < SPIN_NANOS) {
                Thread.onSpinWait();
            } else {
                LockSupport.parkNanos(this, 1_000_000);
            }
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

    /** Ends the helper threads (after their current task). */
    @Override
    public void close() {
        closing = true;
        for (Thread helper : helpers) {
            LockSupport.unpark(helper);
        }
        for (Thread helper : helpers) {
            try {
                helper.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
