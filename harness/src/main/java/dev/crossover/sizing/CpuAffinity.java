package dev.crossover.sizing;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.BitSet;

/**
 * The CPUs the calling thread may run on, read and set with Linux's {@code sched_getaffinity(2)} and
 * {@code sched_setaffinity(2)} (through FFM, pid 0: this thread only, not the whole JVM). Used to put
 * two threads, or a thread and a child's thread, on one CPU so that every hand-over between them is
 * a context switch.
 */
public final class CpuAffinity {

    /** Bytes of the CPU mask passed: 1,024 CPUs, glibc's {@code cpu_set_t}. */
    private static final long MASK_BYTES = 128;
    private static final MethodHandle GET = lookup("sched_getaffinity");
    private static final MethodHandle SET = lookup("sched_setaffinity");

    private CpuAffinity() {
    }

    /** True where affinity can be read and set. */
    public static boolean available() {
        return GET != null && SET != null;
    }

    /** The CPUs the calling thread may run on now. */
    public static BitSet current() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment mask = a.allocate(MASK_BYTES, 8);
            if ((int) GET.invokeExact(0, MASK_BYTES, mask) != 0) {
                throw new IllegalStateException("sched_getaffinity failed for this thread");
            }
            return BitSet.valueOf(mask.toArray(ValueLayout.JAVA_LONG));
        } catch (Throwable t) {
            throw failure("read", t);
        }
    }

    /** Restricts the calling thread to {@code cpus}; returns the set it had before. */
    public static BitSet set(BitSet cpus) {
        BitSet before = current();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment mask = a.allocate(MASK_BYTES, 8);
            long[] words = cpus.toLongArray();
            MemorySegment.copy(MemorySegment.ofArray(words), 0, mask, 0, Math.min(MASK_BYTES, words.length * 8L));
            if ((int) SET.invokeExact(0, MASK_BYTES, mask) != 0) {
                throw new IllegalStateException("sched_setaffinity to CPUs " + cpus + " failed (are they in this process's cpuset?)");
            }
        } catch (IllegalStateException e) {
            throw e;
        } catch (Throwable t) {
            throw failure("set", t);
        }
        return before;
    }

    /** Restricts the calling thread to one CPU; returns the set it had before. */
    public static BitSet pin(int cpu) {
        BitSet one = new BitSet();
        one.set(cpu);
        return set(one);
    }

    private static IllegalStateException failure(String what, Throwable t) {
        return t instanceof IllegalStateException e ? e
                : new IllegalStateException("cannot " + what + " CPU affinity (Linux and --enable-native-access needed): " + t, t);
    }

    private static MethodHandle lookup(String name) {
        try {
            Linker linker = Linker.nativeLinker();
            return linker.downcallHandle(linker.defaultLookup().find(name).orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS));
        } catch (Throwable t) {
            return null;
        }
    }
}
