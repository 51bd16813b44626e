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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** C17: the process-safe condition: signal releases one waiter, signalAll all, await times out, a dead lock holder is detected. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ShmConditionTest {

    @RegisterExtension
    static final ShmCleanup cleanup = new ShmCleanup();

    @BeforeAll
    static void futexes() {
        assumeTrue(Futex.available(), "futexes are not callable here");
    }

    static void awaitWaiters(ShmCondition c, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (c.waiters() != n) {
            assertTrue(System.nanoTime() < deadline, "expected " + n + " waiters, have " + c.waiters());
            Thread.sleep(5);
        }
    }

    /** Waits until {@code passed} reaches {@code n}, or fails after 30 s. */
    static void awaitCount(AtomicInteger passed, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (passed.get() < n) {
            assertTrue(System.nanoTime() < deadline, "expected " + n + " released, have " + passed.get());
            Thread.sleep(5);
        }
    }

    @Test
    void signalReleasesOneWaitingThreadAndSignalAllTheRest() throws Exception {
        ShmCondition c = cleanup.closeLater(ShmCondition.create());
        SharedLongArray permits = cleanup.closeLater(SharedLongArray.create(1));
        AtomicInteger passed = new AtomicInteger();
        List<Thread> waiters = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            waiters.add(Thread.ofPlatform().start(() -> {
                c.lock();
                try {
                    while (permits.get(0) == 0) {
                        c.await(Duration.ofSeconds(60));
                    }
                    permits.add(0, -1);
                    passed.incrementAndGet();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    c.unlock();
                }
            }));
        }
        awaitWaiters(c, 3);
        c.lock();
        permits.set(0, 1);
        c.signal();
        c.unlock();
        awaitCount(passed, 1);
        Thread.sleep(100);
        assertEquals(1, passed.get(), "signal() released more than one waiter past its predicate");
        awaitWaiters(c, 2);

        c.lock();
        permits.set(0, 2);
        c.signalAll();
        c.unlock();
        for (Thread t : waiters) {
            t.join(TimeUnit.SECONDS.toMillis(30));
            assertFalse(t.isAlive(), "signalAll() left a waiter waiting");
        }
        assertEquals(3, passed.get());
        assertEquals(0, c.waiters());
    }

    @Test
    void signalReleasesExactlyTheLongestWaitingThreadAndSignalAllEveryWaiter() throws Exception {
        ShmCondition c = cleanup.closeLater(ShmCondition.create());
        int n = 3;
        List<java.util.concurrent.CompletableFuture<Boolean>> results = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            var r = new java.util.concurrent.CompletableFuture<Boolean>();
            results.add(r);
            threads.add(Thread.ofPlatform().start(() -> {
                c.lock();
                try {
                    r.complete(c.await(Duration.ofSeconds(60)));
                } catch (Throwable t) {
                    r.completeExceptionally(t);
                } finally {
                    c.unlock();
                }
            }));
            awaitWaiters(c, i + 1); // one at a time, so the order of waiting is known
        }
        c.lock();
        assertTrue(c.signal());
        c.unlock();
        assertTrue(results.get(0).get(30, TimeUnit.SECONDS), "signal() must release the thread that waited first");
        Thread.sleep(100);
        assertFalse(results.get(1).isDone() || results.get(2).isDone(), "signal() released more than one thread");
        assertEquals(2, c.waiters());
        c.lock();
        assertEquals(2, c.signalAll());
        assertFalse(c.signal(), "nobody waits any more");
        c.unlock();
        for (int i = 1; i < n; i++) {
            assertTrue(results.get(i).get(30, TimeUnit.SECONDS));
        }
        for (Thread t : threads) {
            t.join();
        }
    }

    @Test
    void aSignalSkipsAWaiterThatTimedOutAndGoesToTheNext() throws Exception {
        ShmCondition c = cleanup.closeLater(ShmCondition.create());
        var quitter = new java.util.concurrent.CompletableFuture<Boolean>();
        var stayer = new java.util.concurrent.CompletableFuture<Boolean>();
        Thread q = Thread.ofPlatform().start(() -> {
            c.lock();
            try {
                quitter.complete(c.await(Duration.ofMillis(200)));
            } catch (Throwable t) {
                quitter.completeExceptionally(t);
            } finally {
                c.unlock();
            }
        });
        awaitWaiters(c, 1);
        Thread s = Thread.ofPlatform().start(() -> {
            c.lock();
            try {
                stayer.complete(c.await(Duration.ofSeconds(60)));
            } catch (Throwable t) {
                stayer.completeExceptionally(t);
            } finally {
                c.unlock();
            }
        });
        awaitWaiters(c, 2);
        assertFalse(quitter.get(30, TimeUnit.SECONDS), "the first waiter's time ran out");
        c.lock();
        assertTrue(c.signal(), "the signal must go to the waiter still waiting");
        c.unlock();
        assertTrue(stayer.get(30, TimeUnit.SECONDS));
        q.join();
        s.join();
    }

    @Test
    void awaitAndSignalNeedTheLockAndAwaitHonoursItsTimeout() throws Exception {
        ShmCondition c = cleanup.closeLater(ShmCondition.create());
        var e = assertThrows(IllegalMonitorStateException.class, () -> c.await(Duration.ofMillis(1)));
        assertTrue(e.getMessage().contains("call lock() first"), e.getMessage());
        assertThrows(IllegalMonitorStateException.class, c::signal);
        assertThrows(IllegalMonitorStateException.class, c::signalAll);

        c.lock();
        long t0 = System.nanoTime();
        assertFalse(c.await(Duration.ofMillis(150)), "no signal came: await must report the timeout");
        assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(150), "await returned before its timeout");
        assertTrue(c.isHeldByCurrentProcess(), "await must return with the lock held again");
        assertFalse(c.signal(), "nobody waits: allowed, and not remembered");
        assertFalse(c.await(Duration.ofMillis(20)), "a signal given to nobody must not release a later waiter");
        c.unlock();
        assertNull(c.lastRecoveredFrom());
    }

    @Test
    void waitersInOtherProcessesAreReleasedOneBySignalAndAllBySignalAll() throws Exception {
        ShmCondition c = cleanup.closeLater(ShmCondition.create());
        SharedLongArray permits = cleanup.closeLater(SharedLongArray.create(1));
        List<PeerJvm> children = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            children.add(cleanup.closeLater(PeerJvm.start(SyncPeerMain.JVM_OPTIONS, SyncPeerMain.class, "condition-wait", c.name(),
                    permits.name(), "60000")));
        }
        for (PeerJvm p : children) {
            assertEquals("WAITING", p.readLine(Duration.ofSeconds(60)));
        }
        awaitWaiters(c, 3);
        c.lock();
        permits.set(0, 1);
        c.signal();
        c.unlock();
        List<PeerJvm> left = new ArrayList<>(children);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        PeerJvm first = null;
        while (first == null) {
            assertTrue(System.nanoTime() < deadline, "no process was released by signal()");
            for (PeerJvm p : left) {
                if (!p.process().isAlive()) {
                    assertEquals("PASSED", p.readLine(Duration.ofSeconds(5)));
                    first = p;
                    break;
                }
            }
            Thread.sleep(5);
        }
        left.remove(first);
        awaitWaiters(c, 2);
        for (PeerJvm p : left) {
            ShmEventTest.assertQuiet(p, Duration.ofMillis(100));
        }
        c.lock();
        permits.set(0, 2);
        c.signalAll();
        c.unlock();
        for (PeerJvm p : left) {
            assertEquals("PASSED", p.readLine(Duration.ofSeconds(30)));
        }
        assertEquals(0, permits.get(0), "each released process takes exactly one permit");
    }

    @Test
    void aProcessKilledHoldingTheLockIsDetectedAndItsLockTakenOver() throws Exception {
        ShmCondition c = cleanup.closeLater(ShmCondition.create());
        PeerJvm child = cleanup.closeLater(PeerJvm.start(SyncPeerMain.JVM_OPTIONS, SyncPeerMain.class, "condition-hold", c.name()));
        assertEquals("LOCKED", child.readLine(Duration.ofSeconds(60)));
        assertEquals(child.pid(), c.owner().orElseThrow().pid());
        assertFalse(c.tryLock(Duration.ofMillis(100)), "a live holder's lock must hold");
        child.process().destroyForcibly();
        child.process().waitFor();
        assertTrue(c.tryLock(Duration.ofSeconds(10)), "the lock of a killed holder was not taken over");
        assertEquals(child.pid(), c.lastRecoveredFrom().pid(), "the dead holder must be named");
        assertFalse(c.await(Duration.ofMillis(10)));
        c.unlock();
    }

    @Test
    void openingAnotherKindFailsWithItsName() {
        ShmEvent e = cleanup.closeLater(ShmEvent.create());
        var x = assertThrows(IllegalArgumentException.class, () -> ShmCondition.open(e.name()));
        assertTrue(x.getMessage().contains("not a shared condition"), x.getMessage());
    }
}
