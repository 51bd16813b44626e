package dev.crossover.cli;

import dev.crossover.fleet.Fleet;
import dev.crossover.fleet.FleetFindings;
import dev.crossover.report.FleetReport;
import dev.crossover.results.BadInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code crossover fleet}: one report over runs from several machines, or several CPU budgets of one
 * ({@code crossover run --cpus N}): each crossover against the core budget, the decision maps side by
 * side, the claims whose verdict changes with the machine, and the runs that cannot be compared.
 */
@Command(name = "fleet", mixinStandardHelpOptions = true,
        description = {"One report over runs from several machines: fleet.md, fleet.html, charts/, fleet.json.",
                "Each run is a run directory written by 'crossover run', or a .tar.gz/.tgz of one.",
                "Exit status: 0 ok, 2 bad input (not a run, a newer format, mixed presets, fewer than two runs)."})
public final class FleetCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "RUN_DIR|TGZ", arity = "0..*", description = "two runs or more: run directories or archives of them")
    List<Path> runs;

    @Option(names = {"-o", "--out"}, defaultValue = "results/fleet", paramLabel = "DIR",
            description = "Where to write the fleet report (default: results/fleet).")
    Path out;

    @Option(names = "--allow-mixed", description = "Accept runs of different presets: those of the presets other than the "
            + "fleet's (that of most runs) are set apart as not comparable instead of refused.")
    boolean allowMixed;

    @Option(names = "--repeats", description = "The runs are repeats of one host, JDK and core budget, of any presets (e.g. "
            + "two quick runs and a full one): every crossover's intervals side by side, and whether every two overlap.")
    boolean repeats;

    @Option(names = "--tie-threshold", paramLabel = "PCT",
            description = "Two choices tie when the interval on their ratio, from fork means, lies within this of 1 (default 2%%).")
    String tieThreshold;

    @Override
    public Integer call() {
        return run(runs, out, allowMixed, repeats, tieThreshold, spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    /** The fleet report of {@code runs} into {@code out}; shared with {@code report --fleet}. */
    static int run(List<Path> runs, Path out, boolean allowMixed, boolean repeats, String tieThreshold, PrintWriter o,
                   PrintWriter err) {
        System.setProperty("java.awt.headless", "true");
        try {
            double threshold = AdviseCommand.tieThreshold(tieThreshold);
            try (Fleet fleet = Fleet.load(runs, allowMixed, repeats, threshold)) {
                FleetFindings f = FleetFindings.of(fleet);
                FleetReport.Written w = FleetReport.write(fleet, f, out);
                o.println("Fleet: " + fleet.runs().size() + " comparable runs (preset " + fleet.preset() + ", JDK " + fleet.jdk() + ")"
                        + (fleet.apart().isEmpty() ? "" : ", " + fleet.apart().size() + " set apart"));
                fleet.runs().forEach(r -> o.println("  " + r.label() + ": " + r.given()));
                fleet.apart().forEach(a -> o.println("  not comparable: " + a.run().label() + " (" + a.run().given() + "): " + a.reason()));
                for (FleetFindings.Series s : f.crossovers()) {
                    o.println("  " + s.id() + " " + s.subject() + ": " + s.movement().name().toLowerCase().replace('_', ' ')
                            + ": " + s.verdict());
                }
                f.claims().stream().filter(FleetFindings.ClaimAcross::changes).forEach(c -> o.println("  " + c.id()
                        + " changes with the machine: " + c.sides()));
                o.println("Fleet report: " + w.markdown() + " (also " + w.html().getFileName() + ", " + w.json().getFileName()
                        + ", " + w.charts().size() + " charts in " + w.markdown().resolveSibling("charts") + ")");
                o.flush();
                return ExitCodes.OK;
            }
        } catch (BadInputException e) {
            err.println("crossover fleet: " + e.getMessage());
            err.flush();
            return ExitCodes.BAD_INPUT;
        } catch (IOException e) {
            err.println("crossover fleet: cannot write the fleet report into " + out.toAbsolutePath() + ": " + e.getMessage()
                    + "; give a writable directory with --out");
            err.flush();
            return ExitCodes.BAD_INPUT;
        }
    }
}
