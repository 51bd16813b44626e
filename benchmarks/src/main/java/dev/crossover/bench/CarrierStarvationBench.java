package dev.crossover.bench;

import dev.crossover.claims.Serves;
import dev.crossover.load.CpuWork;
import dev.crossover.run.QuickGrid;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Question (C25: concurrency without parallelism needs the running work to give the carriers back):
 * how late does a virtual thread that waits 1 ms get to run again while CPU-bound virtual threads hold
 * every carrier? The virtual-thread scheduler does not time-slice: a virtual thread that never blocks
 * keeps its carrier until it blocks or ends, so whatever else becomes runnable waits for a carrier.
 *
 * <p>Measured (sample mode: the whole distribution, tails in the percentiles): the time from starting
 * a thread that sleeps {@value #SLEEP_MS} ms to its end, joined by the benchmark thread; the start
 * and the wake-up each need a carrier. {@link #virtualSleepIdle}: a virtual thread, carriers idle,
 * the floor. {@link #virtualSleepBesideCpu}: the same while the batch runs: one CPU-bound virtual
 * thread per carrier (the scheduler's parallelism, read from its MXBean), each running {@link CpuWork}
 * in small chunks for {@code cpuTaskMs} of wall time, then parks for a microsecond, round after round:
 * the only moments it leaves its carrier ({@code Thread.yield()} instead starves the sleeper for
 * seconds, since the scheduler runs the yielding thread again first). {@link #platformSleepBesideCpu}:
 * a platform thread beside the same batch: the
 * operating system time-slices it in.
 *
 * <p>Expected: idle about 1 ms; beside the batch the virtual thread waits for a carrier at its start
 * and again at its wake-up, each up to {@code cpuTaskMs} (with {@code P} carriers the first park
 * comes after about {@code cpuTaskMs/(P+1)} on average), so several to tens of ms, its tail near
 * {@code 2 × cpuTaskMs}; the platform thread near the idle floor plus the OS's scheduling delay.
 *
 * <p>{@code java -jar benchmarks/target/benchmarks.jar CarrierStarvationBench -f 3}
 */
@QuickGrid(methods = {"virtualSleepBesideCpu", "virtualSleepIdle"})
@Serves({"C25"})
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(3)
public class CarrierStarvationBench {

    /** How long the I/O thread waits, ms. */
    static final long SLEEP_MS = 1;
    /** Work units between two looks at the clock inside a CPU slice (tens of microseconds). */
    static final int UNITS_PER_CHUNK = 20;
    /** How long a CPU-bound thread parks between slices, ns: enough to leave the carrier, short against a slice. */
    static final long PARK_NANOS = 1_000;
    /** Seconds the batch may take to stop after it is told to. */
    static final long STOP_SECONDS = 60;

    /** One CPU-bound virtual thread per carrier, from trial setup to trial teardown. */
    @State(Scope.Benchmark)
    public static class CpuBatch {
        @Param({"20"})
        public int cpuTaskMs;

        private volatile boolean running;
        private final List<Thread> hogs = new ArrayList<>();
        /** Written by each hog at its end so the work cannot be dropped; read after the joins. */
        private volatile long sink;

        @Setup(Level.Trial)
        public void start() {
            if (cpuTaskMs < 1) {
                throw new IllegalArgumentException("cpuTaskMs must be at least 1, got " + cpuTaskMs);
            }
            running = true;
            long sliceNanos = TimeUnit.MILLISECONDS.toNanos(cpuTaskMs);
            int carriers = VirtualWindow.schedulerParallelism();
            for (int i = 0; i < carriers; i++) {
                long seed = System.nanoTime() | 1;
                hogs.add(Thread.ofVirtual().name("cpu-batch-" + i).start(() -> {
                    long x = seed;
                    while (running) {
                        long end = System.nanoTime() + sliceNanos;
                        do {
                            x = CpuWork.run(x, UNITS_PER_CHUNK);
                        } while (System.nanoTime() < end);
                        // the only point where the carrier is given back; Thread.yield() would not do: the
                        // scheduler runs the yielding thread again first, and the sleeper starves for seconds
                        LockSupport.parkNanos(PARK_NANOS);
                    }
                    sink = x;
                }));
            }
        }

        @TearDown(Level.Trial)
        public void stop() throws InterruptedException {
            running = false;
            for (Thread t : hogs) {
                if (!t.join(java.time.Duration.ofSeconds(STOP_SECONDS))) {
                    throw new IllegalStateException("CPU batch thread " + t + " did not stop within " + STOP_SECONDS + " s");
                }
            }
            hogs.clear();
        }
    }

    /** A thread that sleeps {@value #SLEEP_MS} ms, started and joined: start to end. */
    private static long sleepOn(Thread.Builder builder) throws InterruptedException {
        long[] woke = new long[1];
        Thread t = builder.start(() -> {
            try {
                Thread.sleep(SLEEP_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            woke[0] = System.nanoTime();
        });
        t.join();
        return woke[0];
    }

    /** A virtual thread's 1 ms sleep, carriers idle: the floor. */
    @Benchmark
    public long virtualSleepIdle() throws InterruptedException {
        return sleepOn(Thread.ofVirtual());
    }

    /** A virtual thread's 1 ms sleep while CPU-bound virtual threads hold every carrier. */
    @Benchmark
    public long virtualSleepBesideCpu(CpuBatch batch) throws InterruptedException {
        return sleepOn(Thread.ofVirtual());
    }

    /** A platform thread's 1 ms sleep beside the same batch: the OS time-slices. */
    @Benchmark
    public long platformSleepBesideCpu(CpuBatch batch) throws InterruptedException {
        return sleepOn(Thread.ofPlatform());
    }
}
