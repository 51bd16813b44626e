package dev.crossover.ipc;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.util.Objects;

/**
 * A fixed-length array of {@code double} in shared memory (the notes' {@code Array('d', …)}). Values
 * are stored as their raw bits so that {@link #add} can be a compare-and-set loop on a {@code long}:
 * the hardware has no atomic floating-point add. Every access is volatile.
 */
public final class SharedDoubleArray implements AutoCloseable {

    private static final String KIND = "double-array";
    private static final VarHandle BITS = ValueLayout.JAVA_LONG.varHandle();
    private static final long DATA = SharedRegion.DATA_OFFSET;

    private final ShmFile file;
    private final MemorySegment seg;
    private final int length;

    private SharedDoubleArray(ShmFile file) {
        this.file = file;
        this.seg = file.segment();
        this.length = SharedRegion.length(file);
    }

    /** A new array of {@code length} zeros, owned (and deleted on close) by this process. */
    public static SharedDoubleArray create(int length) {
        return new SharedDoubleArray(SharedRegion.create(KIND, length, 8));
    }

    /** Opens an array another process created. */
    public static SharedDoubleArray open(String name) {
        return new SharedDoubleArray(SharedRegion.open(KIND, name));
    }

    public int length() {
        return length;
    }

    /** The name other processes open it by. */
    public String name() {
        return file.name();
    }

    private long at(int index) {
        return DATA + (long) Objects.checkIndex(index, length) * 8;
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

    /** Unmaps; the creating process also deletes the file. */
    @Override
    public void close() {
        file.close();
    }
}
