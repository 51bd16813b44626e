package dev.crossover.ipc;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.Locale;

/**
 * A blocking doorbell on a 32-bit word of shared memory: Linux's {@code futex(2)}, through FFM.
 * {@link #await} sleeps in the kernel while the word holds a given value; {@link #wake} wakes the
 * sleepers of a word. The shared (not {@code FUTEX_PRIVATE_FLAG}) operations are used, so the word
 * may lie in a file mapped by several processes ({@link ShmFile}) and threads of one process wait
 * on it the same way.
 */
public final class Futex {

    private static final long FUTEX_WAIT = 0;
    private static final long FUTEX_WAKE = 1;
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();
    private static final long SYS_FUTEX = sysFutex();
    private static final MethodHandle SYSCALL = lookup();

    private Futex() {
    }

    /** True where futexes can be called (Linux on x86-64 or AArch64, native access allowed). */
    public static boolean available() {
        return SYSCALL != null;
    }

    /** The word at {@code offset} of {@code seg}, read with acquire semantics (pairs with {@link #setAndWake}). */
    public static int get(MemorySegment seg, long offset) {
        return (int) INT.getAcquire(seg, offset);
    }

    /**
     * Stores {@code value} with release semantics (what the waiter reads after waking must be
     * visible) and wakes one waiter of the word. The wake is a system call whether or not anyone
     * waits: the doorbell always rings.
     */
    public static void setAndWake(MemorySegment seg, long offset, int value) {
        INT.setRelease(seg, offset, value);
        wake(seg, offset);
    }

    /** Wakes one thread sleeping on the word at {@code offset}. */
    public static void wake(MemorySegment seg, long offset) {
        try {
            long ignored = (long) SYSCALL.invokeExact(SYS_FUTEX, seg.asSlice(offset, 4), FUTEX_WAKE, 1L, MemorySegment.NULL);
        } catch (Throwable t) {
            throw new IllegalStateException("futex wake failed", t);
        }
    }

    /**
     * Sleeps while the word at {@code offset} holds {@code expected}, for at most the time in
     * {@code timeout} (a {@link #timeout} segment). Returns at once when the word already differs;
     * may also return early (a wake for an earlier value, a signal): the caller re-reads the word.
     */
    public static void await(MemorySegment seg, long offset, int expected, MemorySegment timeout) {
        try {
            long ignored = (long) SYSCALL.invokeExact(SYS_FUTEX, seg.asSlice(offset, 4), FUTEX_WAIT, (long) expected, timeout);
        } catch (Throwable t) {
            throw new IllegalStateException("futex wait failed", t);
        }
    }

    /** A relative {@code struct timespec} of {@code nanos}, allocated in {@code arena}, for {@link #await}. */
    public static MemorySegment timeout(Arena arena, long nanos) {
        MemorySegment ts = arena.allocate(16, 8);
        ts.set(ValueLayout.JAVA_LONG, 0, nanos / 1_000_000_000L);
        ts.set(ValueLayout.JAVA_LONG, 8, nanos % 1_000_000_000L);
        return ts;
    }

    private static long sysFutex() {
        return switch (System.getProperty("os.arch", "").toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64" -> 202;
            case "aarch64", "arm64" -> 98;
            default -> -1;
        };
    }

    private static MethodHandle lookup() {
        if (SYS_FUTEX < 0 || !System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            return null;
        }
        try {
            Linker linker = Linker.nativeLinker();
            // long syscall(long number, ...): every variadic argument passed as a full 64-bit word
            return linker.downcallHandle(linker.defaultLookup().find("syscall").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS,
                            ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS),
                    Linker.Option.firstVariadicArg(1));
        } catch (Throwable t) {
            return null;
        }
    }
}
