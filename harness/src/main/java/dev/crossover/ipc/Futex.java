package dev.crossover.ipc;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * Linux futex wait and wake on an {@code int} in a shared mapping, called through FFM: the doorbell of
 * the shared-memory channel. A waiter blocks in the kernel only while the word still holds the value
 * it expects, so a wake that comes first (the word changed) is never lost; a waker makes one system
 * call, and only when the word says someone waits. The word is shared between processes (no
 * {@code FUTEX_PRIVATE_FLAG}): the kernel keys it by the mapped file and offset.
 *
 * <p>Two ways to use it: an instance per waiting thread keeps its own timeout buffer
 * ({@link #await(MemorySegment, int, long)}); the static word-at-offset calls ({@link #get},
 * {@link #setAndWake}, {@link #await(MemorySegment, long, int, MemorySegment)}) serve a caller
 * that keeps a whole doorbell protocol in one mapped segment.
 *
 * <p>{@link #AVAILABLE} is false off Linux x86-64/aarch64 or when the native call cannot be linked;
 * callers then keep polling.
 */
public final class Futex {

    private static final int FUTEX_WAIT = 0;
    private static final int FUTEX_WAKE = 1;
    private static final int ETIMEDOUT = 110;
    private static final MethodHandle SYSCALL;
    /** {@link #SYSCALL} with errno captured, for a wait that must tell a timeout from a wake. */
    private static final MethodHandle SYSCALL_ERRNO;
    private static final StructLayout CALL_STATE;
    private static final VarHandle ERRNO;
    private static final long SYS_FUTEX;

    /** Whether futex calls work here. */
    public static final boolean AVAILABLE;

    static {
        String arch = System.getProperty("os.arch");
        long nr = switch (arch) {
            case "amd64", "x86_64" -> 202;
            case "aarch64" -> 98;
            default -> -1;
        };
        MethodHandle h = null;
        MethodHandle he = null;
        StructLayout state = Linker.Option.captureStateLayout();
        if (nr > 0 && System.getProperty("os.name", "").startsWith("Linux")) {
            try {
                Linker linker = Linker.nativeLinker();
                MemorySegment syscall = linker.defaultLookup().find("syscall").orElseThrow();
                FunctionDescriptor d = FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS,
                        ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS);
                h = linker.downcallHandle(syscall, d, Linker.Option.firstVariadicArg(1));
                he = linker.downcallHandle(syscall, d, Linker.Option.firstVariadicArg(1), Linker.Option.captureCallState("errno"));
            } catch (RuntimeException | LinkageError e) {
                h = null;
                he = null;
            }
        }
        SYSCALL = h;
        SYSCALL_ERRNO = he;
        CALL_STATE = state;
        ERRNO = state.varHandle(MemoryLayout.PathElement.groupElement("errno"));
        SYS_FUTEX = nr;
        AVAILABLE = h != null && he != null;
    }

    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();

    private final MemorySegment timeout = Arena.ofAuto().allocate(16, 8);
    private final MemorySegment callState = Arena.ofAuto().allocate(CALL_STATE);

    /** One waiter's state (its timeout and errno buffers); use one instance per waiting thread. */
    public Futex() {
        if (!AVAILABLE) {
            throw new UnsupportedOperationException("futex is not available on " + System.getProperty("os.name") + " "
                    + System.getProperty("os.arch") + "; check Futex.AVAILABLE first");
        }
    }

    /**
     * Blocks while the int at {@code word} equals {@code expected}, at most {@code nanos}; returns on
     * a wake, the timeout, a signal, or at once when the word already differs.
     *
     * @return false when the wait ran to its timeout, true otherwise (woken, the word differed, a signal)
     */
    public boolean await(MemorySegment word, int expected, long nanos) {
        timeout.set(ValueLayout.JAVA_LONG, 0, nanos / 1_000_000_000L);
        timeout.set(ValueLayout.JAVA_LONG, 8, nanos % 1_000_000_000L);
        long r;
        try {
            r = (long) SYSCALL_ERRNO.invokeExact(callState, SYS_FUTEX, word, (long) FUTEX_WAIT, (long) expected, timeout);
        } catch (Throwable t) {
            throw new IllegalStateException("futex wait failed: " + t, t);
        }
        return r == 0 || (int) ERRNO.get(callState, 0L) != ETIMEDOUT;
    }

    /** Wakes up to {@code count} threads blocked in {@link #await} on {@code word}, in any process. */
    public static void wake(MemorySegment word, int count) {
        try {
            long r = (long) SYSCALL.invokeExact(SYS_FUTEX, word, (long) FUTEX_WAKE, (long) count, MemorySegment.NULL);
        } catch (Throwable t) {
            throw new IllegalStateException("futex wake failed: " + t, t);
        }
    }

    /** True where futexes can be called (Linux on x86-64 or AArch64, native access allowed). */
    public static boolean available() {
        return AVAILABLE;
    }

    /** The word at {@code offset} of {@code seg}, read with acquire semantics (pairs with {@link #setAndWake}). */
    public static int get(MemorySegment seg, long offset) {
        return (int) INT.getAcquire(seg, offset);
    }

    /**
     * Stores {@code value} with release semantics (what the waiter reads after waking must be
     * visible) and wakes one waiter of the word. The wake is a system call whether or not anyone
     * waits: this doorbell always rings.
     */
    public static void setAndWake(MemorySegment seg, long offset, int value) {
        INT.setRelease(seg, offset, value);
        wake(seg, offset);
    }

    /** Wakes one thread sleeping on the word at {@code offset}. */
    public static void wake(MemorySegment seg, long offset) {
        wake(seg.asSlice(offset, 4), 1);
    }

    /**
     * Sleeps while the word at {@code offset} holds {@code expected}, for at most the time in
     * {@code timeout} (a {@link #timeout} segment). Returns at once when the word already differs;
     * may also return early (a wake for an earlier value, a signal): the caller re-reads the word.
     */
    public static void await(MemorySegment seg, long offset, int expected, MemorySegment timeout) {
        try {
            long ignored = (long) SYSCALL.invokeExact(SYS_FUTEX, seg.asSlice(offset, 4), (long) FUTEX_WAIT, (long) expected, timeout);
        } catch (Throwable t) {
            throw new IllegalStateException("futex wait failed: " + t, t);
        }
    }

    /** A relative {@code struct timespec} of {@code nanos}, allocated in {@code arena}, for {@link #await(MemorySegment, long, int, MemorySegment)}. */
    public static MemorySegment timeout(Arena arena, long nanos) {
        MemorySegment ts = arena.allocate(16, 8);
        ts.set(ValueLayout.JAVA_LONG, 0, nanos / 1_000_000_000L);
        ts.set(ValueLayout.JAVA_LONG, 8, nanos % 1_000_000_000L);
        return ts;
    }
}
