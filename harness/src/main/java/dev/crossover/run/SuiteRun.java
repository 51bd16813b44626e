package dev.crossover.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.crossover.analysis.Analysis;
import dev.crossover.analysis.CrossoverFinding;
import dev.crossover.analysis.Refinement;
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

    /** Runs every group; never throws for a benchmark's failure, only for a run directory it cannot write. */
    public Outcome run() throws IOException {
        Path runDir = ResultsRoot.newRun(resultsRoot, LocalDateTime.now());
        boolean link = ResultsRoot.pointLatest(resultsRoot, runDir);
        console.println("crossover run: " + plan.preset().id() + " preset into " + runDir
                + (link ? "" : " (results/latest is a file holding this path: symbolic links are not available here)"));
        RunData.writeServes(runDir.resolve(RunData.SERVES_FILE), BenchmarkCatalog.servesByClass(benchmarks));
        JSON.writeValue(runDir.resolve("plan.json").toFile(), plan);

        if (!Leftovers.adoptOrphans()) {
            console.println("  note: cannot become a child subreaper here; processes a fork leaves behind are found "
                    + "only among stray workers whose parent is gone");
        }
        List<String> strays = Leftovers.kill(Leftovers.strayWorkers(), Duration.ofSeconds(2));
        strays.forEach(s -> console.println("  ended a stray worker of an earlier run: " + s));

        Sizing.Budget budget = sizing.budget();
        double loadStart = MachineProbe.loadAverage(Paths.get("/proc/loadavg"));
        MachineProbe.CpuTicks ticksStart = MachineProbe.cpuTicks(Paths.get("/proc/stat"));
        String startWarning = MachineProbe.noiseWarning(loadStart, Double.NaN, budget.cores());
        if (startWarning != null) {
            console.println("  warning: " + startWarning);
        }
        // Child JVMs inherit the fork's GC, heap and -XX flags (ChildJvm): record what they ran with.
        List<String> forkArgs = jmh.jvmArgs() != null ? jmh.jvmArgs() : otherJdk ? List.of() : MachineProbe.inputArguments();
        RunMetadataFile meta = new RunMetadataFile(RunMetadataFile.FORMAT_VERSION, plan.preset().id(), Instant.now().toString(), null,
                MachineProbe.commit(Path.of("").toAbsolutePath()),
                new RunMetadataFile.Jdk(jdk.version(), jdk.vendor(), jdk.home()),
                forkArgs, ChildJvm.childFlags(forkArgs, PoolSpec.DEFAULT_JVM_OPTIONS), MachineProbe.os(), MachineProbe.cpuModel(Paths.get("/proc/cpuinfo")),
                new RunMetadataFile.CpuBudget(budget.cores(), budget.source(), budget.availableProcessors(),
                        budget.cgroupQuotaCores(), budget.cpuset()),
                plan.sizes(), new RunMetadataFile.Noise(RunMetadataFile.known(loadStart), null, null, startWarning));
        meta.write(runDir.resolve(RunData.METADATA_FILE));

        List<GroupFailure> failures = new ArrayList<>();
        String refinements;
        Progress progress = new Progress(plan.estimateSeconds());
        double done = 0;
        try (PrintStream log = new PrintStream(new FileOutputStream(runDir.resolve("run.log").toFile(), true), true,
                StandardCharsets.UTF_8)) {
            int n = plan.groups().size();
            for (int i = 0; i < n; i++) {
                SweepPlan.Group g = plan.groups().get(i);
                log.println();
                log.println("#### crossover group " + (i + 1) + "/" + n + ": " + g.id() + " " + g.params());
                failures.addAll(runGroup(g, i + 1, n, runDir, log, progress, done));
                done += g.estimateSeconds();
                progress.done(done);
            }
            refinements = refineAfterPlan(runDir, log, failures);
        }
        mergeJson(runDir);

        double loadEnd = MachineProbe.loadAverage(Paths.get("/proc/loadavg"));
        MachineProbe.CpuTicks ticksEnd = MachineProbe.cpuTicks(Paths.get("/proc/stat"));
        double steal = ticksEnd == null ? Double.NaN : ticksEnd.stealPercentSince(ticksStart);
        String warning = MachineProbe.noiseWarning(loadStart, steal, budget.cores());
        meta = meta.finished(Instant.now().toString(),
                new RunMetadataFile.Noise(RunMetadataFile.known(loadStart), RunMetadataFile.known(loadEnd), RunMetadataFile.known(steal), warning));
        meta.write(runDir.resolve(RunData.METADATA_FILE));
        JSON.writeValue(runDir.resolve(RunMetadata.FAILURES_FILE).toFile(), failures);
        console.println("crossover run: " + plan.groups().size() + " groups in "
                + Progress.duration(progress.elapsedSeconds()) + " (estimated " + Progress.duration(plan.estimateSeconds())
                + "), " + failures.size() + " failure(s)" + (warning == null ? "" : "; warning: " + warning));
        console.println("crossover run: adaptive refinement: " + refinements + " (" + runDir.resolve(REFINEMENTS_FILE) + ")");
        return new Outcome(runDir, plan, failures, meta);
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
            RefinementPlan.Planned r = rp.runs().get(i);
            SweepPlan.Group g = r.group();
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

    private List<GroupFailure> runGroup(SweepPlan.Group g, int index, int count, Path runDir, PrintStream log,
                                        Progress progress, double doneBefore) {
        List<GroupFailure> failures = new ArrayList<>();
        List<Path> fileDirs = Leftovers.fileDirectories();
        Set<Path> filesBefore = Leftovers.files(fileDirs);
        Set<Long> straysBefore = new HashSet<>(Leftovers.strayWorkers().stream().map(ProcessHandle::pid).toList());
        Path result = runDir.resolve(g.resultFileName());
        ProgressOutputFormat format = new ProgressOutputFormat(
                OutputFormatFactory.createFormatInstance(log, VerboseMode.NORMAL), console, progress, index, count, g, doneBefore);
        try {
            Collection<RunResult> results = runWaitingForLock(g, result, format);
            if (results.size() < g.configurations()) {
                int missing = g.configurations() - results.size();
                failures.add(new GroupFailure(g.id(), "missing-results", missing + " of " + g.configurations()
                        + " configurations produced no result" + (format.firstFailure() == null ? "" : ": " + format.firstFailure())
                        + " (details in run.log)"));
            }
        } catch (RunnerException | RuntimeException e) {
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
        List<String> killed = Leftovers.kill(leftover, Duration.ofSeconds(2));
        if (!killed.isEmpty()) {
            failures.add(new GroupFailure(g.id(), "leftover-processes",
                    "left " + killed.size() + " process(es) running after JMH returned, now ended: " + String.join("; ", killed)));
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
