package dev.crossover.workers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** {@link Executor#THREADS}: a fixed pool of {@code size} platform threads in this JVM. */
final class ThreadWorkers extends InProcessWorkers {

    private final ThreadPoolExecutor pool;
    private final List<String> names = new ArrayList<>();

    ThreadWorkers(PoolSpec spec) {
        this(spec, false);
    }

    /**
     * @param allowJvmEnd lets {@code exit}/{@code halt} kernels run; only for demonstrations inside
     *                    a throw-away JVM (they end the whole JVM, every task with it)
     */
    ThreadWorkers(PoolSpec spec, boolean allowJvmEnd) {
        super(spec, allowJvmEnd);
        int n = spec.size();
        for (int i = 1; i <= n; i++) {
            names.add("threads-" + i);
        }
        AtomicInteger next = new AtomicInteger();
        pool = new ThreadPoolExecutor(n, n, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, names.get(next.getAndIncrement() % n));
            t.setDaemon(true); // a pool someone forgot to close must not keep the JVM alive
            return t;
        });
        pool.prestartAllCoreThreads();
    }

    @Override
    void start(InProcessTask task) {
        pool.execute(task);
    }

    @Override
    public int size() {
        return spec.size();
    }

    @Override
    public List<String> workerNames() {
        return List.copyOf(names);
    }

    @Override
    public void close() {
        closed = true;
        pool.shutdown();
    }

    @Override
    public boolean join(Duration timeout) throws InterruptedException {
        checkJoin();
        boolean done = pool.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (done) {
            closeKernels();
        }
        return done;
    }

    @Override
    public boolean isAlive() {
        return !pool.isTerminated();
    }

    @Override
    public void terminate() {
        closed = true;
        cancelLive(); // first, so an interrupted task cannot complete its future with the interrupt
        pool.shutdownNow();
        closeKernels();
    }
}
