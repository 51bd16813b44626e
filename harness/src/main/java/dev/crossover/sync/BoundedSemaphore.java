package dev.crossover.sync;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The notes' {@code threading.BoundedSemaphore(n)}: a {@link Semaphore} of {@code n} permits that
 * refuses a release beyond what was acquired, as Python raises {@code ValueError}. A plain
 * {@code Semaphore} accepts any release and so silently grows past its bound.
 *
 * <p>It counts the permits held beside the semaphore: an acquire counts after the semaphore granted
 * it, a release uncounts before the semaphore takes it back, so the count never exceeds what the
 * semaphore handed out and an unmatched release always finds it at zero. Like Python's, it does not
 * know which thread holds a permit: any thread may release one that another acquired.
 */
public final class BoundedSemaphore {

    private final int bound;
    private final Semaphore permits;
    private final AtomicInteger held = new AtomicInteger();

    /**
     * @param bound the permits, and the most that may be out at once (at least 1)
     * @param fair  first come, first served among waiters (as {@link Semaphore#Semaphore(int, boolean)})
     */
    public BoundedSemaphore(int bound, boolean fair) {
        if (bound < 1) {
            throw new IllegalArgumentException("a bounded semaphore needs at least 1 permit, got " + bound);
        }
        this.bound = bound;
        this.permits = new Semaphore(bound, fair);
    }

    /** An unfair semaphore of {@code bound} permits. */
    public BoundedSemaphore(int bound) {
        this(bound, false);
    }

    /** Takes a permit, waiting as long as it takes. */
    public void acquire() throws InterruptedException {
        permits.acquire();
        held.incrementAndGet();
    }

    /** Takes a permit if one is free now. */
    public boolean tryAcquire() {
        if (!permits.tryAcquire()) {
            return false;
        }
        held.incrementAndGet();
        return true;
    }

    /** Takes a permit if one comes free within {@code timeout}. */
    public boolean tryAcquire(Duration timeout) throws InterruptedException {
        if (!permits.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            return false;
        }
        held.incrementAndGet();
        return true;
    }

    /**
     * Gives a permit back.
     *
     * @throws IllegalStateException when no permit is out: more releases than acquires
     */
    public void release() {
        while (true) {
            int h = held.get();
            if (h == 0) {
                throw new IllegalStateException("BoundedSemaphore(" + bound + ") released more often than acquired: all " + bound
                        + " permits are already free; release only a permit that acquire() or tryAcquire() gave you "
                        + "(in a finally block after a successful acquire), or use java.util.concurrent.Semaphore if the "
                        + "count may grow");
            }
            if (held.compareAndSet(h, h - 1)) {
                break;
            }
        }
        permits.release();
    }

    /** Permits free now. */
    public int availablePermits() {
        return permits.availablePermits();
    }

    /** The most permits that can be out at once. */
    public int bound() {
        return bound;
    }

    @Override
    public String toString() {
        return "BoundedSemaphore[" + availablePermits() + " of " + bound + " free]";
    }
}
