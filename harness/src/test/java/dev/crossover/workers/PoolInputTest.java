package dev.crossover.workers;

import dev.crossover.ipc.FrameCodec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad input and the pool's life cycle: each mistake fails at once with a message that says what to do. */
class PoolInputTest {

    @AfterAll
    static void nothingLeft() throws InterruptedException {
        Children.assertNoDescendants();
    }

    @ParameterizedTest
    @EnumSource(value = Executor.class, names = {"THREADS", "VIRTUAL", "PROCESS_PIPE", "PROCESS_SHM"})
    void unknownKernelSubmitAfterCloseAndBadChunkSizeFailAtOnce(Executor executor) throws Exception {
        Workers pool = PoolSpec.of(executor, 1).start();
        try {
            IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> pool.submit("no-such-kernel", new byte[0]));
            assertTrue(unknown.getMessage().contains("unknown kernel 'no-such-kernel'") && unknown.getMessage().contains("echo"),
                    unknown.getMessage());
            assertThrows(IllegalArgumentException.class, () -> pool.map("echo", List.of(new byte[0]), 0));
            assertArrayEquals(new byte[] {1}, pool.submit("echo", new byte[] {1}).get(20, TimeUnit.SECONDS), "pool still works");
            pool.close();
            IllegalStateException closed = assertThrows(IllegalStateException.class, () -> pool.submit("echo", new byte[0]));
            assertTrue(closed.getMessage().contains("closed"), closed.getMessage());
            assertTrue(pool.join(Duration.ofSeconds(10)));
        } finally {
            pool.terminate();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Executor.class, names = {"THREADS", "VIRTUAL"})
    void kernelsThatEndTheJvmAreRefusedInProcess(Executor executor) {
        Workers pool = PoolSpec.of(executor, 1).start();
        try {
            for (String k : List.of("exit", "halt")) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> pool.submit(k, TaskArgs.longs(1)));
                assertTrue(e.getMessage().contains("ends the JVM") && e.getMessage().contains("PROCESS_PIPE"), e.getMessage());
            }
        } finally {
            pool.terminate();
        }
    }

    @Test
    void negativeAndZeroSizesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> PoolSpec.of(Executor.THREADS, -1));
        assertThrows(IllegalArgumentException.class, () -> PoolSpec.of(Executor.PROCESS_PIPE, 0));
        assertThrows(IllegalArgumentException.class, () -> PoolSpec.of(Executor.PROCESS_PIPE, 1).withInFlight(0));
        assertThrows(IllegalArgumentException.class, () -> PoolSpec.of(Executor.PROCESS_PIPE, 1).withChildThreads(-2));
    }

    @ParameterizedTest
    @EnumSource(value = Executor.class, names = {"PROCESS_PIPE", "PROCESS_SHM"})
    void oversizedFrameFailsAtOnceAndThePoolGoesOn(Executor executor) throws Exception {
        try (Workers pool = PoolSpec.of(executor, 1).start()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> pool.submit("echo", new byte[FrameCodec.MAX_FRAME_BYTES]));
            assertTrue(e.getMessage().contains("exceeds the frame limit"), e.getMessage());
            // A chunk travels as one frame, so many small arguments can exceed it too.
            byte[] big = new byte[FrameCodec.MAX_FRAME_BYTES / 4];
            assertThrows(IllegalArgumentException.class, () -> pool.map("echo", List.of(big, big, big, big), 4));
            assertEquals(4, pool.map("echo", List.of(big, big, big, big), 1).size(), "one per frame fits");
            assertArrayEquals(new byte[] {7}, pool.submit("echo", new byte[] {7}).get(20, TimeUnit.SECONDS));
            pool.close();
            assertTrue(pool.join(Duration.ofSeconds(10)));
        }
    }

    @ParameterizedTest
    @EnumSource(value = Executor.class, names = {"PROCESS_PIPE", "PROCESS_SHM"})
    void terminateCancelsPendingTasksAndStopsWorkers(Executor executor) throws Exception {
        Workers pool = PoolSpec.of(executor, 1).withInFlight(1).start();
        long pid = pool.workerPids().get(0);
        CompletableFuture<byte[]> running = pool.submit("sleep", TaskArgs.longs(10_000_000));
        CompletableFuture<byte[]> queued = pool.submit("echo", new byte[] {1});
        pool.terminate();
        for (CompletableFuture<byte[]> f : List.of(running, queued)) {
            assertThrows(CancellationException.class, () -> f.get(5, TimeUnit.SECONDS));
        }
        assertTrue(pool.join(Duration.ofSeconds(5)));
        assertFalse(Children.running(pid));
    }

    @ParameterizedTest
    @EnumSource(value = Executor.class, names = {"THREADS", "VIRTUAL"})
    void terminateCancelsInProcessTasks(Executor executor) throws Exception {
        Workers pool = PoolSpec.of(executor, 1).start();
        CompletableFuture<byte[]> running = pool.submit("sleep", TaskArgs.longs(10_000_000));
        CompletableFuture<byte[]> queued = pool.submit("echo", new byte[] {1});
        Thread.sleep(50);
        pool.terminate();
        assertThrows(CancellationException.class, () -> running.get(5, TimeUnit.SECONDS));
        assertTrue(queued.isDone());
    }

    @ParameterizedTest
    @EnumSource(value = Executor.class, names = {"PROCESS_PIPE", "PROCESS_SHM"})
    void aCallerBlockedInGetHearsOfItsWorkersDeathAndThePoolGoesOn(Executor executor) throws Exception {
        Workers pool = PoolSpec.of(executor, 1).withInFlight(1).start();
        try {
            // Untimed get(): the caller itself reads the worker's channel, so it meets the end of stream.
            ExecutionException e = assertTimeoutPreemptively(Duration.ofSeconds(20),
                    () -> assertThrows(ExecutionException.class, () -> pool.submit("exit", TaskArgs.longs(5)).get()));
            WorkerDiedException died = assertInstanceOf(WorkerDiedException.class, e.getCause());
            assertEquals(5, died.exitCode());
            assertArrayEquals(new byte[] {3}, assertTimeoutPreemptively(Duration.ofSeconds(20),
                    () -> pool.submit("echo", new byte[] {3}).get()), "the replacement answers");
        } finally {
            pool.terminate();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Executor.class, names = {"PROCESS_PIPE", "PROCESS_SHM"})
    void joinIsFalseWhileTheWorkGoesOn(Executor executor) throws Exception {
        Workers pool = PoolSpec.of(executor, 1).start();
        try {
            CompletableFuture<byte[]> slow = pool.submit("sleep", TaskArgs.longs(400_000));
            pool.close();
            assertFalse(pool.join(Duration.ofMillis(50)), "not done while a task runs");
            assertTrue(pool.join(Duration.ofSeconds(10)));
            assertTrue(slow.isDone() && !slow.isCompletedExceptionally(), "close lets submitted work finish");
        } finally {
            pool.terminate();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Executor.class, names = {"PROCESS_PIPE", "PROCESS_SHM"})
    void closeWhileADeadWorkerIsBeingReplacedStopsTheReplacementToo(Executor executor) throws Exception {
        Workers pool = PoolSpec.of(executor, 2).start();
        try {
            long victim = pool.workerPids().get(0);
            assertTrue(ProcessHandle.of(victim).orElseThrow().destroyForcibly());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (pool.workerPids().contains(victim) && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertFalse(pool.workerPids().contains(victim), "the pool saw its worker die");
            // The replacement is starting now (a child JVM takes a while): close must stop it as well.
            pool.close();
            assertTrue(pool.join(Duration.ofSeconds(20)));
            assertTrue(Children.awaitGone(ProcessHandle.current().descendants().map(ProcessHandle::pid).toList(), 5000),
                    "no worker outlives the pool's join()");
        } finally {
            pool.terminate();
        }
    }
}
