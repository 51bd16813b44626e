package dev.crossover.ipc;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.time.Duration;

/**
 * The notes' {@code multiprocessing.Event} for processes: a flag in shared memory that {@link #set()}
 * raises (every waiter passes, now and until {@link #clear()}) and {@link #clear()} lowers (waiters
 * block again). Waiters sleep in the kernel on a futex, they do not spin.
 *
 * <p>One {@code int} holds the flag (bit 0) and a generation (the bits above) that every
 * {@code set} of a clear flag advances. A waiter that went to sleep on a clear flag passes when the
 * generation moved, so a {@code set} followed at once by a {@code clear} still lets through every
 * thread that was waiting, as Python's {@code Event.wait} returns {@code True} to the waiters a
 * {@code set} notified. A second {@code int} counts the sleepers, so {@code set} makes the wake-up
 * system call only when someone sleeps; a waiter killed while sleeping leaves that count one too
 * high, which costs later {@code set}s a needless system call and nothing else. No lock is taken,
 * so no dead peer can block the event.
 *
 * <p>A waiting thread blocks in a native call: a virtual thread waiting here pins its carrier. The
 * wait is cut into slices of {@link #SLICE_NANOS} so that an interrupt ends it within a slice.
 */
public final class ShmEvent implements AutoCloseable {

    static final String KIND = "event";
    /** The flag and generation word, the futex. */
    static final long STATE = SharedRegion.DATA_OFFSET;
    /** Threads sleeping on {@link #STATE}, in every process (approximate: see the class comment). */
    static final long WAITERS = SharedRegion.DATA_OFFSET + 64;
    /** Longest single sleep in the kernel: how late an interrupt is noticed. */
    static final long SLICE_NANOS = 100_000_000L;

    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();
    private static final ThreadLocal<Futex> FUTEX = ThreadLocal.withInitial(Futex::new);

    private final ShmFile file;
    private final MemorySegment seg;
    private final MemorySegment stateWord;

    private ShmEvent(ShmFile file) {
        this.file = file;
        this.seg = file.segment();
        this.stateWord = seg.asSlice(STATE, 4);
    }

    private static void requireFutex() {
        if (!Futex.available()) {
            throw new UnsupportedOperationException("ShmEvent needs futexes (Linux on x86-64 or AArch64, run with "
                    + "--enable-native-access=ALL-UNNAMED); in one JVM use dev.crossover.sync.ThreadEvent instead");
        }
    }

    /** A new, clear event in its own shared file, owned (and deleted on close) by this process. */
    public static ShmEvent create() {
        requireFutex();
        return new ShmEvent(SharedRegion.create(KIND, 2, 64));
    }

    /** Opens an event another process created, by {@link #name()}. */
    public static ShmEvent open(String name) {
        requireFutex();
        return new ShmEvent(SharedRegion.open(KIND, name));
    }

    /** The name other processes open it by. */
    public String name() {
        return file.name();
    }

    /** True while the flag is set (acquire: what the setter wrote before {@link #set()} is visible). */
    public boolean isSet() {
        return ((int) INT.getAcquire(seg, STATE) & 1) != 0;
    }

    /** Raises the flag and wakes every waiter, in every process; nothing happens if it is already set. */
    public void set() {
        while (true) {
            int w = (int) INT.getVolatile(seg, STATE);
            if ((w & 1) != 0) {
                return;
            }
            // Volatile CAS: a release for the waiter's acquire, and ordered before the read of WAITERS below.
            if (INT.compareAndSet(seg, STATE, w, (((w >>> 1) + 1) << 1) | 1)) {
                break;
            }
        }
        if ((int) INT.getVolatile(seg, WAITERS) > 0) {
            Futex.wake(stateWord, Integer.MAX_VALUE);
        }
    }

    /** Lowers the flag: threads that call {@link #await} from now on block until the next {@link #set()}. */
    public void clear() {
        while (true) {
            int w = (int) INT.getVolatile(seg, STATE);
            if ((w & 1) == 0 || INT.compareAndSet(seg, STATE, w, w & ~1)) {
                return;
            }
        }
    }

    /** Blocks until the flag is set, however long that takes. */
    public void await() throws InterruptedException {
        await(Duration.ofNanos(Long.MAX_VALUE));
    }

    /**
     * Blocks until the flag is set or {@code timeout} passes.
     *
     * @return true when the flag was set (or set and cleared again while this thread waited), false on the timeout
     * @throws InterruptedException when the thread is interrupted while it waits
     */
    public boolean await(Duration timeout) throws InterruptedException {
        int seen = (int) INT.getAcquire(seg, STATE);
        if ((seen & 1) != 0) {
            return true;
        }
        long limit = timeout.toNanos();
        if (limit <= 0) {
            return false;
        }
        long start = System.nanoTime();
        Futex futex = FUTEX.get();
        // Volatile add, ordered before the kernel re-reads STATE: a set() either sees this count or
        // changes STATE before the sleep, which then returns at once.
        INT.getAndAdd(seg, WAITERS, 1);
        try {
            while (true) {
                if ((int) INT.getAcquire(seg, STATE) != seen) {
                    return true; // only set() changes a clear word: the generation moved
                }
                long left = limit - (System.nanoTime() - start);
                if (left <= 0) {
                    return false;
                }
                if (Thread.interrupted()) {
                    throw new InterruptedException("interrupted while waiting for shared event " + name());
                }
                futex.await(stateWord, seen, Math.min(left, SLICE_NANOS));
            }
        } finally {
            INT.getAndAdd(seg, WAITERS, -1);
        }
    }

    /** Threads of all processes sleeping in {@link #await} now (approximate: a killed sleeper stays counted). */
    public int waiters() {
        return (int) INT.getVolatile(seg, WAITERS);
    }

    /** Unmaps; the creator also deletes the file (peers that still map it keep their pages). */
    @Override
    public void close() {
        file.close();
    }

    @Override
    public String toString() {
        return "ShmEvent[" + name() + (isSet() ? ", set" : ", clear") + "]";
    }
}
