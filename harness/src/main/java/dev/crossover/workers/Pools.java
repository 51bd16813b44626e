package dev.crossover.workers;

/** Starts the pool a {@link PoolSpec} describes. */
final class Pools {

    private Pools() {
    }

    static Workers start(PoolSpec spec) {
        throw new UnsupportedOperationException("not yet implemented: " + spec.executor());
    }
}
