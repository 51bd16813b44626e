package dev.crossover.cli;

import dev.crossover.compare.Baselines;
import dev.crossover.compare.CompareOutputs;
import dev.crossover.compare.Comparison;
import dev.crossover.compare.GridComparison;
import dev.crossover.compare.MetricComparison;
import dev.crossover.results.BadInputException;
import dev.crossover.results.RunData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
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
        try {
            var options = settings.toOptions(false, o);
            RunData b = RunData.read(base);
            RunData h = RunData.read(head);
            Comparison c = GridComparison.compare(b, h, options);
            Path dir = out != null ? out : Files.isDirectory(head) ? head : Path.of(".");
            return report(c, dir, o, err);
        } catch (BadInputException e) {
            err.println("crossover compare: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        } catch (IOException e) {
            err.println("crossover compare: cannot write the report: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
    }

    /** Writes the outputs, prints the verdict and returns the exit status; shared with {@code ab}. */
    static int report(Comparison c, Path dir, PrintWriter o, PrintWriter err) throws IOException {
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
        for (MetricComparison m : c.failures()) {
            o.println("  REGRESSION " + m.key() + (m.metric() == null ? "" : " " + m.metric()) + ": "
                    + CompareOutputs.changeText(m).replace('−', '-'));
        }
        o.println("wrote " + dir.resolve("regression.md") + ", junit.xml, compare.json");
        o.flush();
        return c.hasRegression() ? ExitCodes.REGRESSION : ExitCodes.OK;
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
