package dev.crossover.workers;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One pool API over every {@link Executor}: platform threads, virtual threads and child JVMs.
 *
 * <p>Modelled on Python's {@code multiprocessing.Pool} and {@code ThreadPoolExecutor}, in Java's
 * idiom. A task is a {@link Kernel} name plus a {@code byte[]} argument; its result a {@code
 * byte[]}. A failed task completes its future with {@link RemoteTaskException} (the kernel threw)
 * or {@link WorkerDiedException} (the worker holding it died); other tasks are unaffected and a
 * dead process worker is replaced.
 *
 * <p>Start one with {@link PoolSpec#start()}.
 */
public interface Workers extends AutoCloseable {

    /** {@link #size()} of a pool without a cap. */
    int UNBOUNDED = Integer.MAX_VALUE;

    /** The executor behind this pool. */
    Executor executor();

    /** Number of workers, or the concurrency cap; {@link #UNBOUNDED} for an uncapped pool. */
    int size();

    /** A name for each worker, e.g. {@code process-2 (pid 4711)}; stable for a worker's life. */
    List<String> workerNames();

    /** Process ids of the child JVMs now serving this pool; empty for in-process pools. For cost metrics (RSS, CPU time). */
    default List<Long> workerPids() {
        return List.of();
    }

    /**
     * Submits one task. Fails at once (without a future) on an unknown kernel, and after {@link #close()}
     * or {@link #terminate()} with an {@link IllegalStateException} that says so.
     */
    CompletableFuture<byte[]> submit(String kernel, byte[] arg);

    /** The notes' {@code apply_async}: {@link #submit}, one task, its result as a future. */
    default CompletableFuture<byte[]> applyAsync(String kernel, byte[] arg) {
        return submit(kernel, arg);
    }

    /**
     * Runs {@code kernel} on every argument and returns the results in argument order, blocking
     * until all are done. {@code chunkSize} tasks travel together to one worker; it changes
     * batching, never results.
     *
     * @throws RemoteTaskException or {@link WorkerDiedException} for the first task that failed
     */
    List<byte[]> map(String kernel, List<byte[]> args, int chunkSize) throws InterruptedException;

    /** Like {@link #map} but streams: results in argument order as they become available. */
    Iterator<byte[]> imap(String kernel, List<byte[]> args, int chunkSize);

    /** Like {@link #imap} but each result as soon as it is done, in completion order. */
    Iterator<byte[]> imapUnordered(String kernel, List<byte[]> args, int chunkSize);

    /** No new work is accepted; submitted work goes on, then workers stop. Idempotent. */
    @Override
    void close();

    /**
     * Waits at most {@code timeout} until every worker has stopped; true when they all did, false on
     * timeout. As with {@code multiprocessing.Pool}, {@link #close()} or {@link #terminate()} must come
     * first (otherwise the workers never stop and join would only wait out its timeout).
     *
     * @throws IllegalStateException when the pool was neither closed nor terminated, or when called
     *                               from one of this pool's own tasks (it would wait for itself)
     */
    boolean join(Duration timeout) throws InterruptedException;

    /** Stops now: pending and running tasks fail with a {@link java.util.concurrent.CancellationException}, workers are killed (child JVMs) or interrupted (threads). */
    void terminate();

    /** True until every worker has stopped, which only {@link #close()} (once the work is done) or {@link #terminate()} brings. */
    boolean isAlive();
}
