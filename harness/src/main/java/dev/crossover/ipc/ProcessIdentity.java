package dev.crossover.ipc;

import java.time.Instant;
import java.util.Optional;

/**
 * A process as other processes can recognise it: pid plus start time, since pids are reused. Used to
 * name mapped files, to record lock owners and to judge whether a peer is still alive.
 *
 * @param pid         the process id
 * @param startMillis start time in epoch milliseconds as {@link ProcessHandle.Info#startInstant()}
 *                    reports it, or {@link #UNKNOWN_START} when the OS does not say
 */
public record ProcessIdentity(long pid, long startMillis) {

    /** Start time not known: such an owner is only judged by its pid. */
    public static final long UNKNOWN_START = 0;

    /** Bits of the pid in {@link #packed()}; Linux pids are below 2^22 (PID_MAX_LIMIT). */
    static final int PID_BITS = 22;
    private static final long PID_MASK = (1L << PID_BITS) - 1;
    /** Start millis fit the remaining 42 bits until the year 2109. */
    private static final long START_MASK = (1L << (64 - PID_BITS)) - 1;

    private static final ProcessIdentity CURRENT = of(ProcessHandle.current());

    /** This JVM. */
    public static ProcessIdentity current() {
        return CURRENT;
    }

    /** The identity of a live process, or empty when no process has that pid. */
    public static Optional<ProcessIdentity> of(long pid) {
        return ProcessHandle.of(pid).map(ProcessIdentity::of);
    }

    private static ProcessIdentity of(ProcessHandle handle) {
        long start = handle.info().startInstant().map(Instant::toEpochMilli).orElse(UNKNOWN_START);
        return new ProcessIdentity(handle.pid(), start);
    }

    /**
     * True while the process this identity names still runs: the pid exists, is alive, and (when both
     * start times are known) started at the same time, so a reused pid does not count.
     */
    public boolean isAlive() {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty() || !handle.get().isAlive()) {
            return false;
        }
        if (startMillis == UNKNOWN_START) {
            return true;
        }
        long now = handle.get().info().startInstant().map(Instant::toEpochMilli).orElse(UNKNOWN_START);
        return now == UNKNOWN_START || now == startMillis;
    }

    /**
     * Pid and start time in one long (pid in the low 22 bits, start millis above), so a lock word can
     * hold its owner with one compare-and-set. Never 0.
     */
    public long packed() {
        if (pid <= 0 || pid > PID_MASK) {
            throw new IllegalStateException("pid " + pid + " does not fit " + PID_BITS
                    + " bits; shared-memory locks need Linux pids (pid_max <= 4194304)");
        }
        return ((startMillis & START_MASK) << PID_BITS) | pid;
    }

    /** The identity a {@link #packed()} value names. */
    public static ProcessIdentity unpack(long packed) {
        return new ProcessIdentity(packed & PID_MASK, packed >>> PID_BITS);
    }

    @Override
    public String toString() {
        return "pid " + pid + (startMillis == UNKNOWN_START ? "" : " (started " + Instant.ofEpochMilli(startMillis) + ")");
    }
}
