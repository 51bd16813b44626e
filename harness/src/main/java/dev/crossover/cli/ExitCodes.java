package dev.crossover.cli;

/** Exit statuses of every command; the README lists them. */
public final class ExitCodes {

    private ExitCodes() {
    }

    /** Everything ran; no significant regression. */
    public static final int OK = 0;
    /** A significant regression (compare, ab, run with a baseline) or a benchmark that failed. */
    public static final int REGRESSION = 1;
    /** Bad input or not comparable: the message says which file or value and what to do. */
    public static final int BAD_INPUT = 2;
    /** One or more benchmark groups failed to run; the report lists which and why. */
    public static final int BENCHMARK_ERROR = 3;
    /** {@code run} stopped by Ctrl-C (SIGINT): 128 + 2, as a shell reports it. */
    public static final int INTERRUPTED = 130;
    /** {@code run} stopped by SIGTERM: 128 + 15. */
    public static final int TERMINATED = 143;
    /** A command failed on a bug of its own (an uncaught exception); the stack trace follows the message. */
    public static final int INTERNAL_ERROR = 70;
}
