package dev.crossover.load;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Runs an action with a native frame below it on the stack: C's {@code qsort} over two {@code int}s,
 * through the FFM linker, with an upcall comparator that runs the action once. A virtual thread that
 * blocks inside the action cannot unmount, since the native frame cannot be copied off the carrier:
 * it is pinned, and JFR records {@code jdk.VirtualThreadPinned}. JDK 24 (JEP 491) removed the pinning
 * of {@code synchronized}; a native frame still pins on JDK 25.
 *
 * <p>The FFM calls are restricted methods: run with {@code --enable-native-access=ALL-UNNAMED} to
 * avoid the JDK's warning. An exception thrown inside an upcall would end the JVM, so the comparator
 * catches everything and {@link #run} rethrows it after {@code qsort} returns.
 */
public final class NativeFrame {

    /** What the comparator runs, for the thread inside {@link #run}. */
    private static final ThreadLocal<Action> ACTION = new ThreadLocal<>();
    /** What the action threw, for the thread inside {@link #run}. */
    private static final ThreadLocal<Throwable> FAILURE = new ThreadLocal<>();

    private static final MethodHandle QSORT;
    private static final MemorySegment COMPARATOR;

    static {
        Linker linker = Linker.nativeLinker();
        QSORT = linker.downcallHandle(linker.defaultLookup().find("qsort").orElseThrow(
                        () -> new IllegalStateException("the C library has no qsort; NativeFrame needs a libc")),
                FunctionDescriptor.ofVoid(ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS));
        try {
            MethodHandle compare = MethodHandles.lookup().findStatic(NativeFrame.class, "compare",
                    MethodType.methodType(int.class, MemorySegment.class, MemorySegment.class));
            COMPARATOR = linker.upcallStub(compare, FunctionDescriptor.of(ValueLayout.JAVA_INT,
                    ValueLayout.ADDRESS.withTargetLayout(ValueLayout.JAVA_INT),
                    ValueLayout.ADDRESS.withTargetLayout(ValueLayout.JAVA_INT)), Arena.global());
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Work to run inside the native frame; may block and throw. */
    @FunctionalInterface
    public interface Action {
        void run() throws Exception;
    }

    private NativeFrame() {
    }

    /**
     * Runs {@code action} once inside {@code qsort}'s comparator on the calling thread, and returns
     * after {@code qsort} does; what the action threw is thrown here.
     */
    public static void run(Action action) throws Exception {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment two = arena.allocate(ValueLayout.JAVA_INT, 2);
            two.setAtIndex(ValueLayout.JAVA_INT, 0, 2);
            two.setAtIndex(ValueLayout.JAVA_INT, 1, 1);
            ACTION.set(action);
            try {
                QSORT.invokeExact(two, 2L, ValueLayout.JAVA_INT.byteSize(), COMPARATOR);
            } catch (Exception | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            } finally {
                ACTION.remove();
            }
            Throwable failed = FAILURE.get();
            FAILURE.remove();
            if (failed instanceof Exception e) {
                throw e;
            } else if (failed instanceof Error e) {
                throw e;
            } else if (failed != null) {
                throw new IllegalStateException(failed);
            }
            if (two.getAtIndex(ValueLayout.JAVA_INT, 0) != 1) {
                throw new IllegalStateException("qsort did not sort [2, 1]: the comparator was not called as expected");
            }
        }
    }

    /** The upcall: runs the action once (qsort compares two elements once), then compares. */
    private static int compare(MemorySegment a, MemorySegment b) {
        Action action = ACTION.get();
        if (action != null) {
            ACTION.remove(); // once per run, however often qsort compares
            try {
                action.run();
            } catch (Throwable t) {
                FAILURE.set(t);
            }
        }
        return Integer.compare(a.get(ValueLayout.JAVA_INT, 0), b.get(ValueLayout.JAVA_INT, 0));
    }
}
