package dev.crossover.bench;

import dev.crossover.claims.Serves;
import dev.crossover.ipc.SharedLongArray;
import dev.crossover.ipc.ShmLock;
import dev.crossover.run.QuickGrid;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
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
 * C3, C15: what does a lock cost under contention, by kind? {@code contenders} workers take the lock,
 * add 1 to a plain counter (not atomic: only the lock keeps it exact, checked at teardown) and let
 * go. In-JVM kinds (monitor, {@link ReentrantLock}, {@link ReentrantLock} taken twice (reentry),
 * {@link Semaphore} of one permit) run on threads; the cross-process kinds (our {@link ShmLock},
 * {@link java.nio.channels.FileLock}) run in child JVMs, since that is their use (and one JVM may not
 * hold overlapping file locks from two threads).
 *
 * <p>Expected: uncontended, the in-JVM locks cost tens of nanoseconds and reentry little more (C15:
 * nesting is cheap where it is allowed; {@code ShmLockTest} shows the non-reentrant lock timing out on
 * itself); under contention all slow down. The shared-memory lock stays in the in-JVM range (a CAS, no
 * system call), the file lock pays two system calls per operation and is slowest by far.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar LockBench -f 1 -wi 2 -i 3 -w 1 -r 1}
 */
@QuickGrid(methods = {"reentrantLock", "shmLock"})
@Serves({"C3", "C15"})
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 2, time = 1)
@Fork(1) // cross-process kinds start child JVMs per trial
@State(Scope.Benchmark)
public class LockBench {

    /** Lock operations per invocation for the in-JVM kinds. */
    static final int THREAD_OPS = 1 << 18;
    /** Lock operations per invocation for the shared-memory lock: enough to dwarf the start of a round. */
    static final int SHM_OPS = 1 << 18;
    /** Lock operations per invocation for the file lock (two system calls each). */
    static final int FILE_OPS = 1 << 13;

    /** Contending threads or processes: one, or {@code 2*cores} (more than the cores); any number, {@code cores} or {@code K*cores} through {@code -p}. */
    @Param({"1", "2*cores"})
    public String contenders;

    /** The in-JVM kinds. */
    public enum Kind { MONITOR, REENTRANT, REENTRY, SEMAPHORE }

    /** Threads contending for one in-JVM lock. */
    public abstract static class InJvm {
        final Object monitor = new Object();
        final ReentrantLock lock = new ReentrantLock();
        final Semaphore semaphore = new Semaphore(1);
        long counter;
        long invocations;
        Contenders.ThreadRounds rounds;

        void start(LockBench b, Kind kind) {
            int n = Contenders.resolve(b.contenders);
            rounds = new Contenders.ThreadRounds(n, id -> {
                for (int i = Contenders.share(THREAD_OPS, n, id); i > 0; i--) {
                    switch (kind) {
                        case MONITOR -> {
                            synchronized (monitor) {
                                counter++;
                            }
                        }
                        case REENTRANT -> {
                            lock.lock();
                            try {
                                counter++;
                            } finally {
                                lock.unlock();
                            }
                        }
                        case REENTRY -> {
                            lock.lock();
                            try {
                                lock.lock(); // the holder takes it again: a hold count, no wait
                                try {
                                    counter++;
                                } finally {
                                    lock.unlock();
                                }
                            } finally {
                                lock.unlock();
                            }
                        }
                        case SEMAPHORE -> {
                            semaphore.acquireUninterruptibly();
                            try {
                                counter++;
                            } finally {
                                semaphore.release();
                            }
                        }
                    }
                }
            });
        }

        @TearDown(Level.Trial)
        public void stop() throws InterruptedException {
            rounds.close();
            // The barrier orders the workers' writes before this read.
            if (counter != invocations * THREAD_OPS) {
                throw new IllegalStateException("lock let updates through: counter " + counter + ", expected " + invocations * THREAD_OPS);
            }
        }
    }

    /** Threads contending for a monitor. */
    @State(Scope.Benchmark)
    public static class MonitorSide extends InJvm {
        @Setup(Level.Trial)
        public void setup(LockBench b, BenchmarkParams params) {
            Bench.requireOneThread(params, "LockBench");
            start(b, Kind.MONITOR);
        }
    }

    /** Threads contending for a ReentrantLock. */
    @State(Scope.Benchmark)
    public static class ReentrantSide extends InJvm {
        @Setup(Level.Trial)
        public void setup(LockBench b, BenchmarkParams params) {
            Bench.requireOneThread(params, "LockBench");
            start(b, Kind.REENTRANT);
        }
    }

    /** Threads contending for a ReentrantLock they take twice. */
    @State(Scope.Benchmark)
    public static class ReentrySide extends InJvm {
        @Setup(Level.Trial)
        public void setup(LockBench b, BenchmarkParams params) {
            Bench.requireOneThread(params, "LockBench");
            start(b, Kind.REENTRY);
        }
    }

    /** Threads contending for a one-permit Semaphore. */
    @State(Scope.Benchmark)
    public static class SemaphoreSide extends InJvm {
        @Setup(Level.Trial)
        public void setup(LockBench b, BenchmarkParams params) {
            Bench.requireOneThread(params, "LockBench");
            start(b, Kind.SEMAPHORE);
        }
    }

    /** Child JVMs contending for a cross-process lock around a counter in shared memory. */
    public abstract static class CrossProcess {
        SharedLongArray cell;
        Contenders.ProcessRounds rounds;
        long invocations;

        void check(int opsPerInvocation) {
            if (cell.get(0) != invocations * opsPerInvocation) {
                throw new IllegalStateException("lock let updates through: counter " + cell.get(0) + ", expected " + invocations * opsPerInvocation);
            }
        }
    }

    /** Child JVMs contending for the shared-memory lock. */
    @State(Scope.Benchmark)
    public static class ShmLockSide extends CrossProcess {
        ShmLock lock;

        @Setup(Level.Trial)
        public void setup(LockBench b, BenchmarkParams params) {
            Bench.requireOneThread(params, "LockBench");
            cell = SharedLongArray.create(1);
            lock = ShmLock.create();
            rounds = new Contenders.ProcessRounds(Contenders.resolve(b.contenders), SHM_OPS, "shm-lock", lock.name(), cell.name());
        }

        @TearDown(Level.Trial)
        public void stop() {
            try {
                rounds.close();
                check(SHM_OPS);
            } finally {
                lock.close();
                cell.close();
            }
        }
    }

    /** Child JVMs contending for a FileLock on one file. */
    @State(Scope.Benchmark)
    public static class FileLockSide extends CrossProcess {
        Path file;

        @Setup(Level.Trial)
        public void setup(LockBench b, BenchmarkParams params) throws IOException {
            Bench.requireOneThread(params, "LockBench");
            cell = SharedLongArray.create(1);
            file = Files.createTempFile("crossover-filelock-", ".lock");
            rounds = new Contenders.ProcessRounds(Contenders.resolve(b.contenders), FILE_OPS, "file-lock", file.toString(), cell.name());
        }

        @TearDown(Level.Trial)
        public void stop() throws IOException {
            try {
                rounds.close();
                check(FILE_OPS);
            } finally {
                cell.close();
                Files.deleteIfExists(file);
            }
        }
    }

    /** {@code synchronized} block. */
    @Benchmark
    @OperationsPerInvocation(THREAD_OPS)
    public long monitor(MonitorSide s) throws InterruptedException {
        s.rounds.round();
        return ++s.invocations;
    }

    /** {@link ReentrantLock} (non-fair). */
    @Benchmark
    @OperationsPerInvocation(THREAD_OPS)
    public long reentrantLock(ReentrantSide s) throws InterruptedException {
        s.rounds.round();
        return ++s.invocations;
    }

    /** {@link ReentrantLock} taken twice per operation by its holder (C15's RLock). */
    @Benchmark
    @OperationsPerInvocation(THREAD_OPS)
    public long reentrantReentry(ReentrySide s) throws InterruptedException {
        s.rounds.round();
        return ++s.invocations;
    }

    /** {@link Semaphore} with one permit. */
    @Benchmark
    @OperationsPerInvocation(THREAD_OPS)
    public long semaphore(SemaphoreSide s) throws InterruptedException {
        s.rounds.round();
        return ++s.invocations;
    }

    /** {@link ShmLock} across child JVMs. */
    @Benchmark
    @OperationsPerInvocation(SHM_OPS)
    public long shmLock(ShmLockSide s) {
        s.rounds.round();
        return ++s.invocations;
    }

    /** {@link java.nio.channels.FileLock} (fcntl) across child JVMs. */
    @Benchmark
    @OperationsPerInvocation(FILE_OPS)
    public long fileLock(FileLockSide s) {
        s.rounds.round();
        return ++s.invocations;
    }
}
