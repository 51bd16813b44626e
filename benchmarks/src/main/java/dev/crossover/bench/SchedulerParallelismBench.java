package dev.crossover.bench;

import dev.crossover.claims.Serves;
import dev.crossover.load.CpuWork;
import dev.crossover.load.DelayServerProcess;
import dev.crossover.load.RequestKernel;
import dev.crossover.workers.TaskArgs;
import org.openjdk.jmh.annotations.AuxCounters;
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
import org.openjdk.jmh.infra.BenchmarkParams;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Question (C25: parallel means the CPU executes at the same time; concurrent need not): with the
 * same {@code concurrency} virtual threads in flight, what does a scheduler of one carrier thread
 * ({@code -Djdk.virtualThreadScheduler.parallelism=1}) change against the default of one carrier per
 * core, on I/O-bound and on CPU-bound work?
 *
 * <p>Measured: tasks per second with exactly {@code concurrency} tasks in flight, each on a virtual
 * thread of its own ({@link VirtualWindow}). I/O-bound: one blocking request over a persistent loopback
 * connection to a {@link DelayServerProcess} (its own JVM) answering after {@code delayMs}. CPU-bound:
 * {@link CpuWork} of {@code taskUnits} units, no blocking. The {@code *ParallelismOne} methods run in
 * forks started with {@code -Djdk.virtualThreadScheduler.parallelism=1}, the {@code *ParallelismCores}
 * methods with the JDK's default (the fork's available processors); each fork's setup reads the
 * scheduler's parallelism from {@code VirtualThreadSchedulerMXBean} and refuses to run when it is not
 * what the method's name says. Secondary results, per iteration: {@code parallelism}, and for the I/O
 * methods {@code peakInFlight} (the most requests the server held at once: the concurrency that
 * really reached it) and {@code littleBoundOps} ({@code concurrency ÷ delay}, requests/s).
 *
 * <p>Expected: I/O-bound, both near the Little's-law bound and a tie (a waiting virtual thread holds
 * no carrier, so one carrier keeps all {@code concurrency} requests in flight: {@code peakInFlight}
 * = {@code concurrency} at parallelism 1); CPU-bound, the default ahead by about the core count (a
 * running virtual thread holds its carrier, so only {@code parallelism} of them run at once, however
 * many are in flight).
 *
 * <p>{@code java --enable-native-access=ALL-UNNAMED -jar benchmarks/target/benchmarks.jar SchedulerParallelismBench -f 3}
 */
@Serves({"C25"})
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(3)
public class SchedulerParallelismBench {

    /** The fork flag of the {@code *ParallelismOne} methods. */
    static final String ONE_CARRIER = "-Djdk.virtualThreadScheduler.parallelism=1";
    /** Seconds beyond its delay one task may take before the run is called stuck. */
    static final long STUCK_SECONDS = 60;

    /** The parallelism the method's name promises: 1 for {@code *ParallelismOne}, else the fork's processors. */
    static int promisedParallelism(String benchmark) {
        return benchmark.endsWith("ParallelismOne") ? 1 : Runtime.getRuntime().availableProcessors();
    }

    /** Refuses a fork whose scheduler is not what the method's name says, or more than one benchmark thread. */
    static int checkFork(BenchmarkParams params) {
        if (params.getThreads() != 1) {
            throw new IllegalArgumentException("SchedulerParallelismBench runs with one benchmark thread (its window of tasks is "
                    + "one caller's); got -t " + params.getThreads() + ". Drop -t and raise -p concurrency instead.");
        }
        int promised = promisedParallelism(params.getBenchmark());
        int actual = VirtualWindow.schedulerParallelism();
        if (actual != promised) {
            throw new IllegalStateException(params.getBenchmark() + " needs a virtual-thread scheduler of parallelism " + promised
                    + ", but this fork's is " + actual + " (fork arguments " + params.getJvmArgs() + "). The *ParallelismOne methods "
                    + "get " + ONE_CARRIER + " from their @Fork(jvmArgsAppend); a -jvmArgsAppend given to JMH replaces it, and a "
                    + "jdk.virtualThreadScheduler.parallelism in -jvmArgs changes the default: drop those options.");
        }
        return actual;
    }

    /** A delay server, a connection per request in flight, and the window of requests. */
    @State(Scope.Benchmark)
    public static class IoLoad {
        @Param({"64"})
        public int concurrency;
        @Param({"10"})
        public int delayMs;

        int parallelism;
        DelayServerProcess server;
        RequestKernel kernel;
        VirtualWindow window;
        private final AtomicLong tokens = new AtomicLong();

        @Setup(Level.Trial)
        public void start(BenchmarkParams params) throws Exception {
            parallelism = checkFork(params);
            IoBoundBench.checkOpenFiles(concurrency, IoBoundBench.openFileLimit());
            try {
                server = DelayServerProcess.start(delayMs * 1_000L);
                kernel = new RequestKernel();
                kernel.open(Map.of(RequestKernel.PORT, Integer.toString(server.port()),
                        RequestKernel.CONNECTIONS, Integer.toString(concurrency)));
                window = new VirtualWindow(concurrency, this::request, delayMs / 1_000 + STUCK_SECONDS);
            } catch (Exception | Error e) {
                stop();
                throw e;
            }
        }

        /** One request; its answer must carry its own token. */
        private long request() throws Exception {
            long token = tokens.incrementAndGet();
            long back = TaskArgs.longAt(kernel.apply(TaskArgs.longs(delayMs, token)), 0);
            if (back != token) {
                throw new IllegalStateException("the delay server answered token " + back + " to request " + token);
            }
            return back;
        }

        @TearDown(Level.Trial)
        public void stop() throws InterruptedException {
            try {
                if (window != null) {
                    window.close();
                }
            } finally {
                if (kernel != null) {
                    kernel.close();
                }
                if (server != null) {
                    server.close();
                }
                window = null;
                kernel = null;
                server = null;
            }
        }
    }

    /** The window of CPU-bound tasks. */
    @State(Scope.Benchmark)
    public static class CpuLoad {
        @Param({"16"})
        public int concurrency;
        @Param({"1000"})
        public long taskUnits;

        int parallelism;
        VirtualWindow window;
        /** Not final and set at setup, so the JIT cannot fold the work into a constant. */
        private long seed;

        @Setup(Level.Trial)
        public void start(BenchmarkParams params) {
            parallelism = checkFork(params);
            seed = System.nanoTime() | 1;
            window = new VirtualWindow(concurrency, () -> CpuWork.run(seed, taskUnits), STUCK_SECONDS);
        }

        @TearDown(Level.Trial)
        public void stop() throws InterruptedException {
            if (window != null) {
                window.close();
                window = null;
            }
        }
    }

    /** Per iteration: the scheduler's parallelism, the server's peak of requests held, and the Little's-law bound. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class IoCounters {
        public double parallelism;
        public double peakInFlight;
        public double littleBoundOps;

        @Setup(Level.Iteration)
        public void open(IoLoad io) throws IOException {
            io.server.takeHeldPeak();
        }

        // JMH zeroes aux counters after the iteration's setup and reads them after its teardown.
        @TearDown(Level.Iteration)
        public void set(IoLoad io) throws IOException {
            parallelism = VirtualWindow.schedulerParallelism();
            peakInFlight = io.server.takeHeldPeak();
            littleBoundOps = io.concurrency * 1_000.0 / io.delayMs;
        }
    }

    /** Per iteration: the scheduler's parallelism. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class CpuCounters {
        public double parallelism;

        @TearDown(Level.Iteration)
        public void set() {
            parallelism = VirtualWindow.schedulerParallelism();
        }
    }

    /** Blocking requests on virtual threads, one carrier thread. */
    @Benchmark
    @Fork(value = 3, jvmArgsAppend = ONE_CARRIER)
    public long ioParallelismOne(IoLoad io, IoCounters c) throws InterruptedException, ExecutionException, TimeoutException {
        return io.window.next();
    }

    /** Blocking requests on virtual threads, one carrier per core (the JDK's default). */
    @Benchmark
    public long ioParallelismCores(IoLoad io, IoCounters c) throws InterruptedException, ExecutionException, TimeoutException {
        return io.window.next();
    }

    /** CPU-bound tasks on virtual threads, one carrier thread. */
    @Benchmark
    @Fork(value = 3, jvmArgsAppend = ONE_CARRIER)
    public long cpuParallelismOne(CpuLoad cpu, CpuCounters c) throws InterruptedException, ExecutionException, TimeoutException {
        return cpu.window.next();
    }

    /** CPU-bound tasks on virtual threads, one carrier per core (the JDK's default). */
    @Benchmark
    public long cpuParallelismCores(CpuLoad cpu, CpuCounters c) throws InterruptedException, ExecutionException, TimeoutException {
        return cpu.window.next();
    }
}
