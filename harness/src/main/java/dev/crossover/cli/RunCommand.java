package dev.crossover.cli;

import dev.crossover.compare.Baselines;
import dev.crossover.compare.History;
import dev.crossover.results.BadInputException;
import dev.crossover.run.BenchmarkCatalog;
import dev.crossover.run.BenchmarkInfo;
import dev.crossover.run.CPythonGroup;
import dev.crossover.run.JdkCheck;
import dev.crossover.run.JmhPassThrough;
import dev.crossover.run.PlanException;
import dev.crossover.run.Preset;
import dev.crossover.run.Progress;
import dev.crossover.run.Sizing;
import dev.crossover.run.SuiteRun;
import dev.crossover.run.SweepPlan;
import dev.crossover.report.TrendChart;
import dev.crossover.workers.KernelRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * {@code crossover run}: plans the preset's sweeps, runs one JMH call per group into
 * {@code results/runs/<time>/}, then writes the report and, where a matching baseline exists, the comparison.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Runs the benchmarks on the class path: one JMH run per group, into results/runs/<time>/,",
                "then the report and (with a matching baseline) the regression comparison.",
                "Exit status: 0 ok, 1 regression, 2 bad input, 3 a benchmark group failed."})
public final class RunCommand implements Callable<Integer> {

    @Option(names = "--preset", defaultValue = "quick", paramLabel = "smoke|quick|full",
            description = "smoke: every class once, cheapest configuration, 1 fork; quick (default): the sweeps behind X1-X7 "
                    + "(a class may narrow its grid with @QuickGrid), 3 forks, plus a regression-gating set, 2 forks; full: everything, 3 forks, the benchmarks' own iterations.")
    String preset;

    @Option(names = "--include", paramLabel = "REGEX", description = "Only benchmarks whose Class.method matches (find).")
    String include;

    @Option(names = "--claims", paramLabel = "IDS", split = ",", description = "Only benchmarks serving any of these claims, e.g. X3,C6.")
    List<String> claims;

    @Option(names = "--jmh", paramLabel = "\"OPTIONS\"", description = "JMH options laid over the preset, e.g. \"-f 1 -prof gc\".")
    String jmh;

    @Option(names = "--jvm", paramLabel = "JDK_HOME", description = "Fork the benchmarks on this JDK (25 or newer).")
    String jvm;

    @Option(names = "--kernel", paramLabel = "NAME", description = "Run this kernel (found by name) through the sweeps that take one.")
    String kernel;

    @Option(names = "--results", defaultValue = "results", paramLabel = "DIR", description = "Where runs/ and latest live (default: results).")
    Path results;

    @Option(names = "--baseline", defaultValue = "auto", paramLabel = "auto|none|DIR",
            description = "Baseline to compare with: auto (a matching one under results/baseline), none, or a run directory.")
    String baseline;

    @Option(names = "--no-refine", description = "No adaptive refinement: quick and full otherwise run extra points between "
            + "two grid points around a crossover (quick: up to 3 min, full: up to 15 min); smoke never does.")
    boolean noRefine;

    @Option(names = "--refine", arity = "1", defaultValue = "true", paramLabel = "true|false",
            description = "Adaptive refinement on or off (what -Dbench.refine=false passes; --no-refine is the same as --refine=false).")
    boolean refineOption;

    @Option(names = "--python", paramLabel = "PATH|none",
            description = "The CPython (3.10 or newer) that runs the notes' own programs beside the JVM; default: python3 on "
                    + "the PATH, if any (none found: the report marks CPython \"not measured\"); none: measure no CPython.")
    String python;

    @Option(names = "--cpus", paramLabel = "N",
            description = "Run on a CPU budget of N cores of this machine: this JVM, the JMH forks and every child JVM they start "
                    + "are bound to N CPUs (sched_setaffinity, as taskset does); pools are sized for N. Recorded in metadata.json. "
                    + "Empty: the whole machine.")
    String cpusOption;

    @Option(names = "--dry-run", description = "Print the plan and its estimate, run nothing.")
    boolean dryRun;

    /** Where benchmarks come from; replaced in tests. */
    Supplier<List<BenchmarkInfo>> catalog = BenchmarkCatalog::discover;
    /** Sizing of this machine; replaced in tests. */
    Supplier<Sizing> sizing = Sizing::detect;

    @Override
    public Integer call() {
        PrintStream out = System.out;
        PrintStream err = System.err;
        Preset p;
        SweepPlan plan;
        JmhPassThrough pass;
        JdkCheck.Jdk jdk = JdkCheck.current();
        boolean otherJdk = false;
        List<BenchmarkInfo> benchmarks;
        CPythonGroup cpython;
        String affinity = null;
        Integer cpus = null;
        if (blankToNull(cpusOption) != null) {
            try {
                cpus = Integer.parseInt(cpusOption.trim());
            } catch (NumberFormatException e) {
                err.println("crossover run: --cpus '" + cpusOption.trim() + "' is not a whole number of CPUs; give e.g. --cpus 2");
                return ExitCodes.BAD_INPUT;
            }
            try {
                // a dry run binds nothing: it checks N and plans for N cores
                affinity = dev.crossover.sizing.CpuAffinity.list(dryRun ? dev.crossover.sizing.CpuAffinity.choose(cpus)
                        : dev.crossover.sizing.CpuAffinity.restrictProcess(cpus));
            } catch (IllegalArgumentException e) {
                err.println("crossover run: " + e.getMessage());
                return ExitCodes.BAD_INPUT;
            } catch (IllegalStateException e) {
                err.println("crossover run: --cpus " + cpus + ": " + e.getMessage() + "; run without --cpus, or under taskset");
                return ExitCodes.BAD_INPUT;
            }
        }
        Sizing sz = cpus != null && dryRun && sizing.get().budget().cores() > cpus ? Sizing.ofCores(cpus) : sizing.get();
        try {
            p = Preset.parse(preset);
            SweepPlan.checkClaimIds(claimList());
            pass = JmhPassThrough.parse(jmh);
            String jvmPath = blankToNull(jvm) != null ? jvm : pass.jvm();
            if (blankToNull(jvmPath) != null) {
                jdk = JdkCheck.inspect(Path.of(jvmPath));
                otherJdk = true;
            }
            String k = blankToNull(kernel);
            if (k != null && !KernelRegistry.standard().exists(k)) {
                throw new PlanException("unknown kernel '" + k + "'; kernels on the class path: " + KernelRegistry.standard().names()
                        + " (a kernel of your own: put its jar on the class path with a META-INF/services/dev.crossover.workers.Kernel entry)");
            }
            try {
                benchmarks = catalog.get();
            } catch (IllegalStateException e) {
                throw new PlanException(e.getMessage());
            }
            TreeSet<String> paramNames = new TreeSet<>();
            benchmarks.forEach(b -> paramNames.addAll(b.params().keySet()));
            plan = SweepPlan.build(new SweepPlan.Request(p, blankToNull(include), claimList(), k,
                    pass.params(paramNames), pass.overrides()), benchmarks, sz);
            pass.check(selected(plan, benchmarks), sz);
            checkBaseline();
            cpython = CPythonGroup.plan(blankToNull(python), p, blankToNull(include), claimList(), sz.budget().cores(),
                    System.getenv("PATH"));
        } catch (PlanException | IllegalArgumentException e) {
            err.println("crossover run: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
        pass.ignored().forEach(s -> err.println("crossover run: ignoring JMH option " + s));
        boolean refine = refineOption && !noRefine;
        printPlan(out, plan, sz, !refine);
        out.println("  " + cpython.planLine());
        if (dryRun) {
            return ExitCodes.OK;
        }

        SuiteRun.Outcome outcome;
        try {
            outcome = new SuiteRun(plan, benchmarks, sz, pass, jdk, otherJdk, results, out).refine(refine).cpython(cpython)
                    .cpus(cpus, affinity != null ? affinity : currentAffinity()).run();
        } catch (IOException e) {
            err.println("crossover run: cannot write the run directory under " + results.toAbsolutePath() + ": " + e.getMessage()
                    + " (check permissions and free space, or pass --results DIR)");
            return ExitCodes.BAD_INPUT;
        }
        return afterBenchmarks(outcome, p, out, err);
    }

    /**
     * Appends the run's key figures to this machine's history file ({@code results/history/<machine>.jsonl})
     * and, once the history holds two runs or more, draws a trend chart per benchmark into the run's
     * {@code trends/} with an index, {@code trends.md}. Smoke runs are not recorded: one short iteration says
     * nothing about a trend. A history that cannot be written is a warning, never a failed run.
     */
    static List<Path> recordHistory(Path runDir, Preset p, PrintStream out, PrintStream err) {
        if (p == Preset.SMOKE) {
            return List.of();
        }
        try {
            Path file = History.defaultFile(runDir);
            History.append(runDir, file);
            List<History.Entry> entries = History.read(file);
            out.println("crossover run: history " + file + " (" + entries.size() + " run(s))");
            if (entries.size() < 2) {
                return List.of();
            }
            List<Path> charts = TrendChart.drawAll(entries, runDir.resolve("trends"));
            Files.writeString(runDir.resolve("trends.md"), TrendChart.index(entries, file, charts, "trends/"));
            out.println("crossover run: " + charts.size() + " trend charts in " + runDir.resolve("trends.md"));
            return charts;
        } catch (BadInputException | IOException e) {
            err.println("crossover run: warning: the history was not updated: " + e.getMessage());
            return List.of();
        }
    }

    /** Report, then comparison with a matching baseline; the exit status names the worst outcome. */
    private int afterBenchmarks(SuiteRun.Outcome outcome, Preset p, PrintStream out, PrintStream err) {
        Path runDir = outcome.runDir();
        int report = Main.execute("report", runDir.toString());
        recordHistory(runDir, p, out, err);
        int compare = ExitCodes.OK;
        Path base = findBaseline(runDir, out);
        if (base != null) {
            out.println("crossover run: comparing with baseline " + base);
            compare = Main.execute("compare", base.toString(), runDir.toString(), "--out", runDir.toString());
        }
        long failedGroups = outcome.failures().stream().map(f -> f.group()).distinct().count();
        Verdict v = verdict(outcome.failures().size(), failedGroups, report, compare, p, runDir, base);
        v.notes().forEach(out::println);
        v.failures().forEach(err::println);
        if (v.status() == ExitCodes.OK) {
            out.println("crossover run: done, " + runDir);
        }
        return v.status();
    }

    /**
     * How a run ended: the exit status and, for each kind of failure, a line saying which it was.
     *
     * @param status   the worst: benchmark error (3), then regression (1), then bad input (2), else 0
     * @param failures one line per kind of failure, printed before exiting non-zero
     * @param notes    what did not fail the run but a reader should know (a smoke run's regression)
     */
    record Verdict(int status, List<String> failures, List<String> notes) {
    }

    static Verdict verdict(int benchmarkFailures, long failedGroups, int report, int compare, Preset p, Path runDir,
                           Path base) {
        List<String> failures = new java.util.ArrayList<>();
        List<String> notes = new java.util.ArrayList<>();
        int status = ExitCodes.OK;
        if (benchmarkFailures > 0) {
            failures.add("crossover run: FAILED, benchmark error: " + benchmarkFailures + " failure(s) in " + failedGroups
                    + " group(s), listed in " + runDir.resolve("failures.json") + " (details in run.log)");
            status = ExitCodes.BENCHMARK_ERROR;
        }
        boolean gates = p != Preset.SMOKE;
        if (compare == ExitCodes.REGRESSION) {
            if (gates) {
                failures.add("crossover run: FAILED, regression against " + base + ": see " + runDir.resolve("regression.md"));
                status = status == ExitCodes.OK ? ExitCodes.REGRESSION : status;
            } else {
                notes.add("crossover run: the comparison reports a regression; the smoke preset never gates");
            }
        } else if (compare != ExitCodes.OK) {
            if (gates) {
                failures.add("crossover run: FAILED, bad input: the comparison with " + base + " did not complete (exit "
                        + compare + ", message above)");
                status = status == ExitCodes.OK ? ExitCodes.BAD_INPUT : status;
            } else {
                notes.add("crossover run: the comparison did not complete (exit " + compare + "); the smoke preset never gates");
            }
        }
        if (report != ExitCodes.OK) {
            failures.add("crossover run: FAILED, bad input: the report could not be written from " + runDir + " (exit "
                    + report + ", message above)");
            status = status == ExitCodes.OK ? ExitCodes.BAD_INPUT : status;
        }
        return new Verdict(status, failures, notes);
    }

    /** The benchmarks the plan's groups run. */
    static List<BenchmarkInfo> selected(SweepPlan plan, List<BenchmarkInfo> benchmarks) {
        return benchmarks.stream().filter(b -> plan.groups().stream()
                .anyMatch(g -> g.className().equals(b.className()) && g.methods().contains(b.method()))).toList();
    }

    /** A baseline given by path must exist before the run starts: a typo must not turn the gate off. */
    private void checkBaseline() throws PlanException {
        String b = baseline == null ? "auto" : baseline.trim();
        if (b.isEmpty() || b.equals("none") || b.equals("auto")) {
            return;
        }
        Path given = Path.of(b);
        if (!Files.exists(given)) {
            throw new PlanException("--baseline " + b + ": no such run directory or JMH file (" + given.toAbsolutePath()
                    + "); give an existing one, 'auto' (a matching baseline under results/baseline) or 'none'");
        }
    }

    /** The baseline to compare with, or null with a message saying why there is none. */
    private Path findBaseline(Path runDir, PrintStream out) {
        String b = baseline == null ? "auto" : baseline.trim();
        if (b.isEmpty() || b.equals("none")) {
            return null;
        }
        if (!b.equals("auto")) {
            Path given = Path.of(b);
            if (Files.exists(given)) {
                return given;
            }
            out.println("crossover run: baseline " + given + " does not exist; comparison skipped");
            return null;
        }
        try {
            Optional<Path> found = Baselines.findMatching(runDir);
            if (found.isEmpty()) {
                out.println("crossover run: no matching baseline (same preset, JDK, CPU budget and CPU model) under "
                        + Baselines.defaultRoot(runDir) + "; comparison skipped (store one with scripts/bless-baseline "
                        + runDir + ")");
            }
            return found.orElse(null);
        } catch (BadInputException e) {
            out.println("crossover run: baseline lookup failed (" + e.getMessage() + "); comparison skipped");
            return null;
        }
    }

    private static void printPlan(PrintStream out, SweepPlan plan, Sizing sz, boolean noRefine) {
        out.println("crossover run: preset " + plan.preset().id() + " (" + plan.preset().description() + ")");
        out.println("  CPU budget: " + sz.budget().cores() + " cores (" + sz.budget().source() + "); sizes " + plan.sizes());
        plan.notes().forEach(n -> out.println("  note: " + n));
        out.println("  " + plan.groups().size() + " groups, " + plan.configurations() + " configurations, estimated "
                + Progress.duration(plan.estimateSeconds()));
        double refine = dev.crossover.run.RefinementPlan.budgetSeconds(plan.preset());
        out.println("  adaptive refinement: " + (noRefine ? "off (--no-refine, -Dbench.refine=false)" : refine > 0 ? "up to " + Progress.duration(refine)
                + " of extra points between grid points around a crossover, after the plan (--no-refine: none)" : "none in this preset"));
        for (SweepPlan.Group g : plan.groups()) {
            out.println("    " + g.id() + " " + g.params() + (g.forceMode() ? " mode=" + g.modes().get(0).shortLabel() : "")
                    + ": " + g.configurations() + " config(s), ~" + Progress.duration(g.estimateSeconds()));
        }
    }

    private static String currentAffinity() {
        try {
            return dev.crossover.sizing.CpuAffinity.available()
                    ? dev.crossover.sizing.CpuAffinity.list(dev.crossover.sizing.CpuAffinity.current()) : null;
        } catch (IllegalStateException e) {
            return null;
        }
    }

    private List<String> claimList() {
        if (claims == null) {
            return List.of();
        }
        return claims.stream().flatMap(c -> Arrays.stream(c.split(","))).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
