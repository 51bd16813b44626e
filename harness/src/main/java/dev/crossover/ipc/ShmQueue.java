package dev.crossover.ipc;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.time.Duration;

/**
 * A {@link ProcessQueue} in shared memory: a {@link ShmRing} with a {@link ShmLock} for the producers
 * and another for the consumers, so any number of processes (and threads) may put and get. Items
 * become visible with the ring's release store of its tail, after the whole item is written, so a
 * producer killed mid-put leaves nothing half-written behind and the lock it held is recovered.
 *
 * <pre>
 *   0    magic, ring capacity
 * 128    producers' lock word   (own cache-line pair)
 * 256    consumers' lock word   (own cache-line pair)
 * 512    the ring ({@link ShmRingDescriptor})
 * </pre>
 */
public final class ShmQueue implements ProcessQueue {

    /** "XOVRQUE1" in ASCII. */
    private static final long MAGIC = 0x584F_5652_5155_4531L;
    private static final long CAPACITY_OFFSET = 8;
    private static final long PRODUCER_LOCK_OFFSET = 128;
    private static final long CONSUMER_LOCK_OFFSET = 256;
    private static final long RING_OFFSET = 512;
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();

    private final ShmFile file;
    private final ShmRing ring;
    private final ShmLock producerLock;
    private final ShmLock consumerLock;
    private final ShmRing.Producer producer;
    private final ShmRing.Consumer consumer;
    private byte[] taken;

    private ShmQueue(ShmFile file) {
        this.file = file;
        MemorySegment s = file.segment();
        this.ring = ShmRing.attach(s.asSlice(RING_OFFSET));
        this.producerLock = ShmLock.at(s, PRODUCER_LOCK_OFFSET);
        this.consumerLock = ShmLock.at(s, CONSUMER_LOCK_OFFSET);
        // Plain views: the ring's identity fields are not used by the queue (peers come and go).
        this.producer = ring.producer();
        this.consumer = ring.consumer();
    }

    /**
     * A new empty queue of {@code capacityBytes} (a power of two; items take their length plus 8 to 15
     * bytes each), owned (and deleted on close) by this process.
     */
    public static ShmQueue create(int capacityBytes) {
        ShmRingDescriptor.checkCapacity(capacityBytes);
        ShmFile f = ShmFile.create("queue", RING_OFFSET + ShmRingDescriptor.totalLength(capacityBytes));
        MemorySegment s = f.segment();
        s.set(ValueLayout.JAVA_LONG, CAPACITY_OFFSET, capacityBytes);
        ShmRing.format(s.asSlice(RING_OFFSET), capacityBytes);
        LONG.setRelease(s, 0L, MAGIC);
        return new ShmQueue(f);
    }

    /** Opens a queue another process created, by {@link #name()}. */
    public static ShmQueue open(String name) {
        ShmFile f = ShmFile.open(name);
        if ((long) LONG.getAcquire(f.segment(), 0L) != MAGIC) {
            f.close();
            throw new IllegalArgumentException(name + " is not a shared queue; open it with ShmQueue.create's name");
        }
        return new ShmQueue(f);
    }

    /** The name other processes open it by. */
    public String name() {
        return file.name();
    }

    @Override
    public int maxItemSize() {
        return ring.maxPayload();
    }

    @Override
    public void put(byte[] item, boolean block, Duration timeout) throws InterruptedException {
        if (item.length > ring.maxPayload()) {
            throw new IllegalArgumentException("item of " + item.length + " bytes exceeds this queue's largest item ("
                    + ring.maxPayload() + " bytes); create the queue with a larger capacity");
        }
        long start = System.nanoTime();
        long limit = !block ? 0 : timeout == null ? Long.MAX_VALUE : timeout.toNanos();
        IdleStrategy idle = new IdleStrategy.Backoff();
        while (true) {
            if (producerLock.tryLock(Duration.ofNanos(Math.max(0, limit - (System.nanoTime() - start))), idle)) {
                boolean done;
                try {
                    done = producer.offer(0, item, 0, item.length);
                } finally {
                    producerLock.unlock();
                }
                if (done) {
                    return;
                }
            }
            if (System.nanoTime() - start >= limit) {
                throw new QueueFullException("shared queue " + name() + " is full (" + ring.capacity() + " bytes, "
                        + ring.size() + " in use)" + (block ? " and stayed full for " + timeout : "")
                        + "; get items faster, put with a longer timeout, or create a larger queue");
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            idle.idle();
        }
    }

    @Override
    public byte[] get(boolean block, Duration timeout) throws InterruptedException {
        long start = System.nanoTime();
        long limit = !block ? 0 : timeout == null ? Long.MAX_VALUE : timeout.toNanos();
        IdleStrategy idle = new IdleStrategy.Backoff();
        while (true) {
            if (ring.size() > 0 && consumerLock.tryLock(Duration.ofNanos(Math.max(0, limit - (System.nanoTime() - start))), idle)) {
                int n;
                byte[] item;
                try {
                    n = consumer.poll(this::take, 1);
                    item = taken;
                    taken = null;
                } finally {
                    consumerLock.unlock();
                }
                if (n == 1) {
                    return item;
                }
            }
            if (System.nanoTime() - start >= limit) {
                throw new QueueEmptyException("shared queue " + name() + " is empty"
                        + (block ? ": nothing arrived within " + timeout : " (get without blocking)")
                        + "; wait longer or check that a producer is running");
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            idle.idle();
        }
    }

    private void take(int type, MemorySegment buf, long offset, int length) {
        taken = buf.asSlice(offset, length).toArray(ValueLayout.JAVA_BYTE);
    }

    /** Unmaps; the creating process also deletes the file. */
    @Override
    public void close() {
        file.close();
    }

    @Override
    public String toString() {
        return "ShmQueue[" + name() + ", " + ring.capacity() + " bytes]";
    }
}
