package dev.crossover.bench;

import dev.crossover.claims.Serves;
import dev.crossover.load.CpuWork;
import dev.crossover.workers.Executor;
import dev.crossover.workers.PoolSpec;
import dev.crossover.workers.TaskArgs;
import dev.crossover.workers.WorkerStart;
import dev.crossover.workers.Workers;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
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
 * A one-off job of total work W: is it faster to start a process pool and spread the job over it,
 * or to run it on the one thread you already have?
 *
 * <p>Serves X6 (the job size at which spawning a process pool pays). Single shot: each measured
 * call starts a pool of {@code cores} child JVMs, runs the job split into {@code 4 × cores} tasks,
 * and returns the checked checksum; the pool is stopped after the call, outside the timing. {@code
 * ONE_THREAD} runs the same tasks on the caller thread.
 *
 * <p>Workers start the way a pool starts them once {@link WorkerStart#prepareAot} made their AOT
 * cache (slim class path, AOT cache; made in the trial setup, outside the timing); the fork prints
 * how they start. {@code SpawnBench} measures one worker's start against a bare JVM's.
 *
 * <p>Expected: one thread wins by the pool's start-up (two child JVMs starting on two cores: about
 * a hundred ms on an idle 2-core machine, several hundred when loaded) for small jobs; the pool wins
 * once W is a few hundred ms of work.
 *
 * <p>{@code java -jar benchmarks/target/benchmarks.jar ColdStartBench -f 1}
 */
@Serves({"X6"})
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 5)
@Fork(2)
@State(Scope.Benchmark)
public class ColdStartBench {

    /** Where the job runs. */
    public enum Where {
        /** The caller thread, no pool. */
        ONE_THREAD,
        /** A process pool of {@code cores} started for this job. */
        PROCESS_POOL
    }

    @Param({"ONE_THREAD", "PROCESS_POOL"})
    public Where executor;
    @Param({"100", "1000", "10000", "100000", "1000000"})
    public long jobUnits;

    private List<byte[]> args;
    private long expectedSum;
    private Workers pool;

    @Setup(Level.Trial)
    public void setup() {
        if (executor == Where.PROCESS_POOL) {
            // Workers start as a pool starts them once its AOT cache is made (seconds, once per jar,
            // JDK and flags; kept for later runs); without one they start slower, and the note says so.
            WorkerStart.AotOutcome aot = WorkerStart.prepareAot(PoolSpec.DEFAULT_JVM_OPTIONS);
            System.out.println("workers start with " + WorkerStart.describe(PoolSpec.DEFAULT_JVM_OPTIONS)
                    + (aot.ready() ? "" : " (" + aot.note() + ")"));
        }
        int tasks = (int) Math.min(jobUnits, 4L * Bench.BUDGET.cores());
        args = new ArrayList<>(tasks);
        for (int i = 0; i < tasks; i++) {
            long units = jobUnits / tasks + (i < jobUnits % tasks ? 1 : 0);
            args.add(TaskArgs.longs(units, 0xF00D + i));
            expectedSum += CpuWork.run(0xF00D + i, units);
        }
    }

    /** Stopping the pool is not part of the job; in single-shot mode this runs outside the timing. */
    @TearDown(Level.Invocation)
    public void stopPool() {
        Bench.stop(pool);
        pool = null;
    }

    /** Start (if a pool), run the whole job, check it. */
    @Benchmark
    public long job() throws Exception {
        long sum = 0;
        if (executor == Where.ONE_THREAD) {
            for (byte[] a : args) {
                sum += CpuWork.run(TaskArgs.longAt(a, 1), TaskArgs.longAt(a, 0));
            }
        } else {
            pool = Bench.start(PoolSpec.of(Executor.PROCESS_PIPE, Bench.BUDGET.cores()));
            List<CompletableFuture<byte[]>> f = new ArrayList<>(args.size());
            for (byte[] a : args) {
                f.add(pool.submit("cpu", a));
            }
            for (CompletableFuture<byte[]> r : f) {
                sum += TaskArgs.longAt(r.join(), 0);
            }
        }
        if (sum != expectedSum) {
            throw Bench.wrong("ColdStartBench " + executor + " jobUnits=" + jobUnits, -1, expectedSum, sum);
        }
        return sum;
    }
}
