package dev.crossover.cli;

import dev.crossover.analysis.Analysis;
import dev.crossover.analysis.Answer;
import dev.crossover.analysis.ClaimsCatalog;
import dev.crossover.analysis.CrossoverFinding;
import dev.crossover.analysis.Verdict;
import dev.crossover.report.ReportGenerator;
import dev.crossover.results.BadInputException;
import dev.crossover.results.RunData;
import dev.crossover.run.RunCompleteness;
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
                "Default input: results/latest. Default output: the run directory, or the directory of the first JSON file."})
public final class ReportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "RUN_DIR|JSON", arity = "0..*", description = "a run directory, or JMH JSON result files (-rf json)")
    List<Path> inputs;

    @Option(names = "--out", paramLabel = "DIR", description = "where to write the report")
    Path out;

    @Option(names = "--claims", paramLabel = "IDS", split = ",", description = "only these claims in the report, e.g. C4,C6 (crossovers are always reported)")
    List<String> claims;

    /** Puts the run's incompleteness at the top of report.md and report.html. */
    static void markIncomplete(ReportGenerator.Written w, RunCompleteness c) throws IOException {
        String md = Files.readString(w.markdown(), StandardCharsets.UTF_8);
        Files.writeString(w.markdown(), "> **Incomplete run.** " + c.problem() + "\n\n" + md, StandardCharsets.UTF_8);
        if (Files.isRegularFile(w.html())) {
            String html = Files.readString(w.html(), StandardCharsets.UTF_8);
            int body = html.indexOf("<body");
            int at = body < 0 ? -1 : html.indexOf('>', body) + 1;
            String note = "<p style=\"border:2px solid #c00;padding:.5em\"><strong>Incomplete run.</strong> "
                    + c.problem().replace("&", "&amp;").replace("<", "&lt;") + "</p>";
            Files.writeString(w.html(), at <= 0 ? note + html : html.substring(0, at) + note + html.substring(at), StandardCharsets.UTF_8);
        }
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter outw = spec.commandLine().getOut();
        System.setProperty("java.awt.headless", "true");
        try {
            ClaimsCatalog catalog = ClaimsCatalog.bundled();
            Set<String> only = Inputs.ids(claims, catalog);
            RunData data = Inputs.load(inputs);
            data.warnings().forEach(w -> err.println("crossover report: warning: " + w));
            Path dir = out != null ? out : data.runDir() != null ? data.runDir()
                    : data.files().getFirst().toAbsolutePath().getParent();
            RunCompleteness completeness = RunCompleteness.of(data);
            Analysis a = Analysis.of(data, catalog);
            ReportGenerator.Written w = ReportGenerator.write(a, dir, only);
            if (!completeness.complete()) {
                markIncomplete(w, completeness);
                outw.println("INCOMPLETE RUN: " + completeness.problem());
            }
            outw.println("Machine: " + a.metadata().machine());
            for (Answer x : a.answers()) {
                outw.println("  " + x.shape() + ", " + x.condition() + ": " + x.describe());
            }
            for (CrossoverFinding f : a.crossovers().values()) {
                outw.println("  " + f.id() + ": " + f.summary());
            }
            for (Verdict v : a.verdicts().values()) {
                if (only == null || only.contains(v.id())) {
                    outw.println("  " + v.id() + ": " + v.label());
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
