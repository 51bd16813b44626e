package dev.crossover.load;

/**
 * The CPU-bound work unit of the suite: a chain of integer mixing steps in which each step depends
 * on the one before, so the JIT can neither skip nor vectorise it and the result proves every step
 * ran. One unit's single-thread cost is measured by {@code CpuUnitBench}; reports convert units to
 * microseconds with it.
 */
public final class CpuWork {

    /** Mixing steps in one work unit (about a microsecond on a current x86 core). */
    public static final int STEPS_PER_UNIT = 512;

    private CpuWork() {
    }

    /** Runs {@code units} work units from {@code seed}; the result depends on every step. */
    public static long run(long seed, long units) {
        long x = seed;
        for (long u = 0; u < units; u++) {
            for (int s = 0; s < STEPS_PER_UNIT; s++) {
                x = (x ^ (x >>> 31)) * 0x9E3779B97F4A7C15L + s;
            }
        }
        return x;
    }
}
