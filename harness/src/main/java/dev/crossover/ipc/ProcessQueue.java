package dev.crossover.ipc;

import java.time.Duration;

/**
 * A queue of byte-array items that processes share (the notes' {@code multiprocessing.Queue}, C9):
 * {@code put} and {@code get} block, block up to a timeout, or fail at once, and report failure with
 * {@link QueueFullException} or {@link QueueEmptyException}. Over shared memory ({@link ShmQueue}) or
 * over a pipe ({@link PipeQueue}); the "queue" of claims C1 and C2.
 */
public interface ProcessQueue extends AutoCloseable {

    /**
     * Adds an item.
     *
     * @param block   false: fail at once when full; true: wait for room
     * @param timeout with {@code block}, how long to wait; null waits forever
     * @throws QueueFullException when there was no room in time
     */
    void put(byte[] item, boolean block, Duration timeout) throws InterruptedException;

    /**
     * Takes the oldest item.
     *
     * @param block   false: fail at once when empty; true: wait for an item
     * @param timeout with {@code block}, how long to wait; null waits forever
     * @throws QueueEmptyException when nothing came in time
     */
    byte[] get(boolean block, Duration timeout) throws InterruptedException;

    /** Largest item in bytes. */
    int maxItemSize();

    /** Waits as long as it takes for room. */
    default void put(byte[] item) throws InterruptedException {
        put(item, true, null);
    }

    /** Waits up to {@code timeout} for room, then throws {@link QueueFullException}. */
    default void put(byte[] item, Duration timeout) throws InterruptedException {
        put(item, true, timeout);
    }

    /** Throws {@link QueueFullException} at once when full. */
    default void putNowait(byte[] item) {
        try {
            put(item, false, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Waits as long as it takes for an item. */
    default byte[] get() throws InterruptedException {
        return get(true, null);
    }

    /** Waits up to {@code timeout} for an item, then throws {@link QueueEmptyException}. */
    default byte[] get(Duration timeout) throws InterruptedException {
        return get(true, timeout);
    }

    /** Throws {@link QueueEmptyException} at once when empty. */
    default byte[] getNowait() {
        try {
            return get(false, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    void close();
}
