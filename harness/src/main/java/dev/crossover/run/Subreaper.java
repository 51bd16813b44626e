package dev.crossover.run;

import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Makes this JVM a Linux child subreaper ({@code prctl(PR_SET_CHILD_SUBREAPER)}), so processes a JMH
 * fork started and left behind are re-parented to us instead of init, and the leftover check after each
 * JMH run sees them among {@link ProcessHandle#descendants()}. Such adopted children are reaped here
 * once ended, since the JDK reaps only the processes it started.
 */
final class Subreaper {

    private static final int PR_SET_CHILD_SUBREAPER = 36;
    private static final int WNOHANG = 1;

    private Subreaper() {
    }

    /** True when this JVM now adopts orphaned descendants; false where the OS does not allow it. */
    static boolean enable() {
        try {
            Linker linker = Linker.nativeLinker();
            MethodHandle prctl = linker.downcallHandle(linker.defaultLookup().find("prctl").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG),
                    Linker.Option.firstVariadicArg(1));
            return (int) prctl.invokeExact(PR_SET_CHILD_SUBREAPER, 1L) == 0;
        } catch (Throwable t) {
            return false;
        }
    }

    /**
     * The state letter of process {@code pid} ({@code R}, {@code S}, {@code Z} …, field 3 of
     * {@code /proc/<pid>/stat}, after the parenthesised command name, which may hold spaces and
     * parentheses itself), or {@code '?'} when it cannot be read.
     */
    static char state(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            int close = stat.lastIndexOf(')');
            return close >= 0 && close + 2 < stat.length() ? stat.charAt(close + 2) : '?';
        } catch (IOException | SecurityException e) {
            return '?';
        }
    }

    /** Reaps {@code pid} if it is an ended (zombie) child of ours; nothing otherwise. */
    static void reapIfZombie(long pid) {
        if (state(pid) != 'Z') {
            return;
        }
        try {
            Linker linker = Linker.nativeLinker();
            MethodHandle waitpid = linker.downcallHandle(linker.defaultLookup().find("waitpid").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
            int ignored = (int) waitpid.invokeExact((int) pid, MemorySegment.NULL, WNOHANG);
        } catch (Throwable t) {
            // gone already, or not ours to reap
        }
    }
}
