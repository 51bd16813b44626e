package dev.crossover.ipc;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * A {@link FrameChannel} over two {@link ShmRing}s, one each way: the shared-memory transport of the
 * process pool. A frame up to the ring's largest record travels as one record; a larger one (up to
 * {@link FrameCodec#MAX_FRAME_BYTES}) as consecutive parts, reassembled by the receiver.
 *
 * <p>Doorbell: a side with a bell does not poll forever with the {@code backoff} strategy. After
 * spinning and yielding (adaptively between {@link #MIN_BLOCK_AFTER} and {@link #BLOCK_AFTER} idle
 * calls; not at all for a channel made with {@code spinFirst} false, whose processes leave no core
 * spare for a spinner) it announces on the ring that it waits, looks once more, and blocks: on a futex on that
 * announcement word (the pool, both ways), or reading a {@code bellIn} stream. The peer, after
 * publishing a frame, fences and reads the announcement; only when it is set does it take it and
 * wake the waiter (one system call). So an answer that comes after a millisecond wakes the waiter
 * at once, a waiter costs no CPU while it waits, and a side that finds frames while it spins makes
 * no system call at all. An answering side may defer its wakes (see the {@code deferBell}
 * constructor) so that a peer that queued several requests is woken once per several answers.
 *
 * <p>Waiting uses the given {@link IdleStrategy}, and while it waits each side asks {@code peerAlive}
 * every {@link ShmRing#LIVENESS_CHECK_NANOS}, so a dead peer ends a {@link #receive} (with an
 * {@link IOException}) or a {@link #send} within about a tenth of a second plus the idle strategy's
 * longest pause. {@link #close} marks both rings closed, which the peer sees as the end of the channel.
 *
 * <p>Ends: a receiver blocked on the futex learns of its peer's death ({@link #peerExited}) or of its
 * own channel's close at once, by the same protocol as a frame: the end is published in a volatile
 * field, then the receiver's announcement is taken and its futex woken; the receiver, after
 * announcing, looks at the end before it blocks. The futex wait's timeout (a liveness period) stays
 * as the backstop and is counted ({@link #timeouts()}). The rings' memory is unmapped by
 * {@link ShmRing#close()} only after every futex call on it returned, so ends may race the owner's
 * close from any thread.
 */
public final class RingChannel implements FrameChannel {

    private static final int WHOLE = 0;
    private static final int PART = 1;
    private static final int LAST = 2;

    private final ShmRing.Producer producer;
    private final ShmRing.Consumer consumer;
    private final IdleStrategy sendIdle;
    private final IdleStrategy receiveIdle;
    private final BooleanSupplier peerAlive;
    private final String peer;
    private final ShmRing.RecordHandler handler = this::onRecord;
    private final InputStream bellIn;
    private final OutputStream bellOut;
    private final byte[] bellBuffer = new byte[64];
    private boolean bellEnded;
    private final Futex futexIn;
    private final boolean futexOut;
    private final ShmRing inRing;
    /** Whether this side defers waking its peer while it still holds two or more of the peer's frames. */
    private final boolean deferBell;
    /** 1 while a wake-up of the peer was deferred by {@link #ring()}; taken by compare-and-set. */
    private final AtomicInteger bellPending = new AtomicInteger();
    /** Set when the peer is known gone: the receiver checks it at once instead of at its next liveness check. */
    private volatile boolean peerGone;
    private volatile boolean closed;
    /** Futex wake-ups this side made (each a system call). */
    private final AtomicLong wakes = new AtomicLong();
    /** Times this side blocked on its futex. */
    private final AtomicLong blocks = new AtomicLong();
    /**
     * Blocks that ended by the timeout while a frame waited and no one had taken this side's
     * announcement: the peer published without waking it (a lost or deferred wake-up).
     */
    private final AtomicLong lateWakes = new AtomicLong();
    /** Idle calls (spins, yields) made while receiving; plain: only the thread inside {@link #receive} writes it. */
    private long idleCalls;
    /** Blocks that ran to their timeout: nobody woke this side within a liveness period. */
    private final AtomicLong timeouts = new AtomicLong();

    /** Most idle calls (spins, then yields) before a side with a doorbell blocks on it. */
    public static final int BLOCK_AFTER = IdleStrategy.Backoff.SPINS + IdleStrategy.Backoff.YIELDS;
    /** Fewest: after waits that ended on the bell, a receiver spins only this long before blocking. */
    public static final int MIN_BLOCK_AFTER = 16;
    /**
     * Idle calls before blocking on the bell, adapted like a JVM's spin locks: halved after a
     * wait that ended on the bell (answers come slowly: spinning would only take CPU from the
     * peers doing the work), doubled after one that ended while spinning (answers come fast).
     */
    private int blockAfter;
    /** Whether this side spins and yields before it blocks on its bell (else it blocks at once). */
    private final boolean spinFirst;

    // Reassembly, touched only by the receiving thread.
    private byte[] parts = new byte[0];
    private int partsLength;
    private byte[] received;

    /**
     * @param out       ring this side writes (it becomes its producer)
     * @param in        ring this side reads (it becomes its consumer)
     * @param idle      {@code spin} or {@code backoff}
     * @param peerAlive false once the other process is gone
     * @param peer      the other side, for messages (e.g. {@code worker process-1 (pid 42)})
     */
    public RingChannel(ShmRing out, ShmRing in, String idle, BooleanSupplier peerAlive, String peer) {
        this(out, in, idle, peerAlive, peer, null, null);
    }

    /**
     * A channel with a doorbell (see the class comment); either stream may be null.
     *
     * @param bellIn  where this side blocks when the {@code backoff} wait is long (spin waits never block)
     * @param bellOut where this side rings when the peer announced it blocks
     */
    public RingChannel(ShmRing out, ShmRing in, String idle, BooleanSupplier peerAlive, String peer,
                       InputStream bellIn, OutputStream bellOut) {
        this(out, in, idle, peerAlive, peer, bellIn, bellOut, false);
    }

    /**
     * A channel with a doorbell; where a stream is null and {@code futex} is true (and
     * {@link Futex#AVAILABLE}), the bell is a futex on the ring's waiting flag instead: this side
     * blocks on its in-ring's flag, and wakes the peer blocked on its out-ring's flag.
     */
    public RingChannel(ShmRing out, ShmRing in, String idle, BooleanSupplier peerAlive, String peer,
                       InputStream bellIn, OutputStream bellOut, boolean futex) {
        this(out, in, idle, peerAlive, peer, bellIn, bellOut, futex, false);
    }

    /**
     * A channel whose bells are futexes both ways ({@code futex} true, both streams null), for a
     * side that answers its peer's requests ({@code deferBell} true, the worker): after an answer
     * it wakes a blocked peer at once only when fewer than two of the peer's frames wait unread in
     * its in-ring; otherwise it defers the wake to the answer that leaves fewer than two, or to the
     * moment it finds its in-ring empty, whichever comes first. A peer that keeps several requests
     * queued is then woken once per several answers, still one request before this side runs dry.
     */
    public RingChannel(ShmRing out, ShmRing in, String idle, BooleanSupplier peerAlive, String peer,
                       InputStream bellIn, OutputStream bellOut, boolean futex, boolean deferBell) {
        this(out, in, idle, peerAlive, peer, bellIn, bellOut, futex, deferBell, true);
    }

    /**
     * As above; with {@code spinFirst} false a side with a bell blocks on it after the first poll
     * that finds nothing, without spinning or yielding first. That is for processes that keep every
     * core busy (a pool with as many workers as cores): there a spinning waiter takes the CPU the
     * peer needs to produce what it waits for, and the bell's wake-up costs less than the spin.
     */
    public RingChannel(ShmRing out, ShmRing in, String idle, BooleanSupplier peerAlive, String peer,
                       InputStream bellIn, OutputStream bellOut, boolean futex, boolean deferBell, boolean spinFirst) {
        this.spinFirst = spinFirst;
        this.blockAfter = spinFirst ? BLOCK_AFTER : 0;
        boolean backoff = "backoff".equals(idle);
        this.inRing = in;
        this.bellIn = backoff ? bellIn : null;
        this.bellOut = bellOut;
        this.futexIn = backoff && bellIn == null && futex && Futex.AVAILABLE ? new Futex() : null;
        this.futexOut = bellOut == null && futex && Futex.AVAILABLE;
        this.deferBell = deferBell && futexOut;
        this.producer = out.producer();
        this.consumer = in.consumer();
        this.sendIdle = IdleStrategy.of(idle);
        this.receiveIdle = IdleStrategy.of(idle);
        this.peerAlive = peerAlive;
        this.peer = peer;
    }

    @Override
    public void send(byte[] body, int offset, int length) throws IOException {
        if (length > FrameCodec.MAX_FRAME_BYTES) {
            throw new FrameTooLargeException(length, "frame to " + peer);
        }
        try {
            int max = producer.maxPayload();
            if (length <= max) {
                write(WHOLE, body, offset, length);
                return;
            }
            for (int done = 0; done < length; ) {
                int n = Math.min(max, length - done);
                write(done + n == length ? LAST : PART, body, offset + done, n);
                done += n;
            }
        } catch (IllegalStateException e) {
            throw new IOException("shared-memory channel to " + peer + " is closed: " + e.getMessage(), e);
        }
    }

    private void write(int type, byte[] body, int offset, int length) throws IOException {
        if (producer.offer(type, body, offset, length)) {
            ring();
            return;
        }
        sendIdle.reset();
        long nextCheck = System.nanoTime() + ShmRing.LIVENESS_CHECK_NANOS;
        while (!producer.offer(type, body, offset, length)) {
            if (closed) {
                throw new IOException("shared-memory channel to " + peer + " was closed while sending");
            }
            long now = System.nanoTime();
            if (now - nextCheck >= 0) {
                if (!peerAlive.getAsBoolean()) {
                    throw new IOException(peer + " died; its request ring stays full");
                }
                nextCheck = now + ShmRing.LIVENESS_CHECK_NANOS;
            }
            sendIdle.idle();
        }
        ring();
    }

    /**
     * Wakes the peer if it announced that it blocks on its bell. With {@code deferBell}, a wake is
     * put off while this side still holds two or more of the peer's frames: it will answer again
     * soon, and the peer, which queued them, needs waking only before this side runs dry. The
     * deferral is a Dekker pair with {@link #flushBell}: this side stores {@code bellPending}, fences
     * and looks at its in-ring again; the receiving thread, having emptied the in-ring, fences and
     * reads {@code bellPending}. One of the two sees the other, and the compare-and-set lets only
     * one of them ring.
     */
    private void ring() throws IOException {
        if (bellOut != null) {
            if (producer.takeWaiter()) {
                bellOut.write(1);
                bellOut.flush();
            }
            return;
        }
        if (!futexOut || !producer.waiterAnnounced()) {
            return; // the common case under load: one fence, one read, no system call
        }
        if (deferBell && consumer.holdsTwoOrMore()) {
            bellPending.set(1);
            VarHandle.fullFence();
            if (consumer.holdsTwoOrMore() || !bellPending.compareAndSet(1, 0)) {
                return; // still busy: a later answer or flushBell rings; or flushBell took it
            }
        } else if (deferBell && bellPending.get() != 0) {
            bellPending.set(0); // this wake covers what was deferred
        }
        if (producer.takeWaiter()) {
            producer.wake();
            wakes.incrementAndGet();
        }
    }

    /** Before this side idles: rings a wake-up that {@link #ring()} deferred. */
    private void flushBell() {
        if (!deferBell) {
            return;
        }
        VarHandle.fullFence(); // orders this thread's emptying of the in-ring before the read below
        if (bellPending.get() != 0 && bellPending.compareAndSet(1, 0) && producer.takeWaiter()) {
            producer.wake();
            wakes.incrementAndGet();
        }
    }

    /**
     * The peer is gone (its process exited): a receiver blocked on the futex, or about to block,
     * wakes and checks the peer at once instead of at its next liveness check. No wake-up is lost:
     * the flag is set before the wake, and the receiver looks at it after announcing that it
     * blocks and before it does. Safe from any thread, also during and after the rings' close.
     */
    public void peerExited() {
        peerGone = true; // volatile, before the wake: a receiver that announces later sees it (see awaitBell)
        inRing.wakeConsumer();
    }

    @Override
    public byte[] receive() throws IOException {
        try {
            long nextCheck = System.nanoTime() + ShmRing.LIVENESS_CHECK_NANOS;
            receiveIdle.reset();
            int idles = 0;
            while (true) {
                if (closed) {
                    return null;
                }
                if (consumer.poll(handler, 1) > 0) {
                    if (received != null) {
                        byte[] r = received;
                        received = null;
                        if (idles > 0 && spinFirst) {
                            blockAfter = Math.min(BLOCK_AFTER, blockAfter * 2); // came while spinning
                        }
                        return r;
                    }
                    continue; // a part of a large frame: more follow at once
                }
                if (consumer.isFinished()) {
                    return null; // the peer closed its side and everything it sent has been read
                }
                if (idles == 0) {
                    flushBell(); // the in-ring just ran dry
                }
                long now = System.nanoTime();
                if (now - nextCheck >= 0 || peerGone) {
                    if (!peerAlive.getAsBoolean()) {
                        if (consumer.poll(handler, 1) > 0 && received != null) {
                            byte[] r = received;
                            received = null;
                            return r; // it answered before it died
                        }
                        throw new IOException(peer + " died (no more frames will arrive)");
                    }
                    nextCheck = now + ShmRing.LIVENESS_CHECK_NANOS;
                }
                if (((bellIn != null && !bellEnded) || futexIn != null) && ++idles >= blockAfter && !peerGone) {
                    if (awaitBell() && spinFirst) {
                        blockAfter = Math.max(MIN_BLOCK_AFTER, blockAfter / 2); // it came slowly
                    }
                    idles = 0;
                    receiveIdle.reset();
                    continue;
                }
                if (idles == 0) {
                    idles = 1; // without a bell: flush once per run of empty polls
                }
                idleCalls++;
                receiveIdle.idle();
            }
        } catch (IllegalStateException e) {
            if (closed) {
                return null;
            }
            throw new IOException("shared-memory channel to " + peer + " broke: " + e.getMessage(), e);
        }
    }

    /**
     * Blocks on the bell until the peer rings (or its end of the bell closes: it is gone, and the
     * liveness checks of {@link #receive} take over), unless records came meanwhile; true if it blocked.
     */
    private boolean awaitBell() throws IOException {
        try {
            if (consumer.announceWait()) {
                return false;
            }
            // After the announcement and its fence: an end published before a wake is seen here,
            // or the wake that follows it finds the announcement (peerExited, close).
            if (peerGone || closed) {
                return false;
            }
            flushBell();
            if (futexIn != null) {
                // Wakes on the peer's ring or on its end, else after a liveness period (the caller checks the peer).
                blocks.incrementAndGet();
                if (!consumer.block(futexIn, ShmRing.LIVENESS_CHECK_NANOS)) {
                    timeouts.incrementAndGet();
                }
                if (inRing.consumerWaiting() && consumer.holdsRecords()) {
                    lateWakes.incrementAndGet();
                }
            } else if (bellIn.read(bellBuffer) < 0) {
                bellEnded = true;
            }
            return true;
        } finally {
            consumer.endWait();
        }
    }

    /** Futex blocks of this side that ran to their timeout (nothing came, no end was signalled). */
    public long timeouts() {
        return timeouts.get();
    }

    /** Spins and yields this side made so far while it waited to receive (0 while it blocks at once: {@code spinFirst} false). */
    public long idleCalls() {
        return idleCalls;
    }

    /** Futex wake-ups this side made so far. */
    public long wakes() {
        return wakes.get();
    }

    /** Times this side blocked on its futex so far. */
    public long blocks() {
        return blocks.get();
    }

    /**
     * Futex blocks that ran to their timeout although a frame had come and no one took the
     * announcement: the peer did not wake this side (always 0 unless the peer defers its wakes).
     */
    public long lateWakes() {
        return lateWakes.get();
    }

    private void onRecord(int type, MemorySegment buf, long offset, int length) {
        if (type == WHOLE) {
            received = buf.asSlice(offset, length).toArray(ValueLayout.JAVA_BYTE);
            return;
        }
        if (partsLength + length > parts.length) {
            parts = Arrays.copyOf(parts, Math.max(partsLength + length, parts.length * 2));
        }
        MemorySegment.copy(buf, ValueLayout.JAVA_BYTE, offset, parts, partsLength, length);
        partsLength += length;
        if (type == LAST) {
            received = Arrays.copyOf(parts, partsLength);
            partsLength = 0;
            if (parts.length > (1 << 20)) {
                parts = new byte[0]; // do not keep a huge frame's buffer for the worker's life
            }
        }
    }

    /**
     * Marks both directions closed (the peer sees the end) and wakes this side's receiver if it
     * blocks on its futex (it then returns null); the rings' owner unmaps and deletes them.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true; // volatile, before the wake, as in peerExited
        try {
            producer.close();
            consumer.close();
        } catch (IllegalStateException alreadyUnmapped) {
            // the owner released the memory first; the peer is gone anyway
        }
        inRing.wakeConsumer();
    }
}
