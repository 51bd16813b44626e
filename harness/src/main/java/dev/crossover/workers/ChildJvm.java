package dev.crossover.workers;

import dev.crossover.sizing.CpuAffinity;
import dev.crossover.sizing.Niceness;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The one way Crossover starts a child JVM: process pools, peers of the IPC tests and benchmarks,
 * the delay server and the fault benchmarks all go through {@link #launcher(String)}, so a child
 * runs the same JVM as the benchmark fork that started it.
 *
 * <p>The recipe: this JVM's {@code java} binary; JVM logging sent to stderr (stdout may carry
 * frames); this JVM's own GC, heap and {@code -XX} flags ({@link #forkFlags()}, read from
 * {@code RuntimeMXBean.getInputArguments()}, minus those that name files of the parent or record
 * it: flight recordings, class-data archives, JMH's compiler hints, agents, and heap pre-touch, see
 * {@link #NOT_INHERITED}); then the caller's
 * options, which win (a GC chosen by the caller replaces the inherited one); then the class path
 * (this JVM's unless given) and the main class. A JVM started with no flags picks its GC and heap
 * by the same ergonomics as its parent on the same machine, so an empty {@link #forkFlags()} is
 * also the same recipe.
 *
 * <p>The started {@link Child} owns the process: it drains stderr (keeping the last lines for error
 * messages) unless told to inherit it, and {@link Child#close()} ends it (stdin closed first, the
 * lifeline of every Crossover child, then SIGTERM, then SIGKILL) and waits, so no child outlives
 * the code that started it.
 */
public final class ChildJvm {

    /**
     * Options put before the caller's: the JVM's own warnings (CDS/AOT cache mismatches, say) go to
     * stdout by default, where they would corrupt the frames of the pipe transport.
     */
    public static final List<String> LOG_TO_STDERR = List.of("-Xlog:disable", "-Xlog:all=warning:stderr");

    /** Lines of stderr a child keeps for error messages. */
    public static final int STDERR_LINES = 20;

    /**
     * {@code -XX} options never inherited: they name files of the parent (archives, compiler hints,
     * dumps, logs) or record the parent (flight recordings; a recording also costs a child about a
     * second of CPU to start), so a child writing or reading the same file would clash with it; or
     * they make a child's start cost grow with the heap without changing what it can hold
     * ({@code AlwaysPreTouch} touches every page of {@code -Xms} before {@code main}: seconds for a
     * few GiB, see docs/spawn.md).
     */
    static final List<String> NOT_INHERITED = List.of("StartFlightRecording", "FlightRecorderOptions",
            "SharedArchiveFile", "ArchiveClassesAtExit", "AOTCache", "AOTMode", "AOTConfiguration", "AOTCacheOutput",
            "+AutoCreateSharedArchive", "CompileCommandFile", "HeapDumpPath", "ErrorFile", "LogFile", "Flags=",
            "VMOptionsFile", "AlwaysPreTouch");

    private ChildJvm() {
    }

    /** This JVM's java launcher ({@code java.home/bin/java}, else this process's command). */
    public static String javaBinary() {
        Path home = Path.of(System.getProperty("java.home"), "bin", "java");
        if (Files.isExecutable(home)) {
            return home.toString();
        }
        return ProcessHandle.current().info().command().orElseThrow(() -> new IllegalStateException(
                "cannot find the java launcher: neither " + home + " nor this process's command is known"));
    }

    /** The flags of this JVM a child inherits (see the class comment), in their order. */
    public static List<String> forkFlags() {
        return inheritable(ManagementFactory.getRuntimeMXBean().getInputArguments());
    }

    /** Of a JVM's input arguments, those a child inherits: heap ({@code -Xm*}, {@code -Xss}) and {@code -XX} options. */
    public static List<String> inheritable(List<String> inputArguments) {
        List<String> out = new ArrayList<>();
        for (String a : inputArguments) {
            if (a.startsWith("-Xmx") || a.startsWith("-Xms") || a.startsWith("-Xmn") || a.startsWith("-Xss")) {
                out.add(a);
            } else if (a.startsWith("-XX:") && NOT_INHERITED.stream().noneMatch(n -> a.startsWith("-XX:" + n)
                    || a.startsWith("-XX:+" + n) || a.startsWith("-XX:-" + n))) {
                out.add(a);
            }
        }
        return out;
    }

    /** The flags a child started with {@code jvmOptions} runs with: {@link #forkFlags()} merged with them. */
    public static List<String> childFlags(List<String> jvmOptions) {
        return merge(forkFlags(), jvmOptions);
    }

    /**
     * The flags a child started with {@code jvmOptions} runs with when its parent JVM has
     * {@code parentInputArguments}: for a run's metadata, computed before the benchmark forks start.
     */
    public static List<String> childFlags(List<String> parentInputArguments, List<String> jvmOptions) {
        return merge(inheritable(parentInputArguments), jvmOptions);
    }

    /** {@code inherited} then {@code options}; a GC selected in {@code options} drops the inherited GC selection. */
    static List<String> merge(List<String> inherited, List<String> options) {
        boolean ownGc = options.stream().anyMatch(ChildJvm::selectsGc);
        List<String> out = new ArrayList<>();
        for (String f : inherited) {
            if (!(ownGc && selectsGc(f))) {
                out.add(f);
            }
        }
        out.addAll(options);
        return out;
    }

    private static boolean selectsGc(String flag) {
        return flag.matches("-XX:[+-]Use\\w*GC");
    }

    /**
     * {@code java <LOG_TO_STDERR> <fork flags> <jvmOptions> -cp <java.class.path> <mainClass> <args>}:
     * the command {@link #launcher} builds, for callers that start the process themselves.
     */
    public static List<String> command(List<String> jvmOptions, String mainClass, List<String> args) {
        return launcher(mainClass).jvmOptions(jvmOptions).args(args).command();
    }

    /** A launcher of {@code mainClass} with the recipe's defaults. */
    public static Launcher launcher(String mainClass) {
        return new Launcher(mainClass);
    }

    /** A launcher of {@code mainClass} with the recipe's defaults. */
    public static Launcher launcher(Class<?> mainClass) {
        return new Launcher(mainClass.getName());
    }

    /** What to start; each setter returns this. Not thread-safe; reusable. */
    public static final class Launcher {
        private final String mainClass;
        private List<String> jvmOptions = List.of();
        private List<String> args = List.of();
        private String classPath = System.getProperty("java.class.path");
        private boolean inheritFlags = true;
        private boolean inheritStderr;
        private String name;
        private BitSet cpus;
        private Integer nice;

        private Launcher(String mainClass) {
            this.mainClass = Objects.requireNonNull(mainClass, "mainClass");
            this.name = mainClass.substring(mainClass.lastIndexOf('.') + 1);
        }

        /** Options after the fork's flags (they win). */
        public Launcher jvmOptions(List<String> options) {
            this.jvmOptions = List.copyOf(options);
            return this;
        }

        /** Program arguments after the main class. */
        public Launcher args(List<String> programArgs) {
            this.args = List.copyOf(programArgs);
            return this;
        }

        /** Program arguments after the main class. */
        public Launcher args(String... programArgs) {
            return args(List.of(programArgs));
        }

        /** The child's class path; this JVM's by default. */
        public Launcher classPath(String path) {
            this.classPath = Objects.requireNonNull(path, "classPath");
            return this;
        }

        /**
         * Whether the child gets {@link #forkFlags()} (default true). Only the measurement of a bare
         * JVM's start turns it off, to compare like with like on purpose; say so where it is used.
         */
        public Launcher inheritFlags(boolean inherit) {
            this.inheritFlags = inherit;
            return this;
        }

        /** The child's stderr goes to this JVM's stderr instead of being drained into a tail. */
        public Launcher inheritStderr() {
            this.inheritStderr = true;
            return this;
        }

        /** A name for thread names and messages, e.g. {@code process-1}; the main class's simple name by default. */
        public Launcher name(String childName) {
            this.name = Objects.requireNonNull(childName, "name");
            return this;
        }

        /**
         * Binds the child, every thread of it from its first instruction, to {@code cpus} (null: the
         * CPUs of the thread that starts it, the default). It is spawned from a short-lived thread bound
         * to them, since Linux copies the forking thread's CPU mask into the child and keeps it across
         * {@code exec}: so the JVM's own GC and compiler threads, started before its {@code main}, are
         * bound too, with no tool such as {@code taskset} needed. The JDK's process-reaper thread, when
         * this start creates it, inherits the mask as well; it only waits for children to exit.
         */
        public Launcher cpus(BitSet set) {
            if (set != null && set.isEmpty()) {
                throw new IllegalArgumentException("child JVM " + name + ": an empty CPU set leaves it nowhere to run; give at least one CPU");
            }
            this.cpus = set == null ? null : (BitSet) set.clone();
            return this;
        }

        /**
         * Asks for the child to run at nice value {@code value} (null: the caller's, the default), every
         * thread of it, set like {@link #cpus} on the short-lived thread that spawns it. Raising the priority
         * needs {@code CAP_SYS_NICE}; without it the child starts at the caller's priority, and {@link
         * dev.crossover.sizing.Niceness#ofProcess} tells which it got.
         */
        public Launcher nice(Integer value) {
            this.nice = value;
            return this;
        }

        /** The full command line. */
        public List<String> command() {
            List<String> cmd = new ArrayList<>();
            cmd.add(javaBinary());
            cmd.addAll(LOG_TO_STDERR);
            cmd.addAll(inheritFlags ? merge(forkFlags(), jvmOptions) : jvmOptions);
            cmd.add("-cp");
            cmd.add(classPath);
            cmd.add(mainClass);
            cmd.addAll(args);
            return cmd;
        }

        /** Starts the child. */
        public Child start() throws IOException {
            List<String> cmd = command();
            ProcessBuilder pb = new ProcessBuilder(cmd);
            if (inheritStderr) {
                pb.redirectError(ProcessBuilder.Redirect.INHERIT);
            }
            Process p;
            try {
                p = cpus == null && nice == null ? pb.start() : startBound(pb, cpus, nice);
            } catch (IOException e) {
                throw new IOException("cannot start child JVM " + cmd + ": " + e.getMessage(), e);
            }
            return new Child(p, name + " (pid " + p.pid() + ")", cmd, !inheritStderr);
        }

        private Process startBound(ProcessBuilder pb, BitSet set, Integer niceValue) throws IOException {
            Process[] started = new Process[1];
            Throwable[] failed = new Throwable[1];
            Thread spawner = Thread.ofPlatform().name(name + "-spawner").unstarted(() -> {
                try {
                    if (set != null) {
                        CpuAffinity.set(set);
                    }
                    if (niceValue != null) {
                        Niceness.setCurrentThread(niceValue); // refused without CAP_SYS_NICE: the child keeps the caller's
                    }
                    started[0] = pb.start();
                } catch (Throwable t) {
                    failed[0] = t;
                }
            });
            spawner.start();
            try {
                spawner.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                // the spawner ends by itself; a child it started is ended here, so none is left behind
                joinUninterruptibly(spawner);
                if (started[0] != null) {
                    started[0].destroyForcibly();
                }
                throw new IOException("interrupted while starting child JVM " + name, e);
            }
            if (failed[0] instanceof IOException io) {
                throw io;
            }
            if (failed[0] != null) {
                throw new IOException("cannot bind child JVM " + name + " to CPUs " + (set == null ? "(unchanged)" : CpuAffinity.list(set))
                        + ": " + failed[0].getMessage(), failed[0]);
            }
            return started[0];
        }

        private static void joinUninterruptibly(Thread t) {
            boolean interrupted = false;
            while (t.isAlive()) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A started child JVM; {@link #close()} ends it and waits. Thread-safe. */
    public static final class Child implements AutoCloseable {
        private final Process process;
        private final String name;
        private final List<String> command;
        private final ArrayDeque<String> tail = new ArrayDeque<>();
        private final Thread stderrDrain;

        private Child(Process process, String name, List<String> command, boolean drainStderr) {
            this.process = process;
            this.name = name;
            this.command = List.copyOf(command);
            if (drainStderr) {
                stderrDrain = new Thread(this::drainStderr, name + "-stderr");
                stderrDrain.setDaemon(true);
                stderrDrain.start();
            } else {
                stderrDrain = null;
            }
        }

        private void drainStderr() {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (tail) {
                        if (tail.size() == STDERR_LINES) {
                            tail.removeFirst();
                        }
                        tail.addLast(line);
                    }
                }
            } catch (IOException | UncheckedIOException ignored) {
                // The child is gone; what was read is kept.
            }
        }

        public Process process() {
            return process;
        }

        public long pid() {
            return process.pid();
        }

        /** E.g. {@code process-1 (pid 4711)}. */
        public String name() {
            return name;
        }

        public List<String> command() {
            return command;
        }

        /** The child's stdin: the lifeline of Crossover's children (end of stream ends them). */
        public OutputStream stdin() {
            return process.getOutputStream();
        }

        /** The child's stdout. */
        public InputStream stdout() {
            return process.getInputStream();
        }

        public boolean isAlive() {
            return process.isAlive();
        }

        /** The last {@link #STDERR_LINES} lines of stderr read so far (none when inherited). */
        public List<String> stderrTail() {
            synchronized (tail) {
                return List.copyOf(tail);
            }
        }

        /** The last stderr lines once the child's stderr ended (waits up to {@code timeout} for the end). */
        public List<String> finalStderrTail(Duration timeout) {
            if (stderrDrain != null) {
                try {
                    stderrDrain.join(timeout);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return stderrTail();
        }

        /** The exit code once the child exited within {@code timeout}, else null. */
        public Integer awaitExit(Duration timeout) {
            try {
                if (process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                    return process.exitValue();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }

        /** SIGKILL, without waiting. */
        public void kill() {
            process.destroyForcibly();
        }

        /**
         * Ends the child: closes its stdin (its lifeline) and waits up to {@code grace} for it to
         * exit, then SIGTERM for up to 5 s, then SIGKILL; waits until it is gone (up to 10 s more).
         * Returns its exit code, or null when even SIGKILL did not end it in time.
         */
        public Integer destroy(Duration grace) {
            try {
                process.getOutputStream().close();
            } catch (IOException ignored) {
                // already closed or broken: the child is going anyway
            }
            Integer code = grace.isZero() ? null : awaitExit(grace);
            if (code == null && !grace.isZero()) {
                process.destroy();
                code = awaitExit(Duration.ofSeconds(5));
            }
            if (code == null) {
                process.destroyForcibly();
                code = awaitExit(Duration.ofSeconds(10));
            }
            return code;
        }

        /** {@code exit code N; last stderr lines: [...]} for error messages, after the child ended. */
        public String describeEnd() {
            Integer code = awaitExit(Duration.ofSeconds(2));
            return "exit code " + code + "; last stderr lines: " + finalStderrTail(Duration.ofSeconds(1));
        }

        /** SIGKILL and wait: {@code destroy(Duration.ZERO)}. */
        @Override
        public void close() {
            destroy(Duration.ZERO);
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
