package dev.crossover.bench;

import dev.crossover.analysis.Serves;
import dev.crossover.ipc.ChildJvm;
import dev.crossover.ipc.RingEchoMain;
import dev.crossover.ipc.ShmRing;
import dev.crossover.workers.Executor;
import dev.crossover.workers.PoolSpec;
import dev.crossover.workers.Workers;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
 * C6, C1: what does one round trip to a child JVM cost over shared memory, with one 8-byte echo in
 * flight? The shared-memory half of {@code RoundTripBench} (its pipe methods live there; these two
 * move into it once both are on main), with {@code pipeFramed} repeated here so the ratio is
 * measured side by side in one run.
 *
 * <ul>
 * <li>{@code shmSpin}: the calling thread writes the request ring and spins on the response ring; a
 *     bare child ({@link RingEchoMain}) spins on the request ring and echoes. No thread handoff, no
 *     system call: the transport path itself.</li>
 * <li>{@code shmPool}: {@code submit("echo")} on a {@code PROCESS_SHM} pool of one worker and wait
 *     for the future: the whole pool path over the rings ({@code idle} = the pool's idle strategy).</li>
 * <li>{@code pipeFramed}: the same through a {@code PROCESS_PIPE} pool, the counterpart.</li>
 * </ul>
 *
 * <p>Expected on an idle machine with a core per spinning side: {@code shmSpin} well under a
 * microsecond, at least 50× faster than {@code pipeFramed} (tens of microseconds); {@code shmPool}
 * between the two (future completion and the pool's threads). On a loaded machine with fewer free
 * cores than spinners, spinning sides wait for time slices and lose to the pipe's kernel wake-ups.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar ShmRoundTripBench -f 1 -wi 2 -i 3 -w 1 -r 1}
 */
@Serves({"C6", "C1"})
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1) // every trial starts a child JVM
public class ShmRoundTripBench {

    /** Two rings and a spinning echo child. */
    @State(Scope.Thread)
    public static class SpinEcho {
        ShmRing requests;
        ShmRing responses;
        ShmRing.Producer out;
        ShmRing.Consumer in;
        ChildJvm child;
        final byte[] message = new byte[8];
        long seq;
        long reply;
        final ShmRing.RecordHandler onReply = (type, buf, offset, length) -> reply = buf.get(ValueLayout.JAVA_LONG_UNALIGNED, offset);

        @Setup(Level.Trial)
        public void start() throws InterruptedException {
            requests = ShmRing.create(1 << 16);
            responses = ShmRing.create(1 << 16);
            child = ChildJvm.start(RingEchoMain.class, requests.name(), responses.name(), "spin");
            child.expect("READY", Duration.ofSeconds(60));
            out = requests.producer();
            in = responses.consumer();
        }

        @TearDown(Level.Trial)
        public void stop() {
            try {
                out.close();
                child.close();
            } finally {
                requests.close();
                responses.close();
            }
        }

        void deadEchoCheck() {
            if (!child.process().isAlive()) {
                throw new IllegalStateException("echo child " + child + " died");
            }
        }
    }

    /** A one-worker process pool over a transport. */
    public abstract static class Pool {
        Workers pool;
        final byte[] message = new byte[8];

        void start(Executor executor, String idle) {
            pool = PoolSpec.of(executor, 1).withInFlight(1).withIdle(idle).start();
        }

        @TearDown(Level.Trial)
        public void stop() throws InterruptedException {
            pool.close();
            if (!pool.join(Duration.ofSeconds(10))) {
                pool.terminate();
            }
        }
    }

    /** {@code PROCESS_SHM} pool. */
    @State(Scope.Thread)
    public static class ShmPool extends Pool {
        /** The pool's idle strategy: {@code backoff} (default) or {@code spin}. */
        @Param({"backoff"})
        public String idle;

        @Setup(Level.Trial)
        public void setup() {
            start(Executor.PROCESS_SHM, idle);
        }
    }

    /** {@code PROCESS_PIPE} pool, the counterpart. */
    @State(Scope.Thread)
    public static class PipePool extends Pool {
        @Setup(Level.Trial)
        public void setup() {
            start(Executor.PROCESS_PIPE, "backoff");
        }
    }

    /** Request ring out, response ring back, both sides spinning. */
    @Benchmark
    public long shmSpin(SpinEcho s) {
        long seq = ++s.seq;
        MemorySegment.ofArray(s.message).set(ValueLayout.JAVA_LONG_UNALIGNED, 0, seq);
        int spins = 0;
        while (!s.out.offer(0, s.message, 0, 8)) {
            if (++spins == 0) {
                s.deadEchoCheck();
            }
            Thread.onSpinWait();
        }
        while (s.in.poll(s.onReply, 1) == 0) {
            if (++spins == 0) {
                s.deadEchoCheck(); // every 2^32 spins: costs nothing, still never hangs on a dead child
            }
            Thread.onSpinWait();
        }
        if (s.reply != seq) {
            throw new IllegalStateException("echo returned " + s.reply + " for request " + seq);
        }
        return s.reply;
    }

    /** Through the pool: submit, future, the pool's threads and the rings. */
    @Benchmark
    public byte[] shmPool(ShmPool s) throws InterruptedException, ExecutionException, TimeoutException {
        return s.pool.submit("echo", s.message).get(30, TimeUnit.SECONDS);
    }

    /** The framed-pipe pool, side by side. */
    @Benchmark
    public byte[] pipeFramed(PipePool s) throws InterruptedException, ExecutionException, TimeoutException {
        return s.pool.submit("echo", s.message).get(30, TimeUnit.SECONDS);
    }
}
