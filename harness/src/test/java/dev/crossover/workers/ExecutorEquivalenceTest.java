package dev.crossover.workers;

import dev.crossover.load.CpuKernel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every executor returns exactly what the kernel returns on the caller's thread, in every API shape. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExecutorEquivalenceTest {

    private final Map<Executor, Workers> pools = new EnumMap<>(Executor.class);

    @BeforeAll
    void startPools() {
        pools.put(Executor.THREADS, PoolSpec.of(Executor.THREADS, 3).start());
        pools.put(Executor.VIRTUAL, PoolSpec.of(Executor.VIRTUAL, 4).start());
        pools.put(Executor.PROCESS_PIPE, PoolSpec.of(Executor.PROCESS_PIPE, 2).withInFlight(3).withChildThreads(2).start());
        pools.put(Executor.PROCESS_SHM, PoolSpec.of(Executor.PROCESS_SHM, 2).withInFlight(3).withChildThreads(2).start());
    }

    @AfterAll
    void stopPools() throws InterruptedException {
        for (Workers w : pools.values()) {
            w.close();
            assertTrue(w.join(Duration.ofSeconds(10)), "pool " + w.executor() + " did not stop after close()");
        }
        Children.assertNoDescendants();
    }

    private static List<byte[]> cpuArgs(long seed, int n) {
        Random rnd = new Random(seed);
        List<byte[]> args = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            args.add(TaskArgs.longs(rnd.nextInt(20), rnd.nextLong()));
        }
        return args;
    }

    private static List<byte[]> echoArgs(long seed, int n) {
        Random rnd = new Random(seed);
        List<byte[]> args = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] b = new byte[rnd.nextInt(4) == 0 ? rnd.nextInt(70_000) : rnd.nextInt(40)];
            rnd.nextBytes(b);
            args.add(b);
        }
        return args;
    }

    private static List<byte[]> direct(Kernel k, List<byte[]> args) throws Exception {
        List<byte[]> out = new ArrayList<>();
        for (byte[] a : args) {
            out.add(k.apply(a.clone()));
        }
        return out;
    }

    private static void assertSame(List<byte[]> expected, List<byte[]> actual, String what) {
        assertEquals(expected.size(), actual.size(), what + ": result count");
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), actual.get(i), what + ": result #" + i);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Executor.class, names = {"THREADS", "VIRTUAL", "PROCESS_PIPE", "PROCESS_SHM"})
    void submitReturnsWhatTheKernelReturns(Executor executor) throws Exception {
        Workers pool = pools.get(executor);
        List<byte[]> cpu = cpuArgs(executor.ordinal(), 300);
        List<byte[]> echo = echoArgs(executor.ordinal() + 100, 300);
        List<CompletableFuture<byte[]>> cpuF = new ArrayList<>();
        List<CompletableFuture<byte[]>> echoF = new ArrayList<>();
        for (int i = 0; i < cpu.size(); i++) {
            cpuF.add(pool.submit("cpu", cpu.get(i)));
            echoF.add(pool.submit("echo", echo.get(i)));
        }
        List<byte[]> cpuR = new ArrayList<>();
        List<byte[]> echoR = new ArrayList<>();
        for (int i = 0; i < cpu.size(); i++) {
            cpuR.add(cpuF.get(i).get());
            echoR.add(echoF.get(i).get());
        }
        assertSame(direct(new CpuKernel(), cpu), cpuR, executor + " cpu");
        assertSame(direct(new EchoKernel(), echo), echoR, executor + " echo");
    }

    @ParameterizedTest
    @EnumSource(value = Executor.class, names = {"THREADS", "VIRTUAL", "PROCESS_PIPE", "PROCESS_SHM"})
    void mapKeepsOrderAndChunkSizeChangesNothing(Executor executor) throws Exception {
        Workers pool = pools.get(executor);
        List<byte[]> args = cpuArgs(42 + executor.ordinal(), 500);
        List<byte[]> expected = direct(new CpuKernel(), args);
        for (int chunk : new int[] {1, 7, 64, 1000}) {
            assertSame(expected, pool.map("cpu", args, chunk), executor + " map chunkSize=" + chunk);
            List<byte[]> ordered = new ArrayList<>();
            pool.imap("cpu", args, chunk).forEachRemaining(ordered::add);
            assertSame(expected, ordered, executor + " imap chunkSize=" + chunk);
        }
        assertTrue(pool.map("cpu", List.of(), 4).isEmpty(), "map of no arguments is empty");
    }

    @ParameterizedTest
    @EnumSource(value = Executor.class, names = {"THREADS", "VIRTUAL", "PROCESS_PIPE", "PROCESS_SHM"})
    void mapThrowsTheFirstFailureInArgumentOrder(Executor executor) throws Exception {
        Workers pool = pools.get(executor);
        List<byte[]> args = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            args.add(TaskArgs.longs(i));
        }
        for (int chunk : new int[] {1, 3}) {
            RemoteTaskException e = org.junit.jupiter.api.Assertions.assertThrows(RemoteTaskException.class,
                    () -> pool.map("fail", args, chunk), executor + " chunkSize=" + chunk);
            assertTrue(e.remoteMessage().contains("argument 0"), executor + ": " + e.remoteMessage());
        }
        assertEquals(2, pool.map("cpu", cpuArgs(7, 2), 1).size(), executor + " still maps after a failed map");
    }

    @ParameterizedTest
    @EnumSource(value = Executor.class, names = {"THREADS", "VIRTUAL", "PROCESS_PIPE", "PROCESS_SHM"})
    void imapUnorderedReturnsEveryResultOnce(Executor executor) throws Exception {
        Workers pool = pools.get(executor);
        // Distinct results: the echo of a unique index, with sleeps so completion order differs from submission order.
        List<byte[]> args = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            args.add(TaskArgs.longs((i * 37) % 5 * 200L, i));
        }
        Map<Long, Integer> seen = new HashMap<>();
        Iterator<byte[]> it = pool.imapUnordered("sleep", args, 3);
        while (it.hasNext()) {
            seen.merge(TaskArgs.longAt(it.next(), 1), 1, Integer::sum);
        }
        assertEquals(200, seen.size(), "every result returned");
        assertTrue(seen.values().stream().allMatch(c -> c == 1), "no result returned twice: " + seen);
    }

    @ParameterizedTest
    @EnumSource(value = Executor.class, names = {"THREADS", "VIRTUAL", "PROCESS_PIPE", "PROCESS_SHM"})
    void namesAndSizes(Executor executor) {
        Workers pool = pools.get(executor);
        assertEquals(executor, pool.executor());
        switch (executor) {
            case THREADS -> {
                assertEquals(3, pool.size());
                assertEquals(List.of("threads-1", "threads-2", "threads-3"), pool.workerNames());
                assertTrue(pool.workerPids().isEmpty());
            }
            case VIRTUAL -> assertEquals(4, pool.size());
            case PROCESS_PIPE, PROCESS_SHM -> {
                assertEquals(2, pool.size());
                assertEquals(2, pool.workerPids().size());
                for (int i = 0; i < 2; i++) {
                    long pid = pool.workerPids().get(i);
                    assertTrue(pool.workerNames().get(i).contains("pid " + pid), pool.workerNames().toString());
                    assertTrue(Children.running(pid), "worker " + pid + " runs");
                }
            }
            default -> throw new AssertionError(executor);
        }
        assertEquals(Workers.UNBOUNDED, PoolSpec.of(Executor.VIRTUAL, 0).start().size());
        assertTrue(Arrays.asList(Executor.values()).contains(executor));
    }
}
