package dev.crossover.ipc;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Linux futex wait and wake on an {@code int} in a shared mapping, called through FFM: the doorbell of
 * the shared-memory channel. A waiter blocks in the kernel only while the word still holds the value
 * it expects, so a wake that comes first (the word changed) is never lost; a waker makes one system
 * call, and only when the word says someone waits. The word is shared between processes (no
 * {@code FUTEX_PRIVATE_FLAG}): the kernel keys it by the mapped file and offset.
 *
 * <p>{@link #AVAILABLE} is false off Linux x86-64/aarch64 or when the native call cannot be linked;
 * callers then keep polling.
 */
public final class Futex {

    private static final int FUTEX_WAIT = 0;
    private static final int FUTEX_WAKE = 1;
    private static final MethodHandle SYSCALL;
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
        if (nr > 0 && System.getProperty("os.name", "").startsWith("Linux")) {
            try {
                Linker linker = Linker.nativeLinker();
                h = linker.downcallHandle(linker.defaultLookup().find("syscall").orElseThrow(),
                        FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS,
                                ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS),
                        Linker.Option.firstVariadicArg(1));
            } catch (RuntimeException | LinkageError e) {
                h = null;
            }
        }
        SYSCALL = h;
        SYS_FUTEX = nr;
        AVAILABLE = h != null;
    }

    private final MemorySegment timeout = Arena.ofAuto().allocate(16, 8);

    /** One waiter's state (its timeout buffer); use one instance per waiting thread. */
    public Futex() {
        if (!AVAILABLE) {
            throw new UnsupportedOperationException("futex is not available on " + System.getProperty("os.name") + " "
                    + System.getProperty("os.arch") + "; check Futex.AVAILABLE first");
        }
    }

    /**
     * Blocks while the int at {@code word} equals {@code expected}, at most {@code nanos}; returns on
     * a wake, the timeout, a signal, or at once when the word already differs.
     */
    public void await(MemorySegment word, int expected, long nanos) {
        timeout.set(ValueLayout.JAVA_LONG, 0, nanos / 1_000_000_000L);
        timeout.set(ValueLayout.JAVA_LONG, 8, nanos % 1_000_000_000L);
        try {
            long r = (long) SYSCALL.invokeExact(SYS_FUTEX, word, (long) FUTEX_WAIT, (long) expected, timeout);
        } catch (Throwable t) {
            throw new IllegalStateException("futex wait failed: " + t, t);
        }
    }

    /** Wakes up to {@code count} threads blocked in {@link #await} on {@code word}, in any process. */
    public static void wake(MemorySegment word, int count) {
        try {
            long r = (long) SYSCALL.invokeExact(SYS_FUTEX, word, (long) FUTEX_WAKE, (long) count, MemorySegment.NULL);
        } catch (Throwable t) {
            throw new IllegalStateException("futex wake failed: " + t, t);
        }
    }
}
