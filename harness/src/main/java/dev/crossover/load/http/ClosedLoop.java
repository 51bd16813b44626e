package dev.crossover.load.http;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Closed-loop load: {@code concurrency} requests in flight, a new one sent when one is answered.
 * {@link #sendWhenFree} waits for a free slot and sends into it; its callers count requests.
 */
public final class ClosedLoop {

    private final HttpLoadClient client;
    private final Semaphore free;
    private final int concurrency;
    private final AtomicLong completed = new AtomicLong();
    private final AtomicReference<Throwable> firstFailure = new AtomicReference<>();

    public ClosedLoop(HttpLoadClient client, int concurrency) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("closed loop: concurrency must be >= 1, got " + concurrency);
        }
        this.client = client;
        this.concurrency = concurrency;
        this.free = new Semaphore(concurrency);
    }

    /**
     * Waits at most {@code timeoutMillis} for a slot, then sends one request into it.
     *
     * @throws IllegalStateException when a request failed, or no slot came free in time
     */
    public void sendWhenFree(long timeoutMillis) throws InterruptedException {
        Throwable bad = firstFailure.get();
        if (bad != null) {
            throw new IllegalStateException("a request of the closed loop failed: " + bad, bad);
        }
        if (!free.tryAcquire(timeoutMillis, TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("closed loop at concurrency " + concurrency + ": no request was answered within "
                    + timeoutMillis + " ms; the client cannot keep up on this machine (or the server is stuck)");
        }
        client.send(failure -> {
            if (failure != null) {
                firstFailure.compareAndSet(null, failure);
            } else {
                completed.incrementAndGet();
            }
            free.release();
        });
    }

    /** Requests in flight now. */
    public int inFlight() {
        return concurrency - free.availablePermits();
    }

    /** Requests answered correctly so far. */
    public long completed() {
        return completed.get();
    }

    /** The first failure a request met, or null. */
    public Throwable firstFailure() {
        return firstFailure.get();
    }

    /** Waits at most {@code timeoutMillis} for every request in flight to be answered; true when all were. */
    public boolean drain(long timeoutMillis) throws InterruptedException {
        if (free.tryAcquire(concurrency, timeoutMillis, TimeUnit.MILLISECONDS)) {
            free.release(concurrency);
            return true;
        }
        return false;
    }
}
