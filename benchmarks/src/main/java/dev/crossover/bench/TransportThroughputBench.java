package dev.crossover.bench;

import dev.crossover.claims.Serves;
import dev.crossover.ipc.PeerJvm;
import dev.crossover.ipc.IdleStrategy;
import dev.crossover.ipc.PayloadChecksum;
import dev.crossover.ipc.PipeQueue;
import dev.crossover.ipc.ShmRing;
import dev.crossover.run.QuickGrid;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * C1, C2: how many one-way messages per second can a parent JVM send to a child JVM through a framed
 * pipe, through a queue built on that pipe (a feeder thread and a buffer on each side, as the notes
 * describe Python's), and through a shared-memory ring? The child reads and checksums every payload
 * byte; teardown compares its checksum with what was sent, so lost or torn messages fail the run.
 * Bytes/s is messages/s times {@code payload}.
 *
 * <p>Expected: ring far ahead at small payloads (no system call per message; target ≥ 10 M msgs/s at
 * 32 B), pipe next, the queue last (two thread handoffs and a copy per message: C2's overhead); at
 * 64 KiB all are memory-bound and the ring should still move ≥ 2× the pipe's bytes/s. On 2 cores the
 * child's consumer waits with {@code backoff} by default; {@code -p idle=spin} shows a spinning one.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar TransportThroughputBench -f 1 -wi 2 -i 3 -w 1 -r 1}
 */
@QuickGrid(methods = {"pipe", "ring"})
@Serves({"C1", "C2"})
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 2, time = 1)
@Fork(1) // each trial starts a child JVM; three forks triple a slow class for little gain
@State(Scope.Benchmark)
public class TransportThroughputBench {

    /** Messages per benchmark invocation: small enough for 64 KiB payloads, big enough to batch. */
    static final int BATCH = 256;
    /** Ring data capacity: 512 messages of 64 KiB, so producer and consumer rarely wait for each other. */
    static final int RING_CAPACITY = 32 << 20;

    /** Payload bytes per message. */
    @Param({"8", "32", "1024", "65536"})
    public int payload;

    /** How the ring's consumer (and a producer facing a full ring) waits: {@code backoff} or {@code spin}. */
    @Param({"backoff"})
    public String idle;

    /** A payload of random bytes whose first 8 are the sequence number; the expected checksum follows. */
    abstract static class Sender {
        PeerJvm child;
        byte[] message;
        long restSum;
        long sent;

        void prepare(int payload) {
            message = new byte[payload];
            new SplittableRandom(payload).nextBytes(message);
            PayloadChecksum.putFirstWord(message, 0);
            restSum = PayloadChecksum.of(message, 0, payload);
            sent = 0;
        }

        /** The sum of checksums of messages 0..sent-1 (first word = seq, the rest constant). */
        long expectedChecksum() {
            return sent * restSum + (sent * (sent - 1) / 2);
        }

        void verify() throws InterruptedException {
            String line = child.expect("OK", Duration.ofSeconds(120));
            String want = "OK " + sent + " " + expectedChecksum();
            if (!line.equals(want)) {
                throw new IllegalStateException("transport lost or corrupted data: child read '" + line + "', sent '" + want + "'");
            }
        }
    }

    /** A child reading length-prefixed frames from its stdin. */
    @State(Scope.Benchmark)
    public static class PipeSide extends Sender {
        DataOutputStream out;

        @Setup(Level.Trial)
        public void start(TransportThroughputBench b, BenchmarkParams params) {
            Bench.requireOneThread(params, "TransportThroughputBench");
            prepare(b.payload);
            child = PeerJvm.start(TransportSinkMain.class, "pipe");
            out = new DataOutputStream(new BufferedOutputStream(child.stdin(), 1 << 16));
        }

        @TearDown(Level.Trial)
        public void stop() throws Exception {
            try {
                out.close();
                verify();
            } finally {
                child.close();
            }
        }
    }

    /** A child taking items from a {@link PipeQueue} over its stdin. */
    @State(Scope.Benchmark)
    public static class QueueSide extends Sender {
        PipeQueue queue;

        @Setup(Level.Trial)
        public void start(TransportThroughputBench b, BenchmarkParams params) {
            Bench.requireOneThread(params, "TransportThroughputBench");
            prepare(b.payload);
            child = PeerJvm.start(TransportSinkMain.class, "queue");
            queue = new PipeQueue(null, child.stdin(), 1024, "bench");
        }

        @TearDown(Level.Trial)
        public void stop() throws Exception {
            try {
                queue.close();
                verify();
            } finally {
                child.close();
            }
        }
    }

    /** A child consuming a shared-memory ring. */
    @State(Scope.Benchmark)
    public static class RingSide extends Sender {
        ShmRing ring;
        ShmRing.Producer producer;
        IdleStrategy idle;

        @Setup(Level.Trial)
        public void start(TransportThroughputBench b, BenchmarkParams params) throws InterruptedException {
            Bench.requireOneThread(params, "TransportThroughputBench");
            prepare(b.payload);
            ring = ShmRing.create(RING_CAPACITY);
            child = PeerJvm.start(TransportSinkMain.class, "ring", ring.name(), b.idle);
            child.expect("READY", Duration.ofSeconds(60));
            producer = ring.producer();
            idle = IdleStrategy.of(b.idle);
        }

        @TearDown(Level.Trial)
        public void stop() throws Exception {
            try {
                producer.close();
                verify();
            } finally {
                child.close();
                ring.close();
            }
        }
    }

    /** Framed messages on the raw pipe, buffered, flushed once per batch. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long pipe(PipeSide s) throws IOException {
        byte[] m = s.message;
        for (int i = 0; i < BATCH; i++) {
            PayloadChecksum.putFirstWord(m, s.sent++);
            s.out.writeInt(m.length);
            s.out.write(m);
        }
        s.out.flush();
        return s.sent;
    }

    /** The same messages through the pipe queue; each item is a fresh copy, since the queue keeps it. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long queue(QueueSide s) throws InterruptedException {
        for (int i = 0; i < BATCH; i++) {
            byte[] m = s.message.clone();
            PayloadChecksum.putFirstWord(m, s.sent++);
            s.queue.put(m);
        }
        return s.sent;
    }

    /** The same messages through the shared-memory ring, written in place (claim, copy, commit). */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long ring(RingSide s) {
        byte[] m = s.message;
        for (int i = 0; i < BATCH; i++) {
            PayloadChecksum.putFirstWord(m, s.sent++);
            if (!s.producer.write(0, m, 0, m.length, s.idle, Duration.ofSeconds(30))) {
                throw new IllegalStateException("ring stayed full for 30 s: the consumer child is stuck");
            }
        }
        return s.sent;
    }
}
