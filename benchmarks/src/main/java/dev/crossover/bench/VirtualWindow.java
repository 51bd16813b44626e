package dev.crossover.bench;

import jdk.management.VirtualThreadSchedulerMXBean;

import java.lang.management.ManagementFactory;
import java.util.ArrayDeque;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A window of {@code size} tasks in flight, each on a virtual thread of its own: {@link #next} waits for
 * the oldest, submits the next and returns the oldest's result, so a benchmark calling it once per
 * operation keeps exactly {@code size} tasks running and scores tasks per second. Every wait is
 * bounded; {@link #close()} interrupts what is left and waits for it.
 */
final class VirtualWindow implements AutoCloseable {

    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final ArrayDeque<Future<Long>> inFlight = new ArrayDeque<>();
    private final Callable<Long> task;
    private final long stuckSeconds;

    /** Starts {@code size} tasks. */
    VirtualWindow(int size, Callable<Long> task, long stuckSeconds) {
        if (size < 1) {
            throw new IllegalArgumentException("a window needs at least one task in flight, got " + size);
        }
        this.task = task;
        this.stuckSeconds = stuckSeconds;
        for (int i = 0; i < size; i++) {
            inFlight.add(executor.submit(task));
        }
    }

    /** Waits for the oldest task, starts another, returns the oldest's result. */
    long next() throws InterruptedException, ExecutionException, TimeoutException {
        Future<Long> oldest = inFlight.poll();
        long r;
        try {
            r = oldest.get(stuckSeconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new TimeoutException("a task of the window took more than " + stuckSeconds + " s: the run is stuck");
        }
        inFlight.add(executor.submit(task));
        return r;
    }

    @Override
    public void close() throws InterruptedException {
        executor.shutdownNow();
        if (!executor.awaitTermination(stuckSeconds, TimeUnit.SECONDS)) {
            throw new IllegalStateException("virtual threads of the window did not end within " + stuckSeconds + " s of an interrupt");
        }
    }

    /** The target parallelism of this JVM's virtual-thread scheduler, as the JDK reports it. */
    static int schedulerParallelism() {
        return ManagementFactory.getPlatformMXBean(VirtualThreadSchedulerMXBean.class).getParallelism();
    }
}
