package dev.crossover.ipc;

/** One {@code double} in shared memory (the notes' {@code Value('d', 0.0)}): atomic get, set, add (a compare-and-set loop), compare-and-set. */
public final class SharedDouble implements AutoCloseable {

    private final SharedDoubleArray cell;

    private SharedDouble(SharedDoubleArray cell) {
        this.cell = cell;
    }

    /** A new value 0.0, owned (and deleted on close) by this process. */
    public static SharedDouble create() {
        return new SharedDouble(SharedDoubleArray.create(1));
    }

    /** Opens a value another process created. */
    public static SharedDouble open(String name) {
        return new SharedDouble(SharedDoubleArray.open(name));
    }

    public String name() {
        return cell.name();
    }

    public double get() {
        return cell.get(0);
    }

    public void set(double value) {
        cell.set(0, value);
    }

    /** Atomically adds {@code delta}; returns the new value. */
    public double add(double delta) {
        return cell.add(0, delta);
    }

    public boolean compareAndSet(double expected, double update) {
        return cell.compareAndSet(0, expected, update);
    }

    @Override
    public void close() {
        cell.close();
    }
}
