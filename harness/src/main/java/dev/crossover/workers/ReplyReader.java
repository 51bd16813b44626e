package dev.crossover.workers;

import dev.crossover.ipc.FrameChannel;

import java.io.IOException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The reading protocol of one worker's channel: which thread reads the next answer frame, and what
 * happens to it. Knows nothing of tasks: it reads frames, counts the answers still due, and hands
 * each frame to a {@link Sink} (the pool completes futures there, which runs their callbacks).
 *
 * <p>One thread at a time is inside {@link FrameChannel#receive()} (the <em>holder</em>). It gives
 * the role up as soon as it has the frame, and only then dispatches it, so whatever a callback
 * does, the channel stays readable:
 * <ul>
 * <li>a caller waiting in {@code get()} or {@code join()} on a task of this worker
 *     ({@link #await}) reads itself while no one else does and an answer is due, so its answer
 *     costs the channel's own wake-up only, as a bare read would. A timed {@code get} waits in the
 *     same place but leaves the reading to others: a thread blocked in {@code receive} could not
 *     leave at its deadline;</li>
 * <li>that includes a callback that waits on another task of the same worker from inside a
 *     dispatch, even the dispatch of its own thread (re-entrant use): it reads on, nested;</li>
 * <li>otherwise a background thread reads: at once after it read the previous answer (a stream
 *     of answers), after {@link #GRACE_NANOS} when it was parked (a caller about to block gets
 *     the chance to read its own answer first). A caller leaving does not wake a parked one (most
 *     callers, like {@code map}, wait on their next task at once); parked ones look again every
 *     {@link #GRACE_NANOS} while a caller is busy here, so answers it leaves behind are still read;</li>
 * <li>while some thread dispatches, others do not read (the frame being dispatched may hold their
 *     answer, and reading would block them until the next one), unless that dispatch has lasted
 *     {@link #STEAL_NANOS}: a callback blocked on something else (a derived future, a lock) then
 *     cannot stop the answers behind it. A spare background thread exists for this whenever a
 *     dispatch starts with no background thread idle.</li>
 * </ul>
 * The end of the channel (null, or an exception) is seen by whoever reads; one background thread
 * then reports it to {@link Sink#onEnd} exactly once.
 */
final class ReplyReader {

    /** What the reader does with frames. */
    interface Sink {
        /** One answer frame; called outside any lock, on the thread that read it. */
        void onFrame(byte[] frame);

        /** The channel ended ({@code cause} null) or broke; called once, on a background thread. */
        void onEnd(Throwable cause);
    }

    /** A dispatch lasting this long no longer keeps others from reading. */
    static final long STEAL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    /** How long a parked background thread leaves an answer to a caller about to wait for it. */
    static final long GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /** Background threads per worker at most (one reads, the others stand by for blocked callbacks). */
    static final int MAX_BACKGROUND = 16;
    /**
     * A caller leaving {@link #await} does not wake a parked background thread (a wake-up per answer
     * when a caller reads in turn, as {@code map} does); while a caller waits, reads or dispatches,
     * parked background threads look again every {@link #GRACE_NANOS} instead. For comparison,
     * {@code -Dcrossover.reader.quietLeave=false} restores the wake on leaving.
     */
    static final boolean CALLER_LEAVES_QUIETLY = Boolean.parseBoolean(System.getProperty("crossover.reader.quietLeave", "true"));

    private final FrameChannel channel;
    private final Sink sink;
    private final String name;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition callers = lock.newCondition();
    private final Condition background = lock.newCondition();
    // Guarded by lock.
    private Thread holder;
    /** Callers waiting without a deadline: they read themselves. */
    private int waiters;
    /** Callers waiting with a deadline: they never block in receive, so they can leave on time. */
    private int timedWaiters;
    private int due;
    private boolean exited;
    private boolean ended;
    private boolean endReported;
    private Throwable endCause;
    private int backgroundThreads;
    private int backgroundIdle;
    private int backgroundUntimed;
    private int spawned;
    /** Threads now dispatching a frame: nesting depth and start of the outermost dispatch. */
    private final Map<Thread, long[]> dispatchers = new IdentityHashMap<>();
    /** The background threads alive now. */
    private final Set<Thread> backgroundSet = Collections.newSetFromMap(new IdentityHashMap<>());
    /** An entry of {@link #dispatchers} no longer in use, kept so a dispatch allocates nothing. */
    private long[] spareDispatch;

    /** The reader whose frame the current thread dispatches, if any. */
    private static final ThreadLocal<ReplyReader> DISPATCHING = new ThreadLocal<>();

    /**
     * The current thread is about to block on something this reader cannot see (a task still
     * queued in the pool): if it is dispatching a frame, others may read at once instead of after
     * {@link #STEAL_NANOS}.
     */
    /** True when the current thread is running a callback of a frame this reader read for {@code sink}. */
    static boolean dispatchingFor(Sink sink) {
        ReplyReader r = DISPATCHING.get();
        return r != null && r.sink == sink;
    }

    static void currentDispatchBlocks() {
        ReplyReader r = DISPATCHING.get();
        if (r != null) {
            r.markBlocked(Thread.currentThread());
        }
    }

    private void markBlocked(Thread me) {
        lock.lock();
        try {
            long[] mine = dispatchers.get(me);
            if (mine != null && mine[1] != Long.MIN_VALUE) {
                mine[1] = Long.MIN_VALUE;
                background.signal();
                callers.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    ReplyReader(FrameChannel channel, Sink sink, String name) {
        this.channel = channel;
        this.sink = sink;
        this.name = name;
    }

    /** Starts the first background thread. */
    void start() {
        lock.lock();
        try {
            spawnBackground();
        } finally {
            lock.unlock();
        }
    }

    /** One more answer is due (a request was sent); wakes a background thread if no one reads. */
    void expect() {
        lock.lock();
        try {
            due++;
            if (holder == null) {
                if (waiters > 0) {
                    callers.signalAll(); // a caller waiting for its task to be sent may read now
                } else if (backgroundUntimed > 0) {
                    background.signal(); // it parks untimed only while nothing is due
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** The peer process exited: read on to see the channel's end even when nothing is due. */
    void peerExited() {
        lock.lock();
        try {
            exited = true;
            background.signalAll();
            callers.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Answers due and not yet read. */
    int due() {
        lock.lock();
        try {
            return due;
        } finally {
            lock.unlock();
        }
    }

    /** Threads this reader started so far (for tests: spares are made only when needed). */
    int threadsStarted() {
        lock.lock();
        try {
            return spawned;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Reads answers while this thread may (see the class comment) until {@code f} is done, the
     * channel ended, or {@code deadlineNanos} ({@link System#nanoTime()}; 0 = none) passed.
     * The caller then takes {@code f}'s outcome as usual (after the end, the pool fails it).
     */
    void await(CompletableFuture<?> f, long deadlineNanos, boolean interruptible) throws InterruptedException {
        Thread me = Thread.currentThread();
        boolean reads = deadlineNanos == 0;
        lock.lock();
        if (reads) {
            waiters++;
        } else {
            timedWaiters++;
            long[] mine = dispatchers.get(me);
            if (mine != null && mine[1] != Long.MIN_VALUE) {
                mine[1] = Long.MIN_VALUE; // this dispatch now waits with a deadline: others read at once
                background.signal();
                callers.signalAll();
            }
        }
        try {
            while (!f.isDone() && !ended) {
                if (reads && holder == null && mayRead(me, false)) {
                    waiters--; // while it dispatches it does not wait to read: the others may
                    try {
                        readAndDispatch(me);
                    } finally {
                        waiters++;
                    }
                    continue;
                }
                long wait = dispatchers.isEmpty() || holder != null ? Long.MAX_VALUE : STEAL_NANOS;
                if (deadlineNanos != 0) {
                    long left = deadlineNanos - System.nanoTime();
                    if (left <= 0) {
                        return;
                    }
                    wait = Math.min(wait, left);
                }
                if (wait == Long.MAX_VALUE) {
                    if (interruptible) {
                        callers.await();
                    } else {
                        callers.awaitUninterruptibly();
                    }
                } else if (interruptible) {
                    callers.awaitNanos(wait);
                } else {
                    awaitNanosUninterruptibly(callers, wait);
                }
            }
        } finally {
            if (reads) {
                waiters--;
            } else {
                timedWaiters--;
            }
            if (waiters == 0 && holder == null && (due > 0 || exited || ended) && backgroundIdle > 0
                    && (!CALLER_LEAVES_QUIETLY || exited || ended)) {
                background.signal();
            }
            lock.unlock();
        }
    }

    private static void awaitNanosUninterruptibly(Condition c, long nanos) {
        try {
            c.awaitNanos(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether {@code me} may take the reading role now (holder is null). */
    private boolean mayRead(Thread me, boolean backgroundThread) {
        if (ended || (due == 0 && !exited)) {
            return false;
        }
        if (backgroundThread && waiters > 0) {
            return false;
        }
        if (dispatchers.isEmpty() || dispatchers.containsKey(me)) {
            return true;
        }
        long now = System.nanoTime();
        for (long[] d : dispatchers.values()) {
            if (d[1] == Long.MIN_VALUE || now - d[1] >= STEAL_NANOS) {
                return true;
            }
        }
        return false;
    }

    /** Holding the lock: reads one frame as holder (lock released meanwhile), then dispatches it. */
    private void readAndDispatch(Thread me) {
        holder = me;
        byte[] frame = null;
        Throwable cause = null;
        lock.unlock();
        try {
            frame = channel.receive();
        } catch (IOException | RuntimeException e) {
            cause = e;
        } finally {
            lock.lock();
            holder = null;
        }
        if (frame == null) {
            ended = true;
            endCause = cause;
            background.signalAll();
            callers.signalAll();
            return;
        }
        due--;
        long[] d = dispatchers.get(me);
        if (d == null) {
            d = spareDispatch != null ? spareDispatch : new long[2];
            spareDispatch = null;
            d[0] = 1;
            d[1] = System.nanoTime();
            dispatchers.put(me, d);
        } else {
            d[0]++;
        }
        if (backgroundIdle == 0) {
            spawnBackground(); // stands by in case this dispatch blocks
        }
        lock.unlock();
        ReplyReader outer = DISPATCHING.get();
        DISPATCHING.set(this);
        try {
            sink.onFrame(frame);
        } finally {
            DISPATCHING.set(outer);
            lock.lock();
            long[] mine = dispatchers.get(me);
            if (--mine[0] == 0) {
                dispatchers.remove(me);
                spareDispatch = mine;
            }
            if (waiters > 0 || timedWaiters > 0) {
                callers.signalAll();
            }
        }
    }

    /** Whether a caller (not a background thread) waits, reads or dispatches here: it may leave without a word. */
    private boolean callerBusy() {
        if (waiters > 0 || (holder != null && !backgroundSet.contains(holder))) {
            return true;
        }
        for (Thread t : dispatchers.keySet()) {
            if (!backgroundSet.contains(t)) {
                return true;
            }
        }
        return false;
    }

    private void spawnBackground() {
        if (backgroundThreads >= MAX_BACKGROUND) {
            return;
        }
        backgroundThreads++;
        spawned++;
        Thread t = new Thread(this::backgroundLoop, name + "-reader-" + spawned);
        t.setDaemon(true);
        t.start();
    }

    private void backgroundLoop() {
        Thread me = Thread.currentThread();
        boolean streaming = false;
        boolean report = false;
        Throwable cause = null;
        lock.lock();
        backgroundSet.add(me);
        try {
            while (!ended) {
                if (holder == null && mayRead(me, true)) {
                    if (!streaming && dispatchers.isEmpty()) {
                        // Give a caller about to block in get() the chance to read its own answer.
                        backgroundIdle++;
                        awaitNanosUninterruptibly(background, GRACE_NANOS);
                        backgroundIdle--;
                        if (holder != null || !mayRead(me, true)) {
                            continue;
                        }
                    }
                    readAndDispatch(me);
                    streaming = true;
                    if (backgroundIdle >= 2) {
                        break; // enough spares stand by
                    }
                    continue;
                }
                streaming = false;
                backgroundIdle++;
                if (due > 0 || exited) {
                    // Someone else reads or dispatches: look again in a while, in case it is stuck.
                    awaitNanosUninterruptibly(background, CALLER_LEAVES_QUIETLY && callerBusy() ? GRACE_NANOS : STEAL_NANOS);
                } else {
                    backgroundUntimed++;
                    background.awaitUninterruptibly();
                    backgroundUntimed--;
                }
                backgroundIdle--;
            }
            backgroundThreads--;
            backgroundSet.remove(me);
            if (ended && !endReported) {
                endReported = true;
                report = true;
                cause = endCause;
            }
        } finally {
            lock.unlock();
        }
        if (report) {
            sink.onEnd(cause);
        }
    }
}
