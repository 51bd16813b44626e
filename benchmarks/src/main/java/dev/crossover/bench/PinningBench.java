package dev.crossover.bench;

import dev.crossover.claims.Serves;
import dev.crossover.load.NativeFrame;
import dev.crossover.profile.PinnedEvents;
import dev.crossover.run.QuickGrid;
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
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Question (C25: concurrency without parallelism holds only while a blocked virtual thread gives its
 * carrier back): with more virtual threads than carriers, each blocking for {@value #BLOCK_MS} ms
 * while it holds something, how many block at once, and how often does JFR see a virtual thread
 * pinned? Held: a {@link ReentrantLock}, a {@code synchronized} monitor (JDK 21 pinned here; JDK 24's
 * JEP 491 lets the virtual thread unmount), or a native frame (an FFM upcall from C's {@code qsort},
 * {@link NativeFrame}), which still pins on JDK 25.
 *
 * <p>Measured: blocking sections per second with exactly {@code concurrency} virtual threads in
 * flight ({@link VirtualWindow}), each taking a lock of its own from a queue of {@code concurrency}
 * locks (so none waits for another: what is measured is the carrier, not lock contention), blocking
 * in {@code Thread.sleep} inside it, and releasing it. {@code nativeFrame} sleeps inside the upcall
 * instead. Secondary results, per iteration: {@code pinnedEvents} (JFR {@code jdk.VirtualThreadPinned}
 * events of the fork during the iteration, recorded with a zero threshold by {@link PinnedEvents}),
 * {@code parallelism} (the scheduler's) and {@code concurrency}. The setup refuses a concurrency not
 * above the parallelism, where pinning could not show.
 *
 * <p>Expected: {@code reentrantLock} and {@code synchronizedMonitor} a tie near {@code concurrency ÷
 * BLOCK_MS}, no pinned events; {@code nativeFrame} near {@code parallelism ÷ BLOCK_MS} (the scheduler
 * does not add carriers for a pinned sleep), one pinned event per operation.
 *
 * <p>{@code java --enable-native-access=ALL-UNNAMED -jar benchmarks/target/benchmarks.jar PinningBench -f 3}
 */
@QuickGrid(methods = {"synchronizedMonitor"})
@Serves({"C25"})
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(3)
public class PinningBench {

    /** How long each virtual thread blocks while it holds its lock or native frame, ms. */
    static final long BLOCK_MS = 5;
    /** Seconds one blocking section may take before the run is called stuck. */
    static final long STUCK_SECONDS = 60;

    /** What a virtual thread holds while it blocks; the benchmark method's name says which. */
    enum Holder {
        REENTRANT_LOCK("reentrantLock"), MONITOR("synchronizedMonitor"), NATIVE_FRAME("nativeFrame");

        final String method;

        Holder(String method) {
            this.method = method;
        }

        static Holder of(String benchmark) {
            for (Holder h : values()) {
                if (benchmark.endsWith("." + h.method)) {
                    return h;
                }
            }
            throw new IllegalArgumentException("PinningBench has no holder for benchmark " + benchmark);
        }
    }

    /** The locks and the window of blocking virtual threads. */
    @State(Scope.Benchmark)
    public static class Load {
        @Param({"16"})
        public int concurrency;

        int parallelism;
        VirtualWindow window;
        private final ConcurrentLinkedQueue<ReentrantLock> locks = new ConcurrentLinkedQueue<>();

        @Setup(Level.Trial)
        public void start(BenchmarkParams params) {
            if (params.getThreads() != 1) {
                throw new IllegalArgumentException("PinningBench runs with one benchmark thread (its window is one caller's); got -t "
                        + params.getThreads() + ". Drop -t and raise -p concurrency instead.");
            }
            parallelism = VirtualWindow.schedulerParallelism();
            if (concurrency <= parallelism) {
                throw new IllegalArgumentException("PinningBench needs more virtual threads than carriers: concurrency " + concurrency
                        + " is not above the scheduler's parallelism " + parallelism + "; give -p concurrency=" + 8 * parallelism);
            }
            for (int i = 0; i < concurrency; i++) {
                locks.add(new ReentrantLock());
            }
            Holder holder = Holder.of(params.getBenchmark());
            window = new VirtualWindow(concurrency, () -> block(holder), STUCK_SECONDS);
        }

        /** One blocking section under {@code holder}; returns 1. */
        private long block(Holder holder) throws Exception {
            if (holder == Holder.NATIVE_FRAME) {
                NativeFrame.run(() -> Thread.sleep(BLOCK_MS));
                return 1;
            }
            ReentrantLock lock = locks.poll();
            if (lock == null) {
                throw new IllegalStateException("no free lock: more blocking sections in flight than the " + concurrency + " locks");
            }
            try {
                if (holder == Holder.MONITOR) {
                    synchronized (lock) {
                        Thread.sleep(BLOCK_MS);
                    }
                } else {
                    lock.lock();
                    try {
                        Thread.sleep(BLOCK_MS);
                    } finally {
                        lock.unlock();
                    }
                }
            } finally {
                locks.add(lock);
            }
            return 1;
        }

        @TearDown(Level.Trial)
        public void stop() throws InterruptedException {
            if (window != null) {
                window.close();
                window = null;
            }
        }
    }

    /** Per iteration: JFR's pinned events, the scheduler's parallelism, the virtual threads in flight. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Pins {
        public double pinnedEvents;
        public double parallelism;
        public double concurrency;
        private PinnedEvents recording;

        /** Records measured iterations only: a dump takes tens of milliseconds, and warmup counts are not reported. */
        @Setup(Level.Iteration)
        public void open(IterationParams iteration) {
            recording = iteration.getType() == IterationType.MEASUREMENT ? PinnedEvents.start() : null;
        }

        // JMH zeroes aux counters after the iteration's setup and reads them after its teardown.
        @TearDown(Level.Iteration)
        public void set(Load load) {
            if (recording != null) {
                try {
                    pinnedEvents = recording.stop();
                } finally {
                    recording.close();
                    recording = null;
                }
            }
            parallelism = load.parallelism;
            concurrency = load.concurrency;
        }
    }

    /** Sleeping while holding a ReentrantLock: the virtual thread unmounts. */
    @Benchmark
    public long reentrantLock(Load load, Pins pins) throws InterruptedException, ExecutionException, TimeoutException {
        return load.window.next();
    }

    /** Sleeping inside a synchronized block: unmounts on JDK 24+ (JEP 491). */
    @Benchmark
    public long synchronizedMonitor(Load load, Pins pins) throws InterruptedException, ExecutionException, TimeoutException {
        return load.window.next();
    }

    /** Sleeping inside an FFM upcall: the native frame pins the carrier. */
    @Benchmark
    public long nativeFrame(Load load, Pins pins) throws InterruptedException, ExecutionException, TimeoutException {
        return load.window.next();
    }
}
