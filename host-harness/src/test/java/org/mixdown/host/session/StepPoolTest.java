package org.mixdown.host.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class StepPoolTest {
    /** Over many steps of different sizes, every task of every step runs exactly once, before run returns. */
    @Test
    void everyTaskRunsOncePerStep() throws Exception {
        int steps = 2000;
        AtomicIntegerArray runs = new AtomicIntegerArray(8);
        StepPool.Task[] tasks = new StepPool.Task[8];
        for (int t = 0; t < tasks.length; t++) {
            int id = t;
            tasks[t] = () -> runs.incrementAndGet(id);
        }
        int[] expected = new int[8];
        try (StepPool pool = new StepPool(2, "test-pool")) {
            for (int s = 0; s < steps; s++) {
                int count = 1 + s % tasks.length;
                pool.run(tasks, count);
                for (int t = 0; t < count; t++) {
                    expected[t]++;
                }
                for (int t = 0; t < tasks.length; t++) {   // all done when run returns: no task still running
                    assertEquals(expected[t], runs.get(t), "step " + s + " task " + t);
                }
            }
        }
    }

    /** A task's failure comes back from run, and the pool refuses further steps with the same failure. */
    @Test
    void aFailureIsRethrown() {
        IllegalStateException boom = new IllegalStateException("boom");
        StepPool.Task[] tasks = {() -> { }, () -> {
            throw boom;
        }, () -> { }};
        try (StepPool pool = new StepPool(1, "test-pool")) {
            assertSame(boom, assertThrows(IllegalStateException.class, () -> pool.run(tasks, 3)));
            assertSame(boom, assertThrows(IllegalStateException.class, () -> pool.run(tasks, 1)));
        }
    }
}
