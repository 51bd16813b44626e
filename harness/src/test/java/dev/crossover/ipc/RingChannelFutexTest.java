package dev.crossover.ipc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The futex doorbells of {@link RingChannel}, both ways, as the shared-memory pool uses them: a
 * blocked receiver is woken by the sender; no wake-up is lost when both sides race; an answering
 * side ({@code deferBell}) wakes a blocked peer only when it holds fewer than two of its frames,
 * or when it runs dry; a receiver blocked on the futex, or on its way there, is woken by its peer's
 * death or its own channel's close, never left to its timeout; closing a ring waits for the threads
 * inside a futex call on it, so its memory is never unmapped under them.
 */
class RingChannelFutexTest {

    @RegisterExtension
    static final ShmCleanup cleanup = new ShmCleanup();

    @BeforeAll
    static void linux() {
        assumeTrue(Futex.AVAILABLE, "futex needs Linux on x86-64 or AArch64");
    }

    /** A requester {@code a} and an answerer {@code b} (deferring its wakes), futexes both ways. */
    static final class Pair implements AutoCloseable {
        final ShmRing aToB = ShmRing.create(4096);
        final ShmRing bToA = ShmRing.create(4096);
        final AtomicBoolean aAlive = new AtomicBoolean(true);
        final RingChannel a = new RingChannel(aToB, bToA, "backoff", () -> true, "b", null, null, true);
        final RingChannel b = new RingChannel(bToA, aToB, "backoff", aAlive::get, "a", null, null, true, true);

        @Override
        public void close() {
            a.close();
            b.close();
            aToB.close();
            bToA.close();
        }
    }

    private static void awaitWaiting(ShmRing ring, boolean waiting) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (ring.consumerWaiting() != waiting) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(waiting ? "the receiver never announced that it blocks on its futex"
                        : "nobody took the receiver's announcement");
            }
            Thread.sleep(1);
        }
    }

    @Test
    void aReceiverMadeWithoutSpinFirstBlocksAtOnceAndOneWithItSpinsFirst() throws Exception {
        for (boolean spinFirst : new boolean[] {false, true}) {
            ShmRing aToB = cleanup.closeLater(ShmRing.create(4096));
            ShmRing bToA = cleanup.closeLater(ShmRing.create(4096));
            RingChannel a = new RingChannel(aToB, bToA, "backoff", () -> true, "b", null, null, true);
            RingChannel b = new RingChannel(bToA, aToB, "backoff", () -> true, "a", null, null, true, false, spinFirst);
            try {
                int rounds = 5;
                for (int i = 0; i < rounds; i++) {
                    CompletableFuture<byte[]> got = CompletableFuture.supplyAsync(() -> receive(b));
                    awaitWaiting(aToB, true); // sent only once the receiver blocks: every round waits
                    byte[] frame = {(byte) i};
                    a.send(frame, 0, 1);
                    assertArrayEquals(frame, got.get(10, TimeUnit.SECONDS));
                }
                assertEquals(rounds, b.blocks(), "spinFirst=" + spinFirst + ": each round blocked once");
                if (spinFirst) {
                    assertTrue(b.idleCalls() >= rounds * (RingChannel.MIN_BLOCK_AFTER - 1L),
                            "spins before each block: " + b.idleCalls());
                } else {
                    assertEquals(0, b.idleCalls(), "no spin, no yield before blocking");
                }
            } finally {
                a.close();
                b.close();
            }
        }
    }

    @Test
    void aReceiverBlockedOnTheFutexIsWokenBySend() throws Exception {
        Pair p = cleanup.closeLater(new Pair());
        CompletableFuture<byte[]> got = CompletableFuture.supplyAsync(() -> receive(p.b));
        awaitWaiting(p.aToB, true);
        byte[] frame = {1, 2, 3};
        p.a.send(frame, 0, frame.length);
        assertArrayEquals(frame, got.get(10, TimeUnit.SECONDS));
        assertEquals(1, p.a.wakes(), "one wake-up for one blocked receiver");
        assertTrue(p.b.blocks() >= 1, "the receiver did block on its futex");
        assertEquals(0, p.b.lateWakes(), "the receiver was woken, not timed out");
    }

    @Test
    void noWakeUpIsLostWhenBothSidesRace() throws Exception {
        int rounds = 20_000;
        Pair p = cleanup.closeLater(new Pair());
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            CompletableFuture<Void> echo = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < rounds; i++) {
                    send(p.b, receive(p.b));
                }
            });
            byte[] f = new byte[8];
            for (int i = 0; i < rounds; i++) {
                f[0] = (byte) i;
                f[1] = (byte) (i >>> 8);
                if (i % 500 == 0) {
                    Thread.sleep(2); // let the echo side go past its spin and block
                }
                send(p.a, f);
                if (i % 500 == 250) {
                    Thread.sleep(2); // let the answer wait for a blocked requester
                }
                assertArrayEquals(f, p.a.receive(), "round " + i);
            }
            echo.get();
        });
        assertTrue(p.b.blocks() > 0 && p.a.wakes() > 0, "the echo side never blocked: the futex path was not exercised");
        assertEquals(0, p.a.lateWakes(), "the requester timed out with an answer waiting: a lost wake-up");
        assertEquals(0, p.b.lateWakes(), "the echo side timed out with a request waiting: a lost wake-up");
    }

    @Test
    void theAnswererWakesABlockedRequesterOnlyWhenItHoldsFewerThanTwoRequests() throws Exception {
        Pair p = cleanup.closeLater(new Pair());
        for (byte i = 1; i <= 4; i++) {
            p.a.send(new byte[] {i}, 0, 1);
        }
        // The requester waits for answers: its announcement is what the answerer reads.
        assertFalse(p.bToA.consumer().announceWait(), "no answer yet");
        answerOne(p, 1);
        assertTrue(p.bToA.consumerWaiting(), "three requests left: the wake is deferred");
        answerOne(p, 2);
        assertTrue(p.bToA.consumerWaiting(), "two requests left: the wake is deferred");
        answerOne(p, 3);
        assertFalse(p.bToA.consumerWaiting(), "one request left: the requester is woken to send more");
        assertEquals(1, p.b.wakes());
        assertTrue(p.bToA.consumer().announceWait(), "the requester waits again; three answers are there");
        answerOne(p, 4);
        assertEquals(2, p.b.wakes(), "the last answer wakes the requester again");
        for (byte i = 1; i <= 4; i++) {
            assertArrayEquals(new byte[] {(byte) (i + 100)}, p.a.receive());
        }
    }

    @Test
    void aDeferredWakeIsRungWhenTheAnswererRunsDry() throws Exception {
        Pair p = cleanup.closeLater(new Pair());
        for (byte i = 1; i <= 3; i++) {
            p.a.send(new byte[] {i}, 0, 1);
        }
        assertFalse(p.bToA.consumer().announceWait(), "no answer yet");
        answerOne(p, 1); // two requests left: deferred
        assertTrue(p.bToA.consumerWaiting());
        // The next two requests are read but not answered (e.g. queued for busy runner threads);
        // the answerer then finds its ring empty and must not keep the requester waiting.
        assertArrayEquals(new byte[] {2}, p.b.receive());
        assertArrayEquals(new byte[] {3}, p.b.receive());
        CompletableFuture<byte[]> idle = CompletableFuture.supplyAsync(() -> receive(p.b));
        awaitWaiting(p.bToA, false);
        assertEquals(1, p.b.wakes(), "the deferred wake was rung once, when the answerer ran dry");
        p.a.send(new byte[] {9}, 0, 1);
        assertArrayEquals(new byte[] {9}, idle.get(10, TimeUnit.SECONDS));
    }

    @Test
    void aReceiverBlockedOnTheFutexHearsOfItsPeersDeath() throws Exception {
        Pair p = cleanup.closeLater(new Pair());
        CompletableFuture<byte[]> got = CompletableFuture.supplyAsync(() -> receive(p.b));
        awaitWaiting(p.aToB, true);
        p.aAlive.set(false);
        p.b.peerExited();
        ExecutionException e = assertThrows(ExecutionException.class, () -> got.get(10, TimeUnit.SECONDS));
        assertTrue(e.getCause().getMessage().contains("a died"), e.getCause().getMessage());
        assertEquals(0, p.b.timeouts(), "the receiver was woken by the death, not by its liveness timeout");
    }

    @Test
    void aPeersDeathIsNeverMissedByAReceiverBlockingAtTheSameTime() throws Exception {
        // The death comes at random points of the receiver's way into the futex (spinning, announcing,
        // entering the kernel): each time it must wake it, never leave it to its liveness timeout.
        Random random = new Random(42);
        for (int round = 0; round < 300; round++) {
            try (Pair p = new Pair()) {
                CompletableFuture<byte[]> got = CompletableFuture.supplyAsync(() -> receive(p.b));
                if (round % 3 != 0) {
                    awaitWaiting(p.aToB, true);
                }
                long spin = System.nanoTime() + random.nextInt(200_000);
                while (System.nanoTime() < spin) {
                    Thread.onSpinWait();
                }
                p.aAlive.set(false);
                p.b.peerExited();
                ExecutionException e = assertThrows(ExecutionException.class, () -> got.get(10, TimeUnit.SECONDS), "round " + round);
                assertTrue(e.getCause().getMessage().contains("a died"), e.getCause().getMessage());
                assertEquals(0, p.b.timeouts(), "round " + round + ": the death did not wake the blocked receiver");
            }
        }
    }

    @Test
    void closeWakesItsOwnBlockedReceiverWhichSeesTheEnd() throws Exception {
        Pair p = cleanup.closeLater(new Pair());
        CompletableFuture<byte[]> got = CompletableFuture.supplyAsync(() -> receive(p.b));
        awaitWaiting(p.aToB, true);
        p.b.close();
        assertNull(got.get(10, TimeUnit.SECONDS), "a closed channel ends its receive with null");
        assertEquals(0, p.b.timeouts(), "the close woke the receiver");
    }

    @Test
    void aWakeThatComesBeforeTheBlockIsNotLost() throws Exception {
        ShmRing ring = cleanup.closeLater(ShmRing.create(4096));
        ShmRing.Consumer consumer = ring.consumer();
        assertFalse(consumer.announceWait(), "nothing published");
        ring.wakeConsumer(); // an end signalled between the consumer's last look and its block
        assertFalse(ring.consumerWaiting(), "the wake took the announcement");
        long start = System.nanoTime();
        assertTrue(consumer.block(new Futex(), TimeUnit.SECONDS.toNanos(30)), "the block returned without timing out");
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(30));
        consumer.endWait();
    }

    @Test
    void closingARingWakesItsBlockedConsumerAndUnmapsOnlyAfterItLeftTheFutex() throws Exception {
        ShmRing ring = ShmRing.create(4096);
        ShmRing.Consumer consumer = ring.consumer();
        assertFalse(consumer.announceWait());
        CompletableFuture<Boolean> blocked = CompletableFuture.supplyAsync(() -> consumer.block(new Futex(), TimeUnit.SECONDS.toNanos(60)));
        Thread.sleep(100); // most often it is in the kernel by now; the result must not depend on it
        // Unmapping under a thread inside the futex call would fail ("Session is acquired by 1 clients").
        assertTimeoutPreemptively(Duration.ofSeconds(10), ring::close);
        assertTrue(blocked.get(10, TimeUnit.SECONDS), "the consumer was woken, not timed out");
        assertTrue(consumer.block(new Futex(), TimeUnit.SECONDS.toNanos(60)), "no futex call starts on a closed ring");
    }

    @Test
    void wakesAndBlocksRacingTheCloseOfTheirRingNeverFailIt() throws Exception {
        for (int round = 0; round < 50; round++) {
            ShmRing ring = ShmRing.create(4096);
            ShmRing.Producer producer = ring.producer();
            ShmRing.Consumer consumer = ring.consumer();
            AtomicBoolean stop = new AtomicBoolean();
            List<Throwable> failures = new CopyOnWriteArrayList<>();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                int kind = t;
                threads.add(Thread.ofPlatform().start(() -> {
                    Futex futex = new Futex();
                    try {
                        while (!stop.get()) {
                            switch (kind) {
                                case 0 -> ring.wakeConsumer();
                                case 1 -> producer.wake();
                                default -> {
                                    if (!consumer.announceWait()) {
                                        consumer.block(futex, TimeUnit.MILLISECONDS.toNanos(5));
                                    }
                                    consumer.endWait();
                                }
                            }
                        }
                    } catch (IllegalStateException e) {
                        // After the close, plain reads of the ring fail as they should; futex calls never do.
                        if (e.getMessage() != null && e.getMessage().contains("acquired")) {
                            failures.add(e);
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }));
            }
            Thread.sleep(2);
            // Unmapping under a thread inside a futex call would throw "Session is acquired by 1 clients".
            assertTimeoutPreemptively(Duration.ofSeconds(10), ring::close, "round " + round);
            stop.set(true);
            for (Thread t : threads) {
                t.join(10_000);
                assertFalse(t.isAlive(), "round " + round + ": a thread still runs");
            }
            assertEquals(List.of(), failures, "round " + round);
        }
    }

    private static void answerOne(Pair p, int request) throws IOException {
        byte[] r = p.b.receive();
        assertArrayEquals(new byte[] {(byte) request}, r);
        p.b.send(new byte[] {(byte) (request + 100)}, 0, 1);
    }

    private static byte[] receive(RingChannel c) {
        try {
            return c.receive();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void send(RingChannel c, byte[] f) {
        try {
            c.send(f, 0, f.length);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
