package dev.crossover.cli;

import dev.crossover.compare.Baselines;
import dev.crossover.compare.CompareOutputs;
import dev.crossover.compare.Comparison;
import dev.crossover.compare.GridComparison;
import dev.crossover.compare.MetricComparison;
import dev.crossover.compare.Verdict;
import dev.crossover.results.BadInputException;
import dev.crossover.results.RunData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import dev.crossover.results.RunInput;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code crossover compare BASE HEAD}: regression report between two JMH result files or run directories. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Compares two runs (JMH JSON files or run directories) benchmark by benchmark on JMH's raw data,",
                "with the fork as the unit of evidence; writes regression.md, junit.xml and compare.json.",
                "Exit status: 0 no regression, 1 regression, 2 bad input or not comparable."},
        subcommands = {CompareCommand.Bless.class})
public final class CompareCommand implements Callable<Integer> {

    // Optional for picocli only, so that "compare bless RUN" parses; call() insists on both.
    @Parameters(index = "0", arity = "0..1", paramLabel = "BASE", description = "Baseline: a JMH JSON file (-rf json) or a run directory.")
    Path base;

    @Parameters(index = "1", arity = "0..1", paramLabel = "HEAD", description = "The run to judge: a JMH JSON file or a run directory.")
    Path head;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR",
            description = "Where to write regression.md, junit.xml, compare.json (default: HEAD when it is a directory, else the working directory).")
    Path out;

    @Option(names = "--allow-same", description = "Compare even when BASE and HEAD are the same file or the same run "
            + "(otherwise exit 2: such a comparison can only say \"no change\").")
    boolean allowSame;

    @Mixin
    CompareSettings settings;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (base == null || head == null) {
            err.println("crossover compare: give BASE and HEAD (JMH JSON files or run directories), e.g. "
                    + "crossover compare results/baseline/quick-… results/latest");
            spec.commandLine().usage(err);
            return ExitCodes.BAD_INPUT;
        }
        try (RunInput bi = RunInput.open(base); RunInput hi = RunInput.open(head)) {
            var options = settings.toOptions(false, o);
            RunData b = RunData.read(bi.path());
            RunData h = RunData.read(hi.path());
            requireResults(b, "BASE");
            requireResults(h, "HEAD");
            if (!allowSame) {
                String same = sameRun(b, h);
                if (same != null) {
                    throw new BadInputException("BASE " + base + " and HEAD " + head + " are " + same
                            + ": comparing a run with itself can only say \"no change\". Give the baseline and the new run"
                            + " (or pass --allow-same to do it anyway)");
                }
            }
            Comparison c = GridComparison.compare(b, h, options);
            Path dir = out != null ? out : hi.extracted() ? Inputs.besideArchive(head) : Files.isDirectory(head) ? head : Path.of(".");
            return report(c, dir, o, err);
        } catch (BadInputException e) {
            err.println("crossover compare: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        } catch (IOException e) {
            err.println("crossover compare: cannot write the report: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
    }

    /** A side without a single result compares nothing: bad input, never "no regression". */
    static void requireResults(RunData d, String side) throws BadInputException {
        if (d.results().isEmpty()) {
            throw new BadInputException(side + " " + d.source() + " holds no results (" + d.files().size()
                    + " JMH file(s), all empty arrays): nothing to compare. A benchmark group may have failed; "
                    + "check its run.log, or give another run");
        }
    }

    /**
     * Why BASE and HEAD are one run, or null when they are not: the same path, the same run (equal
     * {@code startTime} and commit in {@code metadata.json}), or result files of identical content.
     */
    static String sameRun(RunData b, RunData h) throws BadInputException {
        try {
            if (b.source().toRealPath().equals(h.source().toRealPath())) {
                return "the same " + (Files.isDirectory(b.source()) ? "directory" : "file");
            }
        } catch (IOException e) {
            throw new BadInputException(b.source(), "cannot be resolved: " + e.getMessage());
        }
        String sb = b.metadata().startTime();
        if (sb != null && sb.equals(h.metadata().startTime()) && java.util.Objects.equals(b.metadata().commit(), h.metadata().commit())) {
            return "the same run (both started at " + sb + ")";
        }
        if (b.files().size() == h.files().size()) {
            try {
                for (int i = 0; i < b.files().size(); i++) {
                    if (Files.mismatch(b.files().get(i), h.files().get(i)) != -1) {
                        return null;
                    }
                }
            } catch (IOException e) {
                return null;
            }
            return "copies of one run (their JMH files are byte for byte the same)";
        }
        return null;
    }

    /** Writes the outputs, prints the verdict and returns the exit status; shared with {@code ab}. */
    static int report(Comparison c, Path dir, PrintWriter o, PrintWriter err) throws IOException, BadInputException {
        if (c.compared() == 0) {
            throw new BadInputException("BASE " + c.base() + " and HEAD " + c.head() + " share no benchmark (same benchmark, "
                    + "mode and params): nothing was compared. Only in base: " + sample(c, Verdict.REMOVED) + "; only in head: "
                    + sample(c, Verdict.ADDED) + ". Compare two runs of the same benchmarks");
        }
        CompareOutputs.writeAll(c, dir);
        if (!c.comparable()) {
            err.println("crossover: not comparable (" + c.base() + " vs " + c.head() + "):");
            c.differences().forEach(d -> err.println("  - " + d));
            err.println("Rerun both on the same setup, or pass --allow-different. Report: " + dir.resolve("regression.md"));
            return ExitCodes.BAD_INPUT;
        }
        if (!c.differences().isEmpty()) {
            o.println("setups differ (compared anyway):");
            c.differences().forEach(d -> o.println("  - " + d));
        }
        o.println(CompareOutputs.summaryLine(c));
        o.println(c.coverage() + (c.dropped().isEmpty() ? "" : ": " + String.join(", ", c.dropped().stream().limit(10).toList())
                + (c.dropped().size() > 10 ? ", … (all in regression.md)" : "")));
        for (MetricComparison m : c.failures()) {
            o.println("  REGRESSION " + m.key() + (m.metric() == null ? "" : " " + m.metric()) + ": "
                    + CompareOutputs.changeText(m).replace('−', '-'));
        }
        o.println("wrote " + dir.resolve("regression.md") + ", junit.xml, compare.json");
        o.flush();
        return c.hasRegression() ? ExitCodes.REGRESSION : ExitCodes.OK;
    }

    private static String sample(Comparison c, Verdict v) {
        List<String> keys = c.primary().stream().filter(m -> m.verdict() == v).map(MetricComparison::key).toList();
        return keys.isEmpty() ? "none" : keys.size() + " (" + String.join(", ", keys.stream().limit(3).toList())
                + (keys.size() > 3 ? ", …" : "") + ")";
    }

    /** {@code crossover compare bless RUN}: stores a run as the baseline for its preset, JDK, CPU budget and model. */
    @Command(name = "bless", mixinStandardHelpOptions = true,
            description = "Stores a run directory as the baseline for its preset, JDK, CPU budget and CPU model.")
    static final class Bless implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "RUN", defaultValue = "results/latest",
                description = "The run directory (default ${DEFAULT-VALUE}).")
        Path run;

        @Option(names = "--baselines", paramLabel = "DIR", description = "Baseline root (default: results/baseline beside results/runs).")
        Path root;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try {
                Path r = root != null ? root : Baselines.defaultRoot(run);
                Path stored = Baselines.bless(run, r);
                spec.commandLine().getOut().println("blessed " + run + " as baseline " + stored);
                return ExitCodes.OK;
            } catch (BadInputException e) {
                spec.commandLine().getErr().println("crossover compare bless: " + e.getMessage());
                return ExitCodes.BAD_INPUT;
            }
        }
    }
}
