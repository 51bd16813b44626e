package dev.crossover.ipc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import dev.crossover.workers.ChildJvm;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A peer child JVM running one main class of this class path, for the cross-process sides of the IPC
 * tests and benchmarks, started by {@link ChildJvm} (so with this JVM's GC, heap and flags). Its
 * stdin is a pipe the child treats as its lifeline (see {@link IpcPeerMain}); its stdout is read as
 * lines; its stderr goes to ours. {@link #close()} kills it and waits, so no child outlives its test
 * or benchmark trial.
 */
public final class PeerJvm implements AutoCloseable {

    private static final String EOF = new String("<eof>");

    private final ChildJvm.Child child;
    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final String description;

    private PeerJvm(ChildJvm.Child child, String description) {
        this.child = child;
        this.process = child.process();
        this.description = description;
        Thread reader = new Thread(this::readLines, "child-stdout-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code main} with {@code args} on the java binary and class path of this JVM. */
    public static PeerJvm start(Class<?> main, String... args) {
        return start(java.util.List.of(), main, args);
    }

    /** Like {@link #start(Class, String...)}, with JVM options beyond the inherited flags (e.g. native access for futexes). */
    public static PeerJvm start(java.util.List<String> jvmOptions, Class<?> main, String... args) {
        try {
            return new PeerJvm(ChildJvm.launcher(main).jvmOptions(jvmOptions).args(args).inheritStderr().start(),
                    main.getSimpleName() + " " + String.join(" ", args));
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    private void readLines() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                lines.add(line);
            }
        } catch (IOException ignored) {
            // the child died or was killed; EOF below tells the waiting side
        }
        lines.add(EOF);
    }

    /**
     * The next line the child writes on stdout.
     *
     * @throws IllegalStateException when the child ends first or nothing comes within {@code timeout}
     */
    public String readLine(Duration timeout) throws InterruptedException {
        String line = lines.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (line == null) {
            throw new IllegalStateException("child " + this + " wrote no line within " + timeout);
        }
        if (line == EOF) {
            lines.add(EOF);
            Integer code = process.isAlive() ? null : process.waitFor();
            throw new IllegalStateException("child " + this + " ended its output" + (code == null ? "" : " with exit code " + code)
                    + " (see its stderr above)");
        }
        return line;
    }

    /** Reads lines until one starts with {@code prefix}; returns it. */
    public String expect(String prefix, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String line = readLine(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (line.startsWith(prefix)) {
                return line;
            }
        }
    }

    /** The child's stdin (its lifeline; closing it asks a {@link IpcPeerMain} child to exit). */
    public OutputStream stdin() {
        return process.getOutputStream();
    }

    public Process process() {
        return process;
    }

    public long pid() {
        return process.pid();
    }

    /** Waits for a normal exit; kills the child if it does not exit in time. Returns the exit code. */
    public int waitFor(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            close();
            throw new IllegalStateException("child " + this + " did not exit within " + timeout + "; killed");
        }
        return process.exitValue();
    }

    /** Kills the child (SIGKILL) and waits until it is gone. */
    @Override
    public void close() {
        child.close();
    }

    @Override
    public String toString() {
        return description + " (pid " + process.pid() + ")";
    }
}
