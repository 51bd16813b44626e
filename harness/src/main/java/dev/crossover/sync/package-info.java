/**
 * The notes' {@code threading} primitives that Java's own library lacks, for threads of one JVM
 * (platform or virtual): {@link dev.crossover.sync.ThreadEvent} ({@code threading.Event}) and
 * {@link dev.crossover.sync.BoundedSemaphore} ({@code threading.BoundedSemaphore}). Their
 * counterparts across processes are {@code dev.crossover.ipc.ShmEvent} and
 * {@code dev.crossover.ipc.ShmCondition}; a {@code Condition} and a plain {@code Semaphore} are
 * {@code java.util.concurrent}'s.
 */
package dev.crossover.sync;
