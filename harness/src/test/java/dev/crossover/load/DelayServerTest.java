package dev.crossover.load;

import dev.crossover.workers.KernelRegistry;
import dev.crossover.workers.TaskArgs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DelayServerTest {

    private static final int CONNECTIONS = 10_000;

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
    void heldPeakIsTheMostRequestsWaitingAtOnceAndEachQuestionStartsANewWindow() throws Exception {
        int n = 40;
        try (DelayServerProcess server = DelayServerProcess.start(1_000_000);
             ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            RequestKernel kernel = (RequestKernel) KernelRegistry.standard().create("request");
            try {
                kernel.open(Map.of(RequestKernel.PORT, Integer.toString(server.port()), RequestKernel.CONNECTIONS, Integer.toString(n)));
                server.takeHeldPeak(); // the connection pings of open() were zero-delay requests
                List<Future<byte[]>> answers = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    long token = i;
                    answers.add(threads.submit(() -> kernel.apply(TaskArgs.longs(-1, token)))); // 1 s each
                }
                for (Future<byte[]> a : answers) {
                    a.get(60, TimeUnit.SECONDS);
                }
                assertEquals(n, server.takeHeldPeak(), "all " + n + " requests were held at once, none more");
                assertEquals(0, server.takeHeldPeak(), "nothing was held since the last question");
            } finally {
                kernel.close();
            }
        }
    }

    @Test
    void tenThousandConcurrentConnectionsEachGetTheirOwnAnswerNoSoonerThanTheDelay() throws Exception {
        long delayMs = 200;
        try (DelayServerProcess server = DelayServerProcess.start(delayMs * 1_000);
             ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            RequestKernel kernel = (RequestKernel) KernelRegistry.standard().create("request");
            try {
                kernel.open(Map.of(RequestKernel.PORT, Integer.toString(server.port()),
                        RequestKernel.CONNECTIONS, Integer.toString(CONNECTIONS)));
                assertEquals(CONNECTIONS, kernel.openConnections(), "every connection is open before the first task");

                List<Future<long[]>> answers = new ArrayList<>(CONNECTIONS);
                for (int i = 0; i < CONNECTIONS; i++) {
                    long token = 1_000_003L * i + 17;
                    answers.add(threads.submit(() -> {
                        long t0 = System.nanoTime();
                        byte[] result = kernel.apply(TaskArgs.longs(-1, token)); // -1: the server's default delay
                        return new long[] {TaskArgs.longAt(result, 0), System.nanoTime() - t0};
                    }));
                }
                for (int i = 0; i < CONNECTIONS; i++) {
                    long[] a = answers.get(i).get(120, TimeUnit.SECONDS);
                    assertEquals(1_000_003L * i + 17, a[0], "request " + i + " got someone else's answer");
                    assertTrue(a[1] >= TimeUnit.MILLISECONDS.toNanos(delayMs),
                            "request " + i + " was answered after " + a[1] / 1e6 + " ms, before the " + delayMs + " ms delay");
                }
                assertEquals(CONNECTIONS, kernel.openConnections(), "persistent: no connection was lost");
                assertEquals(CONNECTIONS, kernel.connectionsOpened(), "persistent: no connection was opened twice");

                // A delay in the task overrides the server's default.
                long t0 = System.nanoTime();
                assertEquals(5, TaskArgs.longAt(kernel.apply(TaskArgs.longs(0, 5)), 0));
                assertTrue(System.nanoTime() - t0 < TimeUnit.MILLISECONDS.toNanos(delayMs) * 50, "a zero delay is not the default");
            } finally {
                kernel.close();
            }
            assertEquals(0, kernel.openConnections(), "close() closes every socket");
        }
    }

    @Test
    void closeFailsWaitingRequestsAtOnceAndTheServerChildIsGone() throws Exception {
        DelayServerProcess server = DelayServerProcess.start(1_000);
        RequestKernel kernel = new RequestKernel();
        try {
            kernel.open(Map.of(RequestKernel.PORT, Integer.toString(server.port()), RequestKernel.DELAY_MS, "600000"));
            assertEquals(1, TaskArgs.longAt(kernel.apply(TaskArgs.longs(0, 1)), 0));
            // Ten requests that would wait ten minutes each.
            List<CompletableFuture<byte[]>> waiting = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                CompletableFuture<byte[]> f = new CompletableFuture<>();
                Thread.ofVirtual().start(() -> {
                    try {
                        f.complete(kernel.apply(new byte[0]));
                    } catch (Throwable e) {
                        f.completeExceptionally(e);
                    }
                });
                waiting.add(f);
            }
            while (kernel.openConnections() < 10) {
                Thread.sleep(10);
            }
            Thread.sleep(200);
            kernel.close();
            for (CompletableFuture<byte[]> f : waiting) {
                ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(30, TimeUnit.SECONDS));
                assertInstanceOf(java.io.IOException.class, e.getCause());
            }
        } finally {
            kernel.close();
            server.close();
        }
        assertFalse(server.isAlive(), "the server child is gone after close");
        assertFalse(ProcessHandle.of(server.pid()).map(ProcessHandle::isAlive).orElse(false));
    }

    @Test
    void missingPortSettingSaysWhatToDo() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RequestKernel().open(Map.of()));
        assertTrue(e.getMessage().contains(RequestKernel.PORT), e.getMessage());
    }

    @Test
    void mixedComputesThenWaits() throws Exception {
        MixedKernel k = (MixedKernel) KernelRegistry.standard().create("mixed");
        long t0 = System.nanoTime();
        byte[] r = k.apply(TaskArgs.longs(50, 20_000, 42));
        assertTrue(System.nanoTime() - t0 >= TimeUnit.MICROSECONDS.toNanos(20_000));
        assertEquals(CpuWork.run(42, 50), TaskArgs.longAt(r, 0));
        // the achieved wait is at least the requested one, and compute took some time
        assertTrue(TaskArgs.longAt(r, 1) >= TimeUnit.MICROSECONDS.toNanos(20_000), "waitNanos " + TaskArgs.longAt(r, 1));
        assertTrue(TaskArgs.longAt(r, 2) > 0, "computeNanos " + TaskArgs.longAt(r, 2));
        assertThrows(IllegalArgumentException.class, () -> k.apply(TaskArgs.longs(-1, 0, 1)));
    }

    @Test
    void mixedWaitEndsOnInterrupt() throws Exception {
        MixedKernel k = (MixedKernel) KernelRegistry.standard().create("mixed");
        Thread.currentThread().interrupt();
        long t0 = System.nanoTime();
        assertThrows(InterruptedException.class, () -> k.apply(TaskArgs.longs(0, 10_000_000, 1)));
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5), "an interrupted wait must not last its 10 s");
    }
}
