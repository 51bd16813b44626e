package dev.crossover.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** C18 in one JVM: every waiter, platform or virtual, passes after set and none after clear. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ThreadEventTest {

    @Test
    void everyWaiterPassesAfterSetAndNoneAfterClear() throws Exception {
        ThreadEvent e = new ThreadEvent();
        AtomicInteger passed = new AtomicInteger();
        List<Thread> waiters = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Thread.Builder b = i % 2 == 0 ? Thread.ofPlatform() : Thread.ofVirtual();
            waiters.add(b.start(() -> {
                try {
                    if (e.await(Duration.ofSeconds(30))) {
                        passed.incrementAndGet();
                    }
                } catch (InterruptedException x) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        for (Thread t : waiters) {
            while (t.getState() != Thread.State.TIMED_WAITING) {
                Thread.sleep(1);
            }
        }
        assertEquals(0, passed.get(), "a waiter passed a clear event");
        e.set();
        e.clear(); // waiters present at set() pass all the same
        for (Thread t : waiters) {
            t.join();
        }
        assertEquals(6, passed.get());
        long t0 = System.nanoTime();
        assertFalse(e.await(Duration.ofMillis(100)), "a waiter passed after clear");
        assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(100), "await returned before its timeout");
        e.set();
        assertTrue(e.isSet());
        assertTrue(e.await(Duration.ZERO));
    }
}
