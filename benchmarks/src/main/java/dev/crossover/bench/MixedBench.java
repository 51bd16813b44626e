package dev.crossover.bench;

import dev.crossover.claims.Serves;
import dev.crossover.load.CpuWork;
import dev.crossover.run.QuickGrid;
import dev.crossover.sizing.PoolSizer;
import dev.crossover.workers.Executor;
import dev.crossover.workers.PoolSpec;
import dev.crossover.workers.TaskArgs;
import dev.crossover.workers.Workers;
import org.openjdk.jmh.annotations.AuxCounters;
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

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Mixed tasks, C µs of compute then W µs of blocking wait, C + W fixed: at which wait fraction
 * W/(C+W) does a pool larger than the core count start to pay, and does the blocking formula
 * {@code cores × (1 + W/C)} predict the best size?
 *
 * <p>Serves X4. Pool sizes: {@code cores}, {@code formula}, {@code 2*formula} (platform threads,
 * {@code THREADS}) and {@code virtual} (a virtual thread per task, no cap). Compute is given in µs
 * and turned into {@code CpuWork} units with this machine's unit cost, measured at setup; every
 * task's compute result is checked. The wait blocks in timed parks (the {@code mixed} kernel, no
 * final spin, so a waiting task holds no core), which end late by the timer slack and the wake-up
 * delay: about 100 µs on a quiet machine, more under load. So the kernel measures each task's
 * wait and compute, and the benchmark publishes their sums per iteration as event counters:
 * {@code waitNanos}, {@code computeNanos} and {@code tasks}; the achieved wait fraction is
 * {@code waitNanos / (waitNanos + computeNanos)} of the same iteration, and that, not the
 * requested {@code waitFraction}, is the one to feed the blocking formula.
 *
 * <p>Expected: at fraction 0 every size ties at about cores ÷ C tasks/s; as the fraction grows a
 * pool of {@code cores} falls to cores ÷ (C+W) while {@code formula} and virtual threads stay near
 * cores ÷ C; {@code 2*formula} no better than {@code formula}. Achieved waits exceed the requested
 * ones by about the overshoot above.
 *
 * <p>The quick preset runs wait fractions 0, 0.9 and 0.99 ({@link QuickGrid}); full adds 0.5.
 *
 * <p>{@code java -jar benchmarks/target/benchmarks.jar MixedBench -f 1}
 */
@Serves({"X4"})
@QuickGrid({"waitFraction=0,0.9,0.99"})
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 2, time = 1)
@Fork(2)
@State(Scope.Benchmark)
public class MixedBench {

    /** Tasks per invocation: more than the largest pool ({@code 2*formula} at 0.99 is 400 on 2 cores). */
    static final int BATCH = 512;
    /** Compute plus wait of every task, µs. */
    static final int TASK_MICROS = 1_000;

    @Param({"0", "0.5", "0.9", "0.99"})
    public double waitFraction;
    /** {@code virtual} or a {@code PoolSizer} expression. */
    @Param({"cores", "formula", "2*formula", "virtual"})
    public String poolSize;

    private Workers pool;
    private List<byte[]> args;
    private long[] expected;

    @Setup(Level.Trial)
    public void setup() {
        if (waitFraction < 0 || waitFraction >= 1) {
            throw new IllegalArgumentException("waitFraction must be in [0, 1), got " + waitFraction);
        }
        double waitMicros = TASK_MICROS * waitFraction;
        double computeMicros = TASK_MICROS - waitMicros;
        long units = Math.max(1, Math.round(computeMicros / Bench.unitMicros()));
        args = new ArrayList<>(BATCH);
        expected = new long[BATCH];
        for (int i = 0; i < BATCH; i++) {
            args.add(TaskArgs.longs(units, Math.round(waitMicros), 0xC0DE + i));
            expected[i] = CpuWork.run(0xC0DE + i, units);
        }
        PoolSpec spec = poolSize.equals("virtual")
                ? PoolSpec.of(Executor.VIRTUAL, 0)
                : PoolSpec.of(Executor.THREADS, Bench.size(poolSize, waitMicros / Math.max(computeMicros, PoolSizer.MIN_COMPUTE_MICROS)));
        pool = Bench.start(spec);
    }

    /** What the tasks of an iteration achieved, summed: JMH event counters. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Achieved {
        /** Nanoseconds the tasks spent waiting, as measured by each task. */
        public long waitNanos;
        /** Nanoseconds the tasks spent computing, as measured by each task. */
        public long computeNanos;
        /** Tasks completed. */
        public long tasks;

        @Setup(Level.Iteration)
        public void reset() {
            waitNanos = 0;
            computeNanos = 0;
            tasks = 0;
        }
    }

    @TearDown(Level.Trial)
    public void stop() {
        Bench.stop(pool);
        pool = null;
    }

    /** Mixed tasks per second. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long mixed(Achieved achieved) {
        @SuppressWarnings("unchecked")
        CompletableFuture<byte[]>[] f = new CompletableFuture[BATCH];
        for (int i = 0; i < BATCH; i++) {
            f[i] = pool.submit("mixed", args.get(i));
        }
        long sum = 0;
        for (int i = 0; i < BATCH; i++) {
            byte[] r = f[i].join();
            long got = TaskArgs.longAt(r, 0);
            if (got != expected[i]) {
                throw Bench.wrong("MixedBench waitFraction=" + waitFraction + " poolSize=" + poolSize, i, expected[i], got);
            }
            sum += got;
            achieved.waitNanos += TaskArgs.longAt(r, 1);
            achieved.computeNanos += TaskArgs.longAt(r, 2);
        }
        achieved.tasks += BATCH;
        return sum;
    }
}
