package dev.crossover.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** C20: a bounded semaphore caps how many run at once and refuses a release beyond what was acquired. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BoundedSemaphoreTest {

    @Test
    void refusesAReleaseBeyondWhatWasAcquiredWhereAPlainSemaphoreGrows() throws Exception {
        BoundedSemaphore s = new BoundedSemaphore(5);
        var e = assertThrows(IllegalStateException.class, s::release);
        assertTrue(e.getMessage().contains("BoundedSemaphore(5) released more often than acquired")
                && e.getMessage().contains("java.util.concurrent.Semaphore"), e.getMessage());
        assertEquals(5, s.availablePermits(), "a refused release must not change the count");
        s.acquire();
        s.release();
        assertThrows(IllegalStateException.class, s::release);

        Semaphore plain = new Semaphore(5);
        plain.release();
        assertEquals(6, plain.availablePermits(), "the plain semaphore grows past its initial count");
    }

    @Test
    void atMostBoundThreadsHoldAPermitAtOnce() throws Exception {
        BoundedSemaphore s = new BoundedSemaphore(5, true);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            threads.add(Thread.ofVirtual().start(() -> {
                for (int k = 0; k < 200; k++) {
                    try {
                        s.acquire();
                    } catch (InterruptedException ex) {
                        return;
                    }
                    try {
                        peak.accumulateAndGet(inside.incrementAndGet(), Math::max);
                        Thread.yield();
                    } finally {
                        inside.decrementAndGet();
                        s.release();
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertTrue(peak.get() <= 5, "more than 5 held a permit at once: " + peak.get());
        assertTrue(peak.get() >= 2, "the threads never overlapped, so the cap was not tested: peak " + peak.get());
        assertEquals(5, s.availablePermits());
        assertThrows(IllegalStateException.class, s::release);
    }

    @Test
    void tryAcquireTimesOutWhenAllPermitsAreOutAndRejectsABadBound() throws Exception {
        BoundedSemaphore s = new BoundedSemaphore(1);
        assertTrue(s.tryAcquire());
        assertFalse(s.tryAcquire());
        assertFalse(s.tryAcquire(Duration.ofMillis(20)));
        s.release();
        assertTrue(s.tryAcquire(Duration.ofMillis(20)));
        s.release();
        var e = assertThrows(IllegalArgumentException.class, () -> new BoundedSemaphore(0));
        assertTrue(e.getMessage().contains("at least 1 permit, got 0"), e.getMessage());
    }
}
