package dev.crossover.workers;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Faults in a process pool: a kernel's exception reaches the caller and the worker lives on; a
 * worker's death fails only the tasks it held, and the pool replaces it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProcessFaultTest {

    private Workers pool;

    /** The process executor under test; {@link ShmProcessFaultTest} runs every test over shared memory. */
    Executor executor() {
        return Executor.PROCESS_PIPE;
    }

    @BeforeAll
    void start() {
        // One task in flight and one thread per child: a dying worker holds exactly the task that killed it.
        pool = PoolSpec.of(executor(), 2).withInFlight(1)
                .withJvmOptions(List.of("-Xms16m", "-Xmx48m", "-XX:+UseSerialGC")).start();
    }

    @AfterAll
    void stop() throws InterruptedException {
        pool.close();
        assertTrue(pool.join(Duration.ofSeconds(10)), "pool stops after close()");
        Children.assertNoDescendants();
    }

    private static Throwable failure(CompletableFuture<byte[]> f) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(20, TimeUnit.SECONDS));
        return e.getCause();
    }

    private void assertEchoes() throws Exception {
        List<CompletableFuture<byte[]>> fs = new ArrayList<>();
        for (long i = 0; i < 20; i++) {
            fs.add(pool.submit("echo", TaskArgs.longs(i)));
        }
        for (int i = 0; i < fs.size(); i++) {
            assertArrayEquals(TaskArgs.longs(i), fs.get(i).get(20, TimeUnit.SECONDS));
        }
    }

    @Test
    void kernelExceptionCarriesRemoteTypeMessageAndTraceAndWorkerLives() throws Exception {
        List<Long> before = pool.workerPids();
        Throwable t = failure(pool.submit("fail", TaskArgs.longs(1234)));
        RemoteTaskException e = assertInstanceOf(RemoteTaskException.class, t);
        assertEquals(IllegalStateException.class.getName(), e.remoteType());
        assertTrue(e.remoteMessage().contains("1234"), e.remoteMessage());
        assertTrue(e.getMessage().contains("pid "), "names the worker: " + e.getMessage());
        assertEquals(FailKernel.class.getName(), e.getStackTrace()[0].getClassName(), "trace recorded in the child");
        assertEquals("apply", e.getStackTrace()[0].getMethodName());
        assertEchoes();
        assertEquals(before, pool.workerPids(), "no worker was replaced");
    }

    @Test
    void mapThrowsTheFirstFailure() {
        List<byte[]> args = List.of(TaskArgs.longs(1), TaskArgs.longs(2), TaskArgs.longs(3));
        RemoteTaskException e = assertThrows(RemoteTaskException.class, () -> pool.map("fail", args, 2));
        assertTrue(e.remoteMessage().contains("argument 1"), e.remoteMessage());
    }

    @Test
    void outOfMemoryInATaskIsReportedAndTheWorkerAnswersAfterIt() throws Exception {
        Throwable t = failure(pool.submit("oom", new byte[0]));
        RemoteTaskException e = assertInstanceOf(RemoteTaskException.class, t);
        assertEquals(OutOfMemoryError.class.getName(), e.remoteType());
        assertEchoes();
    }

    @Test
    void systemExitFailsOnlyItsTaskWithExitCodeAndStderrAndIsReplaced() throws Exception {
        assertWorkerDeath("exit", 3, "exit kernel: calling System.exit(3)");
    }

    @Test
    void haltFailsOnlyItsTaskWithExitCodeAndIsReplaced() throws Exception {
        assertWorkerDeath("halt", 7, "halt kernel: calling Runtime.halt(7)");
    }

    private void assertWorkerDeath(String kernel, int code, String stderrLine) throws Exception {
        List<Long> before = pool.workerPids();
        List<CompletableFuture<byte[]>> others = new ArrayList<>();
        for (long i = 0; i < 10; i++) {
            others.add(pool.submit("sleep", TaskArgs.longs(20_000, i)));
        }
        CompletableFuture<byte[]> fatal = pool.submit(kernel, TaskArgs.longs(code));
        for (long i = 10; i < 20; i++) {
            others.add(pool.submit("sleep", TaskArgs.longs(20_000, i)));
        }
        WorkerDiedException died = assertInstanceOf(WorkerDiedException.class, failure(fatal));
        assertEquals(code, died.exitCode());
        assertTrue(before.contains(died.pid()), "names one of the pool's workers: " + died.pid() + " " + before);
        assertTrue(died.worker().contains("pid " + died.pid()), died.worker());
        // System.out of a worker goes to its stderr, so the exit kernel's println shows here and never corrupts frames.
        assertTrue(died.lastStderr().contains(stderrLine), "last stderr lines: " + died.lastStderr());
        assertTrue(died.getMessage().contains(stderrLine), died.getMessage());
        for (int i = 0; i < others.size(); i++) {
            assertArrayEquals(TaskArgs.longs(20_000, i), others.get(i).get(20, TimeUnit.SECONDS), "other task #" + i + " finished");
        }
        assertReplaced(died.pid());
    }

    private void assertReplaced(long deadPid) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (pool.workerPids().size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(2, pool.workerPids().size(), "pool back to full size: " + pool.workerNames());
        assertFalse(pool.workerPids().contains(deadPid), "dead worker replaced");
        assertFalse(Children.running(deadPid), "dead worker is gone");
        assertEchoes();
    }

    @Test
    void anIdleWorkerKilledFromOutsideIsReplaced() throws Exception {
        assertEchoes();
        long victim = pool.workerPids().get(0);
        Thread.sleep(300); // nothing due: its reader and the child both wait idle
        assertTrue(ProcessHandle.of(victim).orElseThrow().destroyForcibly());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (pool.workerPids().contains(victim) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertFalse(pool.workerPids().contains(victim), "the pool saw its idle worker die");
        assertReplaced(victim);
    }

    @Test
    void sigkillFailsOnlyTheTasksTheKilledWorkerHeld() throws Exception {
        List<Long> before = pool.workerPids();
        long victim = before.get(0);
        // Two long tasks, one per worker (one in flight each), then quick tasks queued behind them.
        List<CompletableFuture<byte[]>> longOnes = new ArrayList<>();
        for (long i = 0; i < 2; i++) {
            longOnes.add(pool.submit("sleep", TaskArgs.longs(1_500_000, i)));
        }
        List<CompletableFuture<byte[]>> queued = new ArrayList<>();
        for (long i = 0; i < 10; i++) {
            queued.add(pool.submit("echo", TaskArgs.longs(i)));
        }
        Thread.sleep(300);
        assertTrue(ProcessHandle.of(victim).orElseThrow().destroyForcibly());
        int died = 0;
        for (CompletableFuture<byte[]> f : longOnes) {
            try {
                f.get(20, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                WorkerDiedException d = assertInstanceOf(WorkerDiedException.class, e.getCause());
                assertEquals(victim, d.pid());
                assertEquals(137, d.exitCode(), "SIGKILL shows as 128 + 9");
                died++;
            }
        }
        assertEquals(1, died, "exactly the killed worker's task failed");
        for (int i = 0; i < queued.size(); i++) {
            assertArrayEquals(TaskArgs.longs(i), queued.get(i).get(20, TimeUnit.SECONDS));
        }
        assertReplaced(victim);
        assertNotEquals(before, pool.workerPids());
    }
}
