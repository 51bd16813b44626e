package dev.crossover.workers;

/** Every {@link ProcessFaultTest} again over the shared-memory transport. */
class ShmProcessFaultTest extends ProcessFaultTest {

    @Override
    Executor executor() {
        return Executor.PROCESS_SHM;
    }
}
