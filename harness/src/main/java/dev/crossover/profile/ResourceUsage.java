package dev.crossover.profile;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * {@code getrusage(2)} of this process, through FFM: CPU time and context switches of every thread
 * it ever ran (also threads that have ended), and of its children that have ended and been waited
 * for. {@code /proc} shows neither: per-thread switch counts vanish with the thread, and a reaped
 * child's figures are only in its parent's {@code RUSAGE_CHILDREN}.
 *
 * @param cpuNanos        user plus system CPU time
 * @param contextSwitches voluntary ({@code ru_nvcsw}) plus involuntary ({@code ru_nivcsw})
 */
public record ResourceUsage(long cpuNanos, long contextSwitches) {

    private static final int RUSAGE_SELF = 0;
    private static final int RUSAGE_CHILDREN = -1;
    /**
     * {@code struct rusage} on 64-bit Linux: two {@code struct timeval} (16 bytes each: seconds,
     * microseconds), then 14 {@code long}s, of which {@code ru_nvcsw} and {@code ru_nivcsw} are the last two.
     */
    private static final long SIZE = 144;
    private static final long NVCSW = 128;
    private static final long NIVCSW = 136;

    private static final MethodHandle GETRUSAGE = lookup();

    /** This process: every thread, live or ended. Null where {@code getrusage} cannot be called. */
    public static ResourceUsage self() {
        return call(RUSAGE_SELF);
    }

    /** This process's children that have ended and been waited for (with their own reaped children). Null where unavailable. */
    public static ResourceUsage reapedChildren() {
        return call(RUSAGE_CHILDREN);
    }

    private static ResourceUsage call(int who) {
        if (GETRUSAGE == null) {
            return null;
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment ru = a.allocate(SIZE, 8);
            if ((int) GETRUSAGE.invokeExact(who, ru) != 0) {
                return null;
            }
            long micros = ru.get(ValueLayout.JAVA_LONG, 0) * 1_000_000 + ru.get(ValueLayout.JAVA_LONG, 8)
                    + ru.get(ValueLayout.JAVA_LONG, 16) * 1_000_000 + ru.get(ValueLayout.JAVA_LONG, 24);
            return new ResourceUsage(micros * 1_000, ru.get(ValueLayout.JAVA_LONG, NVCSW) + ru.get(ValueLayout.JAVA_LONG, NIVCSW));
        } catch (Throwable t) {
            return null;
        }
    }

    private static MethodHandle lookup() {
        if (!ProcFs.AVAILABLE || ValueLayout.ADDRESS.byteSize() != 8) {
            return null;
        }
        try {
            Linker linker = Linker.nativeLinker();
            return linker.downcallHandle(linker.defaultLookup().find("getrusage").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
        } catch (Throwable t) {
            return null;
        }
    }
}
