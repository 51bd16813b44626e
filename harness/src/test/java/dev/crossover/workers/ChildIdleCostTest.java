package dev.crossover.workers;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A child JVM of an I/O pool runs thousands of runner threads (the formula size split over the
 * children); idle, they must not cost CPU. Followers that each looked again every few milliseconds
 * burned both cores with 3,000 threads a child and starved the pool's own requests.
 */
class ChildIdleCostTest {

    private static final int RUNNERS = 2_000;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void anIdleChildOfThousandsOfRunnersUsesAlmostNoCpu() throws Exception {
        try (Workers pool = PoolSpec.of(Executor.PROCESS_PIPE, 1).withChildThreads(RUNNERS).start()) {
            // one task, so every runner has started and taken its turn once
            assertEquals(1, pool.map("echo", List.of(new byte[]{1}), 1).size());
            long pid = pool.workerPids().getFirst();
            ProcessHandle child = ProcessHandle.of(pid).orElseThrow();
            Thread.sleep(1_000); // runners started after READY settle
            Duration before = child.info().totalCpuDuration().orElseThrow();
            Thread.sleep(2_000);
            Duration used = child.info().totalCpuDuration().orElseThrow().minus(before);
            // timed followers cost about 40,000 wake-ups a second here: far above this bound
            assertTrue(used.toMillis() < 200, "idle child of " + RUNNERS + " runners used " + used.toMillis() + " ms of CPU in 2 s");
            // and it still serves many tasks at once
            List<byte[]> args = java.util.Collections.nCopies(500, new byte[]{2});
            assertEquals(500, pool.map("echo", args, 1).size());
        }
    }
}
