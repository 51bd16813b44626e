package dev.crossover.workers;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

/** A chunk of tasks run one after another on one thread of an in-process pool. */
final class InProcessTask implements Runnable {

    private final Kernel kernel;
    private final List<byte[]> args;
    final List<CompletableFuture<byte[]>> futures;
    private final Set<InProcessTask> live;
    private final InProcessWorkers pool;
    volatile Thread thread;

    InProcessTask(Kernel kernel, List<byte[]> args, List<CompletableFuture<byte[]>> futures, Set<InProcessTask> live,
                  InProcessWorkers pool) {
        this.kernel = kernel;
        this.args = List.copyOf(args);
        this.futures = futures;
        this.live = live;
        this.pool = pool;
    }

    @Override
    public void run() {
        thread = Thread.currentThread();
        InProcessWorkers.RUNNING_IN.set(pool);
        try {
            for (int i = 0; i < args.size(); i++) {
                CompletableFuture<byte[]> f = futures.get(i);
                if (f.isDone()) {
                    continue; // cancelled by terminate()
                }
                try {
                    byte[] result = kernel.apply(args.get(i));
                    if (result == null) {
                        throw new IllegalStateException("kernel '" + kernel.name() + "' returned null; return an empty array instead");
                    }
                    f.complete(result);
                } catch (Throwable t) {
                    RemoteTaskException e = new RemoteTaskException(thread.getName(), t.getClass().getName(),
                            t.getMessage(), t.getStackTrace());
                    e.initCause(t);
                    f.completeExceptionally(e);
                }
            }
        } finally {
            InProcessWorkers.RUNNING_IN.remove();
            live.remove(this);
        }
    }

    /** Fails every future not yet done, for {@code terminate()}. */
    void cancel(String why) {
        for (CompletableFuture<byte[]> f : futures) {
            f.completeExceptionally(new CancellationException(why));
        }
    }

    /** Creates a kernel for an in-process pool, refusing those that would end this JVM. */
    static Kernel openKernel(KernelRegistry registry, String name, Executor executor,
                             Map<String, String> settings, boolean allowJvmEnd) {
        Kernel k = registry.create(name);
        if (k.endsJvm() && !allowJvmEnd) {
            throw new IllegalArgumentException("kernel '" + name + "' ends the JVM it runs in, and a " + executor
                    + " pool runs tasks inside this JVM, so it is refused; run it in a PROCESS_PIPE pool,"
                    + " where only the worker dies and is replaced");
        }
        try {
            k.open(settings);
        } catch (Exception e) {
            throw new IllegalStateException("kernel '" + name + "' failed to open with settings " + settings
                    + ": " + e, e);
        }
        return k;
    }
}
