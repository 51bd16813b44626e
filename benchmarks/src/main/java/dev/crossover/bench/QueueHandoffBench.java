package dev.crossover.bench;

import dev.crossover.claims.Serves;
import dev.crossover.ipc.PeerJvm;
import dev.crossover.ipc.QueueEmptyException;
import dev.crossover.ipc.ShmTaskQueue;
import dev.crossover.ipc.TaskQueuePeerMain;
import dev.crossover.run.QuickGrid;
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

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * C21: what does handing one item to a waiting consumer and back cost, by queue kind (FIFO, LIFO,
 * priority, deque), between two threads of one JVM and between two JVMs?
 *
 * <p>One operation is a round trip: this thread puts a request on one queue, an echo peer blocked in
 * {@code get} takes it and puts it on a reply queue of the same kind, on which this thread is blocked;
 * the reply is checked against the request. So it is two handoffs, each waking a blocked taker. {@code
 * jvm*}: the JVM's own queues with an echo thread ({@code LinkedBlockingQueue}; {@code LinkedBlockingDeque}
 * used as a stack, put and take at the head; {@code PriorityBlockingQueue}; {@code LinkedBlockingDeque}
 * put at the head and taken at the tail). {@code shm*}: {@link ShmTaskQueue} of that kind with the echo
 * peer in a child JVM ({@link TaskQueuePeerMain} {@code echo}), its waiters asleep on a futex. With one
 * item in flight the kind decides nothing about order, so the question is only what each structure's
 * put and take cost on top of the wake-up. Capacities: 1024 items everywhere except the unbounded
 * {@code PriorityBlockingQueue}; never more than one item is queued. {@code takers}: how many echo
 * peers (threads, or child JVMs) wait in {@code get} on the request queue; with 2, each request goes to
 * one of two blocked consumers, so the handoff shows whether an item wakes one taker or all of them.
 *
 * <p>Expected: the four kinds within a few percent of each other on each side (a wake-up, tens of µs
 * between threads, dominates); the process-safe queue across JVMs slower by the futex wake-up of
 * another process on each handoff, a small factor. With 2 takers about the same as with 1 where a put
 * wakes one taker; slower where it wakes every taker and the losers go back to sleep.
 *
 * <p>{@code java -jar benchmarks/target/benchmarks.jar QueueHandoffBench -f 2 -wi 1 -i 3 -w 1 -r 1}
 */
@QuickGrid(methods = {"jvmFifo", "shmFifo"})
@Serves({"C21"})
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 2, time = 1)
@Fork(3)
@State(Scope.Benchmark)
public class QueueHandoffBench {

    /** Echo peers blocked in {@code get} on the request queue: one, or several of which one gets each item. */
    @Param({"1", "2"})
    public int takers;

    static final int CAPACITY = 1024;
    static final Duration REPLY_TIMEOUT = Duration.ofSeconds(30);

    /** An item with a priority, for {@code PriorityBlockingQueue}. */
    record Prioritized(long priority, long value) implements Comparable<Prioritized> {
        @Override
        public int compareTo(Prioritized o) {
            return Long.compare(priority, o.priority);
        }
    }

    /** A JVM queue pair and its echo thread; the kind's put and take are given by the subclass. */
    @State(Scope.Benchmark)
    public abstract static class JvmEcho<Q> {
        Q requests;
        Q replies;
        final List<Thread> echoes = new ArrayList<>();
        long next = 1;

        abstract Q create();

        abstract void put(Q q, long v) throws InterruptedException;

        abstract long take(Q q) throws InterruptedException;

        @Setup(Level.Trial)
        public void start(QueueHandoffBench b) {
            requests = create();
            replies = create();
            for (int i = 0; i < b.takers; i++) {
                echoes.add(Thread.ofPlatform().daemon().name("queue-echo-" + i).start(() -> {
                    try {
                        while (true) {
                            put(replies, take(requests));
                        }
                    } catch (InterruptedException e) {
                        // trial over
                    }
                }));
            }
        }

        long roundTrip() throws InterruptedException {
            long v = next++;
            put(requests, v);
            long got = take(replies);
            if (got != v) {
                throw new IllegalStateException("echo returned " + got + " for " + v + ": the queue lost or reordered an item");
            }
            return got;
        }

        @TearDown(Level.Trial)
        public void stop() throws InterruptedException {
            echoes.forEach(Thread::interrupt);
            for (Thread t : echoes) {
                t.join(10_000);
            }
        }
    }

    public static class JvmFifo extends JvmEcho<BlockingQueue<Long>> {
        @Override
        BlockingQueue<Long> create() {
            return new LinkedBlockingQueue<>(CAPACITY);
        }

        @Override
        void put(BlockingQueue<Long> q, long v) throws InterruptedException {
            q.put(v);
        }

        @Override
        long take(BlockingQueue<Long> q) throws InterruptedException {
            return q.take();
        }
    }

    public static class JvmLifo extends JvmEcho<BlockingDeque<Long>> {
        @Override
        BlockingDeque<Long> create() {
            return new LinkedBlockingDeque<>(CAPACITY);
        }

        @Override
        void put(BlockingDeque<Long> q, long v) throws InterruptedException {
            q.putFirst(v);
        }

        @Override
        long take(BlockingDeque<Long> q) throws InterruptedException {
            return q.takeFirst();
        }
    }

    public static class JvmPriority extends JvmEcho<PriorityBlockingQueue<Prioritized>> {
        @Override
        PriorityBlockingQueue<Prioritized> create() {
            return new PriorityBlockingQueue<>();
        }

        @Override
        void put(PriorityBlockingQueue<Prioritized> q, long v) {
            q.put(new Prioritized(v % 3, v));
        }

        @Override
        long take(PriorityBlockingQueue<Prioritized> q) throws InterruptedException {
            return q.take().value();
        }
    }

    public static class JvmDeque extends JvmEcho<BlockingDeque<Long>> {
        @Override
        BlockingDeque<Long> create() {
            return new LinkedBlockingDeque<>(CAPACITY);
        }

        @Override
        void put(BlockingDeque<Long> q, long v) throws InterruptedException {
            q.putFirst(v);
        }

        @Override
        long take(BlockingDeque<Long> q) throws InterruptedException {
            return q.takeLast();
        }
    }

    /** Two {@link ShmTaskQueue}s of one kind and a child JVM echoing between them. */
    @State(Scope.Benchmark)
    public abstract static class ShmEcho {
        ShmTaskQueue requests;
        ShmTaskQueue replies;
        final List<PeerJvm> children = new ArrayList<>();
        long next = 1;

        abstract ShmTaskQueue.Kind kind();

        @Setup(Level.Trial)
        public void start(QueueHandoffBench b) throws InterruptedException {
            try {
                requests = ShmTaskQueue.create(kind(), CAPACITY, 8);
                replies = ShmTaskQueue.create(kind(), CAPACITY, 8);
                for (int i = 0; i < b.takers; i++) {
                    children.add(PeerJvm.start(TaskQueuePeerMain.class, "echo", requests.name(), replies.name()));
                }
                for (PeerJvm child : children) {
                    child.expect("READY", Duration.ofSeconds(60));
                }
            } catch (RuntimeException | InterruptedException e) {
                stop();
                throw e;
            }
        }

        long roundTrip() throws InterruptedException {
            long v = next++;
            byte[] item = TaskArgs.longs(v);
            switch (requests.kind()) {
                case PRIORITY -> requests.put(v % 3, item);
                case DEQUE -> requests.putFirst(item, true, null);
                default -> requests.put(item);
            }
            byte[] reply;
            try {
                reply = requests.kind() == ShmTaskQueue.Kind.DEQUE ? replies.getLast(true, REPLY_TIMEOUT) : replies.get(REPLY_TIMEOUT);
            } catch (QueueEmptyException e) {
                throw new IllegalStateException("echo children " + children + " sent no reply within " + REPLY_TIMEOUT, e);
            }
            long got = TaskArgs.longAt(reply, 0);
            if (got != v) {
                throw new IllegalStateException("echo child returned " + got + " for " + v + ": the queue lost or reordered an item");
            }
            return got;
        }

        @TearDown(Level.Trial)
        public void stop() {
            try {
                children.forEach(PeerJvm::close);
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

    public static class ShmFifo extends ShmEcho {
        @Override
        ShmTaskQueue.Kind kind() {
            return ShmTaskQueue.Kind.FIFO;
        }
    }

    public static class ShmLifo extends ShmEcho {
        @Override
        ShmTaskQueue.Kind kind() {
            return ShmTaskQueue.Kind.LIFO;
        }
    }

    public static class ShmPriority extends ShmEcho {
        @Override
        ShmTaskQueue.Kind kind() {
            return ShmTaskQueue.Kind.PRIORITY;
        }
    }

    public static class ShmDeque extends ShmEcho {
        @Override
        ShmTaskQueue.Kind kind() {
            return ShmTaskQueue.Kind.DEQUE;
        }
    }

    /** Round trip through two {@code LinkedBlockingQueue}s and an echo thread. */
    @Benchmark
    public long jvmFifo(JvmFifo s) throws InterruptedException {
        return s.roundTrip();
    }

    /** Round trip through two {@code LinkedBlockingDeque}s used as stacks. */
    @Benchmark
    public long jvmLifo(JvmLifo s) throws InterruptedException {
        return s.roundTrip();
    }

    /** Round trip through two {@code PriorityBlockingQueue}s. */
    @Benchmark
    public long jvmPriority(JvmPriority s) throws InterruptedException {
        return s.roundTrip();
    }

    /** Round trip through two {@code LinkedBlockingDeque}s, in at the head, out at the tail. */
    @Benchmark
    public long jvmDeque(JvmDeque s) throws InterruptedException {
        return s.roundTrip();
    }

    /** Round trip through two FIFO {@link ShmTaskQueue}s and an echo child JVM. */
    @Benchmark
    public long shmFifo(ShmFifo s) throws InterruptedException {
        return s.roundTrip();
    }

    /** Round trip through two LIFO {@link ShmTaskQueue}s and an echo child JVM. */
    @Benchmark
    public long shmLifo(ShmLifo s) throws InterruptedException {
        return s.roundTrip();
    }

    /** Round trip through two PRIORITY {@link ShmTaskQueue}s and an echo child JVM. */
    @Benchmark
    public long shmPriority(ShmPriority s) throws InterruptedException {
        return s.roundTrip();
    }

    /** Round trip through two DEQUE {@link ShmTaskQueue}s (in at the head, out at the tail) and an echo child JVM. */
    @Benchmark
    public long shmDeque(ShmDeque s) throws InterruptedException {
        return s.roundTrip();
    }
}
