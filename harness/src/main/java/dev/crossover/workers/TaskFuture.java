package dev.crossover.workers;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The future of a process-pool task. A caller blocked in {@link #get()} reads the answer from the
 * worker's channel itself when no other thread is reading it (see {@link Reader}), so the answer
 * reaches it with the pipe's own wake-up and not a second one from a reader thread. Timed {@code
 * get} and {@code join} wait as usual while the worker's background reader reads.
 */
final class TaskFuture extends CompletableFuture<byte[]> {

    /** The worker holding this task, once it was sent; null while the task is queued in the pool. */
    volatile Reader reader;

    /** A worker's channel, readable by a waiting caller. */
    interface Reader {
        /** Reads and dispatches answers while no other thread does, until {@code f} is done or the worker ended. */
        void readUntilDone(CompletableFuture<byte[]> f) throws InterruptedException;
    }

    @Override
    public byte[] get() throws InterruptedException, ExecutionException {
        Reader r = reader;
        if (r != null && !isDone()) {
            r.readUntilDone(this);
        }
        return super.get();
    }
}
