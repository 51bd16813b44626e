package dev.crossover.ipc;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Optional;

/**
 * The notes' {@code multiprocessing.Condition} for processes: a {@link ShmLock} and a wait queue in
 * one shared file. A process takes the lock, checks its predicate, and {@link #await}s while it does
 * not hold; another process changes the state under the lock and calls {@link #signal()} (releases
 * the longest waiting thread) or {@link #signalAll()} (releases every thread waiting then). Waiters
 * sleep in the kernel on a futex of their own, they do not spin.
 *
 * <p>The wait queue is a ring of {@link #CAPACITY} slots and two counters kept under the lock: a
 * waiter takes ticket {@code T = tail++} and sleeps on slot {@code T % CAPACITY}; a signal releases
 * ticket {@code head++} by a compare-and-set of that slot from waiting to released and wakes that
 * slot only. A waiter whose time runs out cancels its slot with a compare-and-set the other way,
 * so exactly one of the two wins: a signal is never lost to a waiter that timed out (it goes to the
 * next ticket), and a waiter released as it timed out reports the signal. So, as in Python, a signal
 * releases exactly one of the threads waiting when it is given, in the order they started waiting,
 * and none that comes later; a signal with no one waiting is not remembered.
 *
 * <p>The lock is the {@link ShmLock} of this file: its owner is a process, and a process killed while
 * holding it is detected by the next {@link #lock()} (or the relock at the end of an {@link #await}),
 * which takes it over and records the dead owner in {@link #lastRecoveredFrom()}; what that owner was
 * updating may be half done. A waiter killed while waiting keeps its ticket and takes one signal with
 * it. Lock waiters back off (spin, yield, park) as the lock does. A waiting thread blocks in a native
 * call: a virtual thread waiting here pins its carrier.
 */
public final class ShmCondition implements AutoCloseable {

    static final String KIND = "condition";
    /** Waiters a condition can hold at once: the slots of its ring. */
    public static final int CAPACITY = 256;
    /** The lock word ({@link ShmLock}). */
    static final long LOCK = SharedRegion.DATA_OFFSET;
    /** The next ticket to hand out ({@code int}, written under the lock). */
    static final long TAIL = SharedRegion.DATA_OFFSET + 64;
    /** The next ticket to release ({@code int}, written under the lock). */
    static final long HEAD = SharedRegion.DATA_OFFSET + 68;
    /** The ring of slots, one {@code int} futex word each: {@code ticket << 2 | state}. */
    static final long SLOTS = SharedRegion.DATA_OFFSET + 128;
    static final int WAITING = 1;
    static final int RELEASED = 2;
    static final int CANCELLED = 3;
    private static final int TICKET_MASK = (1 << 30) - 1;
    /** Longest single sleep in the kernel: how late an interrupt is noticed. */
    static final long SLICE_NANOS = 100_000_000L;

    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();
    private static final ThreadLocal<Futex> FUTEX = ThreadLocal.withInitial(Futex::new);

    private final ShmFile file;
    private final MemorySegment seg;
    private final ShmLock lock;

    private ShmCondition(ShmFile file) {
        this.file = file;
        this.seg = file.segment();
        this.lock = ShmLock.at(seg, LOCK);
    }

    private static void requireFutex() {
        if (!Futex.available()) {
            throw new UnsupportedOperationException("ShmCondition needs futexes (Linux on x86-64 or AArch64, run with "
                    + "--enable-native-access=ALL-UNNAMED); in one JVM use java.util.concurrent.locks.Condition instead");
        }
    }

    /** A new condition with a free lock in its own shared file, owned (and deleted on close) by this process. */
    public static ShmCondition create() {
        requireFutex();
        return new ShmCondition(SharedRegion.create(KIND, (int) (SLOTS - SharedRegion.DATA_OFFSET + 4L * CAPACITY) / 64, 64));
    }

    /** Opens a condition another process created, by {@link #name()}. */
    public static ShmCondition open(String name) {
        requireFutex();
        return new ShmCondition(SharedRegion.open(KIND, name));
    }

    /** The name other processes open it by. */
    public String name() {
        return file.name();
    }

    /** Takes the condition's lock, taking it over from a dead owner if need be. */
    public void lock() {
        lock.lock();
    }

    /** Takes the lock if it gets it within {@code timeout}. */
    public boolean tryLock(Duration timeout) {
        return lock.tryLock(timeout);
    }

    /** Gives the lock back (release: what was written under it is visible to the next owner). */
    public void unlock() {
        lock.unlock();
    }

    /** True while this process holds the lock. */
    public boolean isHeldByCurrentProcess() {
        return lock.isHeldByCurrentProcess();
    }

    /** The process holding the lock, if any (it may be dead and not yet taken over). */
    public Optional<ProcessIdentity> owner() {
        return lock.owner();
    }

    /** The dead owner this handle last took the lock over from, or null if it never had to. */
    public ProcessIdentity lastRecoveredFrom() {
        return lock.lastRecoveredFrom();
    }

    private void requireHeld(String call) {
        if (!lock.isHeldByCurrentProcess()) {
            throw new IllegalMonitorStateException(call + " on shared condition " + name() + " needs its lock: call lock() first "
                    + "(owner now: " + lock.owner().map(Object::toString).orElse("none") + ")");
        }
    }

    /** Lets the lock go, sleeps until signalled, and takes the lock again. */
    public void await() throws InterruptedException {
        await(Duration.ofNanos(Long.MAX_VALUE));
    }

    private static int word(int ticket, int state) {
        return ((ticket & TICKET_MASK) << 2) | state;
    }

    private static long slot(int ticket) {
        return SLOTS + 4L * Math.floorMod(ticket, CAPACITY);
    }

    /**
     * Lets the lock go, sleeps until signalled or {@code timeout} passes, and takes the lock again
     * (also when it throws).
     *
     * @return false when the time ran out without a signal
     * @throws IllegalMonitorStateException when this process does not hold the lock
     * @throws IllegalStateException        when {@link #CAPACITY} threads wait already
     * @throws InterruptedException         when the thread is interrupted before it is signalled
     */
    public boolean await(Duration timeout) throws InterruptedException {
        requireHeld("await()");
        int head = (int) INT.get(seg, HEAD);
        int tail = (int) INT.get(seg, TAIL);
        while (head != tail && ((int) INT.getAcquire(seg, slot(head)) & 3) == CANCELLED) {
            head++; // drop cancelled tickets at the head so they stop taking room
        }
        INT.set(seg, HEAD, head);
        if (tail - head >= CAPACITY) {
            throw new IllegalStateException("shared condition " + name() + " has " + CAPACITY + " waiters already, its capacity; "
                    + "wait on fewer threads at once or split them over several conditions");
        }
        int ticket = tail;
        long slot = slot(ticket);
        MemorySegment slotWord = seg.asSlice(slot, 4);
        int waiting = word(ticket, WAITING);
        int released = word(ticket, RELEASED);
        INT.setRelease(seg, slot, waiting);
        INT.set(seg, TAIL, tail + 1); // published to signallers by the unlock (release)
        long limit = timeout.toNanos();
        long start = System.nanoTime();
        Futex futex = FUTEX.get();
        lock.unlock();
        try {
            while (true) {
                if ((int) INT.getAcquire(seg, slot) == released) {
                    return true;
                }
                long left = limit - (System.nanoTime() - start);
                boolean interrupted = Thread.interrupted();
                if (left <= 0 || interrupted) {
                    // Exactly one of this cancel and a signal's release succeeds.
                    if (INT.compareAndSet(seg, slot, waiting, word(ticket, CANCELLED))) {
                        if (interrupted) {
                            throw new InterruptedException("interrupted while waiting on shared condition " + name());
                        }
                        return false;
                    }
                    if (interrupted) {
                        Thread.currentThread().interrupt(); // signalled first: report the signal, keep the interrupt
                    }
                    return true;
                }
                futex.await(slotWord, waiting, Math.min(left, SLICE_NANOS));
            }
        } finally {
            lock.lock();
        }
    }

    /**
     * Releases the thread that has waited longest, if any, in any process.
     *
     * @return true when a waiter was released
     * @throws IllegalMonitorStateException when this process does not hold the lock
     */
    public boolean signal() {
        requireHeld("signal()");
        return releaseOne();
    }

    /**
     * Releases every thread waiting now, in every process.
     *
     * @return how many were released
     * @throws IllegalMonitorStateException when this process does not hold the lock
     */
    public int signalAll() {
        requireHeld("signalAll()");
        int n = 0;
        while (releaseOne()) {
            n++;
        }
        return n;
    }

    private boolean releaseOne() {
        int head = (int) INT.get(seg, HEAD);
        int tail = (int) INT.get(seg, TAIL);
        try {
            while (head != tail) {
                int ticket = head++;
                long slot = slot(ticket);
                // Volatile CAS: a release for the waiter's acquire of its slot.
                if (INT.compareAndSet(seg, slot, word(ticket, WAITING), word(ticket, RELEASED))) {
                    Futex.wake(seg.asSlice(slot, 4), Integer.MAX_VALUE);
                    return true;
                }
                // cancelled by a waiter whose time ran out: the signal goes to the next ticket
            }
            return false;
        } finally {
            INT.set(seg, HEAD, head);
        }
    }

    /** Threads of all processes waiting now, not yet released (read without the lock: a snapshot). */
    public int waiters() {
        int head = (int) INT.getAcquire(seg, HEAD);
        int tail = (int) INT.getAcquire(seg, TAIL);
        int n = 0;
        for (int t = head; t != tail && t - head < CAPACITY; t++) {
            if ((int) INT.getAcquire(seg, slot(t)) == word(t, WAITING)) {
                n++;
            }
        }
        return n;
    }

    /** Unmaps; the creator also deletes the file. */
    @Override
    public void close() {
        file.close();
    }

    @Override
    public String toString() {
        return "ShmCondition[" + name() + ", owner " + owner().map(Object::toString).orElse("none") + "]";
    }
}
