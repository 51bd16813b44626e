package dev.crossover.bench;

import dev.crossover.claims.Serves;
import dev.crossover.load.DelayServerProcess;
import dev.crossover.load.RequestKernel;
import dev.crossover.run.QuickGrid;
import dev.crossover.run.SetupCost;
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
import org.openjdk.jmh.infra.BenchmarkParams;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.ThreadMXBean;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * I/O-bound work: how many blocking requests per second does each executor sustain with {@code
 * concurrency} requests in flight against a server that answers after {@code delayMs}, when every
 * executor that is compared gets the same, stated capacity?
 *
 * <p>Serves C13 (a thread pool suits I/O-bound work: {@code FIXED_FORMULA} against {@code PROCESS}
 * of equal total threads), C14, C16 (a semaphore caps virtual threads: does the cap bound what
 * reaches the server, and what does it cost) and X3 (the concurrency at which virtual threads
 * overtake fixed pools).
 *
 * <p>Sizes, decided at trial setup and reported with every result: the wait and compute of one
 * request are measured first ({@code waitMicros}: wall time of a request at {@code delayMs} (median of
 * {@link #WAIT_PROBES}) minus its compute; {@code computeMicros}: CPU time of this thread per
 * zero-delay request, the cheapest of {@link #COMPUTE_BATCHES} batches), and the blocking
 * formula {@code cores × (1 + wait/compute)}, uncapped, rounded up to two significant digits (so
 * trials whose measurements differ by a few percent get the same size) and to a multiple of {@code
 * cores} (so that process workers can split it evenly), is the capacity {@code C} of the configurations
 * compared: {@code FIXED_FORMULA} has {@code C} threads, {@code VIRTUAL_CAPPED} {@code C} permits,
 * {@code VIRTUAL_CAPPED_HALF} {@code C/2}, {@code PROCESS} {@code cores} child JVMs × {@code C/cores}
 * threads each. {@code FIXED_CAPPED} is the formula capped at {@link PoolSizer#DEFAULT_CAP} threads,
 * a separate configuration (not in the default sweep: {@code -p executor=FIXED_CAPPED}). Since each
 * trial measures for itself, trials on a noisy machine can arrive at different sizes (the {@code
 * capacity} metric shows each); {@code -p capacity=N} gives every configuration of a run exactly
 * {@code N} (rounded up to a multiple of {@code cores}).
 * {@code THREAD_PER_TASK} starts a platform thread per request from {@link #DISPATCHERS_PER_CORE} ×
 * {@code cores} dispatcher threads, so one thread calling {@code Thread.start()} is not the limit.
 *
 * <p>Secondary metrics of {@link #requests}, per iteration: {@code capacity} (requests the executor
 * can have in progress at once: threads, permits, children × threads per child; for an uncapped
 * executor, the concurrency, since each request gets a thread of its own), {@code children}, {@code
 * threadsPerChild}, {@code dispatchers} (0 where they do not apply), {@code waitMicros}, {@code
 * computeMicros}, {@code peakInFlight} (the most requests the delay server held at once during the
 * iteration: the concurrency that really reached it, whatever the executor promised) and {@code
 * littleBoundOps} ({@code min(concurrency, capacity) ÷ delay}, the Little's-law bound, requests/s).
 *
 * <p>The server is a {@link DelayServerProcess} (its own JVM); each request is the {@code request}
 * kernel over a persistent loopback connection opened before measurement. {@link #requests} keeps
 * exactly {@code concurrency} requests submitted (a window: each call waits for the oldest, checks
 * its token, submits the next), so its score is requests/s. {@link #latency} times one request while
 * {@code concurrency − 1} others are in flight (sample mode). Every wait is bounded ({@link
 * #STUCK_SECONDS} beyond the delay); a thread that cannot be created, or an open-file limit below
 * what the concurrency needs (the server holds {@code concurrency} sockets and the client side as
 * many), fails the setup with the fix.
 *
 * <p>Expected: {@code peakInFlight} = {@code min(concurrency, capacity)} for every executor, so a cap
 * bounds concurrency exactly; virtual threads near the bound until the cores saturate; {@code
 * FIXED_CORES} flat at cores ÷ delay; {@code FIXED_FORMULA} like virtual threads while {@code C}
 * exceeds the concurrency; {@code PROCESS} close to {@code FIXED_FORMULA} at the same capacity, minus
 * the pipe's CPU; capped virtual threads at {@code cap ÷ delay} once the concurrency exceeds the cap.
 *
 * <p>The quick preset runs concurrency 100 and 1,000 ({@link QuickGrid}): X3's crossing for {@code
 * FIXED_CORES} lies at the cores, far below, where Little's law with the pool's size places it and
 * the points above check it; the formula pool, thousands of threads, ties virtual threads at 100
 * and runs short of CPU before it runs short of threads, so virtual threads pull away from it
 * between 100 and 1,000, below its size; full adds 1, 10 and 10,000, where the cores cap every
 * executor. {@link #latency}, sample-time tails, runs in full only, at concurrency 1 and 1,000: the
 * tail alone and under load.
 *
 * <p>{@code java -jar benchmarks/target/benchmarks.jar IoBoundBench.requests -p concurrency=1000,10000 -f 1}
 */
@SetupCost(seconds = 7, what = "starting the delay server, probing wait and compute, and starting and joining the pool's threads (the formula pool holds thousands)")
@Serves({"C13", "C14", "C16", "X3"})
@QuickGrid(value = {"concurrency=100,1000"}, methods = {"requests"})
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(2)
public class IoBoundBench {

    /** Seconds beyond its delay one request may take before the run is called stuck. */
    static final long STUCK_SECONDS = 60;
    /** Dispatcher threads per core of {@code THREAD_PER_TASK}. */
    static final int DISPATCHERS_PER_CORE = 4;
    /** Open files a JVM needs besides its sockets (jars, pipes, epoll, /proc reads). */
    static final int FILES_BESIDES_SOCKETS = 1_000;
    /** Concurrent requests used to measure the real wait at setup. */
    static final int WAIT_PROBES = 16;
    /** Batches of zero-delay requests timed for the compute; the cheapest batch counts. */
    static final int COMPUTE_BATCHES = 40;
    /** The {@code capacity} param's value that asks for the blocking formula's size. */
    static final String FORMULA = "formula";
    /** Significant digits the capacity is rounded up to, so trials that measure a little differently agree. */
    static final int SIGNIFICANT_DIGITS = 2;

    /** The ways of running blocking requests compared here. */
    public enum IoExecutor {
        /** {@code THREADS} pool of {@code cores}: right for CPU work, starved by waiting. */
        FIXED_CORES,
        /** {@code THREADS} pool of the formula's size {@code C}, uncapped. */
        FIXED_FORMULA,
        /** {@code THREADS} pool of {@code min(C, PoolSizer.DEFAULT_CAP)}: the formula with a cap. */
        FIXED_CAPPED,
        /** A new platform thread per request, started by {@code DISPATCHERS_PER_CORE × cores} dispatchers. */
        THREAD_PER_TASK,
        /** {@code VIRTUAL}, no cap. */
        VIRTUAL,
        /** {@code VIRTUAL} capped by a semaphore of {@code C} permits, the {@code FIXED_FORMULA} size (C16). */
        VIRTUAL_CAPPED,
        /** {@code VIRTUAL} capped by a semaphore of {@code C/2} permits: a cap that differs from the pool (C16). */
        VIRTUAL_CAPPED_HALF,
        /** {@code PROCESS_PIPE}: {@code cores} child JVMs × {@code C/cores} threads each, {@code C} in all. */
        PROCESS
    }

    /**
     * What a configuration was given.
     *
     * @param capacity        requests it can have in progress at once (for uncapped executors: the concurrency)
     * @param children        child JVMs, 0 for in-process executors
     * @param threadsPerChild threads per child JVM, 0 for in-process executors
     * @param dispatchers     threads starting per-request threads, 0 where none
     * @param formula         the blocking formula's size C every compared configuration derives from
     */
    record Sizes(int capacity, int children, int threadsPerChild, int dispatchers, int formula) {

        /** The sizes of {@code executor} at {@code concurrency}, from the formula's capacity {@code c}. */
        static Sizes of(IoExecutor executor, int concurrency, int cores, int c) {
            return switch (executor) {
                case FIXED_CORES -> new Sizes(cores, 0, 0, 0, c);
                case FIXED_FORMULA, VIRTUAL_CAPPED -> new Sizes(c, 0, 0, 0, c);
                case FIXED_CAPPED -> new Sizes(Math.min(c, PoolSizer.DEFAULT_CAP), 0, 0, 0, c);
                case VIRTUAL_CAPPED_HALF -> new Sizes(Math.max(1, c / 2), 0, 0, 0, c);
                case VIRTUAL -> new Sizes(concurrency, 0, 0, 0, c);
                case THREAD_PER_TASK -> new Sizes(concurrency, 0, 0, DISPATCHERS_PER_CORE * cores, c);
                case PROCESS -> new Sizes(c, cores, c / cores, 0, c);
            };
        }
    }

    /**
     * Refuses a concurrency the open-file limit cannot carry: the delay server holds one socket per
     * request in flight, and the client side (this JVM, or the child JVMs between them) as many.
     */
    static void checkOpenFiles(int concurrency, long limit) {
        long need = (long) concurrency + FILES_BESIDES_SOCKETS;
        if (limit >= 0 && limit < need) {
            throw new IllegalStateException("IoBoundBench at concurrency " + concurrency + " needs 2 × " + concurrency
                    + " sockets (the delay server's JVM holds " + concurrency + ", the client side as many), so each JVM needs about "
                    + need + " open files, but the limit is " + limit + " (ulimit -n). Raise it in the shell that starts the run "
                    + "(ulimit -n 20000; for a service, LimitNOFILE=20000) or lower -p concurrency.");
        }
    }

    /** This JVM's open-file limit, -1 when the platform does not say. */
    static long openFileLimit() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.UnixOperatingSystemMXBean unix ? unix.getMaxFileDescriptorCount() : -1;
    }

    /** Refuses more than one benchmark thread: the window and its executor belong to one caller. */
    static void checkOneThread(BenchmarkParams params) {
        if (params.getThreads() != 1) {
            throw new IllegalArgumentException("IoBoundBench runs with one benchmark thread (its window of requests is one "
                    + "caller's); got -t " + params.getThreads() + ". Drop the JMH option -t (or --jmh \"-t ...\"), "
                    + "and raise -p concurrency instead.");
        }
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
     * A platform thread per request, running the same kernel, started by a few dispatcher threads so
     * that starting threads runs in parallel and the caller never waits for {@code Thread.start()}.
     * The pool API has no such executor, and a fixed pool as large as the concurrency is not the same
     * thing: it pays thread creation once.
     */
    static final class ThreadPerTaskSubmitter implements Submitter {
        private final RequestKernel kernel = new RequestKernel();
        private final Set<Thread> live = ConcurrentHashMap.newKeySet();
        private final ThreadPoolExecutor dispatchers;

        ThreadPerTaskSubmitter(Map<String, String> settings, int dispatcherCount) throws Exception {
            kernel.open(settings);
            dispatchers = new ThreadPoolExecutor(dispatcherCount, dispatcherCount, 0, TimeUnit.MILLISECONDS,
                    new LinkedBlockingQueue<>(), Thread.ofPlatform().daemon().name("dispatcher-", 1).factory());
            dispatchers.prestartAllCoreThreads();
        }

        @Override
        public CompletableFuture<byte[]> submit(byte[] arg) {
            CompletableFuture<byte[]> f = new CompletableFuture<>();
            try {
                dispatchers.execute(() -> startOne(arg, f));
            } catch (RejectedExecutionException e) {
                f.completeExceptionally(e);
            }
            return f;
        }

        private void startOne(byte[] arg, CompletableFuture<byte[]> f) {
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
                f.completeExceptionally(new IllegalStateException("THREAD_PER_TASK: cannot start platform thread number "
                        + (live.size() + 1) + " (" + e.getMessage() + "); this concurrency exceeds what the machine allows "
                        + "(ulimit -u, cgroup pids.max, memory); lower it or use VIRTUAL", e));
            }
        }

        @Override
        public void stop() {
            dispatchers.shutdownNow();
            kernel.close(); // every waiting request fails at once
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            try {
                dispatchers.awaitTermination(10, TimeUnit.SECONDS);
                for (Thread t : live) {
                    t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The server, the executor and its sizes. */
    abstract static class Load {
        DelayServerProcess server;
        Submitter submitter;
        Sizes sizes;
        double waitMicros;
        double computeMicros;
        long nextToken = 1;
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        volatile boolean stopping;
        String label = "";
        long stuckMillis;

        void begin(IoExecutor executor, int concurrency, int delayMs, String capacityParam) throws Exception {
            label = executor + " at concurrency " + concurrency + ", delay " + delayMs + " ms";
            stuckMillis = delayMs + TimeUnit.SECONDS.toMillis(STUCK_SECONDS);
            if (concurrency < 1 || delayMs < 0) {
                throw new IllegalArgumentException("concurrency must be >= 1 and delayMs >= 0, got " + concurrency + ", " + delayMs);
            }
            checkOpenFiles(concurrency, openFileLimit());
            try {
                server = DelayServerProcess.start(delayMs * 1_000L);
                int port = server.port();
                computeMicros = measureComputeMicros(port);
                waitMicros = measureWaitMicros(port, delayMs, computeMicros);
                int cores = Bench.BUDGET.cores();
                int c = PoolSizer.evenlySplittable(capacityParam.strip().equals(FORMULA)
                        ? PoolSizer.roundUpSignificant(PoolSizer.blockingFormula(cores, waitMicros, computeMicros), SIGNIFICANT_DIGITS)
                        : pinned(capacityParam), cores);
                sizes = Sizes.of(executor, concurrency, cores, c);
                // connections each kernel instance opens up front: as many as requests it can hold at once
                int perKernel = executor == IoExecutor.PROCESS
                        ? Math.min(sizes.threadsPerChild(), (concurrency + cores - 1) / cores)
                        : Math.min(concurrency, sizes.capacity());
                Map<String, String> settings = Map.of(RequestKernel.PORT, Integer.toString(port),
                        RequestKernel.DELAY_MS, Integer.toString(delayMs),
                        RequestKernel.CONNECTIONS, Integer.toString(perKernel));
                submitter = switch (executor) {
                    case FIXED_CORES, FIXED_FORMULA, FIXED_CAPPED -> pool(PoolSpec.of(Executor.THREADS, sizes.capacity()), settings);
                    case THREAD_PER_TASK -> new ThreadPerTaskSubmitter(settings, sizes.dispatchers());
                    case VIRTUAL -> pool(PoolSpec.of(Executor.VIRTUAL, 0), settings);
                    case VIRTUAL_CAPPED, VIRTUAL_CAPPED_HALF -> pool(PoolSpec.of(Executor.VIRTUAL, sizes.capacity()), settings);
                    case PROCESS -> pool(PoolSpec.of(Executor.PROCESS_PIPE, sizes.children())
                            .withInFlight(sizes.threadsPerChild()).withChildThreads(sizes.threadsPerChild()), settings);
                };
            } catch (OutOfMemoryError e) {
                end();
                throw new IllegalStateException("IoBoundBench " + label + ": cannot create the executor's threads ("
                        + e.getMessage() + "); sizes " + sizes + ". Raise ulimit -u or the memory limit, or run "
                        + "-p executor=FIXED_CAPPED, the formula capped at " + PoolSizer.DEFAULT_CAP + " threads", e);
            } catch (Throwable e) {
                end();
                throw e;
            }
        }

        /** A capacity given as a number with {@code -p capacity=N}. */
        static int pinned(String capacityParam) {
            try {
                int n = Integer.parseInt(capacityParam.strip());
                if (n >= 1) {
                    return n;
                }
            } catch (NumberFormatException ignored) {
                // the message below
            }
            throw new IllegalArgumentException("IoBoundBench param capacity='" + capacityParam + "': use '" + FORMULA
                    + "' (the blocking formula for the wait and compute measured at setup) or a number of threads >= 1, "
                    + "e.g. -p capacity=6000, so that every configuration of the run gets exactly that capacity");
        }

        private static Submitter pool(PoolSpec spec, Map<String, String> settings) {
            return new PoolSubmitter(Bench.start(spec.withSettings(settings)));
        }

        /** CPU time of one zero-delay request on this thread, µs (the cheapest of {@link #COMPUTE_BATCHES} batches): the "compute" of the blocking formula. */
        private static double measureComputeMicros(int port) throws Exception {
            RequestKernel k = new RequestKernel();
            try {
                k.open(Map.of(RequestKernel.PORT, Integer.toString(port)));
                ThreadMXBean mx = ManagementFactory.getThreadMXBean();
                for (int i = 0; i < 200; i++) {
                    k.apply(TaskArgs.longs(0, i)); // warm-up
                }
                // The cheapest of several batches: on a loaded machine contention inflates the CPU time of some batches.
                int n = 10;
                double best = Double.MAX_VALUE;
                for (int b = 0; b < COMPUTE_BATCHES; b++) {
                    long c0 = mx.getCurrentThreadCpuTime();
                    for (int i = 0; i < n; i++) {
                        k.apply(TaskArgs.longs(0, i));
                    }
                    best = Math.min(best, (mx.getCurrentThreadCpuTime() - c0) / 1_000.0 / n);
                }
                return best;
            } finally {
                k.close();
            }
        }

        /**
         * Median wall time of {@link #WAIT_PROBES} requests at {@code delayMs}, sent at once from
         * virtual threads, minus the compute, µs: the "wait" of the blocking formula as the server
         * and the scheduler really deliver it.
         */
        private static double measureWaitMicros(int port, int delayMs, double computeMicros) throws Exception {
            RequestKernel k = new RequestKernel();
            try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
                k.open(Map.of(RequestKernel.PORT, Integer.toString(port), RequestKernel.CONNECTIONS, Integer.toString(WAIT_PROBES)));
                List<Future<Long>> walls = new ArrayList<>();
                for (int i = 0; i < WAIT_PROBES; i++) {
                    long token = i;
                    walls.add(threads.submit(() -> {
                        long t0 = System.nanoTime();
                        k.apply(TaskArgs.longs(delayMs, token));
                        return System.nanoTime() - t0;
                    }));
                }
                long[] ns = new long[WAIT_PROBES];
                for (int i = 0; i < WAIT_PROBES; i++) {
                    ns[i] = walls.get(i).get(delayMs + TimeUnit.SECONDS.toMillis(STUCK_SECONDS), TimeUnit.MILLISECONDS);
                }
                java.util.Arrays.sort(ns);
                return Math.max(0, ns[WAIT_PROBES / 2] / 1_000.0 - computeMicros);
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
        @Param({"FIXED_CORES", "FIXED_FORMULA", "THREAD_PER_TASK", "VIRTUAL", "VIRTUAL_CAPPED", "VIRTUAL_CAPPED_HALF", "PROCESS"})
        public IoExecutor executor;
        @Param({"1", "10", "100", "1000", "10000"})
        public int concurrency;
        @Param({"100"})
        public int delayMs;
        @Param({FORMULA})
        public String capacity;

        final ArrayDeque<CompletableFuture<byte[]>> inFlight = new ArrayDeque<>();
        final ArrayDeque<Long> tokens = new ArrayDeque<>();

        @Setup(Level.Trial)
        public void setup(BenchmarkParams params) throws Exception {
            checkOneThread(params);
            begin(executor, concurrency, delayMs, capacity);
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
        // VIRTUAL_CAPPED is left out too: its C permits (thousands: the formula at a 100 ms delay)
        // do not bind at concurrency 1 and 1,000, so it is VIRTUAL plus an uncontended semaphore. Add it with -p executor=VIRTUAL_CAPPED.
        @Param({"FIXED_FORMULA", "THREAD_PER_TASK", "VIRTUAL", "PROCESS"})
        public IoExecutor executor;
        @Param({"1", "1000"})
        public int concurrency;
        @Param({"100"})
        public int delayMs;
        @Param({FORMULA})
        public String capacity;

        @Setup(Level.Trial)
        public void setup(BenchmarkParams params) throws Exception {
            checkOneThread(params);
            begin(executor, concurrency, delayMs, capacity);
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
     * The sizes this configuration used and the concurrency that reached the server, once per
     * iteration (see the class comment). JMH adds {@code EVENTS} counters up over iterations in its
     * {@code score}; read the per-iteration values in {@code rawData}.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Used {
        public double littleBoundOps;
        public double capacity;
        public double children;
        public double threadsPerChild;
        public double dispatchers;
        public double waitMicros;
        public double computeMicros;
        public double peakInFlight;

        /** Starts the server's window of held requests with the iteration. */
        @Setup(Level.Iteration)
        public void open(Window w) throws IOException {
            w.server.takeHeldPeak();
        }

        // At teardown: JMH zeroes aux counters after the iteration's setup, and reads them after its teardown.
        @TearDown(Level.Iteration)
        public void set(Window w) throws IOException {
            Sizes s = w.sizes;
            littleBoundOps = w.delayMs == 0 ? Double.NaN : Math.min(w.concurrency, s.capacity()) * 1_000.0 / w.delayMs;
            capacity = s.capacity();
            children = s.children();
            threadsPerChild = s.threadsPerChild();
            dispatchers = s.dispatchers();
            waitMicros = w.waitMicros;
            computeMicros = w.computeMicros;
            peakInFlight = w.server.takeHeldPeak();
        }
    }

    /**
     * Requests per second with {@code concurrency} in flight. Two measured iterations per fork, not
     * three: a fork spends most of its time on setup and teardown (the delay server, the probes,
     * thousands of threads), and the verdicts rest on fork means.
     */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @Measurement(iterations = 2, time = 1)
    public long requests(Window w, Used used) {
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
