package dev.crossover.ipc;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The notes' {@code multiprocessing.BoundedSemaphore(n)} for processes: {@code n} permits in shared
 * memory, at most {@code n} out at once across every process that opens it, and a release beyond
 * what a process acquired refused with {@link IllegalStateException}. Waiters sleep in the kernel on a
 * futex, they do not spin. In one JVM, {@link dev.crossover.sync.BoundedSemaphore} does the same
 * without shared memory.
 *
 * <p>Each permit is a slot holding the packed {@link ProcessIdentity} of the process that holds it,
 * 0 when free; acquire is a compare-and-set of a free slot to this process, release one of this
 * process's slots back to 0. So the semaphore knows who holds what, which gives it two things a
 * bare count cannot have:
 * <ul>
 * <li>A process killed while holding permits does not strand them: a waiter that has waited
 *     {@link #OWNER_CHECK_NANOS}, and then once every {@link #SLICE_NANOS}, finds slots whose holder is
 *     dead (pid gone, or reused by a younger process) and frees them with a compare-and-set from the
 *     dead holder's word, then wakes as many waiters; {@link #recoverDead()} does the same on demand and
 *     {@link #lastRecoveredFrom()} names the dead holder. So a dead holder's permits come back within
 *     one wait slice of a waiter being there. What the dead holder was doing under its permit may be
 *     half done.</li>
 * <li>Over-release is judged per process: a process may release only permits it holds. Python's
 *     {@code multiprocessing.BoundedSemaphore} counts only, so there any process may release a permit
 *     another acquired; here that is refused, as it would hand out a live holder's permit.</li>
 * </ul>
 * Permits belong to the process, not the thread: any thread of the holding process may release one
 * that another of its threads acquired, as with Python's semaphores.
 *
 * <p>Wake-ups: a futex word {@link #SEQUENCE} advances on every release that finds sleepers
 * (counted in {@link #WAITERS}) and wakes one of them. A sleeper counts itself in before it reads the
 * sequence and scans the slots, and a releaser frees its slot before it reads the count, so either the
 * releaser sees the sleeper and advances the sequence (the sleep returns at once), or the sleeper's scan
 * sees the free slot. A waiter that leaves without a permit (timeout, interrupt) after a wake passes
 * the wake on if a permit is free. A waiter killed while sleeping leaves {@link #WAITERS} one too high,
 * which costs later releases a needless system call and nothing else.
 *
 * <p>A waiting thread blocks in a native call: a virtual thread waiting here pins its carrier. The
 * wait is cut into slices so that an interrupt ends it within {@link #SLICE_NANOS}.
 */
public final class ShmBoundedSemaphore implements AutoCloseable {

    static final String KIND = "bounded-semaphore";
    /** The most permits a semaphore may have: acquire and release scan the slots. */
    public static final int MAX_PERMITS = 1024;
    /** The wake-up sequence ({@code int}), the futex word waiters sleep on. */
    static final long SEQUENCE = SharedRegion.DATA_OFFSET;
    /** Threads of every process sleeping on {@link #SEQUENCE} (approximate: see the class comment). */
    static final long WAITERS = SharedRegion.DATA_OFFSET + 64;
    /**
     * The slots, one {@code long} per permit: 0 free, else the holder's {@link ProcessIdentity#packed()}.
     * The region's length counts the longs from the data start, so the permits are that length less
     * {@link #HEADER_LONGS}.
     */
    static final long SLOTS = SharedRegion.DATA_OFFSET + 128;
    static final int HEADER_LONGS = (int) ((SLOTS - SharedRegion.DATA_OFFSET) / 8);
    /** Longest single sleep in the kernel: how late an interrupt or a dead holder is noticed. */
    static final long SLICE_NANOS = 100_000_000L;
    /** How long a waiter waits before it first asks whether the holders still live (then once a slice). */
    static final long OWNER_CHECK_NANOS = 10_000_000L;

    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();
    private static final ThreadLocal<Futex> FUTEX = ThreadLocal.withInitial(Futex::new);

    private final ShmFile file;
    private final MemorySegment seg;
    private final MemorySegment sequenceWord;
    private final int bound;
    private final long me = ProcessIdentity.current().packed();
    /**
     * Permits this process holds, per semaphore: acquires less releases in this JVM, shared by its handles.
     * Its threads share the process's slots, and a release's scan is not atomic: while other threads of the
     * process take and free slots, one scan can miss every slot of the process. The count, not the scan,
     * says whether a release is one too many; a release then scans until it frees one of the process's slots.
     */
    private static final ConcurrentHashMap<String, AtomicInteger> HELD_HERE = new ConcurrentHashMap<>();
    private final AtomicInteger heldHere;
    private volatile ProcessIdentity lastRecoveredFrom;

    private ShmBoundedSemaphore(ShmFile file) {
        this.file = file;
        this.seg = file.segment();
        this.sequenceWord = seg.asSlice(SEQUENCE, 4);
        this.bound = SharedRegion.length(file) - HEADER_LONGS;
        this.heldHere = HELD_HERE.computeIfAbsent(file.name(), k -> new AtomicInteger());
        if (bound < 1 || bound > MAX_PERMITS || SLOTS + 8L * bound > seg.byteSize()) {
            file.close();
            throw new IllegalArgumentException("shared bounded semaphore " + file.name() + " records " + bound
                    + " permits, which its file of " + seg.byteSize() + " bytes cannot hold; it is damaged: create a new one");
        }
    }

    private static void requireFutex() {
        if (!Futex.available()) {
            throw new UnsupportedOperationException("ShmBoundedSemaphore needs futexes (Linux on x86-64 or AArch64, run with "
                    + "--enable-native-access=ALL-UNNAMED); in one JVM use dev.crossover.sync.BoundedSemaphore instead");
        }
    }

    /**
     * A new semaphore with {@code permits} free permits in its own shared file, owned (and deleted on
     * close) by this process.
     *
     * @throws IllegalArgumentException when {@code permits} is not between 1 and {@link #MAX_PERMITS}
     */
    public static ShmBoundedSemaphore create(int permits) {
        if (permits < 1 || permits > MAX_PERMITS) {
            throw new IllegalArgumentException("a shared bounded semaphore needs 1 to " + MAX_PERMITS + " permits, got " + permits
                    + "; for more, split the work over several semaphores");
        }
        requireFutex();
        return new ShmBoundedSemaphore(SharedRegion.create(KIND, HEADER_LONGS + permits, 8));
    }

    /** Opens a semaphore another process created, by {@link #name()}. */
    public static ShmBoundedSemaphore open(String name) {
        requireFutex();
        return new ShmBoundedSemaphore(SharedRegion.open(KIND, name));
    }

    /** The name other processes open it by. */
    public String name() {
        return file.name();
    }

    /** The most permits that can be out at once. */
    public int bound() {
        return bound;
    }

    private static long slot(int i) {
        return SLOTS + 8L * i;
    }

    /** Where a thread starts its scan, so that contending threads try different slots first. */
    private int start() {
        return (int) Math.floorMod(Thread.currentThread().threadId() * 0x9E3779B9L, (long) bound);
    }

    /** One pass over the slots: takes a free one (volatile CAS: acquire for what its last holder wrote). */
    private boolean grab() {
        int s = start();
        for (int k = 0; k < bound; k++) {
            int i = s + k < bound ? s + k : s + k - bound;
            long at = slot(i);
            // Volatile read: a sleeper's scan must be ordered after its count in WAITERS (see the class comment).
            if ((long) LONG.getVolatile(seg, at) == 0 && LONG.compareAndSet(seg, at, 0L, me)) {
                heldHere.incrementAndGet(); // after the slot: the process's slots never fall below its count
                return true;
            }
        }
        return false;
    }

    /** Takes a permit if one is free now. */
    public boolean tryAcquire() {
        return grab();
    }

    /** Takes a permit, waiting as long as it takes. */
    public void acquire() throws InterruptedException {
        if (!tryAcquire(Duration.ofNanos(Long.MAX_VALUE))) {
            throw new IllegalStateException("unreachable: an unbounded acquire() timed out");
        }
    }

    /**
     * Takes a permit if one comes free within {@code timeout}; while it waits it frees the permits of
     * holders that died (see the class comment).
     *
     * @return false when the time ran out first
     * @throws InterruptedException when the thread is interrupted while it waits
     */
    public boolean tryAcquire(Duration timeout) throws InterruptedException {
        if (grab()) {
            return true;
        }
        long limit = timeout.toNanos();
        if (limit <= 0) {
            return false;
        }
        long begin = System.nanoTime();
        long nextCheck = begin + OWNER_CHECK_NANOS;
        Futex futex = FUTEX.get();
        boolean woken = false;
        boolean got = false;
        // Volatile add, ordered before the sequence read and the scan below (see the class comment).
        INT.getAndAdd(seg, WAITERS, 1);
        try {
            while (true) {
                int seen = (int) INT.getVolatile(seg, SEQUENCE);
                if (grab()) {
                    got = true;
                    return true;
                }
                long now = System.nanoTime();
                if (now - nextCheck >= 0) {
                    nextCheck = now + SLICE_NANOS;
                    if (recoverDead() > 0) {
                        continue;
                    }
                }
                long left = limit - (now - begin);
                if (left <= 0) {
                    return false;
                }
                if (Thread.interrupted()) {
                    throw new InterruptedException("interrupted while waiting for a permit of shared bounded semaphore " + name());
                }
                futex.await(sequenceWord, seen, Math.max(1, Math.min(left, Math.min(SLICE_NANOS, nextCheck - now))));
                woken = (int) INT.getVolatile(seg, SEQUENCE) != seen;
            }
        } finally {
            int still = (int) INT.getAndAdd(seg, WAITERS, -1) - 1;
            if (!got && woken && still > 0 && availablePermits() > 0) {
                ring(1); // the wake may have been meant for this thread, which leaves without the permit
            }
        }
    }

    /** Advances the sequence and wakes up to {@code count} sleepers, if anyone sleeps. */
    private void ring(int count) {
        // Volatile read after the slot's volatile write: a sleeper counted in before it scanned is seen here.
        if ((int) INT.getVolatile(seg, WAITERS) > 0) {
            INT.getAndAdd(seg, SEQUENCE, 1);
            Futex.wake(sequenceWord, count);
        }
    }

    /**
     * Gives back a permit this process holds (release: what was written under it is visible to the
     * next holder) and wakes one waiter, in any process.
     *
     * @throws IllegalStateException when this process holds none of the permits: a release beyond the
     *                               acquires, which would grow the semaphore past its bound
     */
    public void release() {
        if (heldHere.getAndUpdate(h -> h > 0 ? h - 1 : h) > 0) {
            // The count fell before the slot is freed, so the releases under way never outnumber the process's
            // slots: each finds one, if need be on a later pass while other threads move theirs.
            int s = start();
            while (true) {
                for (int k = 0; k < bound; k++) {
                    int i = s + k < bound ? s + k : s + k - bound;
                    long at = slot(i);
                    // Volatile CAS: a release for the next holder's acquire of this slot, ordered before ring's read.
                    if ((long) LONG.getVolatile(seg, at) == me && LONG.compareAndSet(seg, at, me, 0L)) {
                        ring(1);
                        return;
                    }
                }
                Thread.onSpinWait();
            }
        }
        throw new IllegalStateException("shared bounded semaphore " + name() + " released by " + ProcessIdentity.current()
                + ", which holds none of its " + bound + " permits (" + availablePermits() + " free): released more often than "
                + "acquired; release only a permit this process got from acquire() or tryAcquire() (in a finally block after a "
                + "successful acquire); a permit another process holds is released by that process");
    }

    /**
     * Frees every permit whose holder has died (its pid gone or reused) and wakes as many waiters.
     * Waiters do this on their own once they have waited {@link #OWNER_CHECK_NANOS}.
     *
     * @return how many permits were freed
     */
    public int recoverDead() {
        Map<Long, Boolean> alive = new HashMap<>();
        int freed = 0;
        for (int i = 0; i < bound; i++) {
            long at = slot(i);
            long holder = (long) LONG.getAcquire(seg, at);
            if (holder == 0 || holder == me) {
                continue;
            }
            ProcessIdentity id = ProcessIdentity.unpack(holder);
            if (!alive.computeIfAbsent(holder, h -> id.isAlive()) && LONG.compareAndSet(seg, at, holder, 0L)) {
                lastRecoveredFrom = id;
                freed++;
            }
        }
        if (freed > 0) {
            ring(freed);
        }
        return freed;
    }

    /** Permits free now (a snapshot). */
    public int availablePermits() {
        int free = 0;
        for (int i = 0; i < bound; i++) {
            if ((long) LONG.getAcquire(seg, slot(i)) == 0) {
                free++;
            }
        }
        return free;
    }

    /** Permits this process holds now. */
    public int heldByCurrentProcess() {
        int held = 0;
        for (int i = 0; i < bound; i++) {
            if ((long) LONG.getAcquire(seg, slot(i)) == me) {
                held++;
            }
        }
        return held;
    }

    /** Threads of all processes waiting for a permit now (approximate: a killed waiter stays counted). */
    public int waiters() {
        return (int) INT.getVolatile(seg, WAITERS);
    }

    /** The dead holder this handle last freed a permit of, or null if it never had to. */
    public ProcessIdentity lastRecoveredFrom() {
        return lastRecoveredFrom;
    }

    /** Unmaps; the creator also deletes the file (peers that still map it keep their pages). */
    @Override
    public void close() {
        file.close();
    }

    @Override
    public String toString() {
        return "ShmBoundedSemaphore[" + name() + ", " + availablePermits() + " of " + bound + " free]";
    }
}
