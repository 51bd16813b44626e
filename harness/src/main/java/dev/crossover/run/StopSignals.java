package dev.crossover.run;

import java.util.function.Consumer;

/**
 * Turns SIGINT (Ctrl-C) and SIGTERM into an orderly stop: the action runs once, in a shutdown hook, with
 * the signal's name, and the JVM then exits 130 or 143 as a shell expects. Where the JVM offers no signal
 * handlers ({@code sun.misc.Signal} missing), the hook still runs on either signal, named
 * "SIGINT or SIGTERM". {@link #close()} removes both and restores the previous handlers.
 */
final class StopSignals implements AutoCloseable {

    private final Thread hook;
    private volatile String signal;
    private Object previousInt;
    private Object previousTerm;

    private StopSignals(Consumer<String> action) {
        this.hook = new Thread(() -> action.accept(signal != null ? signal : "SIGINT or SIGTERM"), "crossover-stop");
    }

    /** Installs the handlers; {@code action} runs at most once, on the JVM's way out after a signal. */
    static StopSignals install(Consumer<String> action) {
        StopSignals s = new StopSignals(action);
        Runtime.getRuntime().addShutdownHook(s.hook);
        try {
            s.previousInt = handle("INT", 130, s);
            s.previousTerm = handle("TERM", 143, s);
        } catch (LinkageError | IllegalArgumentException | UnsupportedOperationException e) {
            // no signal handlers here: the shutdown hook alone stops the run, without the signal's name
        }
        return s;
    }

    @SuppressWarnings("removal")
    private static Object handle(String name, int exitStatus, StopSignals s) {
        return sun.misc.Signal.handle(new sun.misc.Signal(name), sig -> {
            s.signal = "SIG" + name;
            // System.exit runs the shutdown hooks, ours among them, then exits with the status a shell gives a signal
            new Thread(() -> System.exit(exitStatus), "crossover-exit-" + name).start();
        });
    }

    /** Whether a stop has begun (the signal arrived); the run should start nothing new. */
    boolean stopping() {
        return signal != null;
    }

    @Override
    @SuppressWarnings("removal")
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook runs
        }
        try {
            if (previousInt instanceof sun.misc.SignalHandler h) {
                sun.misc.Signal.handle(new sun.misc.Signal("INT"), h);
            }
            if (previousTerm instanceof sun.misc.SignalHandler h) {
                sun.misc.Signal.handle(new sun.misc.Signal("TERM"), h);
            }
        } catch (LinkageError | IllegalArgumentException e) {
            // nothing was installed
        }
    }
}
