package dev.crossover.bench;

import dev.crossover.claims.Serves;
import dev.crossover.ipc.ShmTaskQueue;
import dev.crossover.run.QuickGrid;
import dev.crossover.workers.TaskArgs;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * C21: does a priority queue serve equal priorities first in, first out, as the notes say of
 * {@code PriorityQueue}? Found, not assumed, on each queue.
 *
 * <p>One invocation puts {@value #ITEMS} items of one and the same priority, numbered in insertion order,
 * and takes them all; the secondary metric {@code outOfInsertionOrder} counts the items that did not come
 * out at their insertion position (summed over the iteration), as the CPython program
 * {@code cpython.PriorityQueue.equalPriorities} counts for Python's heap of {@code (priority, item)}
 * tuples. {@link #jvmEqualPriorities}: {@code PriorityBlockingQueue} ordered by priority alone, whose
 * Javadoc promises nothing about ties. {@link #shmEqualPriorities}: a PRIORITY {@link ShmTaskQueue},
 * which breaks ties on an insertion number; it fails the benchmark if any item comes out of order.
 * The score is items per second through each.
 *
 * <p>Expected: {@code PriorityBlockingQueue} out of insertion order for most items (a binary heap moves
 * the last leaf to the root on every take); {@link ShmTaskQueue} none, slower per item (shared memory, a
 * lock per operation).
 *
 * <p>{@code java -jar benchmarks/target/benchmarks.jar PriorityOrderBench -f 2 -wi 1 -i 3 -w 1 -r 1}
 */
@QuickGrid(methods = {"shmEqualPriorities"})
@Serves({"C21"})
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(3)
@State(Scope.Thread)
public class PriorityOrderBench {

    static final int ITEMS = 1000;

    /** An item of a priority and its insertion number; compared by priority alone. */
    record Entry(int priority, int seq) implements Comparable<Entry> {
        @Override
        public int compareTo(Entry o) {
            return Integer.compare(priority, o.priority);
        }
    }

    /** Items that came out away from their insertion position, summed over the iteration. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Order {
        public long outOfInsertionOrder;

        @Setup(Level.Iteration)
        public void reset() {
            outOfInsertionOrder = 0;
        }
    }

    /** A PRIORITY shared queue, in this JVM: the order is the structure's, whoever takes. */
    @State(Scope.Thread)
    public static class Shared {
        ShmTaskQueue queue;
        final byte[][] items = new byte[ITEMS][];

        @Setup(Level.Trial)
        public void start() {
            queue = ShmTaskQueue.create(ShmTaskQueue.Kind.PRIORITY, ITEMS, 8);
            for (int i = 0; i < ITEMS; i++) {
                items[i] = TaskArgs.longs(i);
            }
        }

        @TearDown(Level.Trial)
        public void stop() {
            if (queue != null) {
                queue.close();
            }
        }
    }

    private final PriorityBlockingQueue<Entry> jvm = new PriorityBlockingQueue<>(ITEMS);
    private final Entry[] entries = new Entry[ITEMS];

    @Setup(Level.Trial)
    public void entries() {
        for (int i = 0; i < ITEMS; i++) {
            entries[i] = new Entry(1, i);
        }
    }

    /** {@value #ITEMS} equal priorities through {@code PriorityBlockingQueue}; counts positions that moved. */
    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public long jvmEqualPriorities(Order order) {
        for (Entry e : entries) {
            jvm.add(e);
        }
        long moved = 0;
        long sum = 0;
        for (int i = 0; i < ITEMS; i++) {
            Entry e = jvm.poll();
            if (e.seq() != i) {
                moved++;
            }
            sum += e.seq();
        }
        if (sum != (long) ITEMS * (ITEMS - 1) / 2) {
            throw new IllegalStateException("PriorityBlockingQueue lost or duplicated an item");
        }
        order.outOfInsertionOrder += moved;
        return moved;
    }

    /** {@value #ITEMS} equal priorities through a PRIORITY {@link ShmTaskQueue}; fails on any item out of order. */
    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public long shmEqualPriorities(Shared s, Order order) throws InterruptedException {
        for (byte[] item : s.items) {
            s.queue.put(1, item);
        }
        for (int i = 0; i < ITEMS; i++) {
            long seq = TaskArgs.longAt(s.queue.get(false, null), 0);
            if (seq != i) {
                throw new IllegalStateException("ShmTaskQueue served item " + seq + " at position " + i
                        + " among equal priorities; its tie-break on insertion order is broken");
            }
        }
        for (int i = 0; i < ITEMS; i++) {
            s.queue.taskDone();
        }
        order.outOfInsertionOrder += 0;
        return ITEMS;
    }
}
