package dev.crossover.workers;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The future of a process-pool task. With a spin budget (pool idle strategy {@code spin}) a caller
 * blocking in {@code get}/{@code join} first spins up to that long: an answer that comes back
 * within it is seen at once, without the thread wake-up a parked caller pays. With no budget (the
 * default, {@code backoff}) it parks at once and leaves the cores to the workers.
 */
final class TaskFuture extends CompletableFuture<byte[]> {

    private final long spinNanos;

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
