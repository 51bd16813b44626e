package dev.crossover.load.http;

import dev.crossover.profile.ProcFs;
import dev.crossover.profile.ProcessTree;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HttpWarmupTest {

    @AfterAll
    static void noChildLeft() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (ProcessHandle.current().descendants().findAny().isPresent() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(List.of(), ProcessHandle.current().descendants().map(ProcessHandle::pid).toList(),
                "no server JVM may outlive the test");
    }

    /** A client that answers every request at once, on the caller's thread. */
    private static final class Instant implements HttpLoadClient {
        final AtomicLong sent = new AtomicLong();
        final Throwable failure;

        Instant(Throwable failure) {
            this.failure = failure;
        }

        @Override
        public void send(Done done) {
            sent.incrementAndGet();
            done.completed(failure);
        }

        @Override
        public int waitingThreads() {
            return 0;
        }

        @Override
        public String describe() {
            return "answers at once";
        }

        @Override
        public void close() {
        }
    }

    /** A CPU clock that advances by {@code perRequest[round] × requests} between a round's readings. */
    private static java.util.function.LongSupplier cpuFalling(Instant client, double... perRequestMicros) {
        Deque<Double> rounds = new ArrayDeque<>();
        for (double v : perRequestMicros) {
            rounds.add(v);
        }
        long[] clock = {0};
        long[] lastSent = {0};
        return () -> {
            long n = client.sent.get() - lastSent[0];
            if (n > 0) {
                double us = rounds.size() > 1 ? rounds.poll() : rounds.peek();
                clock[0] += (long) (us * 1_000 * n);
                lastSent[0] = client.sent.get();
            }
            return clock[0];
        };
    }

    @Test
    void pastTheMinimumRoundsGoOnUntilOneIsWithinTheSpreadOfTheRoundBefore() throws Exception {
        Instant client = new Instant(null);
        // 300 after 200 is a compilation's bump, not the steady cost; 190 after 180 is within 20%
        HttpWarmup.Settling s = HttpWarmup.rounds(client, 4, 100, 300, 30, 0, cpuFalling(client, 1000, 400, 200, 300, 180, 190, 185), () -> -1, 2);
        assertEquals(List.of(1000.0, 400.0, 200.0, 300.0, 180.0, 190.0), s.cpuUsPerRequest());
        assertTrue(s.settled());
        assertEquals(600, s.requests());
        assertEquals(1000.0, s.firstUs());
        assertEquals(190.0, s.lastUs());
        assertTrue(s.text().startsWith("µs per request by round 1000 → 400 → 200 → 300 → 180 → 190 (settled, 600 requests"), s.text());
    }

    @Test
    void aClientSettlesOnlyWhenItsLastThreeRoundsLieWithinTheSpreadOfTheCheapest() throws Exception {
        Instant two = new Instant(null);
        HttpWarmup.Settling s2 = HttpWarmup.rounds(two, 4, 100, 0, 30, 0, cpuFalling(two, 1000, 400, 300, 250, 200, 195, 190), () -> -1, 2);
        assertEquals(List.of(1000.0, 400.0, 300.0, 250.0), s2.cpuUsPerRequest(), "250 after 300 is within 20% of 250");
        Instant three = new Instant(null);
        HttpWarmup.Settling s3 = HttpWarmup.rounds(three, 4, 100, 0, 30, 0, cpuFalling(three, 1000, 400, 300, 250, 200, 195, 190, 185),
                () -> -1, HttpWarmup.CLIENT_SETTLED_ROUNDS);
        assertEquals(List.of(1000.0, 400.0, 300.0, 250.0, 200.0, 195.0, 190.0), s3.cpuUsPerRequest(),
                "250, 200, 195 spans 28% of 195; 200, 195, 190 is the first three within 20%");
        assertTrue(s3.settled());
        assertThrows(IllegalArgumentException.class, () -> HttpWarmup.rounds(new Instant(null), 4, 100, 0, 30, 0, () -> 0, () -> -1, 1));
    }

    @Test
    void theClientsCpuLeavesOutTheServerAndThisJvmsCompilers() {
        ProcessTree tree = new ProcessTree(10_000, 0, 0, 3, false);
        assertEquals(10_000 - 3_000 - 2_000, HttpWarmup.clientCpuNanos(tree, 3_000, 2_000));
        assertEquals(7_000, HttpWarmup.clientCpuNanos(tree, 3_000, -1), "compilers unreadable: nothing left out for them");
        assertEquals(-1, HttpWarmup.clientCpuNanos(null, 3_000, 2_000));
        assertEquals(-1, HttpWarmup.clientCpuNanos(tree, -1, 2_000));
    }

    @Test
    void aFlatStartStillSendsTheMinimumAndNoCpuReadingSettlesNothing() throws Exception {
        Instant flat = new Instant(null);
        HttpWarmup.Settling s = HttpWarmup.rounds(flat, 4, 50, 200, 30, 0, cpuFalling(flat, 100, 100, 100), () -> -1, 2);
        assertEquals(4, s.cpuUsPerRequest().size(), "200 requests in rounds of 50 before it may settle");
        assertTrue(s.settled());
        HttpWarmup.Settling blind = HttpWarmup.rounds(new Instant(null), 4, 50, 200, 30, 0, () -> -1, () -> -1, 2);
        assertEquals(List.of(), blind.cpuUsPerRequest());
        assertFalse(blind.settled());
        assertTrue(Double.isNaN(blind.firstUs()));
    }

    @Test
    void aWarmUpThatKeepsSwingingEndsUnsettledWhenItsTimeRunsOut() throws Exception {
        Instant client = new Instant(null);
        long[] clock = {0};
        long[] lastSent = {0};
        long[] round = {0};
        // each round costs 100 or 200 µs a request, alternately, for ever
        java.util.function.LongSupplier swinging = () -> {
            long n = client.sent.get() - lastSent[0];
            if (n > 0) {
                clock[0] += (round[0]++ % 2 == 0 ? 100_000L : 200_000L) * n;
                lastSent[0] = client.sent.get();
            }
            return clock[0];
        };
        HttpWarmup.Settling s = HttpWarmup.rounds(client, 4, 10, 20, 0.2, 0, swinging, () -> -1, 2);
        assertFalse(s.settled(), "swinging by half, never within 20%");
        assertTrue(s.cpuUsPerRequest().size() >= 2 && s.seconds() >= 0.2, s.cpuUsPerRequest().size() + " rounds in " + s.seconds() + " s");
    }

    @Test
    void aClientTooSlowToFinishOneRoundStillShowsWhatItsRequestsCostButDoesNotSettle() throws Exception {
        Instant client = new Instant(null);
        // 300 µs of CPU a request; a round of ten million requests cannot end within 0.2 s
        HttpWarmup.Settling s = HttpWarmup.rounds(client, 4, 10_000_000, 20, 0.2, 0, () -> client.sent.get() * 300_000L, () -> -1, 2);
        assertFalse(s.settled());
        assertEquals(1, s.cpuUsPerRequest().size(), s.text());
        assertEquals(300, s.firstUs(), 1e-9);
    }

    @Test
    void aRoundInWhichTheJitStillCompilesIsNotSettledHoweverFlatItsCost() throws Exception {
        Instant client = new Instant(null);
        java.util.function.LongSupplier cpu = cpuFalling(client, 100, 100, 100, 100, 100, 100);
        long[] jit = {0};
        int[] reads = {0};
        // the compiler threads use half of each of the first three rounds' CPU (read twice a round), then nothing
        java.util.function.LongSupplier compiling = () -> {
            if (reads[0]++ % 2 == 1 && reads[0] <= 6) {
                jit[0] += 50 * 1_000L * 50;
            }
            return jit[0];
        };
        HttpWarmup.Settling s = HttpWarmup.rounds(client, 4, 50, 0, 30, 0, cpu, compiling, 2);
        assertTrue(s.settled());
        assertEquals(4, s.cpuUsPerRequest().size(), "rounds 2 and 3 were flat but the JIT was busy: " + s.text());
    }

    @Test
    void aFailedRequestEndsTheWarmUpLoudly() {
        Instant failing = new Instant(new java.io.IOException("connection refused"));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> HttpWarmup.rounds(failing, 4, 50, 0, 30, 0, () -> 0, () -> -1, 2));
        assertTrue(e.getMessage().startsWith("HTTP warm-up after") && e.getMessage().contains("connection refused"), e.getMessage());
    }

    @Test
    void theServersWarmUpSendsRoundsOfRequestsAndReadsItsCpu() throws Exception {
        assumeTrue(ProcFs.AVAILABLE, "the server's CPU is read from /proc");
        try (HttpDelayServerProcess server = HttpDelayServerProcess.start(1)) {
            server.takeStats();
            HttpWarmup.Settling s = HttpWarmup.server(server, 1, 64, 30);
            assertFalse(s.cpuUsPerRequest().isEmpty(), s.text());
            assertTrue(s.cpuUsPerRequest().stream().allMatch(v -> v > 0), s.text());
            assertTrue(s.requests() >= (long) s.cpuUsPerRequest().size() * HttpWarmup.SERVER_ROUND, s.text());
            assertTrue(!s.settled() || s.requests() >= HttpWarmup.SERVER_MIN_REQUESTS, "settled only past the minimum: " + s.text());
            assertEquals(s.requests(), server.takeStats().served(), "every warm-up request reached the server");
        }
    }
}
