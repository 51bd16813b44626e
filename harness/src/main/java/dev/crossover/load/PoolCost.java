package dev.crossover.load;

import dev.crossover.workers.Workers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * What a pool costs beside its speed: resident memory of this JVM plus the pool's child JVMs, and
 * the CPU time the children burned. JMH's own profilers see only the measured JVM; these read
 * {@code /proc/<pid>/status} ({@code VmRSS}) and {@code /proc/<pid>/stat} ({@code utime + stime})
 * of each {@link Workers#workerPids() worker}. Linux only; elsewhere every reading is -1.
 *
 * <p>Benchmarks report them as JMH secondary metrics {@code poolRssMb} and {@code childCpuMs}
 * through an {@code @AuxCounters} state that reads the pool registered with {@link #watch}: one
 * JMH fork runs one benchmark, so one watched pool per JVM is enough.
 */
public final class PoolCost {

    private static final long TICKS_PER_SECOND = clockTicks();
    private static volatile Workers watched;

    private PoolCost() {
    }

    /** Makes {@code pool} the one whose cost the benchmark's counters report; null to stop. */
    public static void watch(Workers pool) {
        watched = pool;
    }

    /** The pool registered with {@link #watch}, or null. */
    public static Workers watched() {
        return watched;
    }

    /** Resident memory of this JVM plus every child of {@code pool} (null: this JVM only), in MiB. */
    public static double poolRssMb(Workers pool) {
        long kb = Math.max(0, rssKb(ProcessHandle.current().pid()));
        if (pool != null) {
            for (long pid : pool.workerPids()) {
                kb += Math.max(0, rssKb(pid));
            }
        }
        return kb / 1024.0;
    }

    /** CPU time (user + system) the children of {@code pool} have used so far, in ms; 0 for in-process pools. */
    public static long childCpuMs(Workers pool) {
        long ms = 0;
        if (pool != null) {
            for (long pid : pool.workerPids()) {
                ms += Math.max(0, cpuMs(pid));
            }
        }
        return ms;
    }

    /** {@code VmRSS} of a process in KiB, or -1 when it is gone or unreadable. */
    public static long rssKb(long pid) {
        String status = read(Path.of("/proc", Long.toString(pid), "status"));
        if (status == null) {
            return -1;
        }
        for (String line : status.split("\n")) {
            if (line.startsWith("VmRSS:")) {
                String v = line.substring(6).trim();
                int space = v.indexOf(' ');
                return Long.parseLong(space < 0 ? v : v.substring(0, space));
            }
        }
        return -1; // a zombie has no VmRSS line
    }

    /** User plus system CPU time of a process in ms, or -1 when it is gone or unreadable. */
    public static long cpuMs(long pid) {
        String stat = read(Path.of("/proc", Long.toString(pid), "stat"));
        return stat == null ? -1 : cpuTicks(stat) * 1000 / TICKS_PER_SECOND;
    }

    /**
     * {@code utime + stime} (fields 14 and 15) of a {@code /proc/<pid>/stat} line. The command name
     * (field 2) is in parentheses and may itself hold spaces and parentheses, so fields are counted
     * from the last ')'.
     */
    static long cpuTicks(String stat) {
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            throw new IllegalArgumentException("not a /proc/<pid>/stat line: " + stat);
        }
        String[] f = stat.substring(close + 1).trim().split("\\s+");
        // f[0] is field 3 (state), so field n is f[n - 3]
        return Long.parseLong(f[14 - 3]) + Long.parseLong(f[15 - 3]);
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.ISO_8859_1);
        } catch (IOException | SecurityException e) {
            return null;
        }
    }

    /** USER_HZ; 100 on every mainstream Linux, asked of {@code getconf} to be sure. */
    private static long clockTicks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            p.waitFor(5, TimeUnit.SECONDS);
            long v = Long.parseLong(out);
            return v > 0 ? v : 100;
        } catch (IOException | NumberFormatException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
