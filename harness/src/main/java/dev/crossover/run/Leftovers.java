package dev.crossover.run;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * What a benchmark may leave behind — descendant processes, stray workers of earlier runs, mapped
 * files named {@code crossover-*} — found, ended or removed, and described for the report.
 */
public final class Leftovers {

    /** Main classes of the child JVMs Crossover starts. */
    public static final List<String> CHILD_MAIN_CLASSES =
            List.of("dev.crossover.workers.WorkerMain", "dev.crossover.load.DelayServerMain");

    /** Prefix of every file the suite maps or creates. */
    public static final String FILE_PREFIX = "crossover-";

    private Leftovers() {
    }

    /** Ends every descendant of this JVM (politely, then forcibly) and describes each one. */
    public static List<String> killDescendants(Duration grace) {
        List<ProcessHandle> found = ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList();
        return kill(found, grace);
    }

    /**
     * Makes this JVM adopt the orphans of its descendants (Linux), so that {@link #killDescendants} also
     * finds what a finished JMH fork left running. Returns false where that is not possible.
     */
    public static boolean adoptOrphans() {
        return Subreaper.enable();
    }

    /**
     * Child JVMs of earlier runs whose parent is gone: a command line naming one of
     * {@link #CHILD_MAIN_CLASSES}, and no parent or the init process as parent.
     */
    public static List<ProcessHandle> strayWorkers() {
        long self = ProcessHandle.current().pid();
        return ProcessHandle.allProcesses()
                .filter(p -> p.pid() != self)
                .filter(p -> commandLine(p).map(c -> CHILD_MAIN_CLASSES.stream().anyMatch(c::contains)).orElse(false))
                .filter(p -> p.parent().map(pp -> pp.pid() == 1 || !pp.isAlive()).orElse(true))
                .toList();
    }

    /** Ends the given processes and describes each one. */
    public static List<String> kill(List<ProcessHandle> processes, Duration grace) {
        List<String> out = new ArrayList<>();
        for (ProcessHandle p : processes) {
            out.add(describe(p));
            p.destroy();
        }
        for (ProcessHandle p : processes) {
            try {
                p.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                p.destroyForcibly();
                try {
                    p.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
                } catch (Exception again) {
                    // reported above; nothing more we can do
                }
            }
        }
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        processes.forEach(p -> Subreaper.reapIfZombie(p.pid()));
        return out;
    }

    /**
     * What a JMH run left among this JVM's descendants, ended or described: those still running, and
     * those that had already ended but that no parent reaped (zombies, adopted by this JVM as
     * subreaper; a zombie keeps no command line, so it is named by its executable, e.g. {@code [echo]}).
     * The ended ones are split by who left them: with {@code perfWrapsForks} (a {@code perf}
     * profiler, see {@link #perfWrapsForks}) every ended process is perf's, for perf leaves its
     * workload unreaped when it exits (its probes {@code perf stat … echo 1} and the JMH fork it
     * wrapped), and an ended worker JVM a fork left behind cannot be told from them (a running one
     * still can); without it, an ended process is one a fork left behind that outlived it.
     */
    public record Found(List<String> running, List<String> endedLeftBehind, List<String> endedByPerf) {
        /** Whether anything here is the benchmark's fault: a process still running or one that outlived its parent. */
        public boolean leftBehind() {
            return !running.isEmpty() || !endedLeftBehind.isEmpty();
        }
    }

    /** Ends the running {@code processes}, reaps the ended ones, and sorts them into a {@link Found}. */
    public static Found endAll(List<ProcessHandle> processes, boolean perfWrapsForks, Duration grace) {
        List<ProcessHandle> running = new ArrayList<>();
        List<String> ended = new ArrayList<>();
        for (ProcessHandle p : processes) {
            if (hasEnded(p.pid())) {
                ended.add(describe(p));
                Subreaper.reapIfZombie(p.pid());
            } else {
                running.add(p);
            }
        }
        List<String> killed = kill(running, grace);
        return perfWrapsForks ? new Found(killed, List.of(), ended) : new Found(killed, ended, List.of());
    }

    /**
     * Whether JMH starts its forks under {@code perf} ({@code -prof perf}, {@code perfnorm},
     * {@code perfasm}, {@code perfc2c} or their {@code LinuxPerf*Profiler} classes), given the
     * profiler names as {@code -prof} spelled them.
     */
    public static boolean perfWrapsForks(List<String> profilers) {
        return profilers.stream().anyMatch(p -> p.matches("perf(norm|asm|c2c)?") || p.contains(".LinuxPerf"));
    }

    /** Whether {@code pid} has ended and waits to be reaped (state {@code Z} or {@code X} in {@code /proc/<pid>/stat}). */
    static boolean hasEnded(long pid) {
        char state = Subreaper.state(pid);
        return state == 'Z' || state == 'X';
    }

    /** The executable name the kernel keeps for {@code pid} ({@code comm}), also once it has ended. */
    static Optional<String> executableName(long pid) {
        return procStat(pid).flatMap(s -> {
            int open = s.indexOf('(');
            int close = s.lastIndexOf(')');
            return open >= 0 && close > open ? Optional.of(s.substring(open + 1, close)) : Optional.empty();
        });
    }

    private static Optional<String> procStat(long pid) {
        try {
            return Optional.of(Files.readString(Paths.get("/proc", Long.toString(pid), "stat")));
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    /**
     * {@code pid 1234: java -cp … dev.crossover.workers.WorkerMain} (shortened); for a process
     * that has ended, which keeps no command line: {@code pid 1234: [echo] (ended)}.
     */
    public static String describe(ProcessHandle p) {
        String cmd = commandLine(p).orElse(null);
        if (cmd == null) {
            return "pid " + p.pid() + ": [" + executableName(p.pid()).orElse("?") + "]" + (hasEnded(p.pid()) ? " (ended)" : "");
        }
        if (cmd.length() > 160) {
            cmd = cmd.substring(0, 60) + " … " + cmd.substring(cmd.length() - 90);
        }
        return "pid " + p.pid() + ": " + cmd;
    }

    /** The command line, from the process info or {@code /proc/<pid>/cmdline}. */
    static Optional<String> commandLine(ProcessHandle p) {
        Optional<String> c = p.info().commandLine();
        if (c.isPresent()) {
            return c;
        }
        try {
            byte[] raw = Files.readAllBytes(Paths.get("/proc", Long.toString(p.pid()), "cmdline"));
            return raw.length == 0 ? Optional.empty()
                    : Optional.of(new String(raw, java.nio.charset.StandardCharsets.UTF_8).replace('\0', ' ').trim());
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    /** Directories where mapped files live: {@code /dev/shm} (where present) and the temp directory. */
    public static List<Path> fileDirectories() {
        List<Path> dirs = new ArrayList<>();
        Path shm = Paths.get("/dev/shm");
        if (Files.isDirectory(shm)) {
            dirs.add(shm);
        }
        dirs.add(Paths.get(System.getProperty("java.io.tmpdir")));
        return dirs;
    }

    /** Every {@code crossover-*} file in {@code dirs}. */
    public static Set<Path> files(List<Path> dirs) {
        Set<Path> out = new HashSet<>();
        for (Path d : dirs) {
            try (DirectoryStream<Path> s = Files.newDirectoryStream(d, FILE_PREFIX + "*")) {
                s.forEach(f -> {
                    if (Files.isRegularFile(f)) {
                        out.add(f.toAbsolutePath());
                    }
                });
            } catch (IOException | SecurityException e) {
                // an unreadable directory holds nothing we could remove either
            }
        }
        return out;
    }

    /**
     * Files no living process has mapped or open, judged from {@code /proc/<pid>/maps} and {@code fd};
     * files younger than {@code minAge} are left alone (their owner may be about to map them).
     */
    public static List<Path> staleFiles(Set<Path> candidates, Duration minAge) {
        Set<String> inUse = filesInUse();
        long cutoff = System.currentTimeMillis() - minAge.toMillis();
        List<Path> out = new ArrayList<>();
        for (Path f : candidates) {
            try {
                if (!inUse.contains(f.toString()) && Files.getLastModifiedTime(f).toMillis() <= cutoff) {
                    out.add(f);
                }
            } catch (IOException e) {
                // gone already
            }
        }
        out.sort(null);
        return out;
    }

    /** Deletes the files; returns the ones deleted. */
    public static List<Path> delete(List<Path> files) {
        List<Path> out = new ArrayList<>();
        for (Path f : files) {
            try {
                if (Files.deleteIfExists(f)) {
                    out.add(f);
                }
            } catch (IOException e) {
                // left for the next clean; the caller reports what was deleted
            }
        }
        return out;
    }

    /** Paths mapped or held open by any process we can see. */
    static Set<String> filesInUse() {
        Set<String> used = new HashSet<>();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Paths.get("/proc"), "[0-9]*")) {
            for (Path proc : procs) {
                try {
                    for (String line : Files.readAllLines(proc.resolve("maps"))) {
                        int i = line.indexOf('/');
                        if (i >= 0 && line.contains(FILE_PREFIX)) {
                            used.add(line.substring(i).replace(" (deleted)", ""));
                        }
                    }
                } catch (IOException | SecurityException | java.io.UncheckedIOException e) {
                    // process ended or not ours
                }
                try (DirectoryStream<Path> fds = Files.newDirectoryStream(proc.resolve("fd"))) {
                    for (Path fd : fds) {
                        try {
                            String target = Files.readSymbolicLink(fd).toString();
                            if (target.contains(FILE_PREFIX)) {
                                used.add(target);
                            }
                        } catch (IOException | SecurityException e) {
                            // closed meanwhile
                        }
                    }
                } catch (IOException | SecurityException e) {
                    // process ended or not ours
                }
            }
        } catch (IOException e) {
            // no /proc: nothing is known to be in use, and staleFiles then relies on age alone
        }
        return used;
    }
}
