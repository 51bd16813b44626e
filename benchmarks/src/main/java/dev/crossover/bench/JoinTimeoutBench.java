package dev.crossover.bench;

import dev.crossover.claims.Serves;
import dev.crossover.run.QuickGrid;
import dev.crossover.workers.ChildProcess;
import dev.crossover.workers.LifecycleChildMain;
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

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * C22: does {@code join(timeout)} block at most its timeout, as the notes say of {@code
 * Process.join(timeout)}, and how far past it does it return, for a child JVM against a thread?
 *
 * <p>Each operation is one {@code join} with a {@value #TIMEOUT_MS} ms timeout on a worker that keeps
 * running, so it must time out: the score is how long the call really took, in µs. {@link #childProcess}:
 * {@link ChildProcess#join(Duration)} on a child JVM blocked in a sleep (the JDK's {@code Process.waitFor}
 * with a timeout). {@link #platformThread} and {@link #virtualThread}: {@code Thread.join(Duration)} on a
 * thread blocked in a sleep. A join that returns true (the worker ended) or before its timeout fails the
 * benchmark.
 *
 * <p>Expected: every join returns after 10 ms plus a small overshoot, tens of µs, of the same order for
 * all three: {@code Thread.join} is a timed park, and the JDK's {@code Process.waitFor} with a timeout a
 * timed wait on the process object, which its reaper thread would notify on exit. Neither side polls.
 *
 * <p>{@code java -jar benchmarks/target/benchmarks.jar JoinTimeoutBench -f 2 -wi 1 -i 3 -w 1 -r 1}
 */
@QuickGrid(methods = {"childProcess"})
@Serves({"C22"})
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(3)
public class JoinTimeoutBench {

    /** The timeout of every join. */
    static final long TIMEOUT_MS = 10;
    static final Duration TIMEOUT = Duration.ofMillis(TIMEOUT_MS);

    /** A child JVM blocked in a sleep for the whole trial. */
    @State(Scope.Benchmark)
    public static class Child {
        ChildProcess process;

        @Setup(Level.Trial)
        public void start() throws IOException {
            process = ChildProcess.of(LifecycleChildMain.class, "sleep").start();
            String line = new BufferedReader(new InputStreamReader(process.stdout(), StandardCharsets.UTF_8)).readLine();
            if (!"READY".equals(line)) {
                process.close();
                throw new IllegalStateException("child " + process + " did not start (it wrote " + line + ")");
            }
        }

        @TearDown(Level.Trial)
        public void stop() {
            process.close();
        }
    }

    /** A thread blocked in a sleep for the whole trial. */
    @State(Scope.Benchmark)
    public abstract static class Blocked {
        Thread thread;

        abstract Thread.Builder builder();

        @Setup(Level.Trial)
        public void start() {
            thread = builder().start(() -> {
                try {
                    Thread.sleep(Long.MAX_VALUE);
                } catch (InterruptedException e) {
                    // trial over
                }
            });
        }

        @TearDown(Level.Trial)
        public void stop() throws InterruptedException {
            thread.interrupt();
            thread.join(10_000);
        }
    }

    public static class PlatformBlocked extends Blocked {
        @Override
        Thread.Builder builder() {
            return Thread.ofPlatform().daemon();
        }
    }

    public static class VirtualBlocked extends Blocked {
        @Override
        Thread.Builder builder() {
            return Thread.ofVirtual();
        }
    }

    private static long timedOut(boolean ended, long t0, Object what) {
        long waited = System.nanoTime() - t0;
        if (ended) {
            throw new IllegalStateException(what + " ended during the benchmark; join must time out on a running worker");
        }
        if (waited < TIMEOUT.toNanos()) {
            throw new IllegalStateException("join on " + what + " returned after " + waited / 1_000 + " µs, before its timeout of " + TIMEOUT);
        }
        return waited;
    }

    /** {@code join(10 ms)} on a running child JVM; the time it took. */
    @Benchmark
    public long childProcess(Child c) throws InterruptedException {
        long t0 = System.nanoTime();
        return timedOut(c.process.join(TIMEOUT), t0, c.process);
    }

    /** {@code Thread.join(10 ms)} on a blocked platform thread. */
    @Benchmark
    public long platformThread(PlatformBlocked b) throws InterruptedException {
        long t0 = System.nanoTime();
        return timedOut(b.thread.join(TIMEOUT), t0, b.thread);
    }

    /** {@code Thread.join(10 ms)} on a blocked virtual thread. */
    @Benchmark
    public long virtualThread(VirtualBlocked b) throws InterruptedException {
        long t0 = System.nanoTime();
        return timedOut(b.thread.join(TIMEOUT), t0, b.thread);
    }
}
