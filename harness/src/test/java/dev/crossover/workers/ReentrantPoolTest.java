package dev.crossover.workers;

import dev.crossover.ipc.ShmFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Re-entrant and concurrent use of a process pool of one worker: a callback that waits on another
 * task of the same worker (sent or still queued in the pool, by get, timed get or join), callers
 * waiting from many threads, all complete; a callback waiting on a task whose worker dies hears of
 * the death; the worker (or its replacement) stays usable.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ReentrantPoolTest {

    private Workers pool;

    private Workers start(Executor executor, int childThreads) {
        pool = PoolSpec.of(executor, 1).withChildThreads(childThreads)
                .withJvmOptions(List.of("-Xms16m", "-Xmx64m")).start();
        return pool;
    }

    @AfterEach
    void stop() throws Exception {
        if (pool != null) {
            pool.close();
            if (!pool.join(Duration.ofSeconds(10))) {
                pool.terminate();
            }
            pool = null;
        }
        assertEquals(List.of(), ownMappedFiles(), "mapped files left behind");
    }

    @AfterAll
    static void nothingLeft() throws InterruptedException {
        Children.assertNoDescendants();
    }

    private static List<Path> ownMappedFiles() throws IOException {
        String me = "-" + ProcessHandle.current().pid() + "-";
        try (Stream<Path> s = Files.list(ShmFile.directory())) {
            return s.filter(p -> p.getFileName().toString().contains(me)).toList();
        }
    }

    private static void assertEchoes(Workers p) throws Exception {
        assertEquals(42, TaskArgs.longAt(p.submit("echo", TaskArgs.longs(42)).get(10, TimeUnit.SECONDS), 0));
    }

    @ParameterizedTest
    @EnumSource(value = Executor.class, names = {"PROCESS_PIPE", "PROCESS_SHM"})
    void aCallbackWaitingOnAnotherTaskOfTheSameWorkerCompletes(Executor executor) throws Exception {
        Workers p = start(executor, 1);
        var f1 = p.submit("sleep", TaskArgs.longs(100_000));
        var f2 = p.submit("sleep", TaskArgs.longs(300_000));
        var d = f1.thenApply(r -> {
            try {
                return f2.get();
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });
        assertArrayEquals(f2.get(10, TimeUnit.SECONDS), d.get(10, TimeUnit.SECONDS));
        assertEchoes(p);
    }

    @ParameterizedTest
    @EnumSource(value = Executor.class, names = {"PROCESS_PIPE", "PROCESS_SHM"})
    void callbacksWaitingByJoinTimedGetOrADerivedFutureComplete(Executor executor) throws Exception {
        Workers p = start(executor, 2);
        var f1 = p.submit("sleep", TaskArgs.longs(50_000));
        var f2 = p.submit("sleep", TaskArgs.longs(150_000));
        var f3 = p.submit("echo", TaskArgs.longs(3));
        var byJoin = f1.thenApply(r -> f2.join());
        var byTimedGet = f1.thenApply(r -> {
            try {
                return f3.get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });
        CompletableFuture<byte[]> derived = f2.thenApply(b -> b);
        var byDerived = f1.thenApply(r -> derived.join());
        assertArrayEquals(f2.get(10, TimeUnit.SECONDS), byJoin.get(10, TimeUnit.SECONDS));
        assertEquals(3, TaskArgs.longAt(byTimedGet.get(10, TimeUnit.SECONDS), 0));
        assertArrayEquals(f2.get(), byDerived.get(10, TimeUnit.SECONDS));
        assertEchoes(p);
    }

    @ParameterizedTest
    @EnumSource(value = Executor.class, names = {"PROCESS_PIPE", "PROCESS_SHM"})
    void concurrentCallersAndCallbacksAllGetTheirOwnAnswers(Executor executor) throws Exception {
        Workers p = start(executor, 2);
        int threads = 6;
        int perThread = 100;
        AtomicInteger wrong = new AtomicInteger();
        AtomicInteger callbacks = new AtomicInteger();
        List<Thread> callers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            callers.add(Thread.ofPlatform().start(() -> {
                try {
                    for (int i = 0; i < perThread; i++) {
                        long v = id * 1_000_000L + i;
                        var f = p.submit("echo", TaskArgs.longs(v));
                        var g = p.submit("echo", TaskArgs.longs(v + 500_000));
                        // Alternate the ways of waiting, and a callback that waits on the other task.
                        var viaCallback = f.thenApply(r -> TaskArgs.longAt(r, 0) + TaskArgs.longAt(g.join(), 0));
                        long got = switch (i % 3) {
                            case 0 -> TaskArgs.longAt(f.get(), 0);
                            case 1 -> TaskArgs.longAt(f.get(10, TimeUnit.SECONDS), 0);
                            default -> TaskArgs.longAt(f.join(), 0);
                        };
                        if (got != v || viaCallback.get(10, TimeUnit.SECONDS) != 2 * v + 500_000) {
                            wrong.incrementAndGet();
                        }
                        callbacks.incrementAndGet();
                    }
                } catch (Exception e) {
                    wrong.incrementAndGet();
                }
            }));
        }
        for (Thread t : callers) {
            t.join(40_000);
            assertTrue(!t.isAlive(), "a caller still waits");
        }
        assertEquals(0, wrong.get());
        assertEquals(threads * perThread, callbacks.get());
        assertEchoes(p);
    }

    /** The ways a caller waits on a task; all go through the same reader path ({@link TaskFuture}). */
    enum Wait {
        GET, TIMED_GET, JOIN;

        byte[] on(CompletableFuture<byte[]> f) throws Exception {
            return switch (this) {
                case GET -> f.get();
                case TIMED_GET -> f.get(20, TimeUnit.SECONDS);
                case JOIN -> f.join();
            };
        }
    }

    static Stream<Arguments> executorsAndWaits() {
        List<Arguments> all = new ArrayList<>();
        for (Executor e : List.of(Executor.PROCESS_PIPE, Executor.PROCESS_SHM)) {
            for (Wait w : Wait.values()) {
                all.add(Arguments.of(e, w));
            }
        }
        return all.stream();
    }

    @ParameterizedTest
    @MethodSource("executorsAndWaits")
    void aCallbackWaitingOnATaskStillQueuedInThePoolCompletes(Executor executor, Wait wait) throws Exception {
        // One worker, one task in flight: when task 1's answer is dispatched, task 2 is sent and
        // task 3 still waits in the pool; it is sent only once answer 2 is read by another thread.
        pool = PoolSpec.of(executor, 1).withInFlight(1).withJvmOptions(List.of("-Xms16m", "-Xmx64m")).start();
        var f1 = pool.submit("sleep", TaskArgs.longs(50_000));
        var f2 = pool.submit("sleep", TaskArgs.longs(50_000, 2));
        var f3 = pool.submit("echo", TaskArgs.longs(3));
        var inCallback = f1.thenApply(r -> {
            try {
                return wait.on(f3);
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });
        assertEquals(3, TaskArgs.longAt(wait.on(inCallback), 0));
        assertTrue(f2.isDone() && !f2.isCompletedExceptionally());
        assertEchoes(pool);
    }

    @ParameterizedTest
    @MethodSource("executorsAndWaits")
    void aCallbackWaitingOnATaskWhoseWorkerDiesHearsOfTheDeath(Executor executor, Wait wait) throws Exception {
        // Task 2 ends the worker's JVM while task 1's callback, on a reader thread, waits for it.
        pool = PoolSpec.of(executor, 1).withJvmOptions(List.of("-Xms16m", "-Xmx64m")).start();
        var f1 = pool.submit("sleep", TaskArgs.longs(50_000));
        var f2 = pool.submit("exit", TaskArgs.longs(3));
        var inCallback = f1.handle((r, t) -> {
            try {
                wait.on(f2);
                return null;
            } catch (Exception e) {
                return e;
            }
        });
        Exception seen = inCallback.get(20, TimeUnit.SECONDS);
        Throwable cause = seen instanceof ExecutionException || seen instanceof CompletionException ? seen.getCause() : seen;
        WorkerDiedException died = assertInstanceOf(WorkerDiedException.class, cause, "the callback heard: " + seen);
        assertEquals(3, died.exitCode());
        assertEchoes(pool); // the replacement answers
    }
}
