package dev.crossover.bench;

import dev.crossover.claims.Serves;
import dev.crossover.run.QuickGrid;
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

import java.util.concurrent.TimeUnit;

/**
 * Question: when an event is set, how long until every waiter is running, for threads, virtual
 * threads and processes? (C18.)
 *
 * <p>{@code waiters} waiters block on a clear event. Each measured call sets it and polls (yielding the CPU between polls) until every
 * waiter has acknowledged (each acknowledges as the first thing it does after its wait returns): the
 * time from {@code set} to the last waiter running, plus one cache-line transfer. Before each call,
 * outside the measurement ({@code Level.Invocation}: the waiters must be asleep again), the event is
 * cleared and the benchmark thread waits until every waiter is parked on it. The count is checked
 * every round: a waiter that passed the cleared event, or one that did not pass the set one, fails
 * the run (the functional half of C18, shown every round).
 * <ul>
 * <li>{@code platform}, {@code virtual}: platform or virtual threads on {@link dev.crossover.sync.ThreadEvent}
 *     (a lock and its condition);</li>
 * <li>{@code process}: one child JVM per waiter on {@link dev.crossover.ipc.ShmEvent} (one futex word,
 *     one wake for all).</li>
 * </ul>
 *
 * <p>Expected: with one waiter, tens of microseconds for every kind; with four, the threads on the
 * JVM's condition leave one by one through its lock, while the processes wake at once from one futex
 * word, so processes may be no slower, or faster, than threads here. Sample mode gives the mean and
 * p50/p99/p99.9.
 * Run: {@code java -jar benchmarks/target/benchmarks.jar EventWakeupBench -f 3 -wi 1 -i 3 -w 1 -r 1}
 */
@QuickGrid(methods = {"process"})
@Serves({"C18"})
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 2, time = 1)
@Fork(3)
@State(Scope.Benchmark)
public class EventWakeupBench {

    /** Threads or processes waiting on the event. */
    @Param({"1", "4"})
    public int waiters;

    /** The waiters of one benchmark method, started for the trial. */
    public abstract static class Side {
        WakeupRigs.Rig rig;

        abstract WakeupRigs.Rig start(int waiters);

        @Setup(Level.Trial)
        public void setup(EventWakeupBench b, BenchmarkParams params) {
            Bench.requireOneThread(params, "EventWakeupBench");
            if (b.waiters < 1) {
                throw new IllegalArgumentException("waiters must be >= 1, got " + b.waiters);
            }
            rig = start(b.waiters);
        }

        @Setup(Level.Invocation)
        public void arm() {
            rig.arm();
        }

        @TearDown(Level.Trial)
        public void stop() throws Exception {
            if (rig != null) {
                rig.close();
            }
        }
    }

    @State(Scope.Benchmark)
    public static class PlatformSide extends Side {
        @Override
        WakeupRigs.Rig start(int n) {
            return new WakeupRigs.ThreadEventRig(WakeupRigs.Kind.PLATFORM, n);
        }
    }

    @State(Scope.Benchmark)
    public static class VirtualSide extends Side {
        @Override
        WakeupRigs.Rig start(int n) {
            return new WakeupRigs.ThreadEventRig(WakeupRigs.Kind.VIRTUAL, n);
        }
    }

    @State(Scope.Benchmark)
    public static class ProcessSide extends Side {
        @Override
        WakeupRigs.Rig start(int n) {
            return new WakeupRigs.ProcessEvent(n);
        }
    }

    /** Set to every platform-thread waiter running. */
    @Benchmark
    public long platform(PlatformSide s) {
        return s.rig.fire();
    }

    /** Set to every virtual-thread waiter running. */
    @Benchmark
    public long virtual(VirtualSide s) {
        return s.rig.fire();
    }

    /** Set to every child-JVM waiter running. */
    @Benchmark
    public long process(ProcessSide s) {
        return s.rig.fire();
    }
}
