package dev.crossover.cli;

import dev.crossover.analysis.Analysis;
import dev.crossover.analysis.DecisionMap;
import dev.crossover.claims.ClaimsCatalog;
import dev.crossover.analysis.CrossoverFinding;
import dev.crossover.analysis.Verdict;
import dev.crossover.report.ReportGenerator;
import dev.crossover.results.BadInputException;
import dev.crossover.results.RunData;
import dev.crossover.results.RunInput;
import dev.crossover.results.RunCompleteness;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code crossover report}: answers, crossovers, claim verdicts and charts from a run or any JMH JSON. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Writes report.md, report.html, charts/ and summary.json from a run directory or JMH JSON files.",
                "Default input: results/latest. Default output: the run directory, or the directory of the first JSON file,",
                "or for an archive run.tgz the directory run-report/ beside it.",
                "--fleet DIR|TGZ...: one fleet report over runs from several machines (as 'crossover fleet')."})
public final class ReportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "RUN_DIR|TGZ|JSON", arity = "0..*",
            description = "a run directory, a .tar.gz/.tgz of one, or JMH JSON result files (-rf json)")
    List<Path> inputs;

    @Option(names = "--out", paramLabel = "DIR", description = "where to write the report")
    Path out;

    @Option(names = "--tie-threshold", paramLabel = "PCT",
            description = "Two choices tie when the interval on their ratio, from fork means, lies within this of 1 (default 2%%).")
    String tieThreshold;

    @Option(names = "--claims", paramLabel = "IDS", split = ",", description = "only these claims in the report, e.g. C4,C6 (crossovers are always reported)")
    List<String> claims;

    @Option(names = "--fleet", description = "The inputs are runs from several machines: write one fleet report over them "
            + "(the same as 'crossover fleet'; default --out results/fleet).")
    boolean fleet;

    @Option(names = "--allow-mixed", description = "With --fleet: set runs of other presets apart instead of refusing them.")
    boolean allowMixed;

    /** Puts the run's incompleteness at the top of report.md and report.html. */
    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter outw = spec.commandLine().getOut();
        if (fleet) {
            return FleetCommand.run(inputs, out != null ? out : Path.of("results", "fleet"), allowMixed, false, tieThreshold, outw, err);
        }
        System.setProperty("java.awt.headless", "true");
        try (RunInput in = inputs != null && inputs.size() == 1 ? RunInput.open(inputs.getFirst()) : null) {
            ClaimsCatalog catalog = ClaimsCatalog.bundled();
            Set<String> only = Inputs.ids(claims, catalog);
            double threshold = AdviseCommand.tieThreshold(tieThreshold);
            RunData data = Inputs.load(in != null ? List.of(in.path()) : inputs);
            data.warnings().forEach(w -> err.println("crossover report: warning: " + w));
            // an archive's extracted copy is deleted afterwards: its report goes beside the archive
            Path dir = out != null ? out : in != null && in.extracted() ? Inputs.besideArchive(in.given())
                    : data.runDir() != null ? data.runDir() : data.files().getFirst().toAbsolutePath().getParent();
            RunCompleteness completeness = RunCompleteness.of(data);
            if (!completeness.complete()) {
                outw.println("INCOMPLETE RUN: " + completeness.problem());
            }
            Analysis a = Analysis.of(data, catalog);
            DecisionMap map = DecisionMap.of(a, threshold);
            ReportGenerator.Written w = ReportGenerator.write(a, map, dir, only);
            outw.println("Machine: " + a.metadata().machine());
            for (DecisionMap.Axis axis : map.axes()) {
                for (DecisionMap.Region r : axis.regions()) {
                    outw.println("  " + axis.title() + ", " + axis.span(r) + ": " + r.first().decision().replace("**", ""));
                }
            }
            for (CrossoverFinding f : a.crossovers().values()) {
                outw.println("  " + f.id() + ": " + f.summary());
            }
            for (Verdict v : a.verdicts().values()) {
                if (only == null || only.contains(v.id())) {
                    outw.println("  " + v.id() + ": " + v.label() + (v.gist() == null ? "" : ": " + v.gist()));
                }
            }
            outw.println("Report: " + w.markdown() + " (also " + w.html().getFileName() + ", " + w.summary().getFileName()
                    + ", " + w.charts().size() + " charts in " + w.markdown().resolveSibling("charts") + ")");
            outw.flush();
            return ExitCodes.OK;
        } catch (BadInputException e) {
            err.println("crossover report: " + e.getMessage());
            err.flush();
            return ExitCodes.BAD_INPUT;
        } catch (IOException e) {
            err.println("crossover report: cannot write the report: " + e.getMessage() + "; check that --out names a writable directory");
            err.flush();
            return ExitCodes.BAD_INPUT;
        }
    }
}
