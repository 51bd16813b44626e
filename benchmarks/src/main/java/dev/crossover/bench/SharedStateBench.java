package dev.crossover.bench;

import dev.crossover.claims.Serves;
import dev.crossover.ipc.SharedLongArray;
import dev.crossover.run.QuickGrid;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
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

/**
 * C7, C11: can processes share variables, and what does sharing cost? {@code contenders} threads or
 * child JVMs add 1 to a counter, {@link #TOTAL} additions per invocation split among them: all to one
 * shared counter (an {@link AtomicLongArray} element in this JVM, a {@link SharedLongArray} element in
 * shared memory across processes), or each to its own slot 128 bytes from the others, merged at the
 * end. Same atomic instruction everywhere; only the sharing differs. Teardown checks the sums.
 *
 * <p>Expected: processes share memory as well as threads do (C7 fails on the JVM with shared memory);
 * the shared counter gets slower per operation as contenders are added (cache-line ping-pong), while
 * partitioned counters scale up to the core count (C11 holds), for threads and processes alike.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar SharedStateBench -f 1 -wi 2 -i 3 -w 1 -r 1}
 */
@QuickGrid(methods = {"processesShared", "threadsShared"})
@Serves({"C7", "C11"})
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 2, time = 1)
@Fork(1) // process variants start child JVMs per trial
@State(Scope.Benchmark)
public class SharedStateBench {

    /** Additions per invocation, split among the contenders. */
    static final int TOTAL = 1 << 20;
    private static final int STRIDE = ContenderMain.SLOT_STRIDE;

    /** Contending threads or processes: one, or {@code 2*cores} (more than the cores); any number, {@code cores} or {@code K*cores} through {@code -p}. */
    @Param({"1", "2*cores"})
    public String contenders;

    /** Threads adding to one in-JVM atomic counter or to their own slots. */
    public abstract static class Threads {
        AtomicLongArray counters;
        Contenders.ThreadRounds rounds;
        int n;
        long invocations;

        void start(SharedStateBench b, boolean shared) {
            n = Contenders.resolve(b.contenders);
            counters = new AtomicLongArray((n + 1) * STRIDE);
            rounds = new Contenders.ThreadRounds(n, id -> {
                int slot = shared ? 0 : (id + 1) * STRIDE;
                for (int i = Contenders.share(TOTAL, n, id); i > 0; i--) {
                    counters.getAndAdd(slot, 1);
                }
            });
        }

        long merged() {
            long sum = 0;
            for (int i = 0; i < counters.length(); i++) {
                sum += counters.get(i);
            }
            return sum;
        }

        void stop() throws InterruptedException {
            rounds.close();
            check(merged(), invocations);
        }
    }

    /** Threads on one shared counter. */
    @State(Scope.Benchmark)
    public static class ThreadsShared extends Threads {
        @Setup(Level.Trial)
        public void setup(SharedStateBench b, BenchmarkParams params) {
            Bench.requireOneThread(params, "SharedStateBench");
            start(b, true);
        }

        @TearDown(Level.Trial)
        public void tearDown() throws InterruptedException {
            stop();
        }
    }

    /** Threads on a counter each. */
    @State(Scope.Benchmark)
    public static class ThreadsPartitioned extends Threads {
        @Setup(Level.Trial)
        public void setup(SharedStateBench b, BenchmarkParams params) {
            Bench.requireOneThread(params, "SharedStateBench");
            start(b, false);
        }

        @TearDown(Level.Trial)
        public void tearDown() throws InterruptedException {
            stop();
        }
    }

    /** Child JVMs adding to one counter in shared memory or to their own slots in it. */
    public abstract static class Processes {
        SharedLongArray counters;
        Contenders.ProcessRounds rounds;
        long invocations;

        void start(SharedStateBench b, boolean shared) {
            int n = Contenders.resolve(b.contenders);
            counters = SharedLongArray.create((n + 1) * STRIDE);
            try {
                rounds = new Contenders.ProcessRounds(n, TOTAL, shared ? "shared-add" : "partitioned-add", counters.name());
            } catch (RuntimeException e) {
                counters.close();
                throw e;
            }
        }

        void stop() {
            try {
                rounds.close();
                long sum = 0;
                for (int i = 0; i < counters.length(); i++) {
                    sum += counters.get(i);
                }
                check(sum, invocations);
            } finally {
                counters.close();
            }
        }
    }

    /** Child JVMs on one counter in shared memory. */
    @State(Scope.Benchmark)
    public static class ProcessesShared extends Processes {
        @Setup(Level.Trial)
        public void setup(SharedStateBench b, BenchmarkParams params) {
            Bench.requireOneThread(params, "SharedStateBench");
            start(b, true);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            stop();
        }
    }

    /** Child JVMs on a slot each in shared memory. */
    @State(Scope.Benchmark)
    public static class ProcessesPartitioned extends Processes {
        @Setup(Level.Trial)
        public void setup(SharedStateBench b, BenchmarkParams params) {
            Bench.requireOneThread(params, "SharedStateBench");
            start(b, false);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            stop();
        }
    }

    static void check(long sum, long invocations) {
        if (sum != invocations * TOTAL) {
            throw new IllegalStateException("lost updates: counters sum to " + sum + ", expected " + invocations * TOTAL);
        }
    }

    /** Threads, one shared atomic counter. */
    @Benchmark
    @OperationsPerInvocation(TOTAL)
    public long threadsShared(ThreadsShared s) throws InterruptedException {
        s.rounds.round();
        return ++s.invocations;
    }

    /** Threads, a counter each, merged at teardown. */
    @Benchmark
    @OperationsPerInvocation(TOTAL)
    public long threadsPartitioned(ThreadsPartitioned s) throws InterruptedException {
        s.rounds.round();
        return ++s.invocations;
    }

    /** Child JVMs, one shared counter in shared memory. */
    @Benchmark
    @OperationsPerInvocation(TOTAL)
    public long processesShared(ProcessesShared s) {
        s.rounds.round();
        return ++s.invocations;
    }

    /** Child JVMs, a slot each in shared memory, merged at teardown. */
    @Benchmark
    @OperationsPerInvocation(TOTAL)
    public long processesPartitioned(ProcessesPartitioned s) {
        s.rounds.round();
        return ++s.invocations;
    }
}
