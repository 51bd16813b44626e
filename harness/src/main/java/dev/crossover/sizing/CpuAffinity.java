package dev.crossover.sizing;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import java.util.stream.Stream;

/**
 * The CPUs the calling thread may run on, read and set with Linux's {@code sched_getaffinity(2)} and
 * {@code sched_setaffinity(2)} (through FFM, pid 0: this thread only, not the whole JVM). Used to put
 * two threads, or a thread and a child's thread, on one CPU so that every hand-over between them is
 * a context switch. {@link #restrictProcess} sets every thread of this JVM at once: the CPU budget of a
 * {@code crossover run --cpus N}, which every process the JVM starts inherits (Linux copies the mask of
 * the thread that forks into the child).
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
        return ofThread(0);
    }

    /** Restricts the calling thread to {@code cpus}; returns the set it had before. */
    public static BitSet set(BitSet cpus) {
        BitSet before = current();
        setThread(0, cpus);
        return before;
    }

    /** The CPUs of thread {@code tid} (0: the calling thread). */
    public static BitSet ofThread(int tid) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment mask = a.allocate(MASK_BYTES, 8);
            if ((int) GET.invokeExact(tid, MASK_BYTES, mask) != 0) {
                throw new IllegalStateException("sched_getaffinity failed for thread " + tid);
            }
            return BitSet.valueOf(mask.toArray(ValueLayout.JAVA_LONG));
        } catch (Throwable t) {
            throw failure("read", t);
        }
    }

    /**
     * Restricts every thread of this JVM to the first {@code n} CPUs it may run on now, and returns them.
     * Threads started later inherit the mask of the thread that starts them, and child processes that of
     * the thread that forks them, so after this call every process this JVM starts runs on these CPUs.
     *
     * @throws IllegalArgumentException when {@code n} is below 1 or above the CPUs this process may use,
     *                                  naming both
     */
    public static BitSet restrictProcess(int n) {
        BitSet chosen = choose(n);
        bindProcess(chosen);
        return chosen;
    }

    /**
     * Restricts every thread of this JVM to {@code cpus}, as {@link #restrictProcess} does; threads and
     * processes started afterwards inherit them. Calling it again with the set a thread had before undoes it.
     *
     * @throws IllegalArgumentException when {@code cpus} is empty
     */
    public static void bindProcess(BitSet cpus) {
        if (cpus.isEmpty()) {
            throw new IllegalArgumentException("cannot bind this JVM to no CPU: give at least one");
        }
        BitSet chosen = (BitSet) cpus.clone();
        // A thread the JVM starts while the tasks are listed may still carry the old mask: list again until
        // one pass finds every thread set.
        for (int pass = 0; pass < 10; pass++) {
            boolean changed = false;
            for (int tid : threads()) {
                try {
                    if (!ofThread(tid).equals(chosen)) {
                        setThread(tid, chosen);
                        changed = true;
                    }
                } catch (IllegalStateException gone) {
                    // the thread ended between the listing and the call
                }
            }
            if (!changed) {
                return;
            }
        }
        throw new IllegalStateException("the threads of this JVM kept changing while their CPUs were set to " + list(chosen));
    }

    /**
     * The CPUs {@link #restrictProcess} would bind to: the first {@code n} of those the calling thread may use.
     *
     * @throws IllegalArgumentException when {@code n} is below 1 or above the CPUs this process may use
     */
    public static BitSet choose(int n) {
        BitSet allowed = current();
        if (n < 1 || n > allowed.cardinality()) {
            throw new IllegalArgumentException("--cpus " + n + ": this machine gives this process " + allowed.cardinality()
                    + " CPU(s) (" + list(allowed) + "); give a number from 1 to " + allowed.cardinality());
        }
        BitSet chosen = new BitSet();
        for (int cpu = allowed.nextSetBit(0); chosen.cardinality() < n; cpu = allowed.nextSetBit(cpu + 1)) {
            chosen.set(cpu);
        }
        return chosen;
    }

    /** A CPU set in Linux's list form, e.g. {@code 0-3,8}. */
    public static String list(BitSet cpus) {
        StringBuilder b = new StringBuilder();
        for (int lo = cpus.nextSetBit(0); lo >= 0; ) {
            int hi = cpus.nextClearBit(lo) - 1;
            b.append(b.isEmpty() ? "" : ",").append(lo).append(hi > lo ? "-" + hi : "");
            lo = cpus.nextSetBit(hi + 1);
        }
        return b.toString();
    }

    private static List<Integer> threads() {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/task"))) {
            return s.map(p -> Integer.parseInt(p.getFileName().toString())).toList();
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("cannot list this JVM's threads in /proc/self/task: " + e, e);
        }
    }

    private static void setThread(int tid, BitSet cpus) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment mask = a.allocate(MASK_BYTES, 8);
            long[] words = cpus.toLongArray();
            MemorySegment.copy(MemorySegment.ofArray(words), 0, mask, 0, Math.min(MASK_BYTES, words.length * 8L));
            if ((int) SET.invokeExact(tid, MASK_BYTES, mask) != 0) {
                throw new IllegalStateException("sched_setaffinity to CPUs " + cpus + " failed (are they in this process's cpuset?)");
            }
        } catch (IllegalStateException e) {
            throw e;
        } catch (Throwable t) {
            throw failure("set", t);
        }
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
