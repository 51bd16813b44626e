package dev.crossover.bench;

import dev.crossover.claims.Serves;
import dev.crossover.ipc.SharedLongArray;
import dev.crossover.ipc.ShmBoundedSemaphore;
import dev.crossover.ipc.SyncPeerMain;
import dev.crossover.run.QuickGrid;
import dev.crossover.sync.BoundedSemaphore;
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

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Question: what does a bounded semaphore's acquire/release cost, uncontended and contended, and what
 * does the bound (refusing an over-release) add to a plain {@link Semaphore}? (C20.)
 *
 * <p>{@code contenders} platform threads each take a permit, count themselves in and out of a shared
 * counter of holders (recording its peak), and give the permit back, {@link #OPS} times in all per
 * call, shared among them ({@link Contenders.ThreadRounds}): the score is wall time per
 * acquire/release pair. The semaphore has {@code ceil(contenders / 2)} permits, so one contender runs
 * uncontended and more contend for half as many permits.
 * <ul>
 * <li>{@code semaphore}: {@link Semaphore} (non-fair), which accepts any release;</li>
 * <li>{@code boundedSemaphore}: {@link BoundedSemaphore} over the same, which counts the permits out
 *     and refuses a release beyond them;</li>
 * <li>{@code shmBoundedSemaphore}: the same threads on {@link ShmBoundedSemaphore}, the process-safe one
 *     (a slot per permit in a shared file, waiters on a futex), so its cost is seen beside the JVM's
 *     on equal terms;</li>
 * <li>{@code shmBoundedSemaphoreProcesses}: {@code contenders} child JVMs on one {@link ShmBoundedSemaphore}
 *     ({@link ContenderMain} {@code shm-semaphore}), {@link #PROCESS_OPS} pairs per call shared among them
 *     ({@link Contenders.ProcessRounds}): the notes' {@code multiprocessing.BoundedSemaphore} case.</li>
 * </ul>
 * At setup each trial checks that its bounded semaphore refuses a release without an acquire (and
 * the plain one does not); at teardown, that no more held a permit at once than it has, and that
 * every permit came back. Either check failing fails the run.
 *
 * <p>Expected: uncontended, tens of nanoseconds, the bound one compare-and-set more; the shared one a
 * few compare-and-sets on a mapped file more (it scans for a free slot and records its holder), the
 * same order. Contended, all are dominated by threads sleeping and waking (a park for the JVM's, a
 * futex for the shared one), and the bound's cost disappears in it; processes contend as threads do,
 * the wake-up being the same kernel call.
 * Run: {@code java -jar benchmarks/target/benchmarks.jar SemaphoreCostBench -f 3 -wi 1 -i 3 -w 1 -r 1}
 */
@QuickGrid(methods = {"semaphore", "shmBoundedSemaphoreProcesses"})
@Serves({"C20"})
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 2, time = 1)
@Fork(3)
@State(Scope.Benchmark)
public class SemaphoreCostBench {

    /** Acquire/release pairs per call, shared among the contending threads. */
    static final int OPS = 1 << 16;
    /** Acquire/release pairs per call, shared among the contending child JVMs. */
    static final int PROCESS_OPS = 1 << 14;

    /** Contending threads: one, or {@code 2*cores} (more than the cores); any number, {@code cores} or {@code K*cores} through {@code -p}. */
    @Param({"1", "2*cores"})
    public String contenders;

    /** The contenders and the holder count of one kind of semaphore. */
    public abstract static class Side {
        final AtomicInteger inside = new AtomicInteger();
        final AtomicInteger peak = new AtomicInteger();
        int permits;
        Contenders.ThreadRounds rounds;

        abstract void acquire() throws InterruptedException;

        abstract void release();

        abstract int available();

        abstract void make(int permits);

        void start(SemaphoreCostBench b, BenchmarkParams params) {
            Bench.requireOneThread(params, "SemaphoreCostBench");
            int n = Contenders.resolve(b.contenders);
            permits = (n + 1) / 2;
            make(permits);
            rounds = new Contenders.ThreadRounds(n, id -> {
                for (int i = Contenders.share(OPS, n, id); i > 0; i--) {
                    try {
                        acquire();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    try {
                        int in = inside.incrementAndGet();
                        if (in > peak.get()) {
                            peak.accumulateAndGet(in, Math::max);
                        }
                    } finally {
                        inside.decrementAndGet();
                        release();
                    }
                }
            });
        }

        /** Unmaps what {@link #make} mapped; nothing for the JVM's semaphores. */
        void dispose() {
        }

        @TearDown(Level.Trial)
        public void stop() throws InterruptedException {
            try {
                if (rounds != null) {
                    rounds.close();
                }
                if (peak.get() > permits) {
                    throw new IllegalStateException(peak.get() + " threads held a permit at once, the semaphore has " + permits);
                }
                if (rounds != null && available() != permits) {
                    throw new IllegalStateException(available() + " permits free after the trial, expected " + permits);
                }
            } finally {
                dispose();
            }
        }
    }

    @State(Scope.Benchmark)
    public static class PlainSide extends Side {
        Semaphore s;

        @Override
        void make(int p) {
            s = new Semaphore(p);
        }

        @Override
        void acquire() throws InterruptedException {
            s.acquire();
        }

        @Override
        void release() {
            s.release();
        }

        @Override
        int available() {
            return s.availablePermits();
        }

        @Setup(Level.Trial)
        public void setup(SemaphoreCostBench b, BenchmarkParams params) {
            Semaphore probe = new Semaphore(1);
            probe.release();
            if (probe.availablePermits() != 2) {
                throw new IllegalStateException("a plain Semaphore was expected to accept an unmatched release");
            }
            start(b, params);
        }
    }

    @State(Scope.Benchmark)
    public static class BoundedSide extends Side {
        BoundedSemaphore s;

        @Override
        void make(int p) {
            s = new BoundedSemaphore(p);
        }

        @Override
        void acquire() throws InterruptedException {
            s.acquire();
        }

        @Override
        void release() {
            s.release();
        }

        @Override
        int available() {
            return s.availablePermits();
        }

        @Setup(Level.Trial)
        public void setup(SemaphoreCostBench b, BenchmarkParams params) {
            BoundedSemaphore probe = new BoundedSemaphore(1);
            try {
                probe.release();
                throw new IllegalStateException("BoundedSemaphore accepted a release without an acquire");
            } catch (IllegalStateException expected) {
                if (!expected.getMessage().contains("released more often than acquired")) {
                    throw expected;
                }
            }
            start(b, params);
        }
    }

    @State(Scope.Benchmark)
    public static class ShmSide extends Side {
        ShmBoundedSemaphore s;

        @Override
        void make(int p) {
            s = ShmBoundedSemaphore.create(p);
        }

        @Override
        void acquire() throws InterruptedException {
            s.acquire();
        }

        @Override
        void release() {
            s.release();
        }

        @Override
        int available() {
            return s.availablePermits();
        }

        @Setup(Level.Trial)
        public void setup(SemaphoreCostBench b, BenchmarkParams params) {
            refusesOverRelease();
            start(b, params);
        }

        @Override
        void dispose() {
            if (s != null) {
                s.close();
            }
        }
    }

    /** Fails unless a fresh shared semaphore refuses a release without an acquire. */
    static void refusesOverRelease() {
        try (ShmBoundedSemaphore probe = ShmBoundedSemaphore.create(1)) {
            try {
                probe.release();
                throw new IllegalStateException("ShmBoundedSemaphore accepted a release without an acquire");
            } catch (IllegalStateException expected) {
                if (!expected.getMessage().contains("released more often than acquired")) {
                    throw expected;
                }
            }
        }
    }

    /** Child JVMs contending for one shared semaphore; element 0 of {@code holders} counts those inside, element 1 its peak. */
    @State(Scope.Benchmark)
    public static class ProcessSide {
        ShmBoundedSemaphore s;
        SharedLongArray holders;
        Contenders.ProcessRounds rounds;
        int permits;

        @Setup(Level.Trial)
        public void setup(SemaphoreCostBench b, BenchmarkParams params) {
            Bench.requireOneThread(params, "SemaphoreCostBench");
            refusesOverRelease();
            int n = Contenders.resolve(b.contenders);
            permits = (n + 1) / 2;
            s = ShmBoundedSemaphore.create(permits);
            holders = SharedLongArray.create(2);
            rounds = new Contenders.ProcessRounds(SyncPeerMain.JVM_OPTIONS, n, PROCESS_OPS, "shm-semaphore", s.name(), holders.name());
        }

        @TearDown(Level.Trial)
        public void stop() {
            try {
                if (rounds != null) {
                    rounds.close();
                }
                if (s != null) {
                    if (holders.get(1) > permits) {
                        throw new IllegalStateException(holders.get(1) + " processes held a permit at once, the semaphore has " + permits);
                    }
                    if (s.availablePermits() != permits) {
                        throw new IllegalStateException(s.availablePermits() + " permits free after the trial, expected " + permits);
                    }
                }
            } finally {
                if (holders != null) {
                    holders.close();
                }
                if (s != null) {
                    s.close();
                }
            }
        }
    }

    /** Acquire/release pairs of a plain Semaphore. */
    @Benchmark
    @OperationsPerInvocation(OPS)
    public int semaphore(PlainSide s) throws InterruptedException {
        s.rounds.round();
        return s.peak.get();
    }

    /** Acquire/release pairs of a BoundedSemaphore. */
    @Benchmark
    @OperationsPerInvocation(OPS)
    public int boundedSemaphore(BoundedSide s) throws InterruptedException {
        s.rounds.round();
        return s.peak.get();
    }

    /** Acquire/release pairs of the shared-memory BoundedSemaphore, by threads of this JVM. */
    @Benchmark
    @OperationsPerInvocation(OPS)
    public int shmBoundedSemaphore(ShmSide s) throws InterruptedException {
        s.rounds.round();
        return s.peak.get();
    }

    /** Acquire/release pairs of the shared-memory BoundedSemaphore, by child JVMs. */
    @Benchmark
    @OperationsPerInvocation(PROCESS_OPS)
    public long shmBoundedSemaphoreProcesses(ProcessSide s) {
        s.rounds.round();
        return s.holders.get(1);
    }
}
