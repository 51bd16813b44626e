package dev.crossover.bench;

import dev.crossover.load.FaultKernel;
import dev.crossover.workers.Executor;
import dev.crossover.workers.PoolSpec;
import dev.crossover.workers.RemoteTaskException;
import dev.crossover.workers.TaskArgs;
import dev.crossover.workers.WorkerDiedException;
import dev.crossover.workers.Workers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The counting behind C5: a fault loses exactly what the failed worker held, on both sides. */
class FaultLedgerTest {

    @AfterAll
    static void noChildLeft() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (ProcessHandle.current().descendants().findAny().isPresent() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(List.of(), ProcessHandle.current().descendants().map(ProcessHandle::pid).toList(),
                "no child process may outlive the test");
    }

    @Test
    void killedWorkerLosesExactlyTheTasksItHeldAndNotThoseStillQueued() throws Exception {
        // 2 workers × 2 in flight hold 4 long tasks; 2 more wait in the pool's queue, held by no one
        Workers pool = PoolSpec.of(Executor.PROCESS_PIPE, 2).withInFlight(2).start();
        try {
            int n = 6;
            long[] expected = new long[n];
            List<CompletableFuture<byte[]>> job = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                expected[i] = 2_000_000 + i; // µs: the sleep kernel returns its argument
                job.add(pool.submit("sleep", TaskArgs.longs(expected[i])));
            }
            long victim = pool.workerPids().getFirst();
            ProcessHandle.of(victim).orElseThrow().destroyForcibly();
            FaultLedger.Count c = FaultLedger.account(job, expected, -1, victim, 60_000);
            assertEquals(victim, c.failedPid());
            assertEquals(2, c.lost(), "the victim held 2 tasks (in-flight 2); the queued ones must survive");
            assertEquals(4, c.completed());
            assertTrue(FaultBench.awaitFullSize(pool, victim) > 0);
        } finally {
            pool.terminate();
            pool.join(Duration.ofSeconds(30));
        }
    }

    @Test
    void exceptionInAThreadPoolLosesNoOtherTaskAndCarriesItsTimeStamp() throws Exception {
        Workers pool = PoolSpec.of(Executor.THREADS, 2).start();
        try {
            int n = 8;
            List<byte[]> args = Bench.cpuArgs(n, 100, 7);
            long[] expected = Bench.cpuExpected(n, 100, 7);
            List<CompletableFuture<byte[]>> job = new ArrayList<>();
            long before = System.nanoTime();
            for (int i = 0; i < n; i++) {
                job.add(i == 3 ? pool.submit("fault", TaskArgs.longs(FaultKernel.THROW)) : pool.submit("cpu", args.get(i)));
            }
            FaultLedger.Count c = FaultLedger.account(job, expected, 3, -1, 60_000);
            assertEquals(0, c.lost());
            assertEquals(n - 1, c.completed());
            assertEquals(-1, c.failedPid(), "no worker died");
            assertInstanceOf(RemoteTaskException.class, c.faultError());
            long stamp = FaultLedger.faultStamp(c.faultError());
            assertTrue(stamp >= before && stamp <= System.nanoTime(), "stamp " + stamp + " lies within the job");
        } finally {
            pool.terminate();
            pool.join(Duration.ofSeconds(30));
        }
    }

    @Test
    void aLossAttributedToAnotherWorkerIsRefused() {
        long[] expected = {5, 6, 7};
        List<CompletableFuture<byte[]>> job = List.of(
                CompletableFuture.completedFuture(TaskArgs.longs(5)),
                CompletableFuture.failedFuture(new WorkerDiedException("process-1", 101, 137, List.of())),
                CompletableFuture.failedFuture(new WorkerDiedException("process-2", 202, 137, List.of())));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> FaultLedger.account(job, expected, -1, 101, 1_000));
        assertTrue(e.getMessage().contains("not the failed worker"), e.getMessage());
        IllegalStateException wrong = assertThrows(IllegalStateException.class, () -> FaultLedger.account(
                List.of(CompletableFuture.completedFuture(TaskArgs.longs(4))), new long[] {5}, -1, -1, 1_000));
        assertTrue(wrong.getMessage().contains("FaultLedger"), wrong.getMessage());
    }

    @Test
    void haltInAThreadPoolLosesEveryTaskNotDoneAndOomLeavesTheJvmAlive() throws Exception {
        FaultBench.ChildRun halt = FaultBench.ChildRun.run("halt");
        assertEquals(ThreadPoolFaultChild.HALT_CODE, halt.exitCode);
        assertTrue(halt.faultNanos != Long.MIN_VALUE && !halt.ended, "the JVM halted after saying so");
        assertTrue(halt.done.size() < FaultBench.TASKS - 1, "tasks queued behind the halt were lost: " + halt.done.size() + " done");

        FaultBench.ChildRun oom = FaultBench.ChildRun.run("oom");
        assertTrue(oom.faultNanos != Long.MIN_VALUE, "the bounded heap ran out");
        assertTrue(oom.seenNanos >= oom.faultNanos, "the caller saw the OutOfMemoryError after it happened");
        assertTrue(oom.ended && oom.exitCode == 0, "the JVM lived on after the OutOfMemoryError");
        assertEquals(FaultBench.TASKS - 1, oom.done.size() + oom.failed.size(), "every healthy task completed or failed, none vanished");
    }
}
