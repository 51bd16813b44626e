package dev.crossover.ipc;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Objects;

/**
 * A joinable queue that processes share (the notes' {@code queue.Queue} with {@code task_done} and
 * {@code join}, C21), in one shared file: items in fixed-size slots under one {@link ShmLock}, served in
 * the order of its {@link Kind}: first in first out, last in first out, smallest priority first, or from
 * either end of a deque. Any number of processes and threads may put, get, {@link #taskDone()} and
 * {@link #join}.
 *
 * <p>Joining: every {@code put} adds one unfinished task, every {@link #taskDone()} removes one;
 * {@link #join} returns once none is left, so after the last {@code taskDone} of the last item and not
 * before. {@code taskDone} more often than items were put is refused, as Python's {@code ValueError}.
 *
 * <p>Waiting: a blocked {@code put}, {@code get} or {@code join} sleeps on a futex word that every change
 * of the queue increments (and wakes, when someone sleeps), so waiters block rather than spin; without
 * futexes ({@link Futex#AVAILABLE}) they back off ({@link IdleStrategy.Backoff}).
 *
 * <p>{@link #qsize()}, {@link #isEmpty()}, {@link #isFull()} and {@link #unfinished()} read the shared
 * count without the lock: across processes the answer may be stale by the time it is used, as the
 * notes' {@code qsize}, {@code empty} and {@code full} are documented to be. Use them for reporting,
 * never to decide whether a {@code get} will block.
 *
 * <p>Order among equal priorities: first in, first out, by construction (each item carries the
 * queue's insertion number and ties are broken on it), unlike {@link java.util.concurrent.PriorityBlockingQueue},
 * whose heap promises no order among equals, and unlike Python's heap of {@code (priority, item)}
 * tuples, which orders equals by the item.
 *
 * <p>A process killed while holding the lock: the next one recovers the lock ({@link ShmLock}). For
 * FIFO, LIFO and DEQUE a change is published with one release store of the packed head and count
 * after the item is written, so a half-done put or get is invisible. For PRIORITY a sift cut short may
 * leave the heap out of order or one item twice: recreate the queue. A producer killed between
 * counting its task and publishing the item leaves one unfinished task no {@code taskDone} clears:
 * join with a timeout where producers may die.
 *
 * <pre>
 *   0   magic, kind, capacity (slots), largest item
 * 128   lock word                         (own cache-line pair)
 * 256   state: head (high 32 bits) | count (low 32 bits), insertion number
 * 384   unfinished tasks                  (own cache-line pair)
 * 512   changes (futex word)
 * 640   sleepers
 * 768   slots: length int, pad, priority long, insertion number long, the item's bytes
 * </pre>
 */
public final class ShmTaskQueue implements ProcessQueue {

    /** The order a queue serves its items in. */
    public enum Kind {
        /** First in, first out ({@code queue.Queue}). */
        FIFO,
        /** Last in, first out, a stack ({@code queue.LifoQueue}). */
        LIFO,
        /** Smallest priority first, first in first out among equals ({@code queue.PriorityQueue}). */
        PRIORITY,
        /** Both ends: {@link #putFirst}, {@link #put} (last), {@link #get} (first), {@link #getLast} ({@code collections.deque}). */
        DEQUE
    }

    /** "XOVRTSKQ" in ASCII. */
    private static final long MAGIC = 0x584F_5652_5453_4B51L;
    private static final long KIND_OFFSET = 8;
    private static final long CAPACITY_OFFSET = 12;
    private static final long ITEM_BYTES_OFFSET = 16;
    /** Where the lock word lives; package-private for the test peer that dies holding it. */
    static final long LOCK_OFFSET = 128;
    private static final long STATE_OFFSET = 256;
    private static final long SEQ_OFFSET = 264;
    private static final long UNFINISHED_OFFSET = 384;
    private static final long CHANGES_OFFSET = 512;
    private static final long SLEEPERS_OFFSET = 640;
    private static final long SLOTS_OFFSET = 768;
    private static final long SLOT_HEADER = 24;
    /** Longest single futex sleep: a waiter re-checks at least this often (dead lock owners, lost wakes). */
    private static final long MAX_SLEEP_NANOS = 50_000_000L;

    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();

    private final ShmFile file;
    private final MemorySegment seg;
    private final Kind kind;
    private final int capacity;
    private final int itemBytes;
    private final long slotBytes;
    private final ShmLock lock;
    /** Scratch slot for heap swaps; used only under the lock, which also excludes this process's threads. */
    private final MemorySegment scratch;

    private ShmTaskQueue(ShmFile file) {
        this.file = file;
        this.seg = file.segment();
        this.kind = Kind.values()[seg.get(ValueLayout.JAVA_INT, KIND_OFFSET)];
        this.capacity = seg.get(ValueLayout.JAVA_INT, CAPACITY_OFFSET);
        this.itemBytes = seg.get(ValueLayout.JAVA_INT, ITEM_BYTES_OFFSET);
        this.slotBytes = slotBytes(itemBytes);
        this.lock = ShmLock.at(seg, LOCK_OFFSET);
        this.scratch = Arena.ofAuto().allocate(slotBytes, 8);
    }

    private static long slotBytes(int itemBytes) {
        return SLOT_HEADER + ((itemBytes + 7L) & ~7L);
    }

    /**
     * A new empty queue of {@code capacity} items of up to {@code itemBytes} bytes each, owned (and
     * deleted on close) by this process.
     */
    public static ShmTaskQueue create(Kind kind, int capacity, int itemBytes) {
        Objects.requireNonNull(kind, "kind");
        if (capacity < 1) {
            throw new IllegalArgumentException("queue capacity must be >= 1 item, got " + capacity);
        }
        if (itemBytes < 0 || itemBytes > (1 << 20)) {
            throw new IllegalArgumentException("largest item must be 0..1 MiB, got " + itemBytes
                    + " bytes; send larger payloads through a shared file and queue its name");
        }
        ShmFile f = ShmFile.create("taskqueue", SLOTS_OFFSET + capacity * slotBytes(itemBytes));
        MemorySegment s = f.segment();
        s.set(ValueLayout.JAVA_INT, KIND_OFFSET, kind.ordinal());
        s.set(ValueLayout.JAVA_INT, CAPACITY_OFFSET, capacity);
        s.set(ValueLayout.JAVA_INT, ITEM_BYTES_OFFSET, itemBytes);
        // Release: whoever sees the magic sees the header too.
        LONG.setRelease(s, 0L, MAGIC);
        return new ShmTaskQueue(f);
    }

    /** Opens a queue another process created, by {@link #name()}. */
    public static ShmTaskQueue open(String name) {
        ShmFile f = ShmFile.open(name);
        if (f.segment().byteSize() < SLOTS_OFFSET || (long) LONG.getAcquire(f.segment(), 0L) != MAGIC) {
            f.close();
            throw new IllegalArgumentException(name + " is not a shared task queue; open it with ShmTaskQueue.create's name");
        }
        return new ShmTaskQueue(f);
    }

    /** The name other processes open it by. */
    public String name() {
        return file.name();
    }

    public Kind kind() {
        return kind;
    }

    /** Items it holds at most. */
    public int capacity() {
        return capacity;
    }

    @Override
    public int maxItemSize() {
        return itemBytes;
    }

    // ---- approximate views -------------------------------------------------------------------------

    /** Items in the queue now; approximate across processes (see the class comment). */
    public int qsize() {
        return count((long) LONG.getAcquire(seg, STATE_OFFSET));
    }

    /** True when no item is in the queue now; approximate across processes. */
    public boolean isEmpty() {
        return qsize() == 0;
    }

    /** True when the queue holds {@link #capacity()} items now; approximate across processes. */
    public boolean isFull() {
        return qsize() >= capacity;
    }

    /** Items put and not yet marked done with {@link #taskDone()}; approximate across processes. */
    public long unfinished() {
        return (long) LONG.getAcquire(seg, UNFINISHED_OFFSET);
    }

    // ---- put ---------------------------------------------------------------------------------------

    /** Adds an item at the tail (FIFO, LIFO, DEQUE); a PRIORITY queue needs {@link #put(long, byte[], boolean, Duration)}. */
    @Override
    public void put(byte[] item, boolean block, Duration timeout) throws InterruptedException {
        if (kind == Kind.PRIORITY) {
            throw new IllegalStateException("a PRIORITY queue orders items by a priority: call put(priority, item, ...)");
        }
        insert(item, 0, false, block, timeout);
    }

    /** Adds an item with {@code priority} (smaller first) to a PRIORITY queue. */
    public void put(long priority, byte[] item, boolean block, Duration timeout) throws InterruptedException {
        if (kind != Kind.PRIORITY) {
            throw new IllegalStateException("a " + kind + " queue has no priorities: call put(item, ...), or create a PRIORITY queue");
        }
        insert(item, priority, false, block, timeout);
    }

    /** {@link #put(long, byte[], boolean, Duration)} waiting as long as it takes. */
    public void put(long priority, byte[] item) throws InterruptedException {
        put(priority, item, true, null);
    }

    /** Adds an item at the head of a DEQUE, so the next {@link #get} takes it. */
    public void putFirst(byte[] item, boolean block, Duration timeout) throws InterruptedException {
        requireDeque("putFirst");
        insert(item, 0, true, block, timeout);
    }

    // ---- get ---------------------------------------------------------------------------------------

    /** Takes the next item in the queue's order (the head of a FIFO or DEQUE, the top of a LIFO, the smallest priority). */
    @Override
    public byte[] get(boolean block, Duration timeout) throws InterruptedException {
        return remove(kind == Kind.LIFO, block, timeout);
    }

    /** Takes the item at the tail of a DEQUE (the one put last). */
    public byte[] getLast(boolean block, Duration timeout) throws InterruptedException {
        requireDeque("getLast");
        return remove(true, block, timeout);
    }

    private void requireDeque(String op) {
        if (kind != Kind.DEQUE) {
            throw new IllegalStateException(op + " works on a DEQUE queue; this one is " + kind + ": create it with Kind.DEQUE");
        }
    }

    // ---- task_done / join --------------------------------------------------------------------------

    /**
     * Marks one taken item as processed (the notes' {@code task_done}).
     *
     * @throws IllegalStateException when called more often than items were put
     */
    public void taskDone() {
        while (true) {
            long n = (long) LONG.getVolatile(seg, UNFINISHED_OFFSET);
            if (n <= 0) {
                throw new IllegalStateException("taskDone() called more times than items were put on " + name()
                        + "; call it once per item taken with get");
            }
            if (LONG.compareAndSet(seg, UNFINISHED_OFFSET, n, n - 1)) {
                if (n == 1) {
                    changed();
                }
                return;
            }
        }
    }

    /** Waits until every item put has been marked done; true when it came to that within {@code timeout}. */
    public boolean join(Duration timeout) throws InterruptedException {
        long limit = timeout == null ? Long.MAX_VALUE : timeout.toNanos();
        long start = System.nanoTime();
        Waiter w = new Waiter();
        while (true) {
            int seen = Futex.get(seg, CHANGES_OFFSET);
            if ((long) LONG.getAcquire(seg, UNFINISHED_OFFSET) == 0) {
                return true;
            }
            long left = limit - (System.nanoTime() - start);
            if (left <= 0) {
                return false;
            }
            w.sleep(seen, left);
        }
    }

    /** Waits as long as it takes until every item put has been marked done. */
    public void join() throws InterruptedException {
        join(null);
    }

    // ---- the structure, under the lock ---------------------------------------------------------------

    private void insert(byte[] item, long priority, boolean atHead, boolean block, Duration timeout) throws InterruptedException {
        if (item.length > itemBytes) {
            throw new IllegalArgumentException("item of " + item.length + " bytes exceeds this queue's largest item ("
                    + itemBytes + " bytes); create the queue with a larger item size");
        }
        long limit = !block ? 0 : timeout == null ? Long.MAX_VALUE : timeout.toNanos();
        long start = System.nanoTime();
        Waiter w = new Waiter();
        while (true) {
            int seen = Futex.get(seg, CHANGES_OFFSET);
            lock.lock();
            boolean done = false;
            try {
                long state = (long) LONG.getVolatile(seg, STATE_OFFSET);
                int head = head(state);
                int count = count(state);
                if (count < capacity) {
                    long seq = (long) LONG.getVolatile(seg, SEQ_OFFSET);
                    LONG.setVolatile(seg, SEQ_OFFSET, seq + 1);
                    // Counted before it is visible, so a consumer's taskDone never runs ahead of the count.
                    LONG.getAndAdd(seg, UNFINISHED_OFFSET, 1L);
                    long newState;
                    if (kind == Kind.PRIORITY) {
                        writeSlot(slot(count), item, priority, seq);
                        siftUp(count);
                        newState = pack(0, count + 1);
                    } else if (atHead) {
                        int h = Math.floorMod(head - 1, capacity);
                        writeSlot(slot(h), item, priority, seq);
                        newState = pack(h, count + 1);
                    } else {
                        writeSlot(slot((head + count) % capacity), item, priority, seq);
                        newState = pack(head, count + 1);
                    }
                    // Release: the slot's bytes are visible to whoever sees the new count.
                    LONG.setRelease(seg, STATE_OFFSET, newState);
                    done = true;
                }
            } finally {
                lock.unlock();
            }
            if (done) {
                changed();
                return;
            }
            long left = limit - (System.nanoTime() - start);
            if (left <= 0) {
                throw new QueueFullException("shared " + kind + " queue " + name() + " is full (" + capacity + " items)"
                        + (block ? " and stayed full for " + timeout : "")
                        + "; get items faster, put with a longer timeout, or create a larger queue");
            }
            w.sleep(seen, left);
        }
    }

    private byte[] remove(boolean fromTail, boolean block, Duration timeout) throws InterruptedException {
        long limit = !block ? 0 : timeout == null ? Long.MAX_VALUE : timeout.toNanos();
        long start = System.nanoTime();
        Waiter w = new Waiter();
        while (true) {
            int seen = Futex.get(seg, CHANGES_OFFSET);
            byte[] item = null;
            if (qsize() > 0) {
                lock.lock();
                try {
                    long state = (long) LONG.getVolatile(seg, STATE_OFFSET);
                    int head = head(state);
                    int count = count(state);
                    if (count > 0) {
                        long newState;
                        if (kind == Kind.PRIORITY) {
                            item = readSlot(slot(0));
                            if (count > 1) {
                                MemorySegment.copy(seg, slot(count - 1), seg, slot(0), slotBytes);
                                siftDown(0, count - 1);
                            }
                            newState = pack(0, count - 1);
                        } else if (fromTail) {
                            item = readSlot(slot((head + count - 1) % capacity));
                            newState = pack(head, count - 1);
                        } else {
                            item = readSlot(slot(head));
                            newState = pack((head + 1) % capacity, count - 1);
                        }
                        // Release: the slot is free for the next put only after it was read.
                        LONG.setRelease(seg, STATE_OFFSET, newState);
                    }
                } finally {
                    lock.unlock();
                }
            }
            if (item != null) {
                changed();
                return item;
            }
            long left = limit - (System.nanoTime() - start);
            if (left <= 0) {
                throw new QueueEmptyException("shared " + kind + " queue " + name() + " is empty"
                        + (block ? ": nothing arrived within " + timeout : " (get without blocking)")
                        + "; wait longer or check that a producer is running");
            }
            w.sleep(seen, left);
        }
    }

    private long slot(int index) {
        return SLOTS_OFFSET + index * slotBytes;
    }

    private void writeSlot(long at, byte[] item, long priority, long seq) {
        seg.set(ValueLayout.JAVA_INT, at, item.length);
        seg.set(ValueLayout.JAVA_LONG, at + 8, priority);
        seg.set(ValueLayout.JAVA_LONG, at + 16, seq);
        MemorySegment.copy(item, 0, seg, ValueLayout.JAVA_BYTE, at + SLOT_HEADER, item.length);
    }

    private byte[] readSlot(long at) {
        int n = seg.get(ValueLayout.JAVA_INT, at);
        if (n < 0 || n > itemBytes) {
            throw new IllegalStateException("shared queue " + name() + " holds a corrupt slot (length " + n
                    + "); a peer died inside a priority sift: recreate the queue");
        }
        byte[] out = new byte[n];
        MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, at + SLOT_HEADER, out, 0, n);
        return out;
    }

    /** Heap order: smaller priority first, then smaller insertion number. */
    private boolean before(int i, int j) {
        long pi = seg.get(ValueLayout.JAVA_LONG, slot(i) + 8);
        long pj = seg.get(ValueLayout.JAVA_LONG, slot(j) + 8);
        if (pi != pj) {
            return pi < pj;
        }
        return seg.get(ValueLayout.JAVA_LONG, slot(i) + 16) < seg.get(ValueLayout.JAVA_LONG, slot(j) + 16);
    }

    private void swap(int i, int j) {
        MemorySegment.copy(seg, slot(i), scratch, 0, slotBytes);
        MemorySegment.copy(seg, slot(j), seg, slot(i), slotBytes);
        MemorySegment.copy(scratch, 0, seg, slot(j), slotBytes);
    }

    private void siftUp(int i) {
        while (i > 0) {
            int parent = (i - 1) / 2;
            if (!before(i, parent)) {
                return;
            }
            swap(i, parent);
            i = parent;
        }
    }

    private void siftDown(int i, int size) {
        while (true) {
            int l = 2 * i + 1;
            if (l >= size) {
                return;
            }
            int r = l + 1;
            int m = r < size && before(r, l) ? r : l;
            if (!before(m, i)) {
                return;
            }
            swap(i, m);
            i = m;
        }
    }

    private static long pack(int head, int count) {
        return ((long) head << 32) | (count & 0xFFFF_FFFFL);
    }

    private static int head(long state) {
        return (int) (state >>> 32);
    }

    private static int count(long state) {
        return (int) state;
    }

    // ---- the doorbell ----------------------------------------------------------------------------

    /** Something changed: bump the futex word (volatile, ordered after the change) and wake every sleeper. */
    private void changed() {
        INT.getAndAdd(seg, CHANGES_OFFSET, 1);
        if ((int) INT.getVolatile(seg, SLEEPERS_OFFSET) > 0 && Futex.AVAILABLE) {
            Futex.wake(seg.asSlice(CHANGES_OFFSET, 4), Integer.MAX_VALUE);
        }
    }

    /** One blocked call's way of waiting: futex sleep on the change word, or back-off without futexes. */
    private final class Waiter {
        private final Futex futex = Futex.AVAILABLE ? new Futex() : null;
        private final IdleStrategy idle = Futex.AVAILABLE ? null : new IdleStrategy.Backoff();

        /** Sleeps until the change word moves from {@code seen}, at most {@code nanos}. */
        void sleep(int seen, long nanos) throws InterruptedException {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            if (futex == null) {
                idle.idle();
                return;
            }
            // Counted (volatile) before the wait: a change after this either sees the sleeper and wakes it,
            // or came before the wait and moved the word, so the wait returns at once.
            INT.getAndAdd(seg, SLEEPERS_OFFSET, 1);
            try {
                futex.await(seg.asSlice(CHANGES_OFFSET, 4), seen, Math.min(nanos, MAX_SLEEP_NANOS));
            } finally {
                INT.getAndAdd(seg, SLEEPERS_OFFSET, -1);
            }
        }
    }

    /** Unmaps; the creating process also deletes the file. */
    @Override
    public void close() {
        file.close();
    }

    @Override
    public String toString() {
        return "ShmTaskQueue[" + name() + ", " + kind + ", " + capacity + " items of up to " + itemBytes + " bytes]";
    }
}
