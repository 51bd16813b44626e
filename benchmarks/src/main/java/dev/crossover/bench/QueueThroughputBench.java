package dev.crossover.bench;

import dev.crossover.claims.Serves;
import dev.crossover.ipc.PeerJvm;
import dev.crossover.ipc.ShmTaskQueue;
import dev.crossover.ipc.TaskQueuePeerMain;
import dev.crossover.run.QuickGrid;
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

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * C21: how many items per second pass through a queue from {@code pairs} producers to as many
 * consumers, by queue kind (FIFO, LIFO, priority, deque), between threads of one JVM and between JVMs?
 *
 * <p>One invocation moves {@value #BATCH} items: the caller hands each producer a token, each producer
 * puts its share, each consumer takes items until the batch is through, and the invocation ends when
 * the last item was taken and marked done: for {@link ShmTaskQueue} that is its own {@code join} after
 * every consumer's {@code taskDone} (first the token queue's join: every producer has put its share), for
 * the JVM's queues, which have no join, a count the consumers decrement and the last one releases.
 * {@code jvm*}: producer and consumer threads on {@code LinkedBlockingQueue}, {@code LinkedBlockingDeque}
 * as a stack (head in, head out), {@code PriorityBlockingQueue} (priorities 0..2), {@code
 * LinkedBlockingDeque} from both ends (producers alternate head and tail, so do consumers). {@code shm*}:
 * the same on a {@link ShmTaskQueue} of that kind, producers and consumers each a child JVM ({@link
 * TaskQueuePeerMain} {@code batch-produce}, {@code batch-consume}). Capacities: 1024 items, except the
 * unbounded {@code PriorityBlockingQueue}; a batch of 1000 never fills any of them.
 *
 * <p>Expected: in one JVM a few million items/s, the priority heap and the deque a little behind the
 * FIFO queue; across JVMs fewer, every put and get taking a lock in shared memory and waking sleepers
 * through a futex, and with 2 pairs on 2 cores contention costs both sides.
 *
 * <p>{@code java -jar benchmarks/target/benchmarks.jar QueueThroughputBench -f 2 -wi 1 -i 3 -w 1 -r 1}
 */
@QuickGrid(methods = {"jvmFifo", "shmFifo"})
@Serves({"C21"})
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 2, time = 1)
@Fork(3)
@State(Scope.Benchmark)
public class QueueThroughputBench {

    /** Items per invocation. */
    static final int BATCH = 1000;
    static final int CAPACITY = 1024;
    static final Duration STUCK = Duration.ofSeconds(60);

    /** Producers, and as many consumers. */
    @Param({"1", "2"})
    public int pairs;

    /** The kinds of the JVM's side, each with its put and take. */
    enum JvmKind {
        FIFO, LIFO, PRIORITY, DEQUE
    }

    /** An item with a priority, for {@code PriorityBlockingQueue}. */
    record Prioritized(long priority, byte[] item) implements Comparable<Prioritized> {
        @Override
        public int compareTo(Prioritized o) {
            return Long.compare(priority, o.priority);
        }
    }

    /** Producer and consumer threads around one JVM queue. */
    @State(Scope.Benchmark)
    public abstract static class JvmRig {
        final List<Thread> threads = new ArrayList<>();
        final LinkedBlockingQueue<Integer> tokens = new LinkedBlockingQueue<>();
        final AtomicInteger remaining = new AtomicInteger();
        final Semaphore batchDone = new Semaphore(0);
        BlockingQueue<Object> queue;
        int share;

        abstract JvmKind kind();

        @SuppressWarnings("unchecked")
        @Setup(Level.Trial)
        public void start(QueueThroughputBench b) {
            if (BATCH % b.pairs != 0) {
                throw new IllegalArgumentException("pairs must divide " + BATCH + ", got " + b.pairs);
            }
            share = BATCH / b.pairs;
            queue = switch (kind()) {
                case FIFO -> (BlockingQueue<Object>) (BlockingQueue<?>) new LinkedBlockingQueue<>(CAPACITY);
                case PRIORITY -> (BlockingQueue<Object>) (BlockingQueue<?>) new PriorityBlockingQueue<Prioritized>();
                default -> (BlockingQueue<Object>) (BlockingQueue<?>) new LinkedBlockingDeque<>(CAPACITY);
            };
            for (int i = 0; i < b.pairs; i++) {
                threads.add(Thread.ofPlatform().daemon().name("producer-" + i).start(this::produce));
                threads.add(Thread.ofPlatform().daemon().name("consumer-" + i).start(this::consume));
            }
        }

        private void produce() {
            byte[] item = new byte[16];
            long n = 0;
            try {
                while (true) {
                    tokens.take();
                    for (int i = 0; i < share; i++, n++) {
                        switch (kind()) {
                            case FIFO -> queue.put(item);
                            case LIFO -> ((LinkedBlockingDeque<Object>) queue).putFirst(item);
                            case PRIORITY -> queue.put(new Prioritized(n % 3, item));
                            case DEQUE -> {
                                if ((n & 1) == 0) {
                                    ((LinkedBlockingDeque<Object>) queue).putLast(item);
                                } else {
                                    ((LinkedBlockingDeque<Object>) queue).putFirst(item);
                                }
                            }
                        }
                    }
                }
            } catch (InterruptedException e) {
                // trial over
            }
        }

        private void consume() {
            try {
                for (long n = 0; ; n++) {
                    Object item = switch (kind()) {
                        case LIFO -> ((LinkedBlockingDeque<Object>) queue).takeFirst();
                        case DEQUE -> (n & 1) == 0 ? ((LinkedBlockingDeque<Object>) queue).takeFirst()
                                : ((LinkedBlockingDeque<Object>) queue).takeLast();
                        default -> queue.take();
                    };
                    if (item == null) {
                        throw new IllegalStateException("null item");
                    }
                    if (remaining.decrementAndGet() == 0) {
                        batchDone.release();
                    }
                }
            } catch (InterruptedException e) {
                // trial over
            }
        }

        int batch(int pairs) throws InterruptedException {
            remaining.set(BATCH);
            for (int i = 0; i < pairs; i++) {
                tokens.put(i);
            }
            if (!batchDone.tryAcquire(STUCK.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new IllegalStateException(kind() + " batch stuck: " + remaining.get() + " of " + BATCH + " items not taken");
            }
            if (remaining.get() != 0 || !queue.isEmpty()) {
                throw new IllegalStateException(kind() + " batch ended with " + remaining.get() + " uncounted and " + queue.size()
                        + " items queued: an item was taken twice or lost");
            }
            return BATCH;
        }

        @TearDown(Level.Trial)
        public void stop() throws InterruptedException {
            threads.forEach(Thread::interrupt);
            for (Thread t : threads) {
                t.join(10_000);
            }
        }
    }

    public static class JvmFifo extends JvmRig {
        @Override
        JvmKind kind() {
            return JvmKind.FIFO;
        }
    }

    public static class JvmLifo extends JvmRig {
        @Override
        JvmKind kind() {
            return JvmKind.LIFO;
        }
    }

    public static class JvmPriority extends JvmRig {
        @Override
        JvmKind kind() {
            return JvmKind.PRIORITY;
        }
    }

    public static class JvmDeque extends JvmRig {
        @Override
        JvmKind kind() {
            return JvmKind.DEQUE;
        }
    }

    /** A {@link ShmTaskQueue}, a token queue, and producer and consumer child JVMs. */
    @State(Scope.Benchmark)
    public abstract static class ShmRig {
        final List<PeerJvm> children = new ArrayList<>();
        ShmTaskQueue control;
        ShmTaskQueue queue;

        abstract ShmTaskQueue.Kind kind();

        @Setup(Level.Trial)
        public void start(QueueThroughputBench b) throws InterruptedException {
            if (BATCH % b.pairs != 0) {
                throw new IllegalArgumentException("pairs must divide " + BATCH + ", got " + b.pairs);
            }
            try {
                control = ShmTaskQueue.create(ShmTaskQueue.Kind.FIFO, 64, 4);
                queue = ShmTaskQueue.create(kind(), CAPACITY, 16);
                for (int i = 0; i < b.pairs; i++) {
                    children.add(PeerJvm.start(TaskQueuePeerMain.class, "batch-produce", control.name(), queue.name(),
                            Integer.toString(BATCH / b.pairs)));
                    children.add(PeerJvm.start(TaskQueuePeerMain.class, "batch-consume", queue.name()));
                }
                for (PeerJvm c : children) {
                    c.expect("READY", Duration.ofSeconds(60));
                }
            } catch (RuntimeException | InterruptedException e) {
                stop();
                throw e;
            }
        }

        int batch(int pairs) throws InterruptedException {
            for (int i = 0; i < pairs; i++) {
                control.put(new byte[4]);
            }
            if (!control.join(STUCK) || !queue.join(STUCK)) {
                throw new IllegalStateException(kind() + " batch stuck: " + control.unfinished() + " producers and "
                        + queue.unfinished() + " items unfinished; children " + children);
            }
            if (!queue.isEmpty()) {
                throw new IllegalStateException(kind() + " batch joined with " + queue.qsize() + " items still queued");
            }
            return BATCH;
        }

        @TearDown(Level.Trial)
        public void stop() {
            try {
                children.forEach(PeerJvm::close);
            } finally {
                if (control != null) {
                    control.close();
                }
                if (queue != null) {
                    queue.close();
                }
            }
        }
    }

    public static class ShmFifo extends ShmRig {
        @Override
        ShmTaskQueue.Kind kind() {
            return ShmTaskQueue.Kind.FIFO;
        }
    }

    public static class ShmLifo extends ShmRig {
        @Override
        ShmTaskQueue.Kind kind() {
            return ShmTaskQueue.Kind.LIFO;
        }
    }

    public static class ShmPriority extends ShmRig {
        @Override
        ShmTaskQueue.Kind kind() {
            return ShmTaskQueue.Kind.PRIORITY;
        }
    }

    public static class ShmDeque extends ShmRig {
        @Override
        ShmTaskQueue.Kind kind() {
            return ShmTaskQueue.Kind.DEQUE;
        }
    }

    /** A batch through {@code LinkedBlockingQueue}, threads on both sides. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int jvmFifo(JvmFifo s) throws InterruptedException {
        return s.batch(pairs);
    }

    /** A batch through {@code LinkedBlockingDeque} as a stack. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int jvmLifo(JvmLifo s) throws InterruptedException {
        return s.batch(pairs);
    }

    /** A batch through {@code PriorityBlockingQueue}. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int jvmPriority(JvmPriority s) throws InterruptedException {
        return s.batch(pairs);
    }

    /** A batch through {@code LinkedBlockingDeque} from both ends. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int jvmDeque(JvmDeque s) throws InterruptedException {
        return s.batch(pairs);
    }

    /** A batch through a FIFO {@link ShmTaskQueue}, child JVMs on both sides. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int shmFifo(ShmFifo s) throws InterruptedException {
        return s.batch(pairs);
    }

    /** A batch through a LIFO {@link ShmTaskQueue}. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int shmLifo(ShmLifo s) throws InterruptedException {
        return s.batch(pairs);
    }

    /** A batch through a PRIORITY {@link ShmTaskQueue}. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int shmPriority(ShmPriority s) throws InterruptedException {
        return s.batch(pairs);
    }

    /** A batch through a DEQUE {@link ShmTaskQueue} from both ends. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int shmDeque(ShmDeque s) throws InterruptedException {
        return s.batch(pairs);
    }
}
