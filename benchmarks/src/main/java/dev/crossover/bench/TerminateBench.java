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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * C22: how long from {@code terminate()} until the worker is gone, for a child JVM against a thread
 * blocked in a task that is interrupted?
 *
 * <p>Each iteration starts one worker blocked in a task, outside the measurement ({@code Level.Iteration}:
 * one invocation per iteration in single-shot mode, and a terminated worker cannot be reused); the single
 * measured invocation ends it and waits until it is gone. {@link #childJvmTerminate}: a child JVM
 * ({@link ChildProcess}, {@link LifecycleChildMain} {@code sleep}) gets SIGTERM, and {@code join} returns
 * once the OS reaped it; it must exit with 143 (the JVM runs its shutdown hooks first). {@link
 * #childJvmKill}: the same with SIGKILL, exit 137, no hooks. {@link #platformThreadInterrupt} and {@link
 * #virtualThreadInterrupt}: a thread blocked in {@code Thread.sleep} is interrupted and joined; it must have
 * ended. Both sides wait in a blocking call, so both are ended mid-wait, the only way a thread can be.
 *
 * <p>Expected: a thread ends in tens of µs (one wake-up); a child JVM in a few ms (signal delivery, the
 * JVM's shutdown, the kernel tearing down its address space, the parent's reaper thread), SIGKILL faster
 * than SIGTERM. A thread busy computing would not end at all: interruption only ends blocking calls.
 *
 * <p>{@code java -jar benchmarks/target/benchmarks.jar TerminateBench -f 2 -wi 1 -i 5}
 */
@QuickGrid(methods = {"childJvmTerminate", "virtualThreadInterrupt"})
@Serves({"C22"})
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 10)
@Fork(3)
public class TerminateBench {

    static final Duration GONE = Duration.ofSeconds(30);

    /** A child JVM blocked in a sleep, started anew for every iteration. */
    @State(Scope.Thread)
    public static class Child {
        ChildProcess process;

        @Setup(Level.Iteration)
        public void start() throws IOException {
            process = ChildProcess.of(LifecycleChildMain.class, "sleep").start();
            // Its reader is not closed: that would close the child's stdout while it runs.
            BufferedReader r = new BufferedReader(new InputStreamReader(process.stdout(), StandardCharsets.UTF_8));
            String line = r.readLine();
            if (!"READY".equals(line)) {
                process.close();
                throw new IllegalStateException("child " + process + " did not start (it wrote " + line + ")");
            }
        }

        int end(boolean kill, int expectedExit) throws InterruptedException {
            if (kill) {
                process.kill();
            } else {
                process.terminate();
            }
            if (!process.join(GONE)) {
                throw new IllegalStateException("child " + process + " still runs " + GONE + " after " + (kill ? "kill" : "terminate"));
            }
            int code = process.exitCode();
            if (code != expectedExit) {
                throw new IllegalStateException("child " + process + " exited with " + code + ", not " + expectedExit);
            }
            return code;
        }

        @TearDown(Level.Iteration)
        public void stop() {
            process.close();
        }
    }

    /** A thread blocked in a task (a long sleep), started anew for every iteration. */
    @State(Scope.Thread)
    public abstract static class Blocked {
        Thread thread;

        abstract Thread.Builder builder();

        @Setup(Level.Iteration)
        public void start() throws InterruptedException {
            CountDownLatch started = new CountDownLatch(1);
            thread = builder().start(() -> {
                started.countDown();
                try {
                    Thread.sleep(Long.MAX_VALUE);
                } catch (InterruptedException e) {
                    // ended as asked
                }
            });
            started.await();
            // Into the sleep, not merely started: wait until it is parked.
            while (thread.getState() != Thread.State.TIMED_WAITING && thread.getState() != Thread.State.WAITING) {
                Thread.onSpinWait();
            }
        }

        boolean end() throws InterruptedException {
            thread.interrupt();
            if (!thread.join(GONE)) {
                throw new IllegalStateException(thread + " still runs " + GONE + " after interrupt()");
            }
            return thread.isAlive();
        }

        @TearDown(Level.Iteration)
        public void stop() throws InterruptedException {
            thread.interrupt();
            thread.join(GONE.toMillis());
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

    /** SIGTERM to a child JVM blocked in a task, until it is reaped; its exit code (143). */
    @Benchmark
    public int childJvmTerminate(Child c) throws InterruptedException {
        return c.end(false, 143);
    }

    /** SIGKILL to a child JVM blocked in a task, until it is reaped; its exit code (137). */
    @Benchmark
    public int childJvmKill(Child c) throws InterruptedException {
        return c.end(true, 137);
    }

    /** Interrupt a platform thread blocked in a task, until it has ended. */
    @Benchmark
    public boolean platformThreadInterrupt(PlatformBlocked b) throws InterruptedException {
        return b.end();
    }

    /** Interrupt a virtual thread blocked in a task, until it has ended. */
    @Benchmark
    public boolean virtualThreadInterrupt(VirtualBlocked b) throws InterruptedException {
        return b.end();
    }
}
