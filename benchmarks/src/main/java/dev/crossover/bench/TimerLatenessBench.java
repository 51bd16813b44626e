package dev.crossover.bench;

import dev.crossover.claims.Serves;
import dev.crossover.ipc.PeerJvm;
import dev.crossover.ipc.SharedLongArray;
import dev.crossover.ipc.ShmEvent;
import dev.crossover.load.CpuWork;
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

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Question: how late does a timer run its function, at 1 and 100 ms (any delay through {@code -p
 * delayMs}), idle and with the cores busy, for a scheduled executor, a sleeping virtual thread and a
 * timer in a child JVM? (C19.)
 *
 * <p>Each call fixes the intended time {@code t0 + delayMs}, starts the timer and waits until its
 * function has run; the function's first act is to read {@code System.nanoTime()}.
 * <ul>
 * <li>{@code scheduledExecutor}: {@code schedule} on a one-thread {@link ScheduledThreadPoolExecutor}
 *     started for the trial (Java's usual timer);</li>
 * <li>{@code virtualSleep}: a new virtual thread that sleeps {@code delayMs} and then runs the
 *     function (the notes' {@code threading.Timer} is a new thread that waits);</li>
 * <li>{@code childJvmTimer}: the intended time is written to shared memory and a child JVM, woken by a
 *     shared event, schedules the function on its own {@link ScheduledThreadPoolExecutor}; the
 *     hand-over is part of the lateness, as it is for a timer in another process.</li>
 * </ul>
 * The primary figure is the whole call, the delay plus the lateness plus the hand-back to the
 * benchmark thread (a park/unpark in one JVM, a futex across processes): its tail is the timer's tail.
 * The secondary counters {@code lateNanos} (the sum, per iteration, of the function's start minus the
 * intended time) and {@code timers} (how many ran) give the exact mean lateness per fork without the
 * hand-back. A function that runs before its time fails the run. With {@code load=BUSY}, one spinning
 * platform thread per core of the CPU budget keeps the cores busy for the whole trial.
 *
 * <p>Expected: idle, tens of microseconds late for the executor and the virtual thread (a timed
 * futex wait and a wake-up, plus the timer slack of the kernel, 50 µs by default), the child JVM a
 * hand-over more; busy, the lateness grows toward the scheduler's time slice (milliseconds), the same
 * at every delay, so it matters at 1 ms and hardly at 100 ms.
 * Run: {@code java -jar benchmarks/target/benchmarks.jar TimerLatenessBench -f 3 -wi 1 -i 3 -w 1 -r 1}
 */
@QuickGrid(methods = {"childJvmTimer", "scheduledExecutor"})
@Serves({"C19"})
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(3)
@State(Scope.Benchmark)
public class TimerLatenessBench {

    /** Control words shared with {@link TimerPeerMain}. */
    static final int INTENDED = 0;
    static final int FIRED = 1;
    static final int STOP = 2;

    /** The delay asked of the timer, in milliseconds. */
    @Param({"1", "100"})
    public int delayMs;

    /** What else runs. */
    public enum Load {
        /** Nothing but the benchmark. */
        IDLE,
        /** One spinning platform thread per core of the CPU budget. */
        BUSY
    }

    @Param({"IDLE", "BUSY"})
    public Load load;

    private final List<Thread> burners = new ArrayList<>();
    private volatile boolean burning;
    long delayNanos;

    @Setup(Level.Trial)
    public void start(BenchmarkParams params) {
        Bench.requireOneThread(params, "TimerLatenessBench");
        if (delayMs < 1) {
            throw new IllegalArgumentException("delayMs must be >= 1, got " + delayMs);
        }
        delayNanos = TimeUnit.MILLISECONDS.toNanos(delayMs);
        if (load == Load.BUSY) {
            burning = true;
            for (int i = 0; i < Bench.BUDGET.cores(); i++) {
                long seed = i;
                burners.add(Thread.ofPlatform().daemon().name("burner-" + i).start(() -> {
                    long sink = seed;
                    while (burning) {
                        sink += CpuWork.run(sink, 64);
                    }
                    if (sink == 42) {
                        System.out.print(""); // keeps the work alive
                    }
                }));
            }
        }
    }

    @TearDown(Level.Trial)
    public void stopBurners() throws InterruptedException {
        burning = false;
        for (Thread t : burners) {
            t.join(TimeUnit.SECONDS.toMillis(10));
        }
        burners.clear();
    }

    /** Exact lateness, summed per iteration (JMH event counters). */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Lateness {
        /** Sum over the iteration of (the function's start - the intended time), in nanoseconds. */
        public long lateNanos;
        /** Timers that ran in the iteration. */
        public long timers;

        @Setup(Level.Iteration)
        public void reset() {
            lateNanos = 0;
            timers = 0;
        }

        long record(long intended, long fired, String who) {
            long late = fired - intended;
            if (late < 0) {
                throw new IllegalStateException(who + " ran its function " + (-late) + " ns before the intended time: "
                        + "a timer must never fire early; this result must not be reported");
            }
            lateNanos += late;
            timers++;
            return late;
        }
    }

    /** One in-process timer: the function records its start and unparks the waiting benchmark thread. */
    abstract static class InProcess {
        volatile long fired;
        Thread caller;

        Runnable function() {
            return () -> {
                fired = System.nanoTime();
                LockSupport.unpark(caller);
            };
        }

        long awaitFired() {
            long f;
            while ((f = fired) == 0) {
                LockSupport.park(this);
            }
            return f;
        }
    }

    @State(Scope.Thread)
    public static class Executor extends InProcess {
        ScheduledThreadPoolExecutor timer;

        @Setup(Level.Trial)
        public void start() {
            timer = new ScheduledThreadPoolExecutor(1);
            caller = Thread.currentThread();
        }

        @TearDown(Level.Trial)
        public void stop() throws InterruptedException {
            timer.shutdownNow();
            if (!timer.awaitTermination(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the timer thread did not stop within 10 s");
            }
        }
    }

    @State(Scope.Thread)
    public static class VirtualSleeper extends InProcess {
        Thread last;

        @Setup(Level.Trial)
        public void start() {
            caller = Thread.currentThread();
        }

        @TearDown(Level.Trial)
        public void stop() throws InterruptedException {
            if (last != null) {
                last.join(TimeUnit.SECONDS.toMillis(10));
            }
        }
    }

    /** A child JVM running {@link TimerPeerMain}, and the shared words and events it is driven by. */
    @State(Scope.Thread)
    public static class Child {
        SharedLongArray control;
        ShmEvent request;
        ShmEvent fired;
        PeerJvm child;

        @Setup(Level.Trial)
        public void start() throws InterruptedException {
            try {
                control = SharedLongArray.create(3);
                request = ShmEvent.create();
                fired = ShmEvent.create();
                child = PeerJvm.start(WakeupRigs.CHILD_OPTIONS, TimerPeerMain.class, request.name(), fired.name(), control.name());
                String line = child.readLine(Duration.ofSeconds(60));
                if (!line.equals("READY")) {
                    throw new IllegalStateException(child + " said '" + line + "' instead of READY");
                }
            } catch (RuntimeException | InterruptedException e) {
                stop();
                throw e;
            }
        }

        long timer(long intended) throws InterruptedException {
            fired.clear();
            control.set(INTENDED, intended);
            request.set();
            while (!fired.await(Duration.ofSeconds(1))) {
                if (!child.process().isAlive()) {
                    throw new IllegalStateException("timer child " + child + " died with exit code " + child.process().exitValue());
                }
            }
            return control.get(FIRED);
        }

        @TearDown(Level.Trial)
        public void stop() {
            try {
                if (control != null) {
                    control.set(STOP, 1);
                }
                if (child != null) {
                    child.close();
                }
            } finally {
                for (AutoCloseable c : new AutoCloseable[]{fired, request, control}) {
                    try {
                        if (c != null) {
                            c.close();
                        }
                    } catch (Exception ignored) {
                        // closing a mapped file does not fail
                    }
                }
            }
        }
    }

    /** A one-thread scheduled executor's lateness (plus the hand-back). */
    @Benchmark
    public long scheduledExecutor(Executor e, Lateness l) {
        e.fired = 0;
        long intended = System.nanoTime() + delayNanos;
        e.timer.schedule(e.function(), delayNanos, TimeUnit.NANOSECONDS);
        return l.record(intended, e.awaitFired(), "ScheduledThreadPoolExecutor");
    }

    /** A new virtual thread sleeping the delay: its lateness (plus the hand-back). */
    @Benchmark
    public long virtualSleep(VirtualSleeper v, Lateness l) {
        v.fired = 0;
        long intended = System.nanoTime() + delayNanos;
        Runnable f = v.function();
        long d = delayNanos;
        v.last = Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(Duration.ofNanos(d));
            } catch (InterruptedException e) {
                return;
            }
            f.run();
        });
        return l.record(intended, v.awaitFired(), "a sleeping virtual thread");
    }

    /** A timer in a child JVM: its lateness including the hand-over (plus the hand-back). */
    @Benchmark
    public long childJvmTimer(Child c, Lateness l) throws InterruptedException {
        long intended = System.nanoTime() + delayNanos;
        return l.record(intended, c.timer(intended), "the child JVM's timer");
    }
}
