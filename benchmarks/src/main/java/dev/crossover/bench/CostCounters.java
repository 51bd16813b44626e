package dev.crossover.bench;

import dev.crossover.load.PoolCost;
import dev.crossover.workers.Workers;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Cost beside speed, as JMH secondary metrics of each iteration: {@code poolRssMb}, resident memory
 * of this JVM plus the pool's child JVMs at the end of the iteration, and {@code childCpuMs}, CPU
 * time the children used during it (0 for in-process pools, whose CPU is the benchmark's own). The
 * pool is the one the benchmark's setup started through {@link Bench#start}.
 *
 * <p>JMH adds {@code EVENTS} counters up over iterations in its {@code score}; the per-iteration
 * values are in {@code rawData}, and their mean is the figure to read for {@code poolRssMb}.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class CostCounters {

    /** Resident memory of the whole pool, MiB. */
    public double poolRssMb;
    /** Children's CPU time during the iteration, ms. */
    public double childCpuMs;

    private long childCpuAtStart;

    @Setup(Level.Iteration)
    public void begin() {
        poolRssMb = 0;
        childCpuMs = 0;
        childCpuAtStart = PoolCost.childCpuMs(PoolCost.watched());
    }

    @TearDown(Level.Iteration)
    public void end() {
        Workers pool = PoolCost.watched();
        poolRssMb = PoolCost.poolRssMb(pool);
        // A worker replaced during the iteration takes its CPU time with it; never report less than nothing.
        childCpuMs = Math.max(0, PoolCost.childCpuMs(pool) - childCpuAtStart);
    }
}
