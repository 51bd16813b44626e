package dev.crossover.workers;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The future of a process-pool task. A caller blocked in {@link #get()} reads the answer from the
 * worker's channel itself when no other thread is reading it (see {@link Reader}), so the answer
 * reaches it with the pipe's own wake-up and not a second one from a reader thread. With a spin budget (pool idle strategy {@code spin}) a caller
 * blocking in {@code get}/{@code join} first spins up to that long: an answer that comes back
 * within it is seen at once, without the thread wake-up a parked caller pays. With no budget (the
 * default, {@code backoff}) it parks at once and leaves the cores to the workers.
 */
final class TaskFuture extends CompletableFuture<byte[]> {

    private final long spinNanos;

    /** The worker holding this task, once it was sent; null while the task is queued in the pool. */
    volatile Reader reader;

    /** A worker's channel, readable by a waiting caller. */
    interface Reader {
        /** Reads and dispatches answers while no other thread does, until {@code f} is done or the worker ended. */
        void readUntilDone(CompletableFuture<byte[]> f) throws InterruptedException;
    }

    TaskFuture(long spinNanos) {
        this.spinNanos = spinNanos;
    }

    private void spin() {
        if (spinNanos > 0 && !isDone()) {
            long end = System.nanoTime() + spinNanos;
            while (!isDone() && System.nanoTime() < end) {
                Thread.onSpinWait();
            }
        }
    }

    @Override
    public byte[] get() throws InterruptedException, ExecutionException {
        spin();
        Reader r = reader;
        if (r != null && !isDone()) {
            r.readUntilDone(this);
        }
        return super.get();
    }

    @Override
    public byte[] get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        spin();
        return super.get(timeout, unit);
    }

    @Override
    public byte[] join() {
        spin();
        return super.join();
    }
}
