package dev.crossover.bench;

import dev.crossover.analysis.Serves;
import dev.crossover.load.DelayServerProcess;
import dev.crossover.load.RequestKernel;
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
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * I/O-bound work: how many blocking requests per second does each executor sustain with {@code
 * concurrency} requests in flight against a server that answers after {@code delayMs}?
 *
 * <p>Serves C13 (a thread pool suits I/O-bound work), C14 (virtual threads: the JVM schedules),
 * C16 (a semaphore caps virtual threads: {@code VIRTUAL_CAPPED} against {@code FIXED_FORMULA} of
 * the same size) and X3 (the concurrency at which virtual threads overtake fixed pools). The server
 * is a {@link DelayServerProcess} (its own JVM, started at trial setup); each request is the {@code
 * request} kernel over a persistent loopback connection, opened before measurement. {@link
 * #requests} keeps exactly {@code concurrency} requests in flight (a window: each call waits for the
 * oldest, checks its token, sends the next), so its score is requests/s; the Little's-law bound
 * {@code concurrency ÷ delay} is beside it as {@code littleBoundOps}. {@link #latency} times one
 * request while {@code concurrency − 1} others are in flight (sample mode: p50, p99, p99.9).
 *
 * <p>Expected: virtual threads near the bound up to 1,000 concurrent requests and beyond, until the
 * cores saturate (about 10,000 on 2 cores); a fixed pool of {@code cores} flat at cores ÷ delay;
 * the {@code formula} pool near the bound up to its size ({@link PoolSizer#DEFAULT_CAP}), flat
 * after; a platform thread per request close to virtual threads until thread creation and memory
 * cost tell; process workers like their child threads, plus the pipe. At 10,000 a platform thread
 * per request is bounded by thread creation, not by the delay: a few thousand requests/s on this
 * loaded 2-core machine against a bound of 100,000 (and the setup starts 10,000 threads at once).
 *
 * <p>Every wait is bounded: a request the benchmark thread has waited on for its delay plus {@link
 * #STUCK_SECONDS} s fails the run with the executor and concurrency named, and a platform thread that cannot be
 * created (thread limit, memory) fails it too, so a configuration the machine cannot carry ends
 * with a message instead of hanging in warmup.
 *
 * <p>{@code java -jar benchmarks/target/benchmarks.jar IoBoundBench.requests -p concurrency=1000 -f 1}
 */
@Serves({"C13", "C14", "C16", "X3"})
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class IoBoundBench {

    /** Seconds beyond its delay one request may take before the run is called stuck. */
    static final long STUCK_SECONDS = 60;

    /** The ways of running blocking requests compared here. */
    public enum IoExecutor {
        /** {@code THREADS} pool of {@code cores}: right for CPU work, starved by waiting. */
        FIXED_CORES,
        /** {@code THREADS} pool of {@code cores × (1 + wait/compute)}, compute measured at setup, capped. */
        FIXED_FORMULA,
        /** A new platform thread per request (the platform counterpart of a virtual thread per task). */
        THREAD_PER_TASK,
        /** {@code VIRTUAL}, no cap. */
        VIRTUAL,
        /** {@code VIRTUAL} capped by a semaphore at the {@code FIXED_FORMULA} size (C16). */
        VIRTUAL_CAPPED,
        /** {@code PROCESS_PIPE}: {@code cores} child JVMs, each running its share of the requests on its own threads. */
        PROCESS
    }

    /** Runs one request somewhere and completes a future with the kernel's result. */
    interface Submitter {
        CompletableFuture<byte[]> submit(byte[] arg);

        void stop();
    }

    /** Through the pool API. */
    record PoolSubmitter(Workers pool) implements Submitter {
        @Override
        public CompletableFuture<byte[]> submit(byte[] arg) {
            return pool.submit("request", arg);
        }

        @Override
        public void stop() {
            Bench.stop(pool);
        }
    }

    /**
     * A platform thread per request, running the same kernel. The pool API has no such executor,
     * and a fixed pool as large as the concurrency is not the same thing: it pays thread creation once.
     */
    static final class ThreadPerTaskSubmitter implements Submitter {
        private final RequestKernel kernel = new RequestKernel();
        private final Set<Thread> live = ConcurrentHashMap.newKeySet();

        ThreadPerTaskSubmitter(Map<String, String> settings) throws Exception {
            kernel.open(settings);
        }

        @Override
        public CompletableFuture<byte[]> submit(byte[] arg) {
            CompletableFuture<byte[]> f = new CompletableFuture<>();
            Thread t = Thread.ofPlatform().unstarted(() -> {
                try {
                    f.complete(kernel.apply(arg));
                } catch (Throwable e) {
                    f.completeExceptionally(e);
                } finally {
                    live.remove(Thread.currentThread());
                }
            });
            live.add(t);
            try {
                t.start();
            } catch (OutOfMemoryError e) {
                live.remove(t);
                throw new IllegalStateException("THREAD_PER_TASK: cannot start platform thread number " + (live.size() + 1)
                        + " (" + e.getMessage() + "); this concurrency exceeds what the machine allows (ulimit -u, "
                        + "cgroup pids.max, memory); lower it or use VIRTUAL", e);
            }
            return f;
        }

        @Override
        public void stop() {
            kernel.close(); // every waiting request fails at once
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            for (Thread t : live) {
                try {
                    t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** The server, the executor and the requests in flight. */
    abstract static class Load {
        DelayServerProcess server;
        Submitter submitter;
        int formulaSize;
        long nextToken = 1;
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        volatile boolean stopping;
        String label = "";
        long stuckMillis;

        void begin(IoExecutor executor, int concurrency, int delayMs) throws Exception {
            label = executor + " at concurrency " + concurrency + ", delay " + delayMs + " ms";
            stuckMillis = delayMs + TimeUnit.SECONDS.toMillis(STUCK_SECONDS);
            if (concurrency < 1 || delayMs < 0) {
                throw new IllegalArgumentException("concurrency must be >= 1 and delayMs >= 0, got " + concurrency + ", " + delayMs);
            }
            try {
                server = DelayServerProcess.start(delayMs * 1_000L);
                double computeMicros = measureComputeMicros(server.port());
                int cores = Bench.BUDGET.cores();
                formulaSize = PoolSizer.blockingFormula(cores, delayMs * 1_000.0, computeMicros, PoolSizer.DEFAULT_CAP);
                int perChild = (concurrency + cores - 1) / cores;
                int connections = executor == IoExecutor.PROCESS ? perChild : concurrency;
                Map<String, String> settings = Map.of(RequestKernel.PORT, Integer.toString(server.port()),
                        RequestKernel.DELAY_MS, Integer.toString(delayMs),
                        RequestKernel.CONNECTIONS, Integer.toString(connections));
                submitter = switch (executor) {
                    case FIXED_CORES -> pool(PoolSpec.of(Executor.THREADS, cores), settings);
                    case FIXED_FORMULA -> pool(PoolSpec.of(Executor.THREADS, formulaSize), settings);
                    case THREAD_PER_TASK -> new ThreadPerTaskSubmitter(settings);
                    case VIRTUAL -> pool(PoolSpec.of(Executor.VIRTUAL, 0), settings);
                    case VIRTUAL_CAPPED -> pool(PoolSpec.of(Executor.VIRTUAL, formulaSize), settings);
                    case PROCESS -> pool(PoolSpec.of(Executor.PROCESS_PIPE, cores).withInFlight(perChild)
                            .withChildThreads(Math.min(perChild, PoolSizer.DEFAULT_CAP)), settings);
                };
            } catch (Throwable e) {
                end();
                throw e;
            }
        }

        private static Submitter pool(PoolSpec spec, Map<String, String> settings) {
            return new PoolSubmitter(Bench.start(spec.withSettings(settings)));
        }

        /** CPU time of one zero-delay request on this thread, µs: the "compute" of the blocking formula. */
        private static double measureComputeMicros(int port) throws Exception {
            RequestKernel k = new RequestKernel();
            try {
                k.open(Map.of(RequestKernel.PORT, Integer.toString(port)));
                ThreadMXBean mx = ManagementFactory.getThreadMXBean();
                for (int i = 0; i < 200; i++) {
                    k.apply(TaskArgs.longs(0, i)); // warm-up
                }
                int n = 500;
                long c0 = mx.getCurrentThreadCpuTime();
                for (int i = 0; i < n; i++) {
                    k.apply(TaskArgs.longs(0, i));
                }
                return (mx.getCurrentThreadCpuTime() - c0) / 1_000.0 / n;
            } finally {
                k.close();
            }
        }

        CompletableFuture<byte[]> send(long token) {
            return submitter.submit(TaskArgs.longs(-1, token)); // -1: the delay the pool's settings give
        }

        /** The request's result, waiting at most its delay plus {@link #STUCK_SECONDS}: never forever. */
        byte[] await(CompletableFuture<byte[]> f) {
            try {
                return f.get(stuckMillis, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                throw new IllegalStateException("IoBoundBench " + label + ": a request was not answered within "
                        + stuckMillis + " ms; the executor cannot keep up with this concurrency on this machine "
                        + "(or the delay server is stuck); lower the concurrency or leave this executor out", e);
            } catch (ExecutionException e) {
                throw new CompletionException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("IoBoundBench " + label + ": interrupted while waiting for a request", e);
            }
        }

        static long check(byte[] result, long token) {
            long got = TaskArgs.longAt(result, 0);
            if (got != token) {
                throw Bench.wrong("IoBoundBench request", (int) token, token, got);
            }
            return got;
        }

        @TearDown(Level.Trial)
        public void end() {
            stopping = true;
            if (submitter != null) {
                submitter.stop();
                submitter = null;
            }
            if (server != null) {
                server.close();
                server = null;
            }
        }
    }

    /** Requests in flight as a window: the oldest is awaited, then replaced. */
    @State(Scope.Benchmark)
    public static class Window extends Load {
        @Param({"FIXED_CORES", "FIXED_FORMULA", "THREAD_PER_TASK", "VIRTUAL", "VIRTUAL_CAPPED", "PROCESS"})
        public IoExecutor executor;
        @Param({"1", "10", "100", "1000", "10000"})
        public int concurrency;
        @Param({"100"})
        public int delayMs;

        final ArrayDeque<CompletableFuture<byte[]>> inFlight = new ArrayDeque<>();
        final ArrayDeque<Long> tokens = new ArrayDeque<>();

        @Setup(Level.Trial)
        public void setup() throws Exception {
            begin(executor, concurrency, delayMs);
            try {
                for (int i = 0; i < concurrency; i++) {
                    long token = nextToken++;
                    tokens.add(token);
                    inFlight.add(send(token));
                }
            } catch (RuntimeException e) {
                end(); // JMH runs no teardown after a failed setup: stop the server and threads here
                throw e;
            }
        }
    }

    /** One measured request while {@code concurrency − 1} others keep the executor busy. */
    @State(Scope.Benchmark)
    public static class Background extends Load {
        // FIXED_CORES is left out by default: its latency is queueing, concurrency ÷ (cores ÷ delay),
        // minutes per sample at 1,000 and known without measuring. Add it with -p executor=FIXED_CORES.
        @Param({"FIXED_FORMULA", "THREAD_PER_TASK", "VIRTUAL", "VIRTUAL_CAPPED", "PROCESS"})
        public IoExecutor executor;
        @Param({"1", "100", "1000"})
        public int concurrency;
        @Param({"100"})
        public int delayMs;

        @Setup(Level.Trial)
        public void setup() throws Exception {
            begin(executor, concurrency, delayMs);
            try {
                for (int i = 0; i < concurrency - 1; i++) {
                    keepGoing(-1_000_000L - i);
                }
            } catch (RuntimeException e) {
                end(); // JMH runs no teardown after a failed setup
                throw e;
            }
        }

        private void keepGoing(long token) {
            send(token).whenComplete((r, e) -> {
                if (stopping) {
                    return;
                }
                try {
                    if (e != null) {
                        throw e;
                    }
                    check(r, token);
                    keepGoing(token);
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            });
        }
    }

    /**
     * The Little's-law bound of this configuration, concurrency ÷ delay, in requests/s, once per
     * iteration. JMH adds {@code EVENTS} counters up over iterations in its {@code score}; read the
     * per-iteration value in {@code rawData}.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Bound {
        public double littleBoundOps;

        // At teardown: JMH zeroes aux counters after the iteration's setup, and reads them after its teardown.
        @TearDown(Level.Iteration)
        public void set(Window w) {
            littleBoundOps = w.delayMs == 0 ? Double.NaN : w.concurrency * 1_000.0 / w.delayMs;
        }
    }

    /** Requests per second with {@code concurrency} in flight. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    public long requests(Window w, Bound bound) {
        long token = w.tokens.poll();
        long got = Load.check(w.await(w.inFlight.poll()), token);
        long next = w.nextToken++;
        w.tokens.add(next);
        w.inFlight.add(w.send(next));
        return got;
    }

    /** Latency of one request under a load of {@code concurrency} in flight. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public long latency(Background b) {
        Throwable bad = b.failure.get();
        if (bad != null) {
            throw new IllegalStateException("a background request failed: " + bad, bad);
        }
        long token = b.nextToken++;
        return Load.check(b.await(b.send(token)), token);
    }
}
