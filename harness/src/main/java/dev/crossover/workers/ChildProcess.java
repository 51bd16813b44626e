package dev.crossover.workers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * One child JVM with the life cycle of the notes' {@code multiprocessing.Process} (C22): made, then
 * {@link #start()}ed once; {@link #join(Duration)} blocks at most its timeout; {@link #exitCode()} is
 * null while it runs and its exit status once it ended; {@link #isAlive()}; {@link #terminate()} ends it
 * with SIGTERM (the JVM runs its shutdown hooks and exits with 143), {@link #kill()} with SIGKILL (137).
 * Started the {@link ChildJvm} way, so it runs this JVM's java and flags; its stdin is its lifeline.
 *
 * <p>Misuse fails at once with what to do instead: joining or terminating a process never started,
 * starting one twice, and joining the current process ({@link #current()}), which in Python raises
 * "can only join a child process" because it would wait for its own end forever.
 */
public final class ChildProcess implements AutoCloseable {

    private final ChildJvm.Launcher launcher;
    private final String description;
    private final boolean self;
    private volatile ChildJvm.Child child;

    private ChildProcess(ChildJvm.Launcher launcher, String description, boolean self) {
        this.launcher = launcher;
        this.description = description;
        this.self = self;
    }

    /** A process that will run {@code main} with {@code args}; nothing starts before {@link #start()}. */
    public static ChildProcess of(Class<?> main, String... args) {
        Objects.requireNonNull(main, "main");
        return new ChildProcess(ChildJvm.launcher(main).args(args).inheritStderr(),
                main.getSimpleName() + (args.length == 0 ? "" : " " + String.join(" ", args)), false);
    }

    /** This JVM as a handle, as Python's {@code current_process()}: it can be asked about, never joined. */
    public static ChildProcess current() {
        return new ChildProcess(null, "the current process (pid " + ProcessHandle.current().pid() + ")", true);
    }

    /** Starts the child JVM. */
    public synchronized ChildProcess start() {
        if (self) {
            throw new IllegalStateException(description + " is already running; start() makes a new child, use ChildProcess.of");
        }
        if (child != null) {
            throw new IllegalStateException(this + " was already started; a process starts once: make a new ChildProcess");
        }
        try {
            child = launcher.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
        return this;
    }

    private ChildJvm.Child started(String op) {
        if (self) {
            throw new IllegalStateException(op + " on " + description + ": a process cannot " + op + " itself (join would wait for its "
                    + "own end forever); call it from the parent on the ChildProcess it started");
        }
        ChildJvm.Child c = child;
        if (c == null) {
            throw new IllegalStateException(op + " on " + description + ", which was never started: call start() first");
        }
        return c;
    }

    /**
     * Waits at most {@code timeout} for the child to end; true when it has ended.
     *
     * @throws IllegalStateException before {@link #start()}, or on {@link #current()}
     */
    public boolean join(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout; use join() to wait as long as it takes");
        return started("join").process().waitFor(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
    }

    /** Waits as long as it takes for the child to end. */
    public void join() throws InterruptedException {
        started("join").process().waitFor();
    }

    /** The exit status once the child ended (143 after {@link #terminate()}, 137 after {@link #kill()}); null while it runs or before start. */
    public Integer exitCode() {
        ChildJvm.Child c = child;
        if (c == null || c.isAlive()) {
            return null;
        }
        return c.process().exitValue();
    }

    /** True between {@link #start()} and the child's end. */
    public boolean isAlive() {
        if (self) {
            return true;
        }
        ChildJvm.Child c = child;
        return c != null && c.isAlive();
    }

    /** Asks the child to end now (SIGTERM) without waiting; {@link #join(Duration)} waits for it. */
    public void terminate() {
        // Through the handle: Process.destroy() also closes the child's stdin, its lifeline, which would
        // race the signal and end the child with the lifeline's status instead of SIGTERM's.
        started("terminate").process().toHandle().destroy();
    }

    /** Ends the child at once (SIGKILL) without waiting. */
    public void kill() {
        started("kill").kill();
    }

    /** The child's pid. */
    public long pid() {
        return self ? ProcessHandle.current().pid() : started("pid").pid();
    }

    /** The child's stdout (its lines are the child's own business). */
    public java.io.InputStream stdout() {
        return started("stdout").stdout();
    }

    /** Kills the child if it still runs and waits until it is gone. */
    @Override
    public void close() {
        ChildJvm.Child c = child;
        if (c != null) {
            c.close();
        }
    }

    /** The command line it runs (or would run). */
    public List<String> command() {
        return self ? List.of() : launcher.command();
    }

    @Override
    public String toString() {
        ChildJvm.Child c = child;
        return description + (c == null ? "" : " (pid " + c.pid() + ")");
    }
}
