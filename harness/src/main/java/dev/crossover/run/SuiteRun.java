package dev.crossover.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.crossover.analysis.Analysis;
import dev.crossover.analysis.CrossoverFinding;
import dev.crossover.analysis.Refinement;
import dev.crossover.profile.CostProfiler;
import dev.crossover.results.BadInputException;
import dev.crossover.results.RunData;
import dev.crossover.results.RunMetadataFile;
import dev.crossover.results.RunMetadata;
import dev.crossover.workers.ChildJvm;
import dev.crossover.workers.PoolSpec;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One run of the suite: the plan's groups, one JMH {@code Runner} call each, into a fresh run
 * directory. A failing group is recorded and the run goes on; after every call leftover processes are
 * ended and leftover files removed, and both are reported as failures of that group.
 */
public final class SuiteRun {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** What a run produced. */
    public record Outcome(Path runDir, SweepPlan plan, List<GroupFailure> failures, RunMetadataFile metadata) {
    }

    private final SweepPlan plan;
    private final List<BenchmarkInfo> benchmarks;
    private final Sizing sizing;
    private final JmhPassThrough jmh;
    private final JdkCheck.Jdk jdk;
    private final boolean otherJdk;
    private final Path resultsRoot;
    private final PrintStream console;
    private boolean refine = true;
    private CPythonGroup cpython;

    /**
     * @param jdk      the JDK the forks run on
     * @param otherJdk true when it is not the JDK of this JVM (then JMH forks {@code jdk.javaBinary()})
     */
    public SuiteRun(SweepPlan plan, List<BenchmarkInfo> benchmarks, Sizing sizing, JmhPassThrough jmh, JdkCheck.Jdk jdk,
                    boolean otherJdk, Path resultsRoot, PrintStream console) {
        this.plan = plan;
        this.benchmarks = benchmarks;
        this.sizing = sizing;
        this.jmh = jmh;
        this.jdk = jdk;
        this.otherJdk = otherJdk;
        this.resultsRoot = resultsRoot;
        this.console = console;
    }

    /** Turns adaptive refinement on (the default; the smoke preset never refines) or off ({@code --no-refine}). */
    public SuiteRun refine(boolean on) {
        this.refine = on;
        return this;
    }

    /**
     * Records the CPU budget asked for with {@code --cpus N} and the CPUs the process was bound to (the
     * binding itself is {@link dev.crossover.sizing.CpuAffinity#restrictProcess}, done before sizing).
     */
    public SuiteRun cpus(Integer requested, String affinity) {
        this.requestedCpus = requested;
        this.affinity = affinity;
        return this;
    }

    private Integer requestedCpus;
    private String affinity;

    /** Runs {@code group} after the JMH groups, into {@code jmh-cpython.json} (none: no CPython group at all). */
    public SuiteRun cpython(CPythonGroup group) {
        this.cpython = group;
        return this;
    }

    /** What the run is doing, for the message a signal prints. */
    private volatile String doing = "the run's preparation";
    /** The file JMH writes the current group's results into, renamed to its final name once complete. */
    private volatile Path partial;
    private final Object endLock = new Object();
    /** Set once by whoever writes the run's end: the run itself, or a stop on a signal. */
    private boolean ended;
    private StopSignals signals;
    private Path runDir;
    private RunMetadataFile meta;
    private final List<GroupFailure> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    private double loadStart;
    private MachineProbe.CpuTicks ticksStart;

    /**
     * Runs every group; never throws for a benchmark's failure, only for a run directory it cannot write. On
     * SIGINT or SIGTERM the run stops (see {@link #stop}) and the JVM exits 130 or 143.
     */
    public Outcome run() throws IOException {
        runDir = ResultsRoot.newRun(resultsRoot, LocalDateTime.now());
        console.println("crossover run: " + plan.preset().id() + " preset into " + runDir
                + " (results/latest points at it when the run ends)");
        RunData.writeServes(runDir.resolve(RunData.SERVES_FILE), BenchmarkCatalog.servesByClass(benchmarks));
        JSON.writeValue(runDir.resolve("plan.json").toFile(), plan);

        if (!Leftovers.adoptOrphans()) {
            console.println("  note: cannot become a child subreaper here; processes a fork leaves behind are found "
                    + "only among stray workers whose parent is gone");
        }
        List<String> strays = Leftovers.kill(Leftovers.strayWorkers(), Duration.ofSeconds(2));
        strays.forEach(s -> console.println("  ended a stray worker of an earlier run: " + s));

        Sizing.Budget budget = sizing.budget();
        loadStart = MachineProbe.loadAverage(Paths.get("/proc/loadavg"));
        ticksStart = MachineProbe.cpuTicks(Paths.get("/proc/stat"));
        String startWarning = MachineProbe.noiseWarning(loadStart, Double.NaN, budget.cores());
        if (startWarning != null) {
            console.println("  warning: " + startWarning);
        }
        // Child JVMs inherit the fork's GC, heap and -XX flags (ChildJvm): record what they ran with.
        List<String> forkArgs = jmh.jvmArgs() != null ? jmh.jvmArgs() : otherJdk ? List.of() : MachineProbe.inputArguments();
        meta = new RunMetadataFile(RunMetadataFile.FORMAT_VERSION, plan.preset().id(), Instant.now().toString(), null,
                MachineProbe.commit(Path.of("").toAbsolutePath()),
                new RunMetadataFile.Jdk(jdk.version(), jdk.vendor(), jdk.home()),
                forkArgs, ChildJvm.childFlags(forkArgs, PoolSpec.DEFAULT_JVM_OPTIONS), MachineProbe.os(), MachineProbe.cpuModel(Paths.get("/proc/cpuinfo")),
                new RunMetadataFile.CpuBudget(budget.cores(), budget.source(), budget.availableProcessors(),
                        budget.cgroupQuotaCores(), budget.cpuset(), requestedCpus, affinity),
                plan.sizes(), new RunMetadataFile.Noise(RunMetadataFile.known(loadStart), null, null, startWarning), null,
                MachineProbe.machine())
                .withVirtualThreadScheduler(MachineProbe.virtualThreadScheduler(jmh.forkJvmArgs(forkArgs), budget.availableProcessors()));
        meta.write(runDir.resolve(RunData.METADATA_FILE));

        String refinements;
        Progress progress = new Progress(plan.estimateSeconds());
        double done = 0;
        signals = StopSignals.install(this::stop);
        try {
            try (PrintStream log = new PrintStream(new FileOutputStream(runDir.resolve("run.log").toFile(), true), true,
                    StandardCharsets.UTF_8)) {
                int n = plan.groups().size();
                for (int i = 0; i < n && !signals.stopping(); i++) {
                    SweepPlan.Group g = plan.groups().get(i);
                    doing = "group " + (i + 1) + "/" + n + " (" + g.id() + ")";
                    log.println();
                    log.println("#### crossover group " + (i + 1) + "/" + n + ": " + g.id() + " " + g.params());
                    failures.addAll(runGroup(g, i + 1, n, runDir, log, progress, done));
                    done += g.estimateSeconds();
                    progress.done(done);
                    doing = "the pause between groups (" + (i + 1) + " of " + n + " done)";
                }
                if (cpython != null && !signals.stopping()) {
                    doing = "the CPython group";
                    failures.addAll(cpython.run(runDir, console, log));
                }
                refinements = signals.stopping() ? "stopped" : refineAfterPlan(runDir, log, failures);
            }
            doing = "the writing of the run's end";
            synchronized (endLock) {
                if (ended || signals.stopping()) {
                    // a signal's stop writes the end; the JVM is on its way out
                    awaitExit();
                }
                ended = true;
            }
        } finally {
            signals.close();
        }
        mergeJson(runDir);

        double loadEnd = MachineProbe.loadAverage(Paths.get("/proc/loadavg"));
        MachineProbe.CpuTicks ticksEnd = MachineProbe.cpuTicks(Paths.get("/proc/stat"));
        double steal = ticksEnd == null ? Double.NaN : ticksEnd.stealPercentSince(ticksStart);
        String warning = MachineProbe.noiseWarning(loadStart, steal, budget.cores());
        meta = UsedSizes.addTo(meta, runDir); // sizes the forks decided (measured formulas, children × threads)
        meta = meta.finished(Instant.now().toString(),
                new RunMetadataFile.Noise(RunMetadataFile.known(loadStart), RunMetadataFile.known(loadEnd), RunMetadataFile.known(steal), warning));
        meta.write(runDir.resolve(RunData.METADATA_FILE));
        writeJson(runDir.resolve(RunMetadata.FAILURES_FILE), List.copyOf(failures));
        boolean link = ResultsRoot.pointLatest(resultsRoot, runDir);
        console.println("crossover run: " + plan.groups().size() + " groups in "
                + Progress.duration(progress.elapsedSeconds()) + " (estimated " + Progress.duration(plan.estimateSeconds())
                + "), " + failures.size() + " failure(s)" + (warning == null ? "" : "; warning: " + warning));
        console.println("crossover run: adaptive refinement: " + refinements + " (" + runDir.resolve(REFINEMENTS_FILE) + ")");
        if (!link) {
            console.println("crossover run: results/latest is a file holding the run's path (symbolic links are not available here)");
        }
        return new Outcome(runDir, plan, List.copyOf(failures), meta);
    }

    /** Blocks the calling thread while a signal's stop finishes; the JVM exits when it has. */
    private static void awaitExit() {
        while (true) {
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                // keep waiting for the exit
            }
        }
    }

    /**
     * The stop on SIGINT or SIGTERM, in a shutdown hook: says what the run was doing, ends the JMH fork and
     * every other child process (again until none is left), drops the group's unfinished result file, marks
     * {@code metadata.json} interrupted with the end time and the groups finished and missing, and points
     * {@code results/latest} at the run, whose finished groups {@code crossover report} can read.
     */
    private void stop(String signal) {
        synchronized (endLock) {
            if (ended) {
                return;
            }
            ended = true;
        }
        String during = doing;
        console.println();
        console.println("crossover run: " + signal + " during " + during + "; stopping the JMH fork and its child processes");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        int quiet = 0;
        while (quiet < 3 && System.nanoTime() < deadline) {
            List<ProcessHandle> alive = ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList();
            if (alive.isEmpty()) {
                quiet++;
            } else {
                quiet = 0;
                Leftovers.kill(alive, Duration.ofSeconds(2)).forEach(k -> console.println("  ended " + k));
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                break;
            }
        }
        try {
            Path part = partial;
            if (part != null) {
                Files.deleteIfExists(part);
            }
            List<String> finished = new ArrayList<>();
            List<String> missing = new ArrayList<>();
            for (SweepPlan.Group g : plan.groups()) {
                (Files.isRegularFile(runDir.resolve(g.resultFileName())) ? finished : missing).add(g.id());
            }
            double loadEnd = MachineProbe.loadAverage(Paths.get("/proc/loadavg"));
            meta = meta.finished(Instant.now().toString(), new RunMetadataFile.Noise(RunMetadataFile.known(loadStart),
                            RunMetadataFile.known(loadEnd), null, meta.noise() == null ? null : meta.noise().warning()))
                    .interrupted(new RunMetadataFile.Interruption(signal, during, finished, missing));
            meta.write(runDir.resolve(RunData.METADATA_FILE));
            List<GroupFailure> copy;
            synchronized (failures) {
                copy = List.copyOf(failures);
            }
            writeJson(runDir.resolve(RunMetadata.FAILURES_FILE), copy);
            ResultsRoot.pointLatest(resultsRoot, runDir);
            console.println("crossover run: interrupted (" + signal + "); " + finished.size() + " of " + plan.groups().size()
                    + " groups finished" + (missing.isEmpty() ? "" : ", missing: " + String.join(", ", missing))
                    + ". metadata.json marks the run interrupted; report what finished with: crossover report " + runDir);
        } catch (IOException | RuntimeException e) {
            console.println("crossover run: interrupted (" + signal + "); could not mark " + runDir + " as interrupted: " + e);
        }
        console.flush();
    }

    private static void writeJson(Path file, Object value) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        JSON.writeValue(tmp.toFile(), value);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** What the run did about adaptive refinement: {@code refinements.json} in the run directory. */
    public static final String REFINEMENTS_FILE = "refinements.json";

    /**
     * Adaptive refinement: analyses what the planned groups measured, runs the extra points the
     * crossovers propose that fit in the preset's budget (one JMH call each, {@code jmh-refine-<n>.json}),
     * and records in {@code refinements.json} what ran, what was skipped and why.
     *
     * @return one line for the summary
     */
    private String refineAfterPlan(Path runDir, PrintStream log, List<GroupFailure> failures) throws IOException {
        Map<String, Object> record = new LinkedHashMap<>();
        double budget = RefinementPlan.budgetSeconds(plan.preset());
        record.put("preset", plan.preset().id());
        record.put("budgetSeconds", budget);
        List<Map<String, Object>> entries = new ArrayList<>();
        record.put("entries", entries);
        String summary;
        if (!RefinementPlan.enabled(plan.preset(), !refine)) {
            summary = plan.preset() == Preset.SMOKE ? "none, the smoke preset never refines" : "off (--no-refine)";
            record.put("note", summary);
            JSON.writeValue(runDir.resolve(REFINEMENTS_FILE).toFile(), record);
            return summary;
        }
        List<Refinement.Proposal> proposals;
        try {
            Analysis a = Analysis.of(RunData.load(List.of(runDir)));
            proposals = a.crossovers().values().stream().map(CrossoverFinding::refine).flatMap(List::stream).toList();
        } catch (BadInputException | RuntimeException e) {
            summary = "none, the planned results could not be analysed: " + e.getMessage();
            record.put("note", summary);
            JSON.writeValue(runDir.resolve(REFINEMENTS_FILE).toFile(), record);
            console.println("crossover refine: " + summary);
            return summary;
        }
        RefinementPlan rp = RefinementPlan.choose(proposals, plan, benchmarks, budget);
        double total = rp.runs().stream().mapToDouble(r -> r.group().estimateSeconds()).sum();
        console.println("crossover refine: " + proposals.size() + " crossing(s) between grid points; " + rp.runs().size()
                + " refinement(s) run (~" + Progress.duration(total) + " of a " + Progress.duration(budget) + " budget), "
                + rp.skipped().size() + " skipped");
        Progress progress = new Progress(total);
        double done = 0;
        int n = rp.runs().size();
        int failed = 0;
        for (int i = 0; i < n; i++) {
            if (signals != null && signals.stopping()) {
                break;
            }
            RefinementPlan.Planned r = rp.runs().get(i);
            SweepPlan.Group g = r.group();
            doing = "refinement " + (i + 1) + "/" + n + " (" + g.id() + ")";
            console.println("crossover refine " + (i + 1) + "/" + n + ": " + r.proposal().describe() + " — " + g.params()
                    + ", ~" + Progress.duration(g.estimateSeconds()) + ", into " + g.resultFileName());
            log.println();
            log.println("#### crossover refinement " + (i + 1) + "/" + n + ": " + r.proposal().what() + " " + g.params());
            List<GroupFailure> f = runGroup(g, i + 1, n, runDir, log, progress, done);
            failures.addAll(f);
            failed += f.isEmpty() ? 0 : 1;
            done += g.estimateSeconds();
            progress.done(done);
            Map<String, Object> e = entry(r.proposal(), f.isEmpty() ? "ran" : "failed",
                    "crossing between grid points; fits the " + plan.preset().id() + " budget"
                            + (f.isEmpty() ? "" : "; failed: " + f.getFirst().message()));
            e.put("params", g.params());
            e.put("file", g.resultFileName());
            e.put("estimateSeconds", g.estimateSeconds());
            entries.add(e);
        }
        for (RefinementPlan.Skipped s : rp.skipped()) {
            console.println("crossover refine: skipped " + s.proposal().describe() + ": " + s.why()
                    + (s.command() == null ? "" : "; to run it: " + s.command()));
            Map<String, Object> e = entry(s.proposal(), "skipped", s.why());
            if (s.command() != null) {
                e.put("command", s.command());
                e.put("estimateSeconds", s.estimateSeconds());
            }
            entries.add(e);
        }
        JSON.writeValue(runDir.resolve(REFINEMENTS_FILE).toFile(), record);
        return n + " ran" + (failed > 0 ? " (" + failed + " failed)" : "") + ", " + rp.skipped().size() + " skipped";
    }

    private static Map<String, Object> entry(Refinement.Proposal p, String status, String why) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("crossover", p.crossover());
        e.put("what", p.what());
        e.put("benchmark", p.benchmark());
        e.put("param", p.xParam());
        e.put("values", p.values());
        e.put("status", status);
        e.put("why", why);
        return e;
    }

    /** Configurations with a failed fork, each with the first line of its failure, at most {@link #FAILURES_SHOWN} of them. */
    static String failedConfigurations(List<String> failed) {
        if (failed.isEmpty()) {
            return "";
        }
        String shown = String.join("; ", failed.subList(0, Math.min(FAILURES_SHOWN, failed.size())));
        return ": " + shown + (failed.size() > FAILURES_SHOWN ? "; and " + (failed.size() - FAILURES_SHOWN) + " more" : "");
    }

    /** Failed configurations a group's failure names one by one. */
    static final int FAILURES_SHOWN = 10;

    private List<GroupFailure> runGroup(SweepPlan.Group g, int index, int count, Path runDir, PrintStream log,
                                        Progress progress, double doneBefore) {
        List<GroupFailure> failures = new ArrayList<>();
        List<Path> fileDirs = Leftovers.fileDirectories();
        Set<Path> filesBefore = Leftovers.files(fileDirs);
        Set<Long> straysBefore = new HashSet<>(Leftovers.strayWorkers().stream().map(ProcessHandle::pid).toList());
        Path result = runDir.resolve(g.resultFileName());
        // JMH writes (and first creates, empty) its result file itself: it gets a temporary name, renamed once
        // JMH is done, so that a group stopped half way leaves no file a reader would take for results
        Path part = result.resolveSibling(result.getFileName() + PARTIAL_SUFFIX);
        partial = part;
        ProgressOutputFormat format = new ProgressOutputFormat(
                OutputFormatFactory.createFormatInstance(log, VerboseMode.NORMAL), console, progress, index, count, g, doneBefore);
        try {
            Collection<RunResult> results = runWaitingForLock(g, part, format);
            doing = "the cleanup after " + doing;
            if (signals != null && signals.stopping()) {
                Files.deleteIfExists(part);
                return failures;
            }
            if (Files.isRegularFile(part) && Files.size(part) > 0) {
                Files.move(part, result, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.deleteIfExists(part);
            }
            if (results.size() < g.configurations()) {
                int missing = g.configurations() - results.size();
                failures.add(new GroupFailure(g.id(), "missing-results", missing + " of " + g.configurations()
                        + " configurations produced no result" + failedConfigurations(format.failures()) + " (details in run.log)"));
            } else if (!format.failures().isEmpty()) {
                // every configuration has a result, from the forks that did not fail
                failures.add(new GroupFailure(g.id(), "failed-forks", "forks failed, their configurations kept the other forks' results"
                        + failedConfigurations(format.failures()) + " (details in run.log)"));
            }
        } catch (RunnerException | RuntimeException | IOException e) {
            deleteQuietly(part);
            if (signals != null && signals.stopping()) {
                return failures;
            }
            String why = e.getMessage() != null ? e.getMessage() : e.toString();
            if (e.getCause() != null && e.getCause().getMessage() != null) {
                why += ": " + e.getCause().getMessage();
            }
            failures.add(new GroupFailure(g.id(), "error", why + (format.firstFailure() == null ? "" : "; " + format.firstFailure())
                    + " (details in run.log)"));
            log.println("crossover: group " + g.id() + " failed: " + why);
        }
        List<ProcessHandle> leftover = new ArrayList<>(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList());
        Leftovers.strayWorkers().stream().filter(p -> !straysBefore.contains(p.pid())).forEach(leftover::add);
        Leftovers.Found found = Leftovers.endAll(leftover, Leftovers.perfWrapsForks(jmh.profilers()), Duration.ofSeconds(2));
        if (!found.running().isEmpty()) {
            failures.add(new GroupFailure(g.id(), "leftover-processes", "left " + found.running().size()
                    + " process(es) running after JMH returned, now ended: " + String.join("; ", found.running())));
        }
        if (!found.endedLeftBehind().isEmpty()) {
            failures.add(new GroupFailure(g.id(), "leftover-processes", "left " + found.endedLeftBehind().size()
                    + " process(es) that outlived their parent and ended before JMH returned, now reaped: "
                    + String.join("; ", found.endedLeftBehind())));
        }
        if (!found.endedByPerf().isEmpty()) {
            log.println("crossover: group " + g.id() + ": reaped " + found.endedByPerf().size()
                    + " ended process(es) that perf left unreaped (its probes and the JMH forks it wrapped; not the benchmark's): "
                    + String.join("; ", found.endedByPerf()));
        }
        Set<Path> created = new HashSet<>(Leftovers.files(fileDirs));
        created.removeAll(filesBefore);
        List<Path> removed = Leftovers.delete(Leftovers.staleFiles(created, Duration.ZERO));
        if (!removed.isEmpty()) {
            failures.add(new GroupFailure(g.id(), "leftover-files",
                    "left " + removed.size() + " file(s) behind, now removed: " + removed));
        }
        for (GroupFailure f : failures) {
            console.println("  FAILED " + f.group() + " (" + f.kind() + "): " + f.message());
        }
        return failures;
    }

    /** The suffix of a group's result file while JMH writes it. */
    static final String PARTIAL_SUFFIX = ".part";

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // a leftover .part file is ignored by every reader
        }
    }

    /** Waits for another JMH run on the machine to finish, before and (if JMH still refuses) after trying. */
    private Collection<RunResult> runWaitingForLock(SweepPlan.Group g, Path result, ProgressOutputFormat format)
            throws RunnerException {
        long deadline = System.nanoTime() + LOCK_WAIT.toNanos();
        while (true) {
            JmhLock.awaitFree(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())), console);
            try {
                return new Runner(options(g, result), format).run();
            } catch (RunnerException e) {
                if (!JmhLock.isLockRefusal(e) || System.nanoTime() > deadline) {
                    throw e;
                }
            }
        }
    }

    /** How long a group waits for another JMH run on the machine before it fails. */
    static final Duration LOCK_WAIT = Duration.ofMinutes(30);

    /** The JMH options of one group: preset, then the user's pass-through, then what the harness owns. */
    org.openjdk.jmh.runner.options.Options options(SweepPlan.Group g, Path result) {
        ChainedOptionsBuilder b = new OptionsBuilder().include(g.includeRegex());
        RunSettings s = g.settings();
        if (s.forks() != null) {
            b.forks(s.forks());
        }
        if (s.warmupIterations() != null) {
            b.warmupIterations(s.warmupIterations());
        }
        if (s.warmupSeconds() != null) {
            b.warmupTime(TimeValue.milliseconds(Math.round(s.warmupSeconds() * 1000)));
        }
        if (s.measurementIterations() != null) {
            b.measurementIterations(s.measurementIterations());
        }
        if (s.measurementSeconds() != null) {
            b.measurementTime(TimeValue.milliseconds(Math.round(s.measurementSeconds() * 1000)));
        }
        if (g.forceMode()) {
            b.mode(g.modes().get(0));
        }
        g.params().forEach((k, v) -> b.param(k, v.toArray(String[]::new)));
        // Keep the group's other configurations when one fails; missing results are counted afterwards.
        b.shouldFailOnError(false);
        jmh.applyTo(b);
        // cost beside speed for every executor: CPU, memory and switches of the whole process tree
        if (!jmh.profilers().contains(CostProfiler.class.getName())) {
            b.addProfiler(CostProfiler.class);
        }
        if (otherJdk) {
            b.jvm(jdk.javaBinary());
        }
        b.result(result.toString()).resultFormat(ResultFormatType.JSON);
        return b.build();
    }

    /** {@code jmh.json}: every group's array concatenated, labelled as merged in {@code merged.json} and the README. */
    static void mergeJson(Path runDir) throws IOException {
        ArrayNode all = JSON.createArrayNode();
        Map<String, Integer> sources = new LinkedHashMap<>();
        try (var files = Files.list(runDir)) {
            for (Path f : files.filter(RunData::isGroupFile).sorted().toList()) {
                try {
                    JsonNode n = JSON.readTree(f.toFile());
                    if (n != null && n.isArray()) {
                        n.forEach(all::add);
                        sources.put(f.getFileName().toString(), n.size());
                    }
                } catch (IOException e) {
                    sources.put(f.getFileName().toString() + " (unreadable: " + e.getMessage() + ")", 0);
                }
            }
        }
        JSON.writeValue(runDir.resolve(RunData.MERGED_FILE).toFile(), all);
        Map<String, Object> note = new LinkedHashMap<>();
        note.put("file", RunData.MERGED_FILE);
        note.put("merged", true);
        note.put("note", "written by crossover run, not by JMH: the arrays of the jmh-<group>.json files (each exactly as JMH wrote it) concatenated");
        note.put("sources", sources);
        JSON.writeValue(runDir.resolve("merged.json").toFile(), note);
        Files.writeString(runDir.resolve("README.md"), """
                # Crossover run directory

                - `jmh-<group>.json`: JMH's own result files, one per JMH run (group), untouched; `jmh-refine-<n>.json`:
                  the extra points adaptive refinement ran between two grid points (listed in `refinements.json`).
                - `jmh.json`: **merged** by `crossover run` from the files above (see `merged.json`); not written by JMH.
                - `metadata.json`: JDK, flags, machine, CPU budget, pool sizes, commit, preset, times, noise evidence.
                - `plan.json`: the groups, their JMH params and estimates; `serves.json`: claims each class serves.
                - `failures.json`: groups that failed or left processes or files behind (empty when none).
                - `run.log`: JMH's detailed output.
                - `report.md`, `report.html`, `charts/`, `summary.json`: the report; `regression.md`, `junit.xml`,
                  `compare.json`: the comparison with a matching baseline, when there is one.
                """, StandardCharsets.UTF_8);
    }
}
