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
 * Question: once a condition holds, how long until the waiters it releases run again, and what does
 * releasing all of them cost against releasing one? (C17.)
 *
 * <p>Waiters loop on "take a permit if there is one, else await the condition", holding its lock.
 * Each measured call grants permits under the lock and calls {@code signal()} (one permit) or
 * {@code signalAll()} (a permit each), lets the lock go, and polls (yielding the CPU between polls) until every released waiter has
 * acknowledged; the waiter acknowledges as soon as it holds the lock again. So the time is from the
 * signal to the last released waiter running, plus one cache-line transfer, and for {@code signalAll}
 * it includes the released waiters taking the lock one after the other, as the notes' "releases n of
 * them" must. Before each call, outside the measurement ({@code Level.Invocation}: the waiters must
 * be asleep again, which takes a wake-up each), the benchmark thread waits until every waiter is
 * parked in the condition, so no round finds a waiter still awake. The count of acknowledgements is
 * checked every round: a signal that released two fails the run.
 * <ul>
 * <li>{@code platform}: platform threads on {@link java.util.concurrent.locks.ReentrantLock} and its
 *     {@link java.util.concurrent.locks.Condition};</li>
 * <li>{@code virtual}: virtual threads on the same;</li>
 * <li>{@code process}: one child JVM per waiter on {@link dev.crossover.ipc.ShmCondition} (a futex per
 *     waiter in a shared file; its lock is a compare-and-set with back-off).</li>
 * </ul>
 * {@code wake}: {@code ONE_OF_1} one waiter, signalled; {@code ONE_OF_4} four waiters, one signalled;
 * {@code ALL_OF_4} four waiters, all signalled.
 *
 * <p>Expected: tens of microseconds for threads (a futex wake and a schedule), virtual threads
 * somewhat more (the unpark submits the virtual thread to its scheduler, which a carrier then runs);
 * processes of the same order as platform threads, as the same kernel wake-up does the work, with a
 * longer tail from the lock's back-off. {@code ALL_OF_4} costs several times {@code ONE_OF_4}: four
 * wake-ups and four turns at the lock on two cores. Sample mode gives the mean and p50/p99/p99.9.
 * Run: {@code java -jar benchmarks/target/benchmarks.jar ConditionWakeupBench -f 3 -wi 1 -i 3 -w 1 -r 1}
 */
@QuickGrid(methods = {"process"})
@Serves({"C17"})
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 2, time = 1)
@Fork(3)
@State(Scope.Benchmark)
public class ConditionWakeupBench {

    /** How many wait and how many one call releases. */
    public enum Wake {
        ONE_OF_1(1, false), ONE_OF_4(4, false), ALL_OF_4(4, true);

        final int waiters;
        final boolean all;

        Wake(int waiters, boolean all) {
            this.waiters = waiters;
            this.all = all;
        }
    }

    @Param({"ONE_OF_1", "ONE_OF_4", "ALL_OF_4"})
    public Wake wake;

    /** The waiters of one benchmark method, started for the trial. */
    public abstract static class Side {
        WakeupRigs.Rig rig;

        abstract WakeupRigs.Rig start(Wake wake);

        @Setup(Level.Trial)
        public void setup(ConditionWakeupBench b, BenchmarkParams params) {
            Bench.requireOneThread(params, "ConditionWakeupBench");
            rig = start(b.wake);
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
        WakeupRigs.Rig start(Wake w) {
            return new WakeupRigs.ThreadCondition(WakeupRigs.Kind.PLATFORM, w.waiters, w.all);
        }
    }

    @State(Scope.Benchmark)
    public static class VirtualSide extends Side {
        @Override
        WakeupRigs.Rig start(Wake w) {
            return new WakeupRigs.ThreadCondition(WakeupRigs.Kind.VIRTUAL, w.waiters, w.all);
        }
    }

    @State(Scope.Benchmark)
    public static class ProcessSide extends Side {
        @Override
        WakeupRigs.Rig start(Wake w) {
            return new WakeupRigs.ProcessCondition(w.waiters, w.all);
        }
    }

    /** Signal to the released platform threads running. */
    @Benchmark
    public long platform(PlatformSide s) {
        return s.rig.fire();
    }

    /** Signal to the released virtual threads running. */
    @Benchmark
    public long virtual(VirtualSide s) {
        return s.rig.fire();
    }

    /** Signal to the released child-JVM waiters running. */
    @Benchmark
    public long process(ProcessSide s) {
        return s.rig.fire();
    }
}
