package dev.crossover.ipc;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Optional;

/**
 * A mutual-exclusion lock for processes: one {@code long} in shared memory holding its owner's pid
 * and start time ({@link ProcessIdentity#packed()}), 0 when free, taken and given back with
 * compare-and-set.
 *
 * <p>A waiter that finds the owner dead (pid gone, or reused by a younger process) takes the lock
 * over with a compare-and-set from the dead owner's word, so a process killed while holding the lock
 * never strands the others; {@link #lastRecoveredFrom()} says from whom. What the dead owner was
 * protecting may be half-updated: structures guarded by this lock should publish their changes with
 * a single release store at the end (as {@link ShmQueue} does), so an abandoned update is invisible.
 *
 * <p>Not reentrant (C15): the holding process taking it again waits for itself, and only a timeout
 * ends that. Ownership is per process, so the threads of one process also exclude each other, but
 * any of them may unlock.
 */
public final class ShmLock implements AutoCloseable {

    private static final VarHandle WORD = ValueLayout.JAVA_LONG.varHandle();
    /** How long a waiter waits before first asking whether the owner still lives, and then how often. */
    private static final long OWNER_CHECK_NANOS = 2_000_000L;

    private final ShmFile file;
    private final MemorySegment seg;
    private final long offset;
    private final long me = ProcessIdentity.current().packed();
    private volatile ProcessIdentity lastRecoveredFrom;

    private ShmLock(ShmFile file, MemorySegment seg, long offset) {
        if (offset % 8 != 0) {
            throw new IllegalArgumentException("lock word offset must be 8-byte aligned, got " + offset);
        }
        this.file = file;
        this.seg = seg;
        this.offset = offset;
    }

    /** A new free lock in its own shared file, owned (and deleted on close) by this process. */
    public static ShmLock create() {
        return new ShmLock(ShmFile.create("lock", 128), null, 0);
    }

    /** Opens a lock another process created, by {@link #name()}. */
    public static ShmLock open(String name) {
        ShmFile f = ShmFile.open(name);
        return new ShmLock(f, f.segment(), 0);
    }

    /** A lock whose word lives at {@code offset} of a segment the caller manages (zero = free). */
    public static ShmLock at(MemorySegment segment, long offset) {
        return new ShmLock(null, segment, offset);
    }

    private MemorySegment seg() {
        return seg != null ? seg : file.segment();
    }

    /** The name other processes open it by; null for a lock inside a caller's segment. */
    public String name() {
        return file == null ? null : file.name();
    }

    /** Takes the lock if free (or its owner is dead) right now. */
    public boolean tryLock() {
        if (WORD.compareAndSet(seg(), offset, 0L, me)) {
            return true;
        }
        return recoverIfOwnerDead();
    }

    /** Takes the lock, waiting with back-off as long as it takes. */
    public void lock() {
        if (!tryLock(Duration.ofNanos(Long.MAX_VALUE), new IdleStrategy.Backoff())) {
            throw new IllegalStateException("unreachable: an unbounded lock() timed out");
        }
    }

    /** Takes the lock, waiting up to {@code timeout}; false when it did not get it in time. */
    public boolean tryLock(Duration timeout) {
        return tryLock(timeout, new IdleStrategy.Backoff());
    }

    /** Like {@link #tryLock(Duration)} with the given way of waiting. */
    public boolean tryLock(Duration timeout, IdleStrategy idle) {
        MemorySegment s = seg();
        if (WORD.compareAndSet(s, offset, 0L, me)) {
            return true;
        }
        long start = System.nanoTime();
        long limit = timeout.toNanos();
        long nextCheck = start + OWNER_CHECK_NANOS;
        idle.reset();
        while (true) {
            // Read before CAS so waiters spin on a shared line instead of bouncing it with writes.
            if ((long) WORD.getAcquire(s, offset) == 0 && WORD.compareAndSet(s, offset, 0L, me)) {
                return true;
            }
            long now = System.nanoTime();
            if (now - nextCheck >= 0) {
                if (recoverIfOwnerDead()) {
                    return true;
                }
                nextCheck = now + OWNER_CHECK_NANOS;
            }
            if (now - start >= limit) {
                return false;
            }
            idle.idle();
        }
    }

    private boolean recoverIfOwnerDead() {
        long owner = (long) WORD.getAcquire(seg(), offset);
        if (owner == 0) {
            return WORD.compareAndSet(seg(), offset, 0L, me);
        }
        ProcessIdentity id = ProcessIdentity.unpack(owner);
        if (owner != me && !id.isAlive() && WORD.compareAndSet(seg(), offset, owner, me)) {
            lastRecoveredFrom = id;
            return true;
        }
        return false;
    }

    /**
     * Gives the lock back (release: what was written under the lock is visible to the next owner).
     *
     * @throws IllegalMonitorStateException when this process does not hold it
     */
    public void unlock() {
        if (!WORD.compareAndSet(seg(), offset, me, 0L)) {
            throw new IllegalMonitorStateException("shared lock " + (name() == null ? "" : name() + " ")
                    + "is not held by this process (" + ProcessIdentity.current() + "); owner: "
                    + owner().map(Object::toString).orElse("none"));
        }
    }

    /** The process holding the lock, if any (it may be dead and not yet recovered). */
    public Optional<ProcessIdentity> owner() {
        long w = (long) WORD.getAcquire(seg(), offset);
        return w == 0 ? Optional.empty() : Optional.of(ProcessIdentity.unpack(w));
    }

    /** True while this process holds the lock. */
    public boolean isHeldByCurrentProcess() {
        return (long) WORD.getAcquire(seg(), offset) == me;
    }

    /** The dead owner this handle last took the lock over from, or null if it never had to. */
    public ProcessIdentity lastRecoveredFrom() {
        return lastRecoveredFrom;
    }

    /** Unmaps a lock opened or created in its own file (the creator deletes it). */
    @Override
    public void close() {
        if (file != null) {
            file.close();
        }
    }
}
