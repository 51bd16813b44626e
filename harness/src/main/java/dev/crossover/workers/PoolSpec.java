package dev.crossover.workers;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a pool is started with; immutable. Build with {@link #of(Executor, int)} and the
 * {@code with…} methods, start with {@link #start()}.
 *
 * @param executor       which executor runs the tasks
 * @param size           workers (threads or child JVMs); for {@link Executor#VIRTUAL} the
 *                       concurrency cap, 0 for none
 * @param inFlight       tasks a process worker may hold at once (the parent sends the next before
 *                       the last answer arrives); at least 1
 * @param childThreads   threads a child JVM runs tasks on, so blocking tasks overlap there too
 * @param jvmOptions     options of each child JVM after the parent's own flags ({@link ChildJvm}); the
 *                       child flags a run used are recorded in its metadata
 * @param settings       what kernels need for the whole run, given once to each kernel's {@code open}
 * @param idle           idle strategy of the shared-memory transport: {@code backoff} (spin, yield,
 *                       then park with bounded back-off) or {@code spin}
 */
public record PoolSpec(Executor executor, int size, int inFlight, int childThreads,
                       List<String> jvmOptions, Map<String, String> settings, String idle) {

    /**
     * Child JVM options unless told otherwise: none, so a worker runs with the GC, heap and flags of
     * the JVM that starts its pool (see {@link ChildJvm}); a benchmark's workers run the same JVM as
     * its threads.
     */
    public static final List<String> DEFAULT_JVM_OPTIONS = List.of();

    public PoolSpec {
        Objects.requireNonNull(executor, "executor");
        if (size < 0) {
            throw new IllegalArgumentException("pool size must be >= 0 (0 = no cap, virtual only), got " + size);
        }
        if (size == 0 && executor != Executor.VIRTUAL) {
            throw new IllegalArgumentException("pool size 0 (no cap) is only for VIRTUAL; " + executor + " needs >= 1");
        }
        if (inFlight < 1) {
            throw new IllegalArgumentException("inFlight must be >= 1, got " + inFlight);
        }
        if (childThreads < 1) {
            throw new IllegalArgumentException("childThreads must be >= 1, got " + childThreads);
        }
        if (!"backoff".equals(idle) && !"spin".equals(idle)) {
            throw new IllegalArgumentException("idle strategy must be 'backoff' or 'spin', got '" + idle + "'");
        }
        jvmOptions = List.copyOf(jvmOptions);
        settings = Map.copyOf(settings);
    }

    /** A pool of {@code size} workers with the defaults: 2 tasks in flight, 1 thread per child. */
    public static PoolSpec of(Executor executor, int size) {
        return new PoolSpec(executor, size, 2, 1, DEFAULT_JVM_OPTIONS, Map.of(), "backoff");
    }

    public PoolSpec withInFlight(int n) {
        return new PoolSpec(executor, size, n, childThreads, jvmOptions, settings, idle);
    }

    public PoolSpec withChildThreads(int n) {
        return new PoolSpec(executor, size, inFlight, n, jvmOptions, settings, idle);
    }

    public PoolSpec withJvmOptions(List<String> options) {
        return new PoolSpec(executor, size, inFlight, childThreads, options, settings, idle);
    }

    public PoolSpec withSettings(Map<String, String> kernelSettings) {
        return new PoolSpec(executor, size, inFlight, childThreads, jvmOptions, kernelSettings, idle);
    }

    public PoolSpec withIdle(String strategy) {
        return new PoolSpec(executor, size, inFlight, childThreads, jvmOptions, settings, strategy);
    }

    /** Starts the pool. Process pools return once every child has answered its handshake. */
    public Workers start() {
        return Pools.start(this);
    }
}
