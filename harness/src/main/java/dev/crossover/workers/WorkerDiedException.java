package dev.crossover.workers;

import java.util.List;

/**
 * The worker holding a task died (killed, {@code System.exit}, {@code Runtime.halt}, crash). Only
 * the tasks that worker held fail with it; the pool starts a replacement.
 */
public final class WorkerDiedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String worker;
    private final long pid;
    private final Integer exitCode;
    private final List<String> lastStderr;

    public WorkerDiedException(String worker, long pid, Integer exitCode, List<String> lastStderr) {
        super(worker + (worker.contains("pid " + pid) ? "" : " (pid " + pid + ")") + " died" + (exitCode == null ? "" : " with exit code " + exitCode)
                + (lastStderr.isEmpty() ? "; it wrote nothing to stderr"
                        : "; last stderr lines:\n  " + String.join("\n  ", lastStderr)));
        this.worker = worker;
        this.pid = pid;
        this.exitCode = exitCode;
        this.lastStderr = List.copyOf(lastStderr);
    }

    public String worker() {
        return worker;
    }

    public long pid() {
        return pid;
    }

    /** The exit code, or null when it was not known yet. */
    public Integer exitCode() {
        return exitCode;
    }

    public List<String> lastStderr() {
        return lastStderr;
    }
}
