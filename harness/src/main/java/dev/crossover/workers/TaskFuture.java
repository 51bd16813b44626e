package dev.crossover.workers;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The future of a process-pool task. {@code get()}, timed {@code get} and {@code join()} all wait
 * the same way: through {@link ReplyReader#await} of the worker holding the task, which reads the
 * worker's channel itself when no other thread does (so the answer costs the channel's own wake-up)
 * and reads on when the waiter is itself inside a callback of the same worker (so re-entrant use
 * cannot deadlock). Callbacks run on whichever thread read the answer.
 */
final class TaskFuture extends CompletableFuture<byte[]> {

    /** The reader of the worker holding this task; null while the task is queued in the pool. */
    private volatile ReplyReader reader;
    /** Threads waiting for {@link #reader} to be set; written under this. */
    private volatile int queuedWaiters;

    /** The task was sent to a worker whose answers {@code r} reads. */
    void assign(ReplyReader r) {
        reader = r;
        wakeQueued();
    }

    private void wakeQueued() {
        if (queuedWaiters > 0) {
            synchronized (this) {
                notifyAll();
            }
        }
    }

    /** Waits while the task is queued in the pool; the reader once it was sent, else null (done). */
    private ReplyReader awaitAssigned(long deadlineNanos, boolean interruptible) throws InterruptedException {
        ReplyReader r = reader;
        if (r != null || isDone()) {
            return r;
        }
        ReplyReader.currentDispatchBlocks();
        synchronized (this) {
            queuedWaiters++;
            try {
                while ((r = reader) == null && !isDone()) {
                    long left = deadlineNanos == 0 ? 0 : deadlineNanos - System.nanoTime();
                    if (deadlineNanos != 0 && left <= 0) {
                        return null;
                    }
                    try {
                        if (deadlineNanos == 0) {
                            wait();
                        } else {
                            TimeUnit.NANOSECONDS.timedWait(this, left);
                        }
                    } catch (InterruptedException e) {
                        if (interruptible) {
                            throw e;
                        }
                        Thread.currentThread().interrupt();
                        return null; // join() is not interruptible: fall back to the plain wait
                    }
                }
            } finally {
                queuedWaiters--;
            }
        }
        return r;
    }

    private void awaitDone(long deadlineNanos, boolean interruptible) throws InterruptedException {
        if (isDone()) {
            return;
        }
        ReplyReader r = awaitAssigned(deadlineNanos, interruptible);
        if (r != null && !isDone()) {
            r.await(this, deadlineNanos, interruptible);
        }
    }

    @Override
    public byte[] get() throws InterruptedException, ExecutionException {
        awaitDone(0, true);
        return super.get();
    }

    @Override
    public byte[] get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        if (deadline == 0) {
            deadline = 1;
        }
        awaitDone(deadline, true);
        return super.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    @Override
    public byte[] join() {
        try {
            awaitDone(0, false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return super.join();
    }

    @Override
    public boolean complete(byte[] value) {
        boolean r = super.complete(value);
        wakeQueued();
        return r;
    }

    @Override
    public boolean completeExceptionally(Throwable ex) {
        boolean r = super.completeExceptionally(ex);
        wakeQueued();
        return r;
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        boolean r = super.cancel(mayInterruptIfRunning);
        wakeQueued();
        return r;
    }
}
