package dev.crossover.workers;

/**
 * A kernel threw. Carries the remote exception's type, message and stack trace (for process
 * workers the trace was recorded in the child JVM); the worker lives on.
 */
public final class RemoteTaskException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String remoteType;
    private final String remoteMessage;
    private final String worker;

    public RemoteTaskException(String worker, String remoteType, String remoteMessage,
                               StackTraceElement[] remoteTrace) {
        super(remoteType + (remoteMessage == null ? "" : ": " + remoteMessage) + " (in " + worker + ")");
        this.remoteType = remoteType;
        this.remoteMessage = remoteMessage;
        this.worker = worker;
        setStackTrace(remoteTrace);
    }

    /** Fully qualified class name of the exception the kernel threw. */
    public String remoteType() {
        return remoteType;
    }

    /** Its message, or null. */
    public String remoteMessage() {
        return remoteMessage;
    }

    /** The worker the task ran in. */
    public String worker() {
        return worker;
    }
}
