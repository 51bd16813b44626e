package dev.crossover.bench;

import dev.crossover.claims.Serves;
import dev.crossover.run.SetupCost;
import dev.crossover.workers.Executor;
import dev.crossover.workers.PoolSpec;
import dev.crossover.workers.TaskArgs;
import dev.crossover.workers.Workers;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code map} of many small tasks: how much does batching them into chunks buy, and beyond which
 * chunk size does it stop paying?
 *
 * <p>Serves C12 (a process pool's {@code map} and {@code chunksize}) and X5 (the chunk size beyond
 * which throughput is within 5% of its best). Each call maps {@value #TASKS} cpu tasks of
 * {@value #TASK_UNITS} units (about 10 µs) over a pool of {@code cores}; results are checked in order.
 *
 * <p>Expected: process pools gain several-fold from chunk 1 to chunk 16–256 (one round trip per
 * chunk instead of per task; the pipe gains more than shared memory, whose round trip is cheaper)
 * and flatten after; threads gain little; very large chunks (1,024 of
 * 10,000 tasks on 2 workers) lose a little to an uneven last round.
 *
 * <p>Chunk sizes 1, 16, 256 and 1,024, a factor of 16 apart: adaptive refinement measures the sizes
 * between where X5's answer falls ({@code -p chunkSize=4,64} adds points between by hand).
 *
 * <p>{@code java -jar benchmarks/target/benchmarks.jar PoolMapBench -f 1}
 */
@SetupCost(seconds = 1.5, what = "starting and stopping the child JVMs of the two process pools (two of the three executors)")
@Serves({"C12", "X5"})
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 2, time = 1)
@Fork(2)
@State(Scope.Benchmark)
public class PoolMapBench {

    static final int TASKS = 10_000;
    static final long TASK_UNITS = 10;

    @Param({"THREADS", "PROCESS_PIPE", "PROCESS_SHM"})
    public Executor executor;
    @Param({"1", "16", "256", "1024"})
    public int chunkSize;

    private Workers pool;
    private List<byte[]> args;
    private long[] expected;

    @Setup(Level.Trial)
    public void setup() {
        args = Bench.cpuArgs(TASKS, TASK_UNITS, 0xAB);
        expected = Bench.cpuExpected(TASKS, TASK_UNITS, 0xAB);
        pool = Bench.start(PoolSpec.of(executor, Bench.size("cores", 0)));
    }

    @TearDown(Level.Trial)
    public void stop() {
        Bench.stop(pool);
        pool = null;
    }

    /** Tasks per second through one {@code map} call. */
    @Benchmark
    @OperationsPerInvocation(TASKS)
    public long map() throws InterruptedException {
        List<byte[]> results = pool.map("cpu", args, chunkSize);
        if (results.size() != TASKS) {
            throw new IllegalStateException("map returned " + results.size() + " results for " + TASKS + " tasks");
        }
        long sum = 0;
        for (int i = 0; i < TASKS; i++) {
            long got = TaskArgs.longAt(results.get(i), 0);
            if (got != expected[i]) {
                throw Bench.wrong("PoolMapBench " + executor + " chunk=" + chunkSize, i, expected[i], got);
            }
            sum += got;
        }
        return sum;
    }
}
