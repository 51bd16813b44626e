package dev.crossover.workers;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;

/**
 * {@link Executor#VIRTUAL}: a new virtual thread per task (per chunk), optionally capped by a
 * semaphore of {@code size} permits taken inside the virtual thread, so {@code submit} never blocks.
 */
final class VirtualWorkers extends InProcessWorkers {

    private final Semaphore cap;
    private final ThreadFactory factory = Thread.ofVirtual().name("virtual-", 1).factory();
    private final Object idle = new Object();
    private int running;

    VirtualWorkers(PoolSpec spec) {
        super(spec, false);
        cap = spec.size() == 0 ? null : new Semaphore(spec.size());
    }

    @Override
    void start(InProcessTask task) {
        synchronized (idle) {
            running++;
        }
        Thread t = factory.newThread(() -> {
            try {
                if (cap != null) {
                    cap.acquire();
                }
                try {
                    task.run();
                } finally {
                    if (cap != null) {
                        cap.release();
                    }
                }
            } catch (InterruptedException e) {
                task.cancel("interrupted while waiting for a permit");
                live.remove(task);
            } finally {
                synchronized (idle) {
                    running--;
                    idle.notifyAll();
                }
            }
        });
        task.thread = t;
        t.start();
    }

    @Override
    public int size() {
        return cap == null ? UNBOUNDED : spec.size();
    }

    @Override
    public List<String> workerNames() {
        return List.of(cap == null ? "virtual (a thread per task, no cap)" : "virtual (a thread per task, cap " + spec.size() + ")");
    }

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public boolean join(Duration timeout) throws InterruptedException {
        checkJoin();
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (idle) {
            while (!closed || running > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                idle.wait(Math.max(1, left / 1_000_000));
            }
        }
        closeKernels();
        return true;
    }

    @Override
    public boolean isAlive() {
        synchronized (idle) {
            return !closed || running > 0;
        }
    }

    @Override
    public void terminate() {
        closed = true;
        cancelLive();
        closeKernels();
    }
}
