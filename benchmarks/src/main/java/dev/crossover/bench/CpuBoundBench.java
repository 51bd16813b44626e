package dev.crossover.bench;

import dev.crossover.claims.Serves;
import dev.crossover.run.QuickGrid;
import dev.crossover.run.SetupCost;
import dev.crossover.workers.Executor;
import dev.crossover.workers.Kernel;
import dev.crossover.workers.KernelRegistry;
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
import org.openjdk.jmh.infra.BenchmarkParams;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * CPU-bound work: how does throughput grow with pool size, and how small may a task be before
 * sending it to a child JVM costs more than it gains?
 *
 * <p>Serves C4 (the JVM has no GIL: threads scale on CPU work), C8 and X1 (pool-size sweep: where
 * throughput peaks and flattens against the core count), X2 (task-size sweep: where a process pool
 * reaches 90%/95% of a thread pool). Two sweeps, not their cross product: {@link #poolSweep} varies
 * executor × pool size at 1,000-unit tasks, {@link #taskSizeSweep} varies executor × task size at
 * pool = cores; {@link #singleThread} is the pool = 1 counterpart on the caller thread. Every task's
 * result is checked against values computed once at setup.
 *
 * <p>Expected: threads and virtual threads at pool = cores about cores × pool = 1, flat beyond;
 * process pools the same for large tasks, falling behind below about 100 µs per task where the
 * round trip dominates: the pipe ({@code PROCESS_PIPE}) first, shared memory ({@code PROCESS_SHM},
 * with the pool's default {@code backoff} idle strategy, so a waiting side does not burn a core the
 * workers need) later. On a shared machine the ceiling is what the other tenants leave.
 *
 * <p>The quick preset sweeps pool sizes 1, cores and 2 × cores ({@link QuickGrid}): X1's answer, the
 * smallest size within 95% of the peak, lies at or below 2 × cores for CPU-bound work; full adds 4 × cores.
 *
 * <p>{@code java -jar benchmarks/target/benchmarks.jar CpuBoundBench -f 1 -wi 1 -i 2 -w 1 -r 1}
 */
@SetupCost(seconds = 0.7, what = "starting and stopping the child JVMs of the two process pools (half of the executors)")
@Serves({"C4", "C8", "X1", "X2"})
@QuickGrid({"poolSize=1,cores,2*cores"})
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 2, time = 1)
@Fork(3)
public class CpuBoundBench {

    /** Tasks per invocation: enough to keep 4 × cores workers busy with 2 tasks in flight each. */
    static final int BATCH = 64;

    /** A started pool with its tasks and their expected results. */
    abstract static class Load {
        Workers pool;
        List<byte[]> args;
        long[] expected;
        String label;

        void start(Executor executor, int size, long units) {
            label = getClass().getSimpleName() + " " + executor + " pool=" + size + " taskUnits=" + units;
            args = Bench.cpuArgs(BATCH, units, 0x5EED);
            expected = Bench.cpuExpected(BATCH, units, 0x5EED);
            pool = Bench.start(PoolSpec.of(executor, size));
        }

        /** The batch submitted by the previous invocation, still running; null between iterations. */
        CompletableFuture<byte[]>[] running;

        @SuppressWarnings("unchecked")
        CompletableFuture<byte[]>[] submitBatch() {
            CompletableFuture<byte[]>[] f = new CompletableFuture[BATCH];
            for (int i = 0; i < BATCH; i++) {
                f[i] = pool.submit("cpu", args.get(i));
            }
            return f;
        }

        /**
         * Submits the next batch, then waits for the one before it: two batches are queued at every
         * moment, so a worker finishing its last task of a batch finds the next one waiting, as in a
         * pool fed by a steady stream. (Joining each batch before submitting the next would add one
         * round trip and one caller wake-up per batch to every executor, a barrier cost that
         * {@code PoolMapBench} measures on its own.) The first invocation of an iteration submits
         * two batches, so each invocation still waits for exactly one batch of work.
         */
        long runBatch() {
            if (running == null) {
                running = submitBatch();
            }
            CompletableFuture<byte[]>[] next = submitBatch();
            long sum = Bench.joinAndCheck(running, expected, label);
            running = next;
            return sum;
        }

        /** Waits for the batch left running by the iteration's last invocation (outside the measured time) and checks it. */
        @TearDown(Level.Iteration)
        public void drain() {
            if (running != null) {
                CompletableFuture<byte[]>[] last = running;
                running = null;
                Bench.joinAndCheck(last, expected, label);
            }
        }

        @TearDown(Level.Trial)
        public void stop() {
            Bench.stop(pool);
            pool = null;
        }
    }

    /** Executor × pool size at a fixed task size. */
    @State(Scope.Benchmark)
    public static class PoolSweep extends Load {
        @Param({"THREADS", "VIRTUAL", "PROCESS_PIPE", "PROCESS_SHM"})
        public Executor executor;
        /** Symbolic; {@code cores/2} is added by the harness where it differs from 1 and cores. */
        @Param({"1", "cores", "2*cores", "4*cores"})
        public String poolSize;
        @Param({"1000"})
        public long taskUnits;

        @Setup(Level.Trial)
        public void setup(BenchmarkParams params) {
            Bench.requireOneThread(params, "CpuBoundBench.poolSweep");
            start(executor, Bench.size(poolSize, 0), taskUnits);
        }
    }

    /** Executor × task size at pool = cores. */
    @State(Scope.Benchmark)
    public static class SizeSweep extends Load {
        @Param({"THREADS", "VIRTUAL", "PROCESS_PIPE", "PROCESS_SHM"})
        public Executor executor;
        @Param({"1", "10", "100", "1000", "10000"})
        public long taskUnits;

        @Setup(Level.Trial)
        public void setup(BenchmarkParams params) {
            Bench.requireOneThread(params, "CpuBoundBench.taskSizeSweep");
            start(executor, Bench.size("cores", 0), taskUnits);
        }
    }

    /** The pool = 1 counterpart: the same kernel on the caller thread, no pool at all. */
    @State(Scope.Benchmark)
    public static class Single {
        @Param({"1", "10", "100", "1000", "10000"})
        public long taskUnits;
        Kernel kernel;
        List<byte[]> args;
        long[] expected;

        @Setup(Level.Trial)
        public void setup() {
            kernel = KernelRegistry.standard().create("cpu");
            args = Bench.cpuArgs(BATCH, taskUnits, 0x5EED);
            expected = Bench.cpuExpected(BATCH, taskUnits, 0x5EED);
        }
    }

    /** Tasks per second through a pool of {@code poolSize}. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long poolSweep(PoolSweep s) {
        return s.runBatch();
    }

    /** Tasks per second at pool = cores for a given task size. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long taskSizeSweep(SizeSweep s) {
        return s.runBatch();
    }

    /** Tasks per second on the caller thread: the floor every pool is compared with. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long singleThread(Single s) throws Exception {
        long sum = 0;
        for (int i = 0; i < BATCH; i++) {
            long got = TaskArgs.longAt(s.kernel.apply(s.args.get(i)), 0);
            if (got != s.expected[i]) {
                throw Bench.wrong("CpuBoundBench.singleThread", i, s.expected[i], got);
            }
            sum += got;
        }
        return sum;
    }
}
