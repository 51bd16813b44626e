package dev.crossover.ipc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** C18: the process-safe event lets every waiter through after set and none after clear, in threads and across processes. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ShmEventTest {

    @RegisterExtension
    static final ShmCleanup cleanup = new ShmCleanup();

    @BeforeAll
    static void futexes() {
        assumeTrue(Futex.available(), "futexes are not callable here");
    }

    /** Waits until {@code n} threads sleep on the event, or fails after 30 s. */
    static void awaitWaiters(ShmEvent e, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (e.waiters() != n) {
            assertTrue(System.nanoTime() < deadline, "expected " + n + " waiters, have " + e.waiters());
            Thread.sleep(5);
        }
    }

    @Test
    void everyWaitingThreadPassesAfterSetAndNoneAfterClear() throws Exception {
        ShmEvent event = cleanup.closeLater(ShmEvent.create());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            AtomicInteger passed = new AtomicInteger();
            List<Future<Boolean>> waits = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                waits.add(pool.submit(() -> {
                    boolean r = event.await(Duration.ofSeconds(30));
                    passed.incrementAndGet();
                    return r;
                }));
            }
            awaitWaiters(event, 4);
            Thread.sleep(50);
            assertEquals(0, passed.get(), "a waiter passed a clear event");
            assertFalse(event.isSet());
            event.set();
            for (Future<Boolean> f : waits) {
                assertTrue(f.get(30, TimeUnit.SECONDS), "a waiter timed out although the event was set");
            }
            assertEquals(4, passed.get());
            assertTrue(event.isSet());
            assertTrue(event.await(Duration.ZERO), "a set event must let a newcomer through at once");

            event.clear();
            assertFalse(event.isSet());
            List<Future<Boolean>> after = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                after.add(pool.submit(() -> event.await(Duration.ofMillis(200))));
            }
            for (Future<Boolean> f : after) {
                assertFalse(f.get(30, TimeUnit.SECONDS), "a waiter passed after clear");
            }
            assertEquals(0, event.waiters(), "timed-out waiters must deregister");
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        }
    }

    @Test
    void aSetClearedBeforeTheWaitersRanStillReleasesThem() throws Exception {
        ShmEvent event = cleanup.closeLater(ShmEvent.create());
        CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> {
            try {
                return event.await(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        awaitWaiters(event, 1);
        event.set();
        event.clear();
        assertTrue(waiter.get(30, TimeUnit.SECONDS), "a waiter present at set() must pass, as Python's Event.wait returns True");
    }

    @Test
    void awaitHonoursItsTimeoutAndAnInterrupt() throws Exception {
        ShmEvent event = cleanup.closeLater(ShmEvent.create());
        long t0 = System.nanoTime();
        assertFalse(event.await(Duration.ofMillis(150)));
        assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(150), "await returned before its timeout");
        assertFalse(event.await(Duration.ZERO));

        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                event.await();
                outcome.complete(null);
            } catch (Throwable e) {
                outcome.complete(e);
            }
        });
        awaitWaiters(event, 1);
        t.interrupt();
        assertTrue(outcome.get(30, TimeUnit.SECONDS) instanceof InterruptedException, "an interrupt must end the wait");
        t.join();
    }

    @Test
    void waitersInOtherProcessesPassAfterSetAndNotAfterClear() throws Exception {
        ShmEvent event = cleanup.closeLater(ShmEvent.create());
        List<PeerJvm> children = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            children.add(cleanup.closeLater(PeerJvm.start(SyncPeerMain.JVM_OPTIONS, SyncPeerMain.class, "event-wait", event.name(), "60000")));
        }
        for (PeerJvm c : children) {
            assertEquals("WAITING", c.readLine(Duration.ofSeconds(60)));
        }
        awaitWaiters(event, 3);
        for (PeerJvm c : children) {
            assertQuiet(c, Duration.ofMillis(100));
        }
        event.set();
        for (PeerJvm c : children) {
            assertEquals("PASSED", c.readLine(Duration.ofSeconds(30)));
            assertEquals(0, c.waitFor(Duration.ofSeconds(30)));
        }
        event.clear();
        PeerJvm late = cleanup.closeLater(PeerJvm.start(SyncPeerMain.JVM_OPTIONS, SyncPeerMain.class, "event-wait", event.name(), "300"));
        assertEquals("WAITING", late.readLine(Duration.ofSeconds(60)));
        assertEquals("TIMEOUT", late.readLine(Duration.ofSeconds(30)), "a process passed a cleared event");
    }

    @Test
    void aWaiterKilledWhileWaitingBlocksNobody() throws Exception {
        ShmEvent event = cleanup.closeLater(ShmEvent.create());
        PeerJvm child = cleanup.closeLater(PeerJvm.start(SyncPeerMain.JVM_OPTIONS, SyncPeerMain.class, "event-wait", event.name(), "60000"));
        assertEquals("WAITING", child.readLine(Duration.ofSeconds(60)));
        awaitWaiters(event, 1);
        child.process().destroyForcibly();
        child.process().waitFor();
        assertEquals(1, event.waiters(), "a killed sleeper stays counted (documented)");
        CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> {
            try {
                return event.await(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        awaitWaiters(event, 2);
        event.set();
        assertTrue(waiter.get(30, TimeUnit.SECONDS));
    }

    @Test
    void openingAnotherKindFailsWithItsName() {
        ShmLock lock = cleanup.closeLater(ShmLock.create());
        var e = assertThrows(IllegalArgumentException.class, () -> ShmEvent.open(lock.name()));
        assertTrue(e.getMessage().contains(lock.name()) && e.getMessage().contains("not a shared event"), e.getMessage());
    }

    /** Fails when {@code c} writes a line within {@code d}. */
    static void assertQuiet(PeerJvm c, Duration d) throws InterruptedException {
        try {
            String line = c.readLine(d);
            throw new AssertionError(c + " said '" + line + "' before it was released");
        } catch (IllegalStateException expected) {
            assertTrue(c.process().isAlive(), c + " ended: " + expected.getMessage());
        }
    }
}
