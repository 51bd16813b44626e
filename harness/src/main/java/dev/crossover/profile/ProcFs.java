package dev.crossover.profile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.concurrent.TimeUnit;

/**
 * Readings of Linux's {@code /proc} for one process or one of its threads. Every reading is -1 (or
 * null) when the process or thread is gone or the file is unreadable, so a process ending between
 * two reads never fails a benchmark.
 */
public final class ProcFs {

    /** True where {@code /proc/self/stat} exists, that is on Linux. */
    public static final boolean AVAILABLE = Files.isReadable(Path.of("/proc/self/stat"));

    private static final int SC_CLK_TCK = 2;
    private static final long TICKS_PER_SECOND = clockTicks();

    private ProcFs() {
    }

    /**
     * CPU time of a process in ns: {@code utime + stime} of all its threads, live and ended, plus
     * {@code cutime + cstime} of its children that ended and were waited for. Clock-tick resolution
     * (10 ms at the usual 100 Hz). -1 when unreadable.
     */
    public static long cpuNanos(long pid) {
        String stat = read(Path.of("/proc", Long.toString(pid), "stat"));
        if (stat == null) {
            return -1;
        }
        long[] t = statTimes(stat);
        return (t[0] + t[1] + t[2] + t[3]) * (TimeUnit.SECONDS.toNanos(1) / TICKS_PER_SECOND);
    }

    /**
     * CPU time so far of a JVM's JIT compiler threads ({@code C1 CompilerThread*}, {@code C2
     * CompilerThread*}, by their {@code /proc/<pid>/task/*}{@code /comm}), ns; compiler threads that
     * already ended are not counted. -1 when the process is gone.
     */
    public static long jitCompilerCpuNanos(long pid) {
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        long ticks = 0;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(tasks)) {
            for (Path t : ds) {
                String comm = read(t.resolve("comm"));
                if (comm != null && (comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler"))) {
                    String stat = read(t.resolve("stat"));
                    if (stat != null) {
                        long[] times = statTimes(stat);
                        ticks += times[0] + times[1];
                    }
                }
            }
        } catch (IOException | SecurityException e) {
            return -1;
        }
        return ticks * (TimeUnit.SECONDS.toNanos(1) / TICKS_PER_SECOND);
    }

    /**
     * {@code utime, stime, cutime, cstime} (fields 14 to 17, in clock ticks) of a
     * {@code /proc/<pid>/stat} line. The command name (field 2) is in parentheses and may itself
     * hold spaces and parentheses, so fields are counted from the last ')'.
     */
    static long[] statTimes(String stat) {
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            throw new IllegalArgumentException("not a /proc/<pid>/stat line: " + stat);
        }
        String[] f = stat.substring(close + 1).trim().split("\\s+");
        // f[0] is field 3 (state), so field n is f[n - 3]
        return new long[] {Long.parseLong(f[14 - 3]), Long.parseLong(f[15 - 3]), Long.parseLong(f[16 - 3]), Long.parseLong(f[17 - 3])};
    }

    /**
     * Voluntary plus involuntary context switches of every live thread of a process (the sum over
     * {@code /proc/<pid>/task/*}{@code /status}); threads that already ended are not counted. -1 when
     * the process is gone.
     */
    public static long contextSwitches(long pid) {
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        long sum = 0;
        boolean any = false;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(tasks)) {
            for (Path t : ds) {
                long n = switchesIn(read(t.resolve("status")));
                if (n >= 0) {
                    sum += n;
                    any = true;
                }
            }
        } catch (IOException | SecurityException e) {
            return -1;
        }
        return any ? sum : -1;
    }

    /** Voluntary plus involuntary context switches of one thread so far; -1 when it is gone. */
    public static long threadContextSwitches(long pid, long tid) {
        return switchesIn(read(Path.of("/proc", Long.toString(pid), "task", Long.toString(tid), "status")));
    }

    /** {@code voluntary_ctxt_switches + nonvoluntary_ctxt_switches} of a {@code status} file; -1 without them. */
    static long switchesIn(String status) {
        long v = field(status, "voluntary_ctxt_switches:");
        long n = field(status, "nonvoluntary_ctxt_switches:");
        return v < 0 || n < 0 ? -1 : v + n;
    }

    /** The CPUs a thread may run on, as the kernel lists them ({@code Cpus_allowed_list}, e.g. {@code 0-1}); null when gone. */
    public static String cpusAllowed(long pid, long tid) {
        String status = read(Path.of("/proc", Long.toString(pid), "task", Long.toString(tid), "status"));
        if (status == null) {
            return null;
        }
        for (String line : status.split("\n")) {
            if (line.startsWith("Cpus_allowed_list:")) {
                return line.substring("Cpus_allowed_list:".length()).trim();
            }
        }
        return null;
    }

    /**
     * Proportional set size of a process in KiB ({@code Pss} of {@code smaps_rollup}: pages shared
     * with other processes, such as a JVM's class data sharing archive, count by their share); -1
     * when gone or unreadable (kernels before 4.14, or another user's process).
     */
    public static long pssKb(long pid) {
        return field(read(Path.of("/proc", Long.toString(pid), "smaps_rollup")), "Pss:");
    }

    /** Resident set size of a process in KiB ({@code VmRSS}); -1 when gone (a zombie has none). */
    public static long rssKb(long pid) {
        return field(read(Path.of("/proc", Long.toString(pid), "status")), "VmRSS:");
    }

    /** The OS id of the calling thread (what {@code gettid()} returns), from {@code /proc/thread-self}; -1 off Linux. */
    public static long currentThreadId() {
        try {
            Path link = Files.readSymbolicLink(Path.of("/proc/thread-self")); // "<pid>/task/<tid>"
            return Long.parseLong(link.getFileName().toString());
        } catch (IOException | UnsupportedOperationException | SecurityException | NumberFormatException e) {
            return -1;
        }
    }

    /** The first number after {@code key} at the start of a line of {@code text}; -1 when absent. */
    static long field(String text, String key) {
        if (text == null) {
            return -1;
        }
        int at = text.startsWith(key) ? 0 : text.indexOf("\n" + key);
        if (at < 0) {
            return -1;
        }
        int i = text.indexOf(key, at) + key.length();
        while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i++;
        }
        int j = i;
        while (j < text.length() && Character.isDigit(text.charAt(j))) {
            j++;
        }
        return j > i ? Long.parseLong(text.substring(i, j)) : -1;
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.ISO_8859_1);
        } catch (IOException | SecurityException e) {
            return null;
        }
    }

    /** USER_HZ ({@code sysconf(_SC_CLK_TCK)}): 100 on every mainstream Linux, which is also the fallback. */
    private static long clockTicks() {
        if (!AVAILABLE) {
            return 100;
        }
        try {
            Linker linker = Linker.nativeLinker();
            MethodHandle sysconf = linker.downcallHandle(linker.defaultLookup().find("sysconf").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
            long v = (long) sysconf.invokeExact(SC_CLK_TCK);
            return v > 0 ? v : 100;
        } catch (Throwable t) {
            return 100;
        }
    }
}
