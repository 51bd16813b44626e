package dev.crossover.bench;

import dev.crossover.claims.Serves;
import dev.crossover.ipc.IdleStrategy;
import dev.crossover.ipc.PeerJvm;
import dev.crossover.ipc.RawEchoMain;
import dev.crossover.ipc.RingEchoMain;
import dev.crossover.ipc.ShmRing;
import dev.crossover.run.QuickGrid;
import dev.crossover.workers.ChildJvm;
import dev.crossover.workers.Executor;
import dev.crossover.workers.PoolSpec;
import dev.crossover.workers.Workers;
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

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;

/**
 * Question: what does one round trip to another thread or another process cost, with one 8-byte
 * {@code echo} in flight at a time, through each transport? (C1: processes must talk through a
 * channel; C14: the platform and virtual handoffs. The switch costs of C6 are
 * {@link SwitchCostBench}'s: these paths spin or hand off without always switching.)
 *
 * <ul>
 * <li>{@code platformHandoff}: the caller hands the message to a platform thread and takes it back
 *     (two {@link SynchronousQueue}s): thread ↔ thread, the in-process floor.</li>
 * <li>{@code virtualHandoff}: the same with a virtual thread as the partner.</li>
 * <li>{@code pipeFramed}: {@code submit("echo")} on a {@code PROCESS_PIPE} pool of one worker and
 *     wait for the future: the whole pool path (encoding, frames, the pool's bookkeeping; the
 *     waiting caller reads its own answer, the child runs the task on its reading thread).</li>
 * <li>{@code pipeRaw}: a bare child JVM ({@link RawEchoMain}) that echoes 8 bytes with no framing,
 *     pool or thread handoff: the floor of a pipe round trip on this machine.</li>
 * <li>{@code shmSpin}: the calling thread writes a request ring in shared memory and spins on the
 *     response ring; a bare child ({@link RingEchoMain}) spins on the request ring and echoes. No
 *     thread handoff, no system call: the shared-memory transport path itself. Both spin with
 *     {@link IdleStrategy.BusySpin}, which yields once per 128 empty polls so that two spinners on
 *     one core do not wait out whole time slices.</li>
 * <li>{@code shmPool}: {@code submit("echo")} on a {@code PROCESS_SHM} pool of one worker (idle
 *     strategy {@code backoff}, the pool default): the whole pool path over the rings.</li>
 * </ul>
 *
 * <p>Expected: handoffs in the low microseconds (virtual somewhat dearer from a platform caller);
 * pipe round trips in the tens of microseconds; framed within 1.2× of raw (the target);
 * {@code shmSpin} well under a microsecond, ≥ 50× faster than {@code pipeFramed}, but only
 * with a free core for each spinning side: on a loaded machine a spinner waits for time slices and
 * loses to the pipe's kernel wake-ups. {@code shmPool} lies between, paying for the pool's futures.
 * Run: {@code java -jar benchmarks/target/benchmarks.jar RoundTripBench}: the mean ({@code avgt}), then
 * the tail ({@code sample}: p50, p99, p99.9), since a handoff that is fast on average can still stall.
 */
@QuickGrid(methods = {"pipeFramed", "pipeRaw", "shmPool", "shmSpin"})
@Serves({"C1", "C14"})
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 2, time = 1)
@Fork(3)
public class RoundTripBench {

    /** An echo partner thread serving handoffs through two synchronous queues. */
    public abstract static class Partner {
        final SynchronousQueue<byte[]> requests = new SynchronousQueue<>();
        final SynchronousQueue<byte[]> replies = new SynchronousQueue<>();
        final byte[] message = new byte[8];
        Thread thread;

        abstract Thread.Builder builder();

        @Setup(Level.Trial)
        public void start() {
            thread = builder().start(() -> {
                try {
                    while (true) {
                        replies.put(requests.take());
                    }
                } catch (InterruptedException e) {
                    // torn down
                }
            });
        }

        @TearDown(Level.Trial)
        public void stop() throws InterruptedException {
            thread.interrupt();
            thread.join(5000);
        }
    }

    /** A platform thread partner. */
    @State(Scope.Thread)
    public static class PlatformPartner extends Partner {
        @Override
        Thread.Builder builder() {
            return Thread.ofPlatform().daemon().name("echo-partner");
        }
    }

    /** A virtual thread partner. */
    @State(Scope.Thread)
    public static class VirtualPartner extends Partner {
        @Override
        Thread.Builder builder() {
            return Thread.ofVirtual().name("echo-partner");
        }
    }

    /** A process pool of one worker over the framed pipe. */
    @State(Scope.Thread)
    public static class FramedPipe {
        Workers pool;
        final byte[] message = new byte[8];

        @Setup(Level.Trial)
        public void start() {
            pool = PoolSpec.of(Executor.PROCESS_PIPE, 1).withInFlight(1).start();
        }

        @TearDown(Level.Trial)
        public void stop() throws InterruptedException {
            pool.close();
            if (!pool.join(Duration.ofSeconds(10))) {
                pool.terminate();
            }
        }
    }

    /** A bare child JVM echoing raw 8-byte messages. */
    @State(Scope.Thread)
    public static class RawPipe {
        ChildJvm.Child child;
        OutputStream toChild;
        InputStream fromChild;
        final byte[] message = new byte[8];
        final byte[] reply = new byte[8];

        @Setup(Level.Trial)
        public void start() throws IOException {
            child = ChildJvm.launcher(RawEchoMain.class).args("8").inheritStderr().start();
            toChild = child.stdin();
            fromChild = child.stdout();
        }

        @TearDown(Level.Trial)
        public void stop() {
            child.destroy(Duration.ofSeconds(5)); // end of stdin ends the echo
        }
    }

    /** Two shared-memory rings and a bare child echoing one into the other, spinning. */
    @State(Scope.Thread)
    public static class SpinEcho {
        ShmRing requests;
        ShmRing responses;
        ShmRing.Producer out;
        ShmRing.Consumer in;
        PeerJvm child;
        final byte[] message = new byte[8];
        long seq;
        long reply;
        final IdleStrategy spin = new IdleStrategy.BusySpin();
        final ShmRing.RecordHandler onReply = (type, buf, offset, length) -> reply = buf.get(ValueLayout.JAVA_LONG_UNALIGNED, offset);

        @Setup(Level.Trial)
        public void start() throws InterruptedException {
            requests = ShmRing.create(1 << 16);
            responses = ShmRing.create(1 << 16);
            child = PeerJvm.start(RingEchoMain.class, requests.name(), responses.name(), "spin");
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

        /** Spins between two looks at the clock (mask): a reply normally comes within far fewer. */
        static final int CLOCK_EVERY = (1 << 10) - 1;
        /** How often a waiting caller asks whether the echo child still lives: by time, so a dead child is seen within this. */
        static final long LIVE_CHECK_NANOS = 100_000_000L;
        private long lastLiveCheck = System.nanoTime();

        /** Every {@link #LIVE_CHECK_NANOS} of waiting (clock read every 1,024 spins), whether the echo child still lives. */
        void checkEchoAlive() {
            long now = System.nanoTime();
            if (now - lastLiveCheck < LIVE_CHECK_NANOS) {
                return;
            }
            lastLiveCheck = now;
            if (!child.process().isAlive()) {
                throw new IllegalStateException("echo child " + child + " died");
            }
        }
    }

    /** A process pool of one worker over shared-memory rings, pool defaults otherwise. */
    @State(Scope.Thread)
    public static class ShmPool {
        Workers pool;
        final byte[] message = new byte[8];

        @Setup(Level.Trial)
        public void start() {
            pool = PoolSpec.of(Executor.PROCESS_SHM, 1).withInFlight(1).start();
        }

        @TearDown(Level.Trial)
        public void stop() throws InterruptedException {
            pool.close();
            if (!pool.join(Duration.ofSeconds(10))) {
                pool.terminate();
            }
        }
    }

    /** Thread ↔ thread handoff with a platform partner. */
    @Benchmark
    public byte[] platformHandoff(PlatformPartner p) throws InterruptedException {
        p.requests.put(p.message);
        return p.replies.take();
    }

    /** Platform caller ↔ virtual partner handoff. */
    @Benchmark
    public byte[] virtualHandoff(VirtualPartner p) throws InterruptedException {
        p.requests.put(p.message);
        return p.replies.take();
    }

    /** One echo through the process pool over the framed pipe. */
    @Benchmark
    public byte[] pipeFramed(FramedPipe p) throws InterruptedException, ExecutionException {
        return p.pool.submit("echo", p.message).get();
    }

    /** One raw 8-byte echo through a bare child's pipes: the floor. */
    @Benchmark
    public byte[] pipeRaw(RawPipe p) throws IOException {
        p.toChild.write(p.message);
        p.toChild.flush();
        if (p.fromChild.readNBytes(p.reply, 0, 8) != 8) {
            throw new IOException("raw echo child closed its stdout");
        }
        return p.reply;
    }

    /** One 8-byte echo over shared memory, both sides spinning: the transport path itself. */
    @Benchmark
    public long shmSpin(SpinEcho s) {
        long seq = ++s.seq;
        MemorySegment.ofArray(s.message).set(ValueLayout.JAVA_LONG_UNALIGNED, 0, seq);
        int spins = 0;
        s.spin.reset();
        while (!s.out.offer(0, s.message, 0, 8)) {
            if ((++spins & SpinEcho.CLOCK_EVERY) == 0) {
                s.checkEchoAlive();
            }
            s.spin.idle();
        }
        while (s.in.poll(s.onReply, 1) == 0) {
            if ((++spins & SpinEcho.CLOCK_EVERY) == 0) {
                s.checkEchoAlive();
            }
            s.spin.idle();
        }
        if (s.reply != seq) {
            throw new IllegalStateException("shared-memory echo returned " + s.reply + " for request " + seq);
        }
        return s.reply;
    }

    /** One echo through the process pool over shared-memory rings. */
    @Benchmark
    public byte[] shmPool(ShmPool p) throws InterruptedException, ExecutionException {
        return p.pool.submit("echo", p.message).get();
    }
}
