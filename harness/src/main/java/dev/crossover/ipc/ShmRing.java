package dev.crossover.ipc;

import static dev.crossover.ipc.ShmRingDescriptor.ALIGNMENT;
import static dev.crossover.ipc.ShmRingDescriptor.HEADER_LENGTH;
import static dev.crossover.ipc.ShmRingDescriptor.PADDING_TYPE;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A single-producer single-consumer ring of variable-length records in shared memory, for one
 * process to send to another (layout: {@link ShmRingDescriptor}).
 *
 * <p>The producer writes a record (header, payload) with plain stores and then publishes the new
 * tail with a release store; the consumer reads the tail with an acquire load, so it sees every byte
 * written before the tail that covers it. The consumer hands its new head back with a release store
 * once it has read the records, and the producer reads the head with an acquire load before
 * overwriting that space. Each side keeps its own copy of the other's position and reads the shared
 * one only when the copy says "full" or "empty", so in steady state neither touches the other's cache
 * line per record.
 *
 * <p>One {@link Producer} and one {@link Consumer} at a time; several producers or consumers need a
 * lock around their side ({@link ShmQueue} does this). Blocking calls notice a dead peer (by pid and
 * start time) within about {@link #LIVENESS_CHECK_NANOS} and throw {@link PeerGoneException}.
 */
public final class ShmRing implements AutoCloseable {

    /** How often a waiting side checks that its peer is still alive. */
    public static final long LIVENESS_CHECK_NANOS = 100_000_000L;

    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();

    private static final long MAGIC = ShmRingDescriptor.MAGIC_OFFSET;
    private static final long CAPACITY = ShmRingDescriptor.CAPACITY_OFFSET;
    private static final long PRODUCER_ID = ShmRingDescriptor.PRODUCER_ID_OFFSET;
    private static final long CONSUMER_ID = ShmRingDescriptor.CONSUMER_ID_OFFSET;
    private static final long PRODUCER_CLOSED = ShmRingDescriptor.PRODUCER_CLOSED_OFFSET;
    private static final long CONSUMER_CLOSED = ShmRingDescriptor.CONSUMER_CLOSED_OFFSET;
    private static final long CONSUMER_WAITING = ShmRingDescriptor.CONSUMER_WAITING_OFFSET;
    private static final long TAIL = ShmRingDescriptor.TAIL_OFFSET;
    private static final long HEAD = ShmRingDescriptor.HEAD_OFFSET;
    private static final long DATA = ShmRingDescriptor.DATA_OFFSET;

    /** Receives records from {@link Consumer#poll}. The segment is valid only during the call. */
    @FunctionalInterface
    public interface RecordHandler {
        /**
         * @param type    the record's type, as given to the producer
         * @param buffer  the ring's memory
         * @param offset  where the payload starts in {@code buffer}
         * @param length  payload bytes
         */
        void onRecord(int type, MemorySegment buffer, long offset, int length);
    }

    private final ShmFile file;
    private final MemorySegment seg;
    /** The consumer's waiting flag, also the futex word both sides block and wake on. */
    private final MemorySegment waitWord;
    /**
     * Threads of this process now inside a futex call on this ring's memory (a native call keeps
     * the mapping acquired: unmapping under it would fail). {@link #close} waits until none is left.
     */
    private final AtomicInteger inFutex = new AtomicInteger();
    /** Set by {@link #close}: no futex call on this ring starts any more. */
    private final AtomicBoolean closing = new AtomicBoolean();
    private final int capacity;
    private final int mask;
    private final int maxPayload;

    private ShmRing(ShmFile file, MemorySegment seg) {
        this.file = file;
        this.seg = seg;
        this.waitWord = seg.asSlice(CONSUMER_WAITING, 4);
        if ((long) LONG.getAcquire(seg, MAGIC) != ShmRingDescriptor.MAGIC) {
            throw new IllegalArgumentException("not a ring (bad magic) in " + (file == null ? "segment" : file.path())
                    + "; was it created by ShmRing.create or ShmRing.format?");
        }
        this.capacity = seg.get(ValueLayout.JAVA_INT, CAPACITY);
        ShmRingDescriptor.checkCapacity(capacity);
        if (seg.byteSize() < ShmRingDescriptor.totalLength(capacity)) {
            throw new IllegalArgumentException("ring of capacity " + capacity + " needs "
                    + ShmRingDescriptor.totalLength(capacity) + " bytes, segment has " + seg.byteSize());
        }
        this.mask = capacity - 1;
        this.maxPayload = ShmRingDescriptor.maxPayload(capacity);
    }

    /** Creates a ring with {@code capacity} data bytes in a new shared file this process owns. */
    public static ShmRing create(int capacity) {
        ShmRingDescriptor.checkCapacity(capacity);
        ShmFile f = ShmFile.create("ring", ShmRingDescriptor.totalLength(capacity));
        try {
            format(f.segment(), capacity);
            return new ShmRing(f, f.segment());
        } catch (RuntimeException e) {
            f.close();
            throw e;
        }
    }

    /** Opens a ring another process created, by {@link #name()}. */
    public static ShmRing open(String name) {
        ShmFile f = ShmFile.open(name);
        try {
            return new ShmRing(f, f.segment());
        } catch (RuntimeException e) {
            f.close();
            throw e;
        }
    }

    /** Lays out an empty ring at the start of {@code region} (zero-filled) and returns a view of it. */
    public static ShmRing format(MemorySegment region, int capacity) {
        ShmRingDescriptor.checkCapacity(capacity);
        region.set(ValueLayout.JAVA_INT, CAPACITY, capacity);
        // Release: a peer that sees the magic also sees the capacity.
        LONG.setRelease(region, MAGIC, ShmRingDescriptor.MAGIC);
        return new ShmRing(null, region);
    }

    /** A view of a ring already formatted at the start of {@code region}. */
    public static ShmRing attach(MemorySegment region) {
        return new ShmRing(null, region);
    }

    /** Data capacity in bytes. */
    public int capacity() {
        return capacity;
    }

    /** Largest payload one record may carry. */
    public int maxPayload() {
        return maxPayload;
    }

    /** The shared file's name for {@link #open(String)}; null for a ring on a caller's segment. */
    public String name() {
        return file == null ? null : file.name();
    }

    /** Attaches this process as the producer. */
    public Producer producer() {
        LONG.setRelease(seg, PRODUCER_ID, ProcessIdentity.current().packed());
        return new Producer();
    }

    /** Attaches this process as the consumer. */
    public Consumer consumer() {
        LONG.setRelease(seg, CONSUMER_ID, ProcessIdentity.current().packed());
        return new Consumer();
    }

    /** Bytes published and not yet consumed (a snapshot). */
    public long size() {
        return (long) LONG.getAcquire(seg, TAIL) - (long) LONG.getAcquire(seg, HEAD);
    }

    /** The producer's position (bytes written since the ring was formatted). */
    long tailPosition() {
        return (long) LONG.getAcquire(seg, TAIL);
    }

    /**
     * Unmaps the ring; the creating process also deletes its file (a ring on a caller's segment is
     * left to the segment's owner). Safe while other threads of this
     * process still use the ring: no futex call starts after this one began; a consumer of this
     * process blocked on the ring's futex is woken (its announcement taken, so one about to block
     * returns at once); and the memory is unmapped only once every futex call on it has returned.
     * That wait is short: wakes return at once, and a waiter was just woken (or, at worst, runs to
     * its own timeout, {@link #LIVENESS_CHECK_NANOS} for {@link RingChannel}). Memory reads and
     * writes racing the unmapping fail with {@link IllegalStateException}, as after it.
     */
    @Override
    public void close() {
        // A volatile write: pairs with the increment in enterFutex (Dekker, see there).
        if (file == null || !closing.compareAndSet(false, true)) {
            return; // a ring on a caller's segment: its owner unmaps it
        }
        if (Futex.AVAILABLE) {
            INT.compareAndSet(seg, CONSUMER_WAITING, 1, 0);
            Futex.wake(waitWord, Integer.MAX_VALUE);
        }
        while (inFutex.get() != 0) {
            LockSupport.parkNanos(20_000);
        }
        file.close();
    }

    /**
     * Before a futex call on this ring: false (make no call) once {@link #close} began. The
     * increment and the volatile {@code closing} form a Dekker pair with close: either close sees
     * this thread counted and waits for it, or this thread sees {@code closing} and backs out.
     */
    private boolean enterFutex() {
        inFutex.incrementAndGet();
        if (closing.get()) {
            inFutex.decrementAndGet();
            return false;
        }
        return true;
    }

    private void leaveFutex() {
        inFutex.decrementAndGet();
    }

    private void checkPeer(long idOffset, long closedOffset, String peerRole) {
        if ((int) INT.getAcquire(seg, closedOffset) != 0) {
            throw new PeerGoneException("ring " + describe() + ": the " + peerRole + " closed its side");
        }
        long id = (long) LONG.getAcquire(seg, idOffset);
        if (id != 0) {
            ProcessIdentity peer = ProcessIdentity.unpack(id);
            if (!peer.isAlive()) {
                throw new PeerGoneException("ring " + describe() + ": the " + peerRole + " (" + peer
                        + ") died; nothing more will arrive");
            }
        }
    }

    private String describe() {
        return file == null ? "(" + capacity + " bytes)" : file.name();
    }

    /** True while the consumer announced that it blocks on a doorbell and no producer took the announcement yet. */
    public boolean consumerWaiting() {
        return (int) INT.getVolatile(seg, CONSUMER_WAITING) != 0;
    }

    /**
     * Wakes this process's consumer, blocked on this ring's futex or about to block, without
     * publishing a record: for an event the consumer learns of elsewhere (its peer died, the channel
     * closed), which the caller must have published (a volatile store) before calling. Like a
     * producer's ring after a record: a full fence, then the announcement is taken, so a consumer
     * that announced but has not entered the kernel yet returns from its wait at once; the wake then
     * goes out whatever the flag said, since a peer that took the announcement may have died before
     * it woke. A consumer that announces after this call looks at the event after its own fence.
     * Safe from any thread, at any time, also during and after {@link #close()} (then it does nothing).
     */
    public void wakeConsumer() {
        if (!Futex.AVAILABLE || !enterFutex()) {
            return;
        }
        try {
            VarHandle.fullFence();
            INT.compareAndSet(seg, CONSUMER_WAITING, 1, 0);
            Futex.wake(waitWord, Integer.MAX_VALUE);
        } finally {
            leaveFutex();
        }
    }

    /** The writing side. Not thread-safe: one thread at a time (or a lock around it). */
    public final class Producer implements AutoCloseable {
        private long headCache;
        private long claimedTail = -1;

        private Producer() {
        }

        /** The largest payload {@link #offer} accepts. */
        public int maxPayload() {
            return maxPayload;
        }

        /**
         * Reserves space for a record of {@code length} bytes. Returns the offset in {@link #buffer()}
         * to write the payload to, or -1 when the ring is full; {@link #commit()} publishes it.
         *
         * @throws IllegalArgumentException when {@code length} exceeds {@link #maxPayload()}
         */
        public long tryClaim(int type, int length) {
            if (length < 0 || length > maxPayload) {
                throw new IllegalArgumentException("record of " + length + " bytes does not fit a ring of "
                        + capacity + " bytes: the largest is " + maxPayload + " (capacity / 2 - " + HEADER_LENGTH
                        + "); create the ring with capacity >= " + (Integer.highestOneBit(2 * (Math.max(0, length) + HEADER_LENGTH) - 1) << 1));
            }
            if (type < 0) {
                throw new IllegalArgumentException("record type must be >= 0 (negative types are the ring's own), got " + type);
            }
            // Plain read of our own position: only a producer writes it, and a lock handed over between
            // producers orders it.
            long tail = (long) LONG.get(seg, TAIL);
            int recordLength = ShmRingDescriptor.recordLength(length);
            int index = (int) tail & mask;
            int toEnd = capacity - index;
            int padding = recordLength > toEnd ? toEnd : 0;
            long needed = tail + padding + recordLength - capacity;
            if (needed > headCache) {
                // Acquire: the consumer's reads of that space happened before it gave the space back.
                headCache = (long) LONG.getAcquire(seg, HEAD);
                if (needed > headCache) {
                    return -1;
                }
            }
            if (padding != 0) {
                seg.set(ValueLayout.JAVA_INT, DATA + index + ShmRingDescriptor.LENGTH_FIELD, toEnd - HEADER_LENGTH);
                seg.set(ValueLayout.JAVA_INT, DATA + index + ShmRingDescriptor.TYPE_FIELD, PADDING_TYPE);
                index = 0;
            }
            seg.set(ValueLayout.JAVA_INT, DATA + index + ShmRingDescriptor.LENGTH_FIELD, length);
            seg.set(ValueLayout.JAVA_INT, DATA + index + ShmRingDescriptor.TYPE_FIELD, type);
            claimedTail = tail + padding + recordLength;
            return DATA + index + HEADER_LENGTH;
        }

        /** Publishes the record reserved by {@link #tryClaim}. */
        public void commit() {
            if (claimedTail < 0) {
                throw new IllegalStateException("commit() without a successful tryClaim()");
            }
            // Release: header and payload are visible before a consumer can see the new tail.
            LONG.setRelease(seg, TAIL, claimedTail);
            claimedTail = -1;
        }

        /** The ring's memory, for writing a claimed payload. */
        public MemorySegment buffer() {
            return seg;
        }

        /** Copies {@code length} bytes of {@code src} into one record; false when the ring is full. */
        public boolean offer(int type, byte[] src, int offset, int length) {
            long at = tryClaim(type, length);
            if (at < 0) {
                return false;
            }
            MemorySegment.copy(src, offset, seg, ValueLayout.JAVA_BYTE, at, length);
            commit();
            return true;
        }

        /** Copies {@code length} bytes of {@code src} from {@code srcOffset} into one record. */
        public boolean offer(int type, MemorySegment src, long srcOffset, int length) {
            long at = tryClaim(type, length);
            if (at < 0) {
                return false;
            }
            MemorySegment.copy(src, srcOffset, seg, at, length);
            commit();
            return true;
        }

        /**
         * Writes one record, waiting with {@code idle} while the ring is full.
         *
         * @return false when {@code timeout} passed first
         * @throws PeerGoneException when the consumer died or closed
         */
        public boolean write(int type, byte[] src, int offset, int length, IdleStrategy idle, Duration timeout) {
            if (offer(type, src, offset, length)) {
                return true;
            }
            long start = System.nanoTime();
            long nextCheck = start + LIVENESS_CHECK_NANOS;
            long limit = timeout.toNanos();
            idle.reset();
            while (!offer(type, src, offset, length)) {
                long now = System.nanoTime();
                if (now - start >= limit) {
                    return false;
                }
                if (now - nextCheck >= 0) {
                    checkPeer(CONSUMER_ID, CONSUMER_CLOSED, "consumer");
                    nextCheck = now + LIVENESS_CHECK_NANOS;
                }
                idle.idle();
            }
            return true;
        }

        /**
         * After a {@link #commit}: true when the consumer announced it is about to block
         * ({@link Consumer#announceWait}), in which case the flag is cleared and the caller must
         * wake it. The full fence orders the tail just published before the flag is read; with
         * the consumer's fence between its flag and its last look at the tail, one of the two
         * sides always sees the other (no lost wake-up).
         */
        public boolean takeWaiter() {
            return waiterAnnounced() && INT.compareAndSet(seg, CONSUMER_WAITING, 1, 0);
        }

        /**
         * After a {@link #commit}: whether the consumer announced it is about to block, without
         * taking the announcement. The full fence orders the tail just published before the flag
         * is read, as in {@link #takeWaiter}. Safe from any thread.
         */
        public boolean waiterAnnounced() {
            VarHandle.fullFence();
            return (int) INT.getVolatile(seg, CONSUMER_WAITING) != 0;
        }

        /**
         * After {@link #takeWaiter} returned true: wakes the consumer blocked in {@link Consumer#block}.
         * Does nothing once the ring is closing (see {@link ShmRing#close()}).
         */
        public void wake() {
            if (!enterFutex()) {
                return;
            }
            try {
                Futex.wake(waitWord, 1);
            } finally {
                leaveFutex();
            }
        }

        /** Throws {@link PeerGoneException} when the consumer died or closed. */
        public void checkConsumer() {
            checkPeer(CONSUMER_ID, CONSUMER_CLOSED, "consumer");
        }

        /** Tells the consumer no more records will come; it reads what is left, then sees the end. */
        @Override
        public void close() {
            INT.setRelease(seg, PRODUCER_CLOSED, 1);
        }
    }

    /** The reading side. Not thread-safe: one thread at a time (or a lock around it). */
    public final class Consumer implements AutoCloseable {
        private long tailCache;

        private Consumer() {
        }

        /**
         * Hands up to {@code limit} published records to {@code handler} in order and returns how
         * many. A record counts as consumed once its handler call starts, also if the handler throws.
         */
        public int poll(RecordHandler handler, int limit) {
            // Plain read of our own position: only a consumer writes it.
            long head = (long) LONG.get(seg, HEAD);
            if (head >= tailCache) {
                // Acquire: every byte of the records before this tail is visible.
                tailCache = (long) LONG.getAcquire(seg, TAIL);
                if (head >= tailCache) {
                    return 0;
                }
            }
            long position = head;
            int count = 0;
            try {
                while (position < tailCache && count < limit) {
                    long at = DATA + ((int) position & mask);
                    int length = seg.get(ValueLayout.JAVA_INT, at + ShmRingDescriptor.LENGTH_FIELD);
                    int type = seg.get(ValueLayout.JAVA_INT, at + ShmRingDescriptor.TYPE_FIELD);
                    if (length < 0 || length > capacity - HEADER_LENGTH) {
                        throw new IllegalStateException("corrupt ring " + describe() + ": record at position " + position
                                + " claims " + length + " bytes; was a second producer writing without a lock?");
                    }
                    position += (HEADER_LENGTH + length + ALIGNMENT - 1) & -ALIGNMENT;
                    if (type == PADDING_TYPE) {
                        continue;
                    }
                    count++;
                    handler.onRecord(type, seg, at + HEADER_LENGTH, length);
                }
            } finally {
                // Release: our reads of these records are done before the producer may overwrite them.
                LONG.setRelease(seg, HEAD, position);
            }
            return count;
        }

        /**
         * Like {@link #poll} but waits with {@code idle} until at least one record came.
         *
         * @return records handled; 0 when {@code timeout} passed; -1 when the producer closed and
         *         everything it wrote has been read
         * @throws PeerGoneException when the producer died
         */
        public int read(RecordHandler handler, int limit, IdleStrategy idle, Duration timeout) {
            int n = poll(handler, limit);
            if (n > 0) {
                return n;
            }
            long start = System.nanoTime();
            long nextCheck = start + LIVENESS_CHECK_NANOS;
            long limitNanos = timeout.toNanos();
            idle.reset();
            while ((n = poll(handler, limit)) == 0) {
                long now = System.nanoTime();
                if ((int) INT.getAcquire(seg, PRODUCER_CLOSED) != 0) {
                    // The close flag was released after the last tail: one more poll sees all.
                    n = poll(handler, limit);
                    return n > 0 ? n : -1;
                }
                if (now - start >= limitNanos) {
                    return 0;
                }
                if (now - nextCheck >= 0) {
                    checkPeer(PRODUCER_ID, PRODUCER_CLOSED, "producer");
                    nextCheck = now + LIVENESS_CHECK_NANOS;
                }
                idle.idle();
            }
            return n;
        }

        /**
         * Announces that this consumer is about to block until woken out of band, and returns
         * whether records are already there (then it must not block). Pair with {@link #endWait}.
         */
        public boolean announceWait() {
            INT.setVolatile(seg, CONSUMER_WAITING, 1);
            VarHandle.fullFence();
            return (long) LONG.get(seg, HEAD) < (long) LONG.getVolatile(seg, TAIL);
        }

        /**
         * After {@link #announceWait} returned false: blocks in the kernel (a futex on the waiting
         * flag) until the producer's {@link Producer#wake} or {@link ShmRing#wakeConsumer()}, at
         * most {@code nanos}. Returns at once if the flag was taken already, or once the ring is
         * closing ({@link ShmRing#close()} waits for this call to return before it unmaps).
         *
         * @return false when the wait ran to its timeout (nobody woke it), true otherwise
         */
        public boolean block(Futex futex, long nanos) {
            if (!enterFutex()) {
                return true;
            }
            try {
                return futex.await(waitWord, 1, nanos);
            } finally {
                leaveFutex();
            }
        }

        /**
         * Whether at least two records wait unread: a snapshot, safe from any thread, that may err
         * either way when the consumer moves meanwhile (a record it just passed may be overwritten
         * while its length is read). Acquire loads of both positions; a caller that needs it ordered
         * after its own store fences first.
         */
        public boolean holdsTwoOrMore() {
            long head = (long) LONG.getAcquire(seg, HEAD);
            long tail = (long) LONG.getAcquire(seg, TAIL);
            if (tail - head <= 0) {
                return false;
            }
            int length = (int) INT.getAcquire(seg, DATA + ((int) head & mask) + ShmRingDescriptor.LENGTH_FIELD);
            return length >= 0 && length <= capacity - HEADER_LENGTH
                    && tail - head > ShmRingDescriptor.recordLength(length);
        }

        /** Whether a record waits unread (a snapshot with acquire loads; safe from any thread). */
        public boolean holdsRecords() {
            return (long) LONG.getAcquire(seg, TAIL) - (long) LONG.getAcquire(seg, HEAD) > 0;
        }

        /** Withdraws {@link #announceWait}; a producer that already took it has rung or is ringing. */
        public void endWait() {
            INT.setVolatile(seg, CONSUMER_WAITING, 0);
        }

        /** Throws {@link PeerGoneException} when the producer died. */
        public void checkProducer() {
            long id = (long) LONG.getAcquire(seg, PRODUCER_ID);
            if (id != 0 && !ProcessIdentity.unpack(id).isAlive()) {
                throw new PeerGoneException("ring " + describe() + ": the producer (" + ProcessIdentity.unpack(id) + ") died");
            }
        }

        /** True once the producer closed and every record it wrote has been consumed. */
        public boolean isFinished() {
            return (int) INT.getAcquire(seg, PRODUCER_CLOSED) != 0
                    && (long) LONG.get(seg, HEAD) >= (long) LONG.getAcquire(seg, TAIL);
        }

        /** Tells the producer nothing more will be read; a waiting producer fails at once. */
        @Override
        public void close() {
            INT.setRelease(seg, CONSUMER_CLOSED, 1);
        }
    }
}
