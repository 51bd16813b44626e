package dev.crossover.load.http;

import dev.crossover.workers.Workers;

import java.time.Duration;

/** Blocking requests through the pool API: the {@code http-get} kernel on threads, virtual threads or child JVMs. */
final class PoolHttpClient implements HttpLoadClient {

    private final Workers pool;
    private final int waitingThreads;
    private final String description;

    PoolHttpClient(Workers pool, int waitingThreads, String description) {
        this.pool = pool;
        this.waitingThreads = waitingThreads;
        this.description = description;
    }

    @Override
    public void send(Done done) {
        try {
            pool.submit("http-get", new byte[0]).whenComplete((r, e) -> done.completed(e));
        } catch (RuntimeException e) {
            done.completed(e);
        }
    }

    @Override
    public int waitingThreads() {
        return waitingThreads;
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() {
        pool.terminate();
        try {
            if (!pool.join(Duration.ofSeconds(30))) {
                throw new IllegalStateException(pool.executor() + " pool of the HTTP client did not stop within 30 s: " + pool.workerNames());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
