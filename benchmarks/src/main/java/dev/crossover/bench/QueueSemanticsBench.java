package dev.crossover.bench;

import dev.crossover.claims.Serves;
import dev.crossover.ipc.PeerJvm;
import dev.crossover.run.QuickGrid;
import dev.crossover.workers.ChildJvm;
import dev.crossover.ipc.PipeQueue;
import dev.crossover.ipc.ProcessQueue;
import dev.crossover.ipc.QueueEmptyException;
import dev.crossover.ipc.QueueFullException;
import dev.crossover.ipc.ShmQueue;
import dev.crossover.workers.TaskArgs;
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

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * C9: do {@code get} and {@code put} on a process queue block, time out, and raise Empty/Full, as
 * the notes say of Python's {@code multiprocessing.Queue}, and what does each cost on the JVM?
 *
 * <p>{@link #emptyGetTimeout}: {@code get} with a {@value #TIMEOUT_MS} ms timeout on an empty queue
 * must end in {@link QueueEmptyException}; {@link #fullPutTimeout}: {@code put} with the same timeout
 * on a full queue must end in {@link QueueFullException}. Anything else (an item, no exception, an
 * early return) fails the benchmark; the score is how long the timeout really took. {@link
 * #blockedGetWake}: an item {@code put} here, taken by a child JVM blocked in {@code get}, put back
 * and taken by this JVM blocked in {@code get}: a round trip made of two woken blocking gets; the
 * reply is checked. {@code queue} chooses {@link ShmQueue} (waiting is spin, yield, then park up to
 * 1 ms) or {@link PipeQueue} (a feeder and a reader thread around a pipe, waiting in {@code
 * ArrayBlockingQueue}). The empty and full queues are real ones of each kind with no peer: an empty
 * or full queue behaves the same whoever is at the other end.
 *
 * <p>Expected: both timeouts end with the right exception after 10 ms plus a small overshoot (the
 * pipe queue's condition wait a few tens of µs, the shared queue up to its last park, about 1 ms);
 * the round trip a few µs over shared memory while both sides still spin (tens of µs once they
 * park), about 60–100 µs over the pipe queue (four thread handoffs and two pipe writes). On a loaded
 * machine every figure grows with the scheduler's delays.
 *
 * <p>{@code java -jar benchmarks/target/benchmarks.jar QueueSemanticsBench -f 1}
 */
@QuickGrid(methods = {"blockedGetWake"})
@Serves({"C9"})
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5)
@Measurement(iterations = 20)
@Fork(2)
@State(Scope.Benchmark)
public class QueueSemanticsBench {

    /** The timeout of {@link #emptyGetTimeout} and {@link #fullPutTimeout}. */
    static final long TIMEOUT_MS = 10;
    static final Duration TIMEOUT = Duration.ofMillis(TIMEOUT_MS);
    /** How long {@link #blockedGetWake} waits for a reply before calling the echo child stuck. */
    static final Duration REPLY_TIMEOUT = Duration.ofSeconds(30);

    /** The two process queues of {@code dev.crossover.ipc}. */
    public enum Kind {
        /** {@link ShmQueue}: a ring in shared memory with a lock per side. */
        SHM,
        /** {@link PipeQueue}: length-prefixed frames on a pipe, a thread and a buffer per side. */
        PIPE
    }

    @Param({"SHM", "PIPE"})
    public Kind queue;

    /** An empty queue: nobody ever puts. */
    @State(Scope.Benchmark)
    public static class Empty {
        ProcessQueue queue;
        Pipe pipe;

        @Setup(Level.Trial)
        public void start(QueueSemanticsBench b) throws IOException {
            try {
                if (b.queue == Kind.SHM) {
                    queue = ShmQueue.create(4096);
                } else {
                    pipe = Pipe.open();
                    queue = new PipeQueue(Channels.newInputStream(pipe.source()), null, 16, "empty");
                }
            } catch (IOException | RuntimeException e) {
                stop();
                throw e;
            }
        }

        @TearDown(Level.Trial)
        public void stop() throws IOException {
            try {
                if (pipe != null) {
                    pipe.sink().close(); // the queue's reader sees the end of the pipe and stops
                }
            } finally {
                if (queue != null) {
                    queue.close();
                }
                if (pipe != null) {
                    pipe.source().close();
                }
            }
        }
    }

    /** A queue filled until {@code put} fails: nobody ever takes. */
    @State(Scope.Benchmark)
    public static class Full {
        ProcessQueue queue;
        Pipe pipe;
        final byte[] item = new byte[256];

        @Setup(Level.Trial)
        public void start(QueueSemanticsBench b) throws IOException, InterruptedException {
            try {
                if (b.queue == Kind.SHM) {
                    queue = ShmQueue.create(4096);
                    fill(new byte[256], Duration.ZERO);
                } else {
                    // Nobody reads the pipe: the feeder blocks once the pipe and its buffer are full,
                    // then the queue's own buffer of 4 items fills.
                    pipe = Pipe.open();
                    queue = new PipeQueue(null, Channels.newOutputStream(pipe.sink()), 4, "full");
                    fill(new byte[64 << 10], Duration.ofMillis(200));
                }
            } catch (IOException | InterruptedException | RuntimeException e) {
                stop();
                throw e;
            }
        }

        /** Puts items until the queue reports full (waiting {@code patience} for the feeder to stall). */
        private void fill(byte[] filler, Duration patience) throws InterruptedException {
            for (int i = 0; i < 10_000; i++) {
                try {
                    queue.put(filler, !patience.isZero(), patience);
                } catch (QueueFullException full) {
                    return;
                }
            }
            throw new IllegalStateException(queue + " took 10,000 items without reporting full; it is unbounded or drained");
        }

        @TearDown(Level.Trial)
        public void stop() throws IOException {
            Thread drain = null;
            try {
                if (pipe != null) {
                    // Drain so the feeder can write what it holds and close() does not wait on a full buffer.
                    InputStream in = Channels.newInputStream(pipe.source());
                    drain = Thread.ofPlatform().daemon().name("full-queue-drain").start(() -> {
                        try {
                            in.transferTo(java.io.OutputStream.nullOutputStream());
                        } catch (IOException ignored) {
                            // source closed below
                        }
                    });
                }
            } finally {
                if (queue != null) {
                    queue.close();
                }
                if (pipe != null) {
                    pipe.sink().close();
                    try {
                        if (drain != null) {
                            drain.join(10_000);
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    pipe.source().close();
                }
            }
        }
    }

    /** A request and a reply queue with a child JVM echoing between them ({@link QueueEchoMain}). */
    @State(Scope.Benchmark)
    public static class Echo {
        ProcessQueue requests;
        ProcessQueue replies;
        PeerJvm shmChild;
        ChildJvm.Child pipeChild;
        long next;

        @Setup(Level.Trial)
        public void start(QueueSemanticsBench b) throws IOException, InterruptedException {
            try {
                if (b.queue == Kind.SHM) {
                    ShmQueue req = ShmQueue.create(1 << 16);
                    requests = req;
                    ShmQueue rep = ShmQueue.create(1 << 16);
                    replies = rep;
                    shmChild = PeerJvm.start(QueueEchoMain.class, "shm", req.name(), rep.name());
                } else {
                    pipeChild = ChildJvm.launcher(QueueEchoMain.class).args("pipe").inheritStderr().start();
                    requests = new PipeQueue(null, pipeChild.stdin(), 64, "echo-requests");
                    replies = new PipeQueue(pipeChild.stdout(), null, 64, "echo-replies");
                }
                // One round trip with a long timeout: the child JVM is up before anything is measured.
                next = 1L << 40;
                roundTrip(Duration.ofSeconds(60));
            } catch (IOException | InterruptedException | RuntimeException e) {
                stop();
                throw e;
            }
        }

        long roundTrip(Duration timeout) throws InterruptedException {
            long seq = next++;
            requests.put(TaskArgs.longs(seq));
            byte[] reply;
            try {
                reply = replies.get(timeout);
            } catch (QueueEmptyException e) {
                throw new IllegalStateException("echo child sent no reply within " + timeout + " ("
                        + (shmChild != null ? shmChild : pipeChild) + "); it is stuck or dead", e);
            }
            long got = TaskArgs.longAt(reply, 0);
            if (reply.length != 8 || got != seq) {
                throw new IllegalStateException("echo child replied " + got + " (" + reply.length + " bytes) to request "
                        + seq + "; the queue lost, reordered or corrupted an item");
            }
            return got;
        }

        @TearDown(Level.Trial)
        public void stop() throws InterruptedException {
            try {
                if (shmChild != null) {
                    shmChild.close();
                }
                if (pipeChild != null) {
                    if (requests != null) {
                        requests.close(); // the child's stdin ends: it closes its side and exits
                        requests = null;
                    }
                    pipeChild.destroy(Duration.ofSeconds(10));
                }
            } finally {
                if (requests != null) {
                    requests.close();
                }
                if (replies != null) {
                    replies.close();
                }
            }
        }
    }

    /** Milliseconds a timed-out {@code get} on an empty queue really waited; fails unless it raised Empty. */
    @Benchmark
    public String emptyGetTimeout(Empty s) throws InterruptedException {
        long t0 = System.nanoTime();
        byte[] item;
        try {
            item = s.queue.get(TIMEOUT);
        } catch (QueueEmptyException expected) {
            notEarly("get", s.queue, t0);
            return expected.getMessage();
        }
        throw new IllegalStateException(s.queue + ": get on an empty queue returned an item of " + item.length
                + " bytes instead of raising QueueEmptyException after " + TIMEOUT);
    }

    /** Milliseconds a timed-out {@code put} on a full queue really waited; fails unless it raised Full. */
    @Benchmark
    public String fullPutTimeout(Full s) throws InterruptedException {
        long t0 = System.nanoTime();
        try {
            s.queue.put(s.item, TIMEOUT);
        } catch (QueueFullException expected) {
            notEarly("put", s.queue, t0);
            return expected.getMessage();
        }
        throw new IllegalStateException(s.queue + ": put on a full queue returned instead of raising QueueFullException after "
                + TIMEOUT + "; the queue is not bounded or something drained it");
    }

    /** One item to the child and back, each side woken from a blocking {@code get}; the reply is checked. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Warmup(iterations = 1, time = 1)
    @Measurement(iterations = 2, time = 1)
    public long blockedGetWake(Echo s) throws InterruptedException {
        return s.roundTrip(REPLY_TIMEOUT);
    }

    /** A timeout that fired before its time is a broken queue, not a fast one. */
    private static void notEarly(String op, ProcessQueue q, long t0) {
        long waited = System.nanoTime() - t0;
        if (waited < TIMEOUT.toNanos()) {
            throw new IllegalStateException(q + ": " + op + " gave up after " + waited / 1_000 + " µs, before its timeout of "
                    + TIMEOUT + "; the queue's timed wait is broken");
        }
    }
}
