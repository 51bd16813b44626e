package dev.crossover.ipc;

import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * A fixed-length array of {@code long} in shared memory (the notes' {@code Array}), readable and
 * atomically updatable from every process that opens it by {@link #name()}. Every access is
 * volatile (sequentially consistent), so a value written by one process is seen by the next read
 * in another, and {@link #add}/{@link #compareAndSet} are single atomic instructions across processes.
 */
public final class SharedLongArray extends SharedArray {

    private static final String KIND = "long-array";
    private static final VarHandle VH = ValueLayout.JAVA_LONG.varHandle();

    private SharedLongArray(ShmFile file) {
        super(file, 8);
    }

    /** A new zero-filled array of {@code length} elements, owned (and deleted on close) by this process. */
    public static SharedLongArray create(int length) {
        return new SharedLongArray(SharedRegion.create(KIND, length, 8));
    }

    /** Opens an array another process created. */
    public static SharedLongArray open(String name) {
        return new SharedLongArray(SharedRegion.open(KIND, name));
    }

    public long get(int index) {
        return (long) VH.getVolatile(seg, at(index));
    }

    public void set(int index, long value) {
        VH.setVolatile(seg, at(index), value);
    }

    /** Atomically adds {@code delta}; returns the new value. */
    public long add(int index, long delta) {
        return (long) VH.getAndAdd(seg, at(index), delta) + delta;
    }

    /** Atomically adds {@code delta}; returns the old value. */
    public long getAndAdd(int index, long delta) {
        return (long) VH.getAndAdd(seg, at(index), delta);
    }

    /** Atomically sets {@code update} if the element is {@code expected}; true if it did. */
    public boolean compareAndSet(int index, long expected, long update) {
        return VH.compareAndSet(seg, at(index), expected, update);
    }
}
