package dev.crossover.bench;

import dev.crossover.claims.Serves;
import dev.crossover.run.QuickGrid;
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
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * C23: how long does {@code terminate()} take to stop a pool with tasks in flight, until {@code join}
 * says every worker is gone, for each executor ("terminate stops at once", say the notes of {@code Pool})?
 *
 * <p>Each iteration starts a pool of {@value #WORKERS} workers and submits {@value #TASKS} tasks that
 * each sleep a minute ({@code sleep} kernel), so every worker is busy and the rest are queued; that is
 * outside the measurement ({@code Level.Iteration}, one invocation per iteration). The measured
 * invocation calls {@code terminate()} then {@code join}; every future must have failed with a {@code
 * CancellationException} and the pool must no longer be alive, else the benchmark fails. Threads and
 * virtual threads are interrupted (their tasks block, so interruption ends them); child JVMs are killed
 * and reaped.
 *
 * <p>Expected: in-process pools in well under a millisecond; process pools in milliseconds per worker
 * (SIGKILL, exit, reaping), so larger by orders of magnitude but still "at once" beside the minute of
 * work they cut short.
 *
 * <p>{@code java -jar benchmarks/target/benchmarks.jar PoolTerminateBench -f 2 -wi 1 -i 5}
 */
@QuickGrid(methods = {"processPipe", "processShm"})
@Serves({"C23"})
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 10)
@Fork(3)
public class PoolTerminateBench {

    static final int WORKERS = 2;
    static final int TASKS = 4;
    /** How long each task would block: far longer than any terminate. */
    static final long TASK_MICROS = 60_000_000L;

    /** A pool with every worker busy and tasks queued, started anew for every iteration. */
    @State(Scope.Thread)
    public abstract static class Busy {
        Workers pool;
        final List<CompletableFuture<byte[]>> tasks = new ArrayList<>();

        abstract Executor executor();

        @Setup(Level.Iteration)
        public void start() throws InterruptedException {
            pool = Bench.start(PoolSpec.of(executor(), WORKERS));
            tasks.clear();
            for (int i = 0; i < TASKS; i++) {
                tasks.add(pool.applyAsync("sleep", TaskArgs.longs(TASK_MICROS)));
            }
            // Into the tasks, not merely submitted: the workers have picked them up.
            Thread.sleep(200);
        }

        int stop() throws InterruptedException {
            pool.terminate();
            if (!pool.join(Duration.ofSeconds(30)) || pool.isAlive()) {
                throw new IllegalStateException(executor() + " pool still alive 30 s after terminate(): " + pool.workerNames());
            }
            int cancelled = 0;
            for (CompletableFuture<byte[]> f : tasks) {
                try {
                    f.get(0, TimeUnit.NANOSECONDS);
                    throw new IllegalStateException(executor() + ": a task completed after terminate()");
                } catch (CancellationException expected) {
                    cancelled++;
                } catch (Exception e) {
                    throw new IllegalStateException(executor() + ": a task ended with " + e + " instead of being cancelled", e);
                }
            }
            return cancelled;
        }

        @TearDown(Level.Iteration)
        public void end() {
            Bench.stop(pool);
        }
    }

    public static class Threads extends Busy {
        @Override
        Executor executor() {
            return Executor.THREADS;
        }
    }

    public static class Virtual extends Busy {
        @Override
        Executor executor() {
            return Executor.VIRTUAL;
        }
    }

    public static class ProcessPipe extends Busy {
        @Override
        Executor executor() {
            return Executor.PROCESS_PIPE;
        }
    }

    public static class ProcessShm extends Busy {
        @Override
        Executor executor() {
            return Executor.PROCESS_SHM;
        }
    }

    /** terminate() and join on a fixed platform pool with tasks in flight; the tasks cancelled. */
    @Benchmark
    public int threads(Threads s) throws InterruptedException {
        return s.stop();
    }

    /** The same on virtual threads (a thread per task, capped at the pool size). */
    @Benchmark
    public int virtual(Virtual s) throws InterruptedException {
        return s.stop();
    }

    /** The same on child JVMs over pipes. */
    @Benchmark
    public int processPipe(ProcessPipe s) throws InterruptedException {
        return s.stop();
    }

    /** The same on child JVMs over shared memory. */
    @Benchmark
    public int processShm(ProcessShm s) throws InterruptedException {
        return s.stop();
    }
}
