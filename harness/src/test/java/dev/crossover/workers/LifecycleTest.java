package dev.crossover.workers;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** C22 and C23: the life cycle of a child process and of a pool, and the errors its misuse gets. */
class LifecycleTest {

    @AfterAll
    static void nothingLeft() throws InterruptedException {
        Children.assertNoDescendants();
    }

    private static void awaitReady(ChildProcess p) throws Exception {
        BufferedReader r = new BufferedReader(new InputStreamReader(p.stdout(), StandardCharsets.UTF_8));
        assertEquals("READY", r.readLine(), "the child did not start");
    }

    // ---- C22: one child process ----------------------------------------------------------------

    @Test
    void joinTimesOutWhileTheChildRunsAndTerminateEndsItWithSigterm() throws Exception {
        try (ChildProcess p = ChildProcess.of(LifecycleChildMain.class, "sleep")) {
            assertFalse(p.isAlive());
            assertNull(p.exitCode());
            p.start();
            awaitReady(p);
            assertTrue(p.isAlive());
            assertNull(p.exitCode(), "no exit code while it runs");
            long t0 = System.nanoTime();
            assertFalse(p.join(Duration.ofMillis(100)), "join returned true while the child runs");
            assertTrue(System.nanoTime() - t0 >= 100_000_000L, "join(timeout) returned before its timeout");
            p.terminate();
            assertTrue(p.join(Duration.ofSeconds(30)), "the child did not end after terminate()");
            assertFalse(p.isAlive());
            assertEquals(143, p.exitCode(), "SIGTERM: 128 + 15");
        }
    }

    @Test
    void exitCodeIsTheChildsOwnAndKillGives137() throws Exception {
        try (ChildProcess exits = ChildProcess.of(LifecycleChildMain.class, "exit", "7").start();
             ChildProcess killed = ChildProcess.of(LifecycleChildMain.class, "sleep").start()) {
            exits.join();
            assertEquals(7, exits.exitCode());
            awaitReady(killed);
            killed.kill();
            assertTrue(killed.join(Duration.ofSeconds(30)));
            assertEquals(137, killed.exitCode(), "SIGKILL: 128 + 9");
        }
    }

    @Test
    void misuseOfAProcessFailsAtOnceNamingTheFix() throws Exception {
        ChildProcess never = ChildProcess.of(LifecycleChildMain.class, "sleep");
        var notStarted = assertThrows(IllegalStateException.class, () -> never.join(Duration.ofSeconds(1)));
        assertTrue(notStarted.getMessage().contains("never started: call start() first"), notStarted.getMessage());
        assertThrows(IllegalStateException.class, never::terminate);

        ChildProcess me = ChildProcess.current();
        assertTrue(me.isAlive());
        var itself = assertThrows(IllegalStateException.class, () -> me.join(Duration.ofSeconds(1)));
        assertTrue(itself.getMessage().contains("cannot join itself"), itself.getMessage());
        assertThrows(IllegalStateException.class, me::join);

        try (ChildProcess p = ChildProcess.of(LifecycleChildMain.class, "exit", "0").start()) {
            var twice = assertThrows(IllegalStateException.class, p::start);
            assertTrue(twice.getMessage().contains("starts once"), twice.getMessage());
            assertTrue(p.join(Duration.ofSeconds(30)));
        }
    }

    // ---- C23: a pool ----------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Executor.class)
    void closeThenJoinAndTheErrorsOfMisuse(Executor executor) throws Exception {
        Workers pool = PoolSpec.of(executor, 2).start();
        try {
            assertTrue(pool.isAlive());
            assertArrayEquals(new byte[] {4}, pool.applyAsync("echo", new byte[] {4}).get(30, TimeUnit.SECONDS));
            var early = assertThrows(IllegalStateException.class, () -> pool.join(Duration.ofSeconds(1)));
            assertTrue(early.getMessage().contains("call close()") && early.getMessage().contains("terminate()"), early.getMessage());
            CompletableFuture<byte[]> slow = pool.applyAsync("sleep", TaskArgs.longs(300_000));
            pool.close();
            var closed = assertThrows(IllegalStateException.class, () -> pool.applyAsync("echo", new byte[0]));
            assertTrue(closed.getMessage().contains("submit before close()"), closed.getMessage());
            assertTrue(pool.join(Duration.ofSeconds(30)), "close then join: the pool did not stop");
            assertTrue(slow.isDone() && !slow.isCompletedExceptionally(), "close let the submitted task finish");
            assertFalse(pool.isAlive());
        } finally {
            pool.terminate();
        }
    }

    @ParameterizedTest
    @EnumSource(Executor.class)
    void terminateWithTasksInFlightCancelsThemAndStopsTheWorkers(Executor executor) throws Exception {
        Workers pool = PoolSpec.of(executor, 2).start();
        List<Long> pids = pool.workerPids();
        List<CompletableFuture<byte[]>> tasks = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            tasks.add(pool.applyAsync("sleep", TaskArgs.longs(60_000_000))); // a minute each: only terminate ends them
        }
        Thread.sleep(200);
        long t0 = System.nanoTime();
        pool.terminate();
        for (CompletableFuture<byte[]> f : tasks) {
            assertThrows(CancellationException.class, () -> f.get(10, TimeUnit.SECONDS));
        }
        assertTrue(pool.join(Duration.ofSeconds(30)), "workers did not stop after terminate()");
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(30), "terminate did not stop a minute of work at once");
        assertFalse(pool.isAlive());
        assertTrue(Children.awaitGone(pids, 10_000), "worker JVMs still running: " + pids);
        assertThrows(IllegalStateException.class, () -> pool.applyAsync("echo", new byte[0]));
    }

    @ParameterizedTest
    @EnumSource(value = Executor.class, names = {"THREADS", "VIRTUAL", "PROCESS_PIPE", "PROCESS_SHM"})
    void aTaskJoiningItsOwnPoolIsRefused(Executor executor) throws Exception {
        Workers pool = PoolSpec.of(executor, 1).start();
        try {
            CompletableFuture<byte[]> slow = pool.applyAsync("sleep", TaskArgs.longs(500_000));
            // Runs where the sleep completes: on the worker thread, or for a process pool on the thread that read its answer.
            CompletableFuture<Boolean> selfJoin = slow.thenApply(r -> {
                try {
                    return pool.join(Duration.ofSeconds(5));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            pool.close();
            ExecutionException e = assertThrows(ExecutionException.class, () -> selfJoin.get(30, TimeUnit.SECONDS));
            assertInstanceOf(IllegalStateException.class, e.getCause());
            assertTrue(e.getCause().getMessage().contains("its own pool"), e.getCause().getMessage());
            assertTrue(pool.join(Duration.ofSeconds(30)));
        } finally {
            pool.terminate();
        }
    }
}
