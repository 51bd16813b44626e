package dev.crossover.ipc;

import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * A fixed-length array of {@code double} in shared memory (the notes' {@code Array('d', …)}). Values
 * are stored as their raw bits so that {@link #add} can be a compare-and-set loop on a {@code long}:
 * the hardware has no atomic floating-point add. Every access is volatile.
 */
public final class SharedDoubleArray extends SharedArray {

    private static final String KIND = "double-array";
    private static final VarHandle BITS = ValueLayout.JAVA_LONG.varHandle();

    private SharedDoubleArray(ShmFile file) {
        super(file, 8);
    }

    /** A new array of {@code length} zeros, owned (and deleted on close) by this process. */
    public static SharedDoubleArray create(int length) {
        return new SharedDoubleArray(SharedRegion.create(KIND, length, 8));
    }

    /** Opens an array another process created. */
    public static SharedDoubleArray open(String name) {
        return new SharedDoubleArray(SharedRegion.open(KIND, name));
    }

    public double get(int index) {
        return Double.longBitsToDouble((long) BITS.getVolatile(seg, at(index)));
    }

    public void set(int index, double value) {
        BITS.setVolatile(seg, at(index), Double.doubleToRawLongBits(value));
    }

    /** Atomically adds {@code delta} (compare-and-set loop); returns the new value. */
    public double add(int index, double delta) {
        long at = at(index);
        while (true) {
            long old = (long) BITS.getVolatile(seg, at);
            double next = Double.longBitsToDouble(old) + delta;
            if (BITS.compareAndSet(seg, at, old, Double.doubleToRawLongBits(next))) {
                return next;
            }
        }
    }

    /** Atomically sets {@code update} if the element is {@code expected} (compared as bits); true if it did. */
    public boolean compareAndSet(int index, double expected, double update) {
        return BITS.compareAndSet(seg, at(index), Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(update));
    }
}
