package dev.crossover.ipc;

/** One {@code long} in shared memory (the notes' {@code Value('l', 0)}): atomic get, set, add, compare-and-set. */
public final class SharedLong implements AutoCloseable {

    private final SharedLongArray cell;

    private SharedLong(SharedLongArray cell) {
        this.cell = cell;
    }

    /** A new value 0, owned (and deleted on close) by this process. */
    public static SharedLong create() {
        return new SharedLong(SharedLongArray.create(1));
    }

    /** Opens a value another process created. */
    public static SharedLong open(String name) {
        return new SharedLong(SharedLongArray.open(name));
    }

    public String name() {
        return cell.name();
    }

    public long get() {
        return cell.get(0);
    }

    public void set(long value) {
        cell.set(0, value);
    }

    /** Atomically adds {@code delta}; returns the new value. */
    public long add(long delta) {
        return cell.add(0, delta);
    }

    public boolean compareAndSet(long expected, long update) {
        return cell.compareAndSet(0, expected, update);
    }

    @Override
    public void close() {
        cell.close();
    }
}
