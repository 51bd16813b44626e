package dev.crossover.workers;

import java.util.Map;

/**
 * A named unit of work that runs the same way in every executor, also inside a child JVM.
 *
 * <p>A task is a kernel name plus a {@code byte[]} argument; its result is a {@code byte[]}. Kernels
 * are found by name through {@link java.util.ServiceLoader} (see {@link KernelRegistry}), so a user
 * adds a workload by putting a jar with a {@code META-INF/services/dev.crossover.workers.Kernel}
 * entry on the class path. A lambda never crosses a process boundary; a kernel name does.
 *
 * <p>Each pool gets its own instances: {@link #open} is called once per pool (per child JVM for
 * process pools) with the settings the pool was started with, before any task; {@link #apply} is
 * then called concurrently from the pool's threads and must be thread-safe.
 */
public interface Kernel {

    /** The name tasks use to call this kernel: lower case, stable, unique on the class path. */
    String name();

    /**
     * Receives what the kernel needs for the whole run (a server's port, say), once, before any
     * task. The map holds every setting of the pool; a kernel reads the keys it knows.
     */
    default void open(Map<String, String> settings) throws Exception {
    }

    /** Runs one task. Called concurrently; must not keep per-call state in fields. */
    byte[] apply(byte[] arg) throws Exception;

    /**
     * True for kernels that end the JVM they run in ({@code exit}, {@code halt}); in-process pools
     * refuse them, since they would end the caller's JVM.
     */
    default boolean endsJvm() {
        return false;
    }

    /** Releases what {@link #open} acquired. Called once when the pool (or child) shuts down. */
    default void close() {
    }
}
