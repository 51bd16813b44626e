package dev.crossover.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.crossover.load.DelayServerProcess;
import dev.crossover.results.BadInputException;
import dev.crossover.results.RunData;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;

/**
 * The CPython group of a run: the study notes' own programs ({@code benchmarks/src/main/python}, module
 * {@code crossover_cpython}), run by a CPython 3.10 or newer into {@code jmh-cpython.json} beside the JMH
 * groups' files, in JMH's format, so report and compare read them like any other group.
 *
 * <p>The interpreter is the one given ({@code --python PATH}, {@code -Dbench.python=PATH}; it must be a
 * CPython 3.10 or newer, else the run stops with exit 2), or else {@code python3} on the {@code PATH};
 * when there is none the run says so in one line and the report marks the CPython column "not measured".
 * The I/O programs use the suite's delay server ({@link DelayServerProcess}), started for the group and
 * stopped after it.
 */
public final class CPythonGroup {

    /** The group's result file in the run directory. */
    public static final String RESULT_FILE = "jmh-cpython.json";
    /** What the run did about CPython: which interpreter, or why it measured nothing. */
    public static final String STATUS_FILE = "cpython.json";
    /** The Python module's name; its files lie under {@code python/} on the class path (benchmarks.jar). */
    public static final String MODULE = "crossover_cpython";
    /** The module's files, as packaged into benchmarks.jar; a test checks this list against the sources. */
    public static final List<String> MODULE_FILES = List.of("__init__.py", "__main__.py", "delay.py", "measure.py", "programs.py");
    /** A directory holding {@code crossover_cpython/} to use instead of the packaged copy (tests, development). */
    public static final String SOURCE_PROPERTY = "crossover.python.src";
    /** The oldest Python the module supports. */
    public static final int MIN_MAJOR = 3;
    public static final int MIN_MINOR = 10;
    /** The default delay of the delay server the I/O programs call (each request asks for its own). */
    static final long DELAY_SERVER_DEFAULT_MICROS = 10_000;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** An interpreter that passed the check. */
    public record Interpreter(String path, String version, String implementation, boolean gil) {
        /** e.g. {@code CPython 3.11.7 (GIL enabled)}. */
        public String describe() {
            return "CPython " + version + (gil ? " (GIL enabled)" : " (GIL disabled, free-threaded)");
        }
    }

    /** One CPython benchmark as the module lists it. */
    public record Listed(String benchmark, List<String> claims, int configurations, double estimateSeconds) {
    }

    private final Interpreter interpreter;
    private final String notMeasured;
    private final String preset;
    private final int cores;
    private final List<Listed> selected;
    /** The run's {@code --claims}, passed on: quick runs every value of a program serving one of them. */
    private String claims = "";

    private CPythonGroup(Interpreter interpreter, String notMeasured, String preset, int cores, List<Listed> selected) {
        this.interpreter = interpreter;
        this.notMeasured = notMeasured;
        this.preset = preset;
        this.cores = cores;
        this.selected = List.copyOf(selected);
    }

    private boolean machineLock = true;

    /**
     * Whether the group takes JMH's machine-wide lock while it runs (the default: no JMH run on the machine disturbs it,
     * nor it them); tests that check behaviour, not figures, turn it off so they never queue behind a benchmark run.
     */
    public CPythonGroup machineLock(boolean on) {
        this.machineLock = on;
        return this;
    }

    /** A group that measures nothing, saying why (the report's "not measured"). */
    public static CPythonGroup notMeasured(String why) {
        return new CPythonGroup(null, why, null, 0, List.of());
    }

    /**
     * Plans the group: finds the interpreter and the module's benchmarks selected by {@code include}
     * (matched against {@code cpython.Class.method} and {@code Class.method}, as for JMH benchmarks) and
     * {@code claims}.
     *
     * @param explicit the {@code --python} value: a path, {@code none}, or null to look for {@code python3}
     * @param pathEnv  the {@code PATH} to search when {@code explicit} is null
     * @throws PlanException when {@code explicit} is not a CPython 3.10 or newer
     */
    public static CPythonGroup plan(String explicit, Preset preset, String include, List<String> claims, int cores,
                                    String pathEnv) throws PlanException {
        Interpreter py;
        if (explicit != null && explicit.equals("none")) {
            return notMeasured("--python none");
        }
        if (explicit != null) {
            py = inspect(Path.of(explicit), "--python " + explicit);
        } else {
            Path found = onPath("python3", pathEnv);
            if (found == null) {
                return notMeasured("no python3 on the PATH (give one with --python PATH or -Dbench.python=PATH)");
            }
            try {
                py = inspect(found, "python3 on the PATH (" + found + ")");
            } catch (PlanException e) {
                return notMeasured(e.getMessage());
            }
        }
        Path src;
        try {
            src = sourceDirectory();
        } catch (IOException e) {
            return notMeasured("the CPython module is not available: " + e.getMessage());
        }
        try {
            String claimList = claims == null ? "" : String.join(",", claims);
            List<Listed> all = list(py, preset, cores, claimList, src);
            Pattern p;
            try {
                p = include == null ? null : Pattern.compile(include);
            } catch (PatternSyntaxException e) {
                throw new PlanException("--include " + include + " is not a regular expression: " + e.getDescription());
            }
            List<Listed> chosen = all.stream()
                    .filter(l -> p == null || p.matcher(l.benchmark()).find() || p.matcher(shortName(l.benchmark())).find())
                    .filter(l -> claims == null || claims.isEmpty() || l.claims().stream().anyMatch(claims::contains))
                    .toList();
            if (chosen.isEmpty()) {
                return notMeasured("no CPython program matches the selection (--include, --claims)");
            }
            CPythonGroup g = new CPythonGroup(py, null, preset.id(), cores, chosen);
            g.claims = claimList;
            return g;
        } finally {
            deleteExtracted(src);
        }
    }

    /** True when the group will run the interpreter. */
    public boolean measures() {
        return interpreter != null;
    }

    /** The interpreter, or null when nothing is measured. */
    public Interpreter interpreter() {
        return interpreter;
    }

    /** The benchmarks the group runs. */
    public List<Listed> selected() {
        return selected;
    }

    /** Seconds the group should take, from the module's own estimate. */
    public double estimateSeconds() {
        return selected.stream().mapToDouble(Listed::estimateSeconds).sum();
    }

    /** One line for the plan. */
    public String planLine() {
        if (!measures()) {
            return "CPython: not measured: " + notMeasured;
        }
        int configs = selected.stream().mapToInt(Listed::configurations).sum();
        return "CPython: " + interpreter.describe() + " at " + interpreter.path() + ", " + selected.size() + " programs, "
                + configs + " configurations into " + RESULT_FILE + ", ~" + Progress.duration(estimateSeconds());
    }

    /**
     * Runs the group into {@code runDir} and writes {@link #STATUS_FILE}; never throws for a failing
     * program, which comes back as a failure of group {@code cpython} (the other results are kept).
     */
    public List<GroupFailure> run(Path runDir, PrintStream console, PrintStream log) throws IOException {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("measured", measures());
        if (!measures()) {
            status.put("why", notMeasured);
            JSON.writeValue(runDir.resolve(STATUS_FILE).toFile(), status);
            console.println("crossover run: CPython not measured: " + notMeasured);
            return List.of();
        }
        status.put("interpreter", interpreter.path());
        status.put("version", interpreter.version());
        status.put("gil", interpreter.gil());
        status.put("preset", preset);
        status.put("cores", cores);
        status.put("benchmarks", selected.stream().map(Listed::benchmark).toList());
        List<GroupFailure> failures = new ArrayList<>();
        console.println("crossover run: CPython group: " + planLine().substring("CPython: ".length()));
        try (FileChannel held = machineLock ? takeJmhLock(console) : null) {
            if (machineLock && held == null) {
                failures.add(new GroupFailure("cpython", "error", "another benchmark run held " + JmhLock.file() + " for "
                        + Progress.duration(SuiteRun.LOCK_WAIT.toSeconds()) + "; the CPython programs did not run"));
            } else {
                Path src = sourceDirectory();
                DelayServerProcess server = null;
                try {
                    try {
                        server = DelayServerProcess.start(DELAY_SERVER_DEFAULT_MICROS);
                        status.put("delayServer", "the suite's delay server (JVM, pid " + server.pid() + ")");
                    } catch (IOException e) {
                        status.put("delayServer", "the module's own asyncio server in a child interpreter (the suite's did not "
                                + "start: " + e.getMessage() + ")");
                    }
                    failures.addAll(execute(runDir, src, server, console, log));
                } finally {
                    if (server != null) {
                        server.close();
                    }
                    deleteExtracted(src);
                }
            }
        }
        JSON.writeValue(runDir.resolve(STATUS_FILE).toFile(), status);
        addToServes(runDir);
        for (GroupFailure f : failures) {
            console.println("  FAILED " + f.group() + " (" + f.kind() + "): " + f.message());
        }
        return failures;
    }

    /**
     * Takes JMH's machine-wide lock as JMH itself does, so that no JMH run disturbs the CPython programs and they
     * disturb none. Returns the channel holding it (closing it releases the lock), or null when another run held it
     * for {@link SuiteRun#LOCK_WAIT}.
     */
    private static FileChannel takeJmhLock(PrintStream console) throws IOException {
        long deadline = System.nanoTime() + SuiteRun.LOCK_WAIT.toNanos();
        while (true) {
            JmhLock.awaitFree(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())), console);
            FileChannel ch = FileChannel.open(JmhLock.file(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock l;
            try {
                l = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                l = null;
            }
            if (l != null) {
                return ch;
            }
            ch.close();
            if (System.nanoTime() > deadline) {
                return null;
            }
        }
    }

    private List<GroupFailure> execute(Path runDir, Path src, DelayServerProcess server, PrintStream console, PrintStream log)
            throws IOException {
        List<GroupFailure> failures = new ArrayList<>();
        Path out = runDir.resolve(RESULT_FILE);
        String include = "^(" + String.join("|", selected.stream().map(l -> l.benchmark().replace(".", "\\.")).toList()) + ")$";
        ProcessBuilder pb = new ProcessBuilder(interpreter.path(), "-m", MODULE, "run", "--preset", preset, "--out",
                out.toString(), "--cores", Integer.toString(cores), "--include", include, "--claims", claims);
        environment(pb, src);
        if (server != null) {
            pb.environment().put("CROSSOVER_DELAY_PORT", Integer.toString(server.port()));
        }
        log.println();
        log.println("#### crossover group cpython: " + String.join(" ", pb.command()));
        Process p = pb.start();
        p.getOutputStream().close();
        ArrayDeque<String> errTail = new ArrayDeque<>();
        Thread errReader = Thread.ofPlatform().daemon().name("cpython-stderr").start(() -> {
            try (BufferedReader r = reader(p.getErrorStream())) {
                String line;
                while ((line = r.readLine()) != null) {
                    log.println(line);
                    synchronized (errTail) {
                        errTail.add(line);
                        if (errTail.size() > 40) {
                            errTail.poll();
                        }
                    }
                }
            } catch (IOException ignored) {
                // the interpreter is gone
            }
        });
        long limit = Math.round(estimateSeconds() * 4 + 300);
        Thread outReader = Thread.ofPlatform().daemon().name("cpython-stdout").start(() -> {
            try (BufferedReader r = reader(p.getInputStream())) {
                String line;
                while ((line = r.readLine()) != null) {
                    log.println(line);
                    console.println("  cpython " + line.strip());
                }
            } catch (IOException ignored) {
                // the interpreter is gone
            }
        });
        boolean ended;
        try {
            ended = p.waitFor(limit, TimeUnit.SECONDS);
            outReader.join(5_000);
            errReader.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ended = false;
        }
        List<String> left = Leftovers.kill(p.toHandle().descendants().filter(ProcessHandle::isAlive).toList(), Duration.ofSeconds(2));
        if (!ended) {
            p.destroyForcibly();
            failures.add(new GroupFailure("cpython", "error", "the CPython group ran longer than " + limit + " s and was ended"));
        } else if (p.exitValue() != 0) {
            List<String> lines;
            synchronized (errTail) {
                lines = errTail.stream().filter(l -> l.startsWith("crossover_cpython")).toList();
                if (lines.isEmpty()) {
                    lines = List.copyOf(errTail);
                }
            }
            failures.add(new GroupFailure("cpython", "error", interpreter.path() + " -m " + MODULE + " exited " + p.exitValue()
                    + ": " + String.join("; ", lines) + " (details in run.log)"));
        }
        if (!left.isEmpty()) {
            failures.add(new GroupFailure("cpython", "leftover-processes",
                    "left " + left.size() + " process(es) running, now ended: " + String.join("; ", left)));
        }
        if (!Files.isRegularFile(out)) {
            failures.add(new GroupFailure("cpython", "missing-results", "no " + RESULT_FILE + " was written (details in run.log)"));
        }
        return failures;
    }

    /** Adds the CPython classes to serves.json with no IDs: their results feed the CPython section, not the JVM verdicts. */
    private void addToServes(Path runDir) throws IOException {
        Path file = runDir.resolve(RunData.SERVES_FILE);
        Map<String, List<String>> serves = new TreeMap<>();
        if (Files.isRegularFile(file)) {
            try {
                serves.putAll(RunData.readServes(file));
            } catch (BadInputException e) {
                return;
            }
        }
        selected.forEach(l -> serves.putIfAbsent(className(l.benchmark()), List.of()));
        RunData.writeServes(file, serves);
    }

    /**
     * Checks that {@code exe} is a CPython 3.10 or newer.
     *
     * @param what how the message names it, e.g. {@code --python /usr/bin/python2}
     */
    public static Interpreter inspect(Path exe, String what) throws PlanException {
        if (!Files.isRegularFile(exe) || !Files.isExecutable(exe)) {
            throw new PlanException(what + ": no executable file " + exe + "; give the path of a CPython " + MIN_MAJOR + "."
                    + MIN_MINOR + " or newer (e.g. /usr/bin/python3), or --python none to measure no CPython");
        }
        String probe = "import sys, json; g = getattr(sys, '_is_gil_enabled', None); "
                + "print('CROSSOVER_PY ' + json.dumps({'impl': sys.implementation.name, 'version': list(sys.version_info[:3]), "
                + "'gil': bool(g()) if g else True, 'executable': sys.executable}))";
        String out;
        int exit;
        try {
            Process p = new ProcessBuilder(exe.toString(), "-c", probe).redirectErrorStream(true).start();
            p.getOutputStream().close();
            out = new String(p.getInputStream().readNBytes(1 << 16), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new PlanException(what + ": " + exe + " did not answer within 30 s; is it a Python interpreter?");
            }
            exit = p.exitValue();
        } catch (IOException e) {
            throw new PlanException(what + ": cannot run " + exe + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlanException(what + ": interrupted while asking " + exe + " for its version");
        }
        JsonNode n = null;
        for (String line : out.split("\\R")) {
            if (line.startsWith("CROSSOVER_PY ")) {
                try {
                    n = JSON.readTree(line.substring("CROSSOVER_PY ".length()));
                } catch (IOException e) {
                    n = null;
                }
            }
        }
        if (exit != 0 || n == null || !n.path("version").isArray()) {
            String said = out.strip();
            throw new PlanException(what + ": " + exe + " is not a Python interpreter (it " + (said.isEmpty() ? "printed nothing"
                    : "said: " + said.lines().limit(2).reduce((a, b) -> a + " / " + b).orElse("")) + ", exit " + exit
                    + "); give the path of a CPython " + MIN_MAJOR + "." + MIN_MINOR + " or newer (e.g. /usr/bin/python3)");
        }
        int major = n.path("version").path(0).asInt();
        int minor = n.path("version").path(1).asInt();
        String version = major + "." + minor + "." + n.path("version").path(2).asInt();
        if (!n.path("impl").asText().equals("cpython")) {
            throw new PlanException(what + ": " + exe + " is " + n.path("impl").asText() + " " + version
                    + ", not CPython; the notes' claims are about CPython: give a CPython " + MIN_MAJOR + "." + MIN_MINOR + " or newer");
        }
        if (major < MIN_MAJOR || (major == MIN_MAJOR && minor < MIN_MINOR)) {
            throw new PlanException(what + ": " + exe + " is Python " + version + "; the CPython programs need " + MIN_MAJOR + "."
                    + MIN_MINOR + " or newer: install one (Debian: apt-get install python3) and pass its path");
        }
        // a launcher such as a pyenv shim reports the interpreter it runs: fork that one directly
        String real = n.path("executable").asText("");
        String path = !real.isEmpty() && Files.isExecutable(Path.of(real)) ? real : exe.toString();
        return new Interpreter(path, version, "cpython", n.path("gil").asBoolean(true));
    }

    /** The first executable {@code name} in the directories of {@code pathEnv}, or null. */
    static Path onPath(String name, String pathEnv) {
        if (pathEnv == null) {
            return null;
        }
        for (String dir : pathEnv.split(java.io.File.pathSeparator)) {
            if (dir.isBlank()) {
                continue;
            }
            Path c = Path.of(dir, name);
            if (Files.isRegularFile(c) && Files.isExecutable(c)) {
                return c;
            }
        }
        return null;
    }

    private static List<Listed> list(Interpreter py, Preset preset, int cores, String runClaims, Path src) throws PlanException {
        ProcessBuilder pb = new ProcessBuilder(py.path(), "-m", MODULE, "list", "--preset", preset.id(), "--cores",
                Integer.toString(cores), "--claims", runClaims);
        environment(pb, src);
        try {
            Process p = pb.redirectErrorStream(false).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new PlanException(py.path() + " -m " + MODULE + " list failed: " + err);
            }
            List<Listed> listed = new ArrayList<>();
            for (JsonNode e : JSON.readTree(out)) {
                List<String> claims = new ArrayList<>();
                e.path("claims").forEach(c -> claims.add(c.asText()));
                listed.add(new Listed(e.path("benchmark").asText(), List.copyOf(claims), e.path("configurations").size(),
                        e.path("estimateSeconds").asDouble()));
            }
            return listed;
        } catch (IOException e) {
            throw new PlanException(py.path() + " -m " + MODULE + " list failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlanException("interrupted while listing the CPython programs");
        }
    }

    private static void environment(ProcessBuilder pb, Path src) {
        pb.environment().put("PYTHONPATH", src.toString());
        pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        pb.environment().remove("CROSSOVER_DELAY_PORT");
    }

    /**
     * A directory holding {@code crossover_cpython/}: {@link #SOURCE_PROPERTY} when set, else a temporary copy of
     * the module packaged in benchmarks.jar (deleted by {@link #deleteExtracted}), else the source tree when the
     * working directory is the repository's root.
     */
    static Path sourceDirectory() throws IOException {
        String given = System.getProperty(SOURCE_PROPERTY);
        if (given != null && !given.isBlank()) {
            Path dir = Path.of(given);
            if (!Files.isRegularFile(dir.resolve(MODULE).resolve("__main__.py"))) {
                throw new IOException("-D" + SOURCE_PROPERTY + "=" + given + " holds no " + MODULE + "/__main__.py");
            }
            return dir;
        }
        ClassLoader cl = CPythonGroup.class.getClassLoader();
        if (cl.getResource("python/" + MODULE + "/__main__.py") != null) {
            Path dir = Files.createTempDirectory("cpython-src-");
            Files.writeString(dir.resolve(EXTRACTED_MARK), "");
            Path pkg = Files.createDirectories(dir.resolve(MODULE));
            for (String f : MODULE_FILES) {
                try (InputStream in = cl.getResourceAsStream("python/" + MODULE + "/" + f)) {
                    if (in == null) {
                        deleteExtracted(dir);
                        throw new IOException("python/" + MODULE + "/" + f + " is missing from the class path (rebuild benchmarks.jar)");
                    }
                    Files.copy(in, pkg.resolve(f));
                }
            }
            return dir;
        }
        Path tree = Path.of("benchmarks", "src", "main", "python");
        if (Files.isRegularFile(tree.resolve(MODULE).resolve("__main__.py"))) {
            return tree.toAbsolutePath();
        }
        throw new IOException("neither benchmarks.jar's python/" + MODULE + " on the class path nor " + tree
                + " under the working directory; run from the repository's root or set -D" + SOURCE_PROPERTY + "=DIR");
    }

    private static final String EXTRACTED_MARK = ".extracted-by-crossover";

    /** Deletes a temporary copy made by {@link #sourceDirectory()}; leaves a given directory alone. */
    static void deleteExtracted(Path dir) {
        if (dir == null || !Files.exists(dir.resolve(EXTRACTED_MARK))) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path f : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        } catch (IOException ignored) {
            // a temporary directory the OS cleans up
        }
    }

    /** {@code CpuBound.threads} of {@code cpython.CpuBound.threads}. */
    static String shortName(String benchmark) {
        int dot = benchmark.indexOf('.');
        return dot < 0 ? benchmark : benchmark.substring(dot + 1);
    }

    /** {@code CpuBound} of {@code cpython.CpuBound.threads}. */
    static String className(String benchmark) {
        String s = shortName(benchmark);
        int dot = s.indexOf('.');
        return dot < 0 ? s : s.substring(0, dot);
    }

    private static BufferedReader reader(InputStream in) {
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }
}
