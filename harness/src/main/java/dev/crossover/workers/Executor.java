package dev.crossover.workers;

/** The ways Crossover runs work, compared everywhere in the suite. Usable as a JMH {@code @Param}. */
public enum Executor {
    /** A fixed pool of platform threads in this JVM. */
    THREADS,
    /** A virtual thread per task in this JVM, optionally capped by a semaphore. */
    VIRTUAL,
    /** Child JVMs, tasks and results as framed messages over the child's stdin/stdout. */
    PROCESS_PIPE,
    /** Child JVMs, tasks and results through shared-memory rings (FFM, mapped file). */
    PROCESS_SHM;

    /** True for the executors that run tasks in child JVMs. */
    public boolean isProcess() {
        return this == PROCESS_PIPE || this == PROCESS_SHM;
    }
}
