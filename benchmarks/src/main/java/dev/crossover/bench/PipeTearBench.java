package dev.crossover.bench;

import dev.crossover.claims.Serves;
import dev.crossover.ipc.PipeTearProbe;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
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

/**
 * C10: do frames get torn when several processes write one pipe at once? {@code writers} child JVMs
 * each write {@link #FRAMES} frames of {@code payload} bytes to one named pipe per invocation, one
 * {@code write(2)} per frame; this JVM reads the stream (pausing briefly after each 4 KiB read, as a
 * working reader would, so the pipe fills) and counts frames not found intact. The count is the
 * secondary metric {@code tornFrames}; the primary score is the time for the round.
 *
 * <p>Expected: {@code unlocked} tears nothing at 512 and 4096 bytes (POSIX makes writes up to
 * PIPE_BUF = 4096 atomic) and tears many frames at 16384 (a writer blocked on a full pipe part way
 * through a frame lets another writer in); {@code locked} (a {@link dev.crossover.ipc.ShmLock} around
 * each write) tears none at any size, at the price of serialised writers.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar PipeTearBench -f 1 -wi 1 -i 5}
 */
@Serves({"C10"})
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(1) // the writers are child JVMs started per trial
@State(Scope.Benchmark)
public class PipeTearBench {

    /** Frames per writer per invocation. */
    static final int FRAMES = 200;

    /** Frame size in bytes: below, at and above PIPE_BUF (4096). */
    @Param({"512", "4096", "16384"})
    public int payload;

    /** Writer processes on the pipe. */
    @Param({"3"})
    public int writers;

    /** Torn frames, summed over the iteration's invocations. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Torn {
        public long tornFrames;
    }

    /** Writers without a lock. */
    @State(Scope.Benchmark)
    public static class Unlocked {
        PipeTearProbe probe;

        @Setup(Level.Trial)
        public void setup(PipeTearBench b) {
            probe = PipeTearProbe.start(b.writers, b.payload, FRAMES, false);
        }

        @TearDown(Level.Trial)
        public void stop() {
            probe.close();
        }
    }

    /** Writers holding the shared-memory lock around each write. */
    @State(Scope.Benchmark)
    public static class Locked {
        PipeTearProbe probe;

        @Setup(Level.Trial)
        public void setup(PipeTearBench b) {
            probe = PipeTearProbe.start(b.writers, b.payload, FRAMES, true);
        }

        @TearDown(Level.Trial)
        public void stop() {
            probe.close();
        }
    }

    /** Writers with no lock. */
    @Benchmark
    public PipeTearProbe.Round unlocked(Unlocked s, Torn torn) throws IOException {
        PipeTearProbe.Round r = s.probe.round();
        torn.tornFrames += r.torn();
        return r;
    }

    /** Writers holding the shared-memory lock around each write. */
    @Benchmark
    public PipeTearProbe.Round locked(Locked s, Torn torn) throws IOException {
        PipeTearProbe.Round r = s.probe.round();
        if (r.torn() != 0 || !r.complete()) {
            throw new IllegalStateException("with the lock held " + r.torn() + " frames were torn: the lock does not exclude");
        }
        torn.tornFrames += r.torn();
        return r;
    }
}
