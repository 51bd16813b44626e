package dev.crossover.ipc;

import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * A fixed-length array of {@code int} in shared memory (the notes' {@code Array}), readable and
 * atomically updatable from every process that opens it by {@link #name()}. Every access is
 * volatile (sequentially consistent), so a value written by one process is seen by the next read
 * in another, and {@link #add}/{@link #compareAndSet} are single atomic instructions across processes.
 */
public final class SharedIntArray extends SharedArray {

    private static final String KIND = "int-array";
    private static final VarHandle VH = ValueLayout.JAVA_INT.varHandle();

    private SharedIntArray(ShmFile file) {
        super(file, 4);
    }

    /** A new zero-filled array of {@code length} elements, owned (and deleted on close) by this process. */
    public static SharedIntArray create(int length) {
        return new SharedIntArray(SharedRegion.create(KIND, length, 4));
    }

    /** Opens an array another process created. */
    public static SharedIntArray open(String name) {
        return new SharedIntArray(SharedRegion.open(KIND, name));
    }

    public int get(int index) {
        return (int) VH.getVolatile(seg, at(index));
    }

    public void set(int index, int value) {
        VH.setVolatile(seg, at(index), value);
    }

    /** Atomically adds {@code delta}; returns the new value. */
    public int add(int index, int delta) {
        return (int) VH.getAndAdd(seg, at(index), delta) + delta;
    }

    /** Atomically adds {@code delta}; returns the old value. */
    public int getAndAdd(int index, int delta) {
        return (int) VH.getAndAdd(seg, at(index), delta);
    }

    /** Atomically sets {@code update} if the element is {@code expected}; true if it did. */
    public boolean compareAndSet(int index, int expected, int update) {
        return VH.compareAndSet(seg, at(index), expected, update);
    }
}
