package dev.crossover.workers;

/** Starts the pool a {@link PoolSpec} describes. */
final class Pools {

    private Pools() {
    }

    static Workers start(PoolSpec spec) {
        return switch (spec.executor()) {
            case THREADS -> new ThreadWorkers(spec);
            case VIRTUAL -> new VirtualWorkers(spec);
            case PROCESS_PIPE -> new ProcessWorkers(spec, new PipeTransport());
            case PROCESS_SHM -> new ProcessWorkers(spec, new ShmTransport(spec.idle(), ShmTransport.spinFirst(spec.size())));
        };
    }
}
