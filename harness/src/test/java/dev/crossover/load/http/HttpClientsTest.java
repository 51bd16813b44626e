package dev.crossover.load.http;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HttpClientsTest {

    private HttpDelayServer server;

    @BeforeEach
    void start() throws InterruptedException {
        server = new HttpDelayServer(1);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @AfterAll
    static void noChildLeft() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (ProcessHandle.current().descendants().findAny().isPresent() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(List.of(), ProcessHandle.current().descendants().map(ProcessHandle::pid).toList(),
                "no child process may outlive the test");
    }

    @ParameterizedTest
    @EnumSource(HttpClientKind.class)
    void everyClientAnswersEveryRequestCorrectlyAndClosesItsSockets(HttpClientKind kind) throws Exception {
        HttpTarget target = new HttpTarget(server.port(), 100, 3000);
        int n = 40;
        server.takeStats();
        CountDownLatch done = new CountDownLatch(n);
        AtomicReference<Throwable> bad = new AtomicReference<>();
        long t0 = System.nanoTime();
        try (HttpLoadClient client = HttpClients.start(kind, target, 2, 40)) {
            for (int i = 0; i < n; i++) {
                client.send(e -> {
                    if (e != null) {
                        bad.compareAndSet(null, e);
                    }
                    done.countDown();
                });
            }
            assertTrue(done.await(60, TimeUnit.SECONDS), kind + ": every request answered");
            assertNull(bad.get(), kind + ": no request failed");
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertTrue(ms >= 100, kind + ": answered after " + ms + " ms, before the delay");
            HttpDelayServer.Stats s = server.takeStats();
            assertEquals(n, s.served(), kind + ": the server answered each request once");
            int holding = kind == HttpClientKind.FIXED_CORES ? 2 : n;
            assertTrue(s.heldPeak() <= holding, kind + ": held " + s.heldPeak() + " at once, more than the client can have in flight");
            if (kind == HttpClientKind.FIXED_CORES) {
                assertEquals(2, s.heldPeak(), "a pool of 2 threads holds 2 requests at the server");
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (server.takeStats().open() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(0, server.takeStats().open(), kind + ": every connection is closed after close()");
    }

    @Test
    void eventLoopReusesKeptAliveConnectionsAndFailsRequestsAfterClose() throws Exception {
        HttpTarget target = new HttpTarget(server.port(), 20, 100_000);
        EventLoopHttpClient client = new EventLoopHttpClient(target);
        try {
            for (int round = 0; round < 3; round++) {
                CompletableFuture<Throwable>[] fs = new CompletableFuture[5];
                for (int i = 0; i < fs.length; i++) {
                    CompletableFuture<Throwable> f = new CompletableFuture<>();
                    fs[i] = f;
                    client.send(f::complete);
                }
                for (CompletableFuture<Throwable> f : fs) {
                    assertNull(f.get(30, TimeUnit.SECONDS), "a 100 kB body read across several reads");
                }
            }
            assertEquals(5, client.connectionsOpened(), "three rounds of 5 at once reuse the first round's 5 connections");
        } finally {
            client.close();
        }
        CompletableFuture<Throwable> after = new CompletableFuture<>();
        client.send(after::complete);
        assertInstanceOf(IOException.class, after.get(5, TimeUnit.SECONDS));
    }

    @Test
    void formulaIsAMultipleOfTheCoresAndTheComputeIsMeasured() throws Exception {
        HttpTarget target = new HttpTarget(server.port(), 10, 64);
        double compute = HttpClients.measureComputeMicros(target);
        assertTrue(compute > 0, "a request costs some CPU");
        int f = HttpClients.formula(2, 10, compute);
        assertEquals(0, f % 2);
        assertTrue(f >= 2);
        assertEquals(210, HttpClients.formula(2, 10, 100), "2 × (1 + 10 ms ÷ 100 µs) = 202, rounded up to two significant digits");
    }

    @Test
    void poolClientRunsTheKernelInChildJvmsAndLeavesNoneBehind() throws Exception {
        HttpTarget target = new HttpTarget(server.port(), 5, 10);
        AtomicInteger ok = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(10);
        try (HttpLoadClient client = HttpClients.start(HttpClientKind.PROCESS, target, 2, 4)) {
            assertEquals(2, ProcessHandle.current().children().count(), "two child JVMs");
            for (int i = 0; i < 10; i++) {
                client.send(e -> {
                    if (e == null) {
                        ok.incrementAndGet();
                    }
                    done.countDown();
                });
            }
            assertTrue(done.await(60, TimeUnit.SECONDS));
        }
        assertEquals(10, ok.get());
    }
}
