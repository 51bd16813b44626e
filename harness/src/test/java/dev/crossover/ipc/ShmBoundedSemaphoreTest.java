package dev.crossover.ipc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * C20 across processes: the shared bounded semaphore caps holders in several JVMs, refuses an
 * over-release, wakes a waiter in another process, and frees the permits of a holder that was killed.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ShmBoundedSemaphoreTest {

    @RegisterExtension
    static final ShmCleanup cleanup = new ShmCleanup();

    @BeforeAll
    static void futexes() {
        assumeTrue(Futex.available(), "futexes are not callable here");
    }

    static void awaitWaiters(ShmBoundedSemaphore s, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (s.waiters() != n) {
            assertTrue(System.nanoTime() < deadline, "expected " + n + " waiters, have " + s.waiters());
            Thread.sleep(5);
        }
    }

    @Test
    void atMostBoundPermitsAreOutAndAcquireTimesOutWhenNoneIsFree() throws Exception {
        ShmBoundedSemaphore s = cleanup.closeLater(ShmBoundedSemaphore.create(2));
        assertEquals(2, s.bound());
        assertTrue(s.tryAcquire());
        assertTrue(s.tryAcquire(Duration.ofMillis(10)));
        assertEquals(0, s.availablePermits());
        assertEquals(2, s.heldByCurrentProcess());
        assertFalse(s.tryAcquire(), "a third permit of two was handed out");
        long t0 = System.nanoTime();
        assertFalse(s.tryAcquire(Duration.ofMillis(150)), "a third permit of two was handed out after a wait");
        assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(150), "tryAcquire returned before its timeout");
        assertEquals(0, s.waiters(), "a waiter that timed out must count itself out");
        s.release();
        assertEquals(1, s.availablePermits());
        assertTrue(s.tryAcquire());
        s.release();
        s.release();
        assertEquals(2, s.availablePermits());
        assertNull(s.lastRecoveredFrom());
    }

    @Test
    void aReleaseBeyondTheAcquiresIsRefusedAndNamesTheFix() {
        ShmBoundedSemaphore s = cleanup.closeLater(ShmBoundedSemaphore.create(3));
        var e = assertThrows(IllegalStateException.class, s::release);
        assertTrue(e.getMessage().contains("released more often than acquired") && e.getMessage().contains(s.name())
                && e.getMessage().contains("release only a permit this process got"), e.getMessage());
        assertEquals(3, s.availablePermits(), "a refused release must not add a permit");
        s.tryAcquire();
        s.release();
        assertThrows(IllegalStateException.class, s::release, "the second release of one acquire must be refused");
        assertEquals(3, s.availablePermits());
    }

    @Test
    void aPermitAcquiredByOneThreadMayBeReleasedByAnotherOfTheSameProcess() throws Exception {
        ShmBoundedSemaphore s = cleanup.closeLater(ShmBoundedSemaphore.create(1));
        Thread t = Thread.ofPlatform().start(() -> assertTrue(s.tryAcquire()));
        t.join();
        assertEquals(0, s.availablePermits());
        s.release();
        assertEquals(1, s.availablePermits());
    }

    @Test
    void threadsOfOneProcessTakingAndFreeingPermitsAtOnceNeverSeeAFalseOverRelease() throws Exception {
        ShmBoundedSemaphore s = cleanup.closeLater(ShmBoundedSemaphore.create(2));
        int threads = 4;
        int rounds = 50_000;
        java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicInteger inside = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger most = new java.util.concurrent.atomic.AtomicInteger();
        List<Thread> all = new java.util.ArrayList<>();
        for (int t = 0; t < threads; t++) {
            all.add(Thread.ofPlatform().start(() -> {
                try {
                    for (int r = 0; r < rounds && failure.get() == null; r++) {
                        s.acquire();
                        try {
                            most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                            inside.decrementAndGet();
                        } finally {
                            s.release(); // a scan that missed every slot of the process threw here
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }));
        }
        for (Thread t : all) {
            t.join(TimeUnit.MINUTES.toMillis(2));
        }
        assertNull(failure.get(), () -> "a release of an acquired permit was refused: " + failure.get());
        assertTrue(most.get() <= 2, "at most the bound inside at once: " + most.get());
        assertEquals(2, s.availablePermits());
        assertThrows(IllegalStateException.class, s::release, "and a release beyond the acquires is still refused");
    }

    @Test
    void aReleaseWakesAThreadBlockedInAcquire() throws Exception {
        ShmBoundedSemaphore s = cleanup.closeLater(ShmBoundedSemaphore.create(1));
        s.acquire();
        var got = new CompletableFuture<Boolean>();
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                got.complete(s.tryAcquire(Duration.ofSeconds(60)));
                s.release();
            } catch (Throwable x) {
                got.completeExceptionally(x);
            }
        });
        awaitWaiters(s, 1);
        Thread.sleep(50);
        assertFalse(got.isDone(), "the waiter passed while the only permit was held");
        s.release();
        assertTrue(got.get(30, TimeUnit.SECONDS));
        t.join();
        assertEquals(1, s.availablePermits());
        assertEquals(0, s.waiters());
    }

    @Test
    void anInterruptEndsTheWaitAndCountsTheWaiterOut() throws Exception {
        ShmBoundedSemaphore s = cleanup.closeLater(ShmBoundedSemaphore.create(1));
        s.acquire();
        var outcome = new CompletableFuture<Throwable>();
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                s.acquire();
                outcome.complete(null);
            } catch (Throwable x) {
                outcome.complete(x);
            }
        });
        awaitWaiters(s, 1);
        t.interrupt();
        assertTrue(outcome.get(30, TimeUnit.SECONDS) instanceof InterruptedException, "expected InterruptedException");
        assertEquals(0, s.waiters());
        s.release();
        assertEquals(1, s.availablePermits());
    }

    @Test
    void holdersInSeveralProcessesNeverExceedTheBound() throws Exception {
        int bound = 2;
        int rounds = 2000;
        ShmBoundedSemaphore s = cleanup.closeLater(ShmBoundedSemaphore.create(bound));
        SharedLongArray counters = cleanup.closeLater(SharedLongArray.create(2));
        List<PeerJvm> children = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            children.add(cleanup.closeLater(PeerJvm.start(SyncPeerMain.JVM_OPTIONS, SyncPeerMain.class, "semaphore-work", s.name(),
                    counters.name(), Integer.toString(rounds))));
        }
        for (PeerJvm p : children) {
            assertEquals("DONE", p.readLine(Duration.ofSeconds(90)));
        }
        assertTrue(counters.get(1) >= 1 && counters.get(1) <= bound, "peak holders " + counters.get(1) + " with " + bound + " permits");
        assertEquals(0, counters.get(0));
        assertEquals(bound, s.availablePermits(), "every permit must come back");
    }

    @Test
    void aReleaseWakesAWaiterInAnotherProcess() throws Exception {
        ShmBoundedSemaphore s = cleanup.closeLater(ShmBoundedSemaphore.create(1));
        s.acquire();
        PeerJvm child = cleanup.closeLater(PeerJvm.start(SyncPeerMain.JVM_OPTIONS, SyncPeerMain.class, "semaphore-acquire", s.name(),
                "60000"));
        assertEquals("WAITING", child.readLine(Duration.ofSeconds(60)));
        awaitWaiters(s, 1);
        ShmEventTest.assertQuiet(child, Duration.ofMillis(100));
        s.release();
        assertEquals("ACQUIRED", child.readLine(Duration.ofSeconds(30)));
        assertEquals(1, s.availablePermits());
    }

    @Test
    void theOtherProcessTimesOutWhileThePermitIsHeld() throws Exception {
        ShmBoundedSemaphore s = cleanup.closeLater(ShmBoundedSemaphore.create(1));
        s.acquire();
        PeerJvm child = cleanup.closeLater(PeerJvm.start(SyncPeerMain.JVM_OPTIONS, SyncPeerMain.class, "semaphore-acquire", s.name(),
                "200"));
        assertEquals("WAITING", child.readLine(Duration.ofSeconds(60)));
        assertEquals("TIMEOUT", child.readLine(Duration.ofSeconds(30)));
        s.release();
    }

    @Test
    void thePermitsOfAKilledHolderAreFreedForTheWaiters() throws Exception {
        ShmBoundedSemaphore s = cleanup.closeLater(ShmBoundedSemaphore.create(3));
        PeerJvm child = cleanup.closeLater(PeerJvm.start(SyncPeerMain.JVM_OPTIONS, SyncPeerMain.class, "semaphore-hold", s.name(), "2"));
        assertEquals("HELD", child.readLine(Duration.ofSeconds(60)));
        assertTrue(s.tryAcquire());
        assertEquals(0, s.availablePermits());
        assertFalse(s.tryAcquire(Duration.ofMillis(100)), "a live holder's permits must stay held");
        assertEquals(0, s.recoverDead(), "no holder is dead yet");
        var waiter = new CompletableFuture<Boolean>();
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                waiter.complete(s.tryAcquire(Duration.ofSeconds(60)));
            } catch (Throwable x) {
                waiter.completeExceptionally(x);
            }
        });
        awaitWaiters(s, 1);
        child.process().destroyForcibly();
        child.process().waitFor();
        assertTrue(waiter.get(30, TimeUnit.SECONDS), "the waiter did not get a permit of the killed holder");
        t.join();
        assertEquals(child.pid(), s.lastRecoveredFrom().pid(), "the dead holder must be named");
        assertEquals(2, s.heldByCurrentProcess());
        assertEquals(1, s.availablePermits(), "both permits of the killed holder must be freed, one taken by the waiter");
        s.release();
        s.release();
        assertEquals(3, s.availablePermits());
    }

    @Test
    void badSizesAndAnotherKindAreRefusedWithTheirNames() {
        var e = assertThrows(IllegalArgumentException.class, () -> ShmBoundedSemaphore.create(0));
        assertTrue(e.getMessage().contains("got 0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ShmBoundedSemaphore.create(ShmBoundedSemaphore.MAX_PERMITS + 1));
        ShmEvent ev = cleanup.closeLater(ShmEvent.create());
        var x = assertThrows(IllegalArgumentException.class, () -> ShmBoundedSemaphore.open(ev.name()));
        assertTrue(x.getMessage().contains("not a shared bounded-semaphore"), x.getMessage());
        ShmBoundedSemaphore s = cleanup.closeLater(ShmBoundedSemaphore.create(5));
        try (ShmBoundedSemaphore peer = ShmBoundedSemaphore.open(s.name())) {
            assertEquals(5, peer.bound());
        }
    }
}
