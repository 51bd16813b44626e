package dev.crossover.workers;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;

/** Shared part of the pools that run tasks on threads of this JVM: kernels opened once, close and terminate. */
abstract class InProcessWorkers extends AbstractWorkers {

    final PoolSpec spec;
    private final boolean allowJvmEnd;
    private final KernelRegistry registry = KernelRegistry.standard();
    private final Map<String, Kernel> kernels = new HashMap<>();
    final Set<InProcessTask> live = ConcurrentHashMap.newKeySet();
    volatile boolean closed;

    InProcessWorkers(PoolSpec spec, boolean allowJvmEnd) {
        this.spec = spec;
        this.allowJvmEnd = allowJvmEnd;
    }

    @Override
    public Executor executor() {
        return spec.executor();
    }

    private synchronized Kernel kernel(String name) {
        Kernel k = kernels.get(name);
        if (k == null) {
            k = InProcessTask.openKernel(registry, name, spec.executor(), spec.settings(), allowJvmEnd);
            kernels.put(name, k);
        }
        return k;
    }

    /** The pool whose task the current thread is running, or null; so a task cannot join its own pool. */
    static final ThreadLocal<InProcessWorkers> RUNNING_IN = new ThreadLocal<>();

    /** What {@code join} refuses: a pool neither closed nor terminated, or a join from one of its own tasks. */
    final void checkJoin() {
        if (!closed) {
            throw new IllegalStateException(spec.executor() + " pool is still running: call close() (let the work finish) or "
                    + "terminate() (stop now) before join(), as multiprocessing.Pool requires");
        }
        if (RUNNING_IN.get() == this) {
            throw new IllegalStateException("a task of this " + spec.executor() + " pool called join() on its own pool, which would "
                    + "wait for itself to finish; join the pool from the thread that created it");
        }
    }

    /** Starts the task on a thread of this pool. */
    abstract void start(InProcessTask task);

    @Override
    final List<CompletableFuture<byte[]>> submitChunk(String kernelName, List<byte[]> args) {
        if (closed) {
            throw new IllegalStateException(spec.executor() + " pool is closed; no new tasks are accepted: submit before close(), "
                    + "or start a new pool");
        }
        Kernel k = kernel(kernelName);
        List<CompletableFuture<byte[]>> futures = new ArrayList<>(args.size());
        for (int i = 0; i < args.size(); i++) {
            futures.add(new CompletableFuture<>());
        }
        InProcessTask task = new InProcessTask(k, args, futures, live, this);
        live.add(task);
        try {
            start(task);
        } catch (RejectedExecutionException e) {
            live.remove(task);
            throw new IllegalStateException(spec.executor() + " pool is closed; no new tasks are accepted", e);
        }
        return futures;
    }

    /**
     * Waits from the last future back to the first. Tasks leave the queue in submission order, so
     * the last ones finish last: the caller sleeps about once per {@code map} instead of once per
     * task (each wake-up is a context switch taken from the pool's own threads). A failed or
     * cancelled task is only noted here; {@code map} then reports the first failure in order.
     */
    @Override
    final void awaitAll(List<CompletableFuture<byte[]>> futures) throws InterruptedException {
        for (int i = futures.size() - 1; i >= 0; i--) {
            CompletableFuture<byte[]> f = futures.get(i);
            if (!f.isDone()) {
                try {
                    f.get();
                } catch (ExecutionException | CancellationException ignored) {
                    // reported in argument order by map
                }
            }
        }
    }

    /** Cancels every task not yet done and interrupts the threads running them. */
    final void cancelLive() {
        for (InProcessTask t : live) {
            t.cancel("pool terminated");
            Thread th = t.thread;
            if (th != null) {
                th.interrupt();
            }
        }
        live.clear();
    }

    /** Closes the kernels; called once the last task has finished. */
    final synchronized void closeKernels() {
        for (Kernel k : kernels.values()) {
            try {
                k.close();
            } catch (RuntimeException e) {
                System.err.println("closing kernel " + k.name() + " failed: " + e);
            }
        }
        kernels.clear();
    }
}
