package dev.crossover.sizing;

import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A thread's nice value on Linux, set with {@code setpriority(2)} (through FFM) and read from {@code /proc}.
 * On Linux the nice value belongs to a thread, and the threads and processes it starts inherit it, so a
 * child spawned from a thread with a lower nice value runs, every thread of it, at that priority. Lowering
 * it (raising the priority) needs {@code CAP_SYS_NICE}; without it {@link #setCurrentThread} says no.
 */
public final class Niceness {

    /** {@code PRIO_PROCESS} of {@code <sys/resource.h>}: with a thread id, that thread alone. */
    private static final int PRIO_PROCESS = 0;
    private static final MethodHandle SET = lookup("setpriority",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final MethodHandle GETTID = lookup("gettid", FunctionDescriptor.of(ValueLayout.JAVA_INT));

    private Niceness() {
    }

    /** True where the nice value can be set. */
    public static boolean available() {
        return SET != null && GETTID != null;
    }

    /**
     * Sets the calling (platform) thread's nice value, -20 to 19; threads and processes it starts later
     * inherit it. Returns false when the system refuses (a lower value than now needs {@code CAP_SYS_NICE})
     * or cannot do it.
     *
     * @throws IllegalArgumentException when {@code nice} is outside -20 to 19
     */
    public static boolean setCurrentThread(int nice) {
        if (nice < -20 || nice > 19) {
            throw new IllegalArgumentException("nice value " + nice + " is outside Linux's range; give -20 (highest priority) to 19");
        }
        if (!available()) {
            return false;
        }
        try {
            int tid = (int) GETTID.invokeExact();
            return (int) SET.invokeExact(PRIO_PROCESS, tid, nice) == 0;
        } catch (Throwable t) {
            return false;
        }
    }

    /**
     * The nice value of the main thread of process {@code pid} (field 19 of {@code /proc/PID/stat}), or
     * {@link Integer#MIN_VALUE} when it cannot be read.
     */
    public static int ofProcess(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // the command name in field 2 may hold spaces and parentheses: count fields after its last ')'
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
            return Integer.parseInt(f[16]);
        } catch (IOException | RuntimeException e) {
            return Integer.MIN_VALUE;
        }
    }

    private static MethodHandle lookup(String name, FunctionDescriptor d) {
        try {
            Linker linker = Linker.nativeLinker();
            return linker.downcallHandle(linker.defaultLookup().find(name).orElseThrow(), d);
        } catch (Throwable t) {
            return null;
        }
    }
}
