package dev.crossover.cli;

import dev.crossover.analysis.Advisor;
import dev.crossover.analysis.Analysis;
import dev.crossover.analysis.Fmt;
import dev.crossover.compare.Thresholds;
import dev.crossover.stats.Difference;
import dev.crossover.results.BadInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code crossover advise}: executor and pool size for a task of C compute and W wait, from the latest run's curves. */
@Command(name = "advise", mixinStandardHelpOptions = true,
        description = {"Which executor and pool size for a task of C compute and W blocking wait, read from a run's measured curves.",
                "Example: crossover advise --compute 200us --wait 5ms"})
public final class AdviseCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--compute", paramLabel = "DURATION", defaultValue = "0us", description = "CPU time per task: 200us, 1.5ms, 0.2s")
    String compute;

    @Option(names = "--wait", paramLabel = "DURATION", defaultValue = "0us", description = "blocking wait per task: 5ms, 800us")
    String waitTime;

    @Option(names = "--tie-threshold", paramLabel = "PCT",
            description = "Two choices tie when the interval on their ratio, from fork means, lies within this of 1 (default 2%%).")
    String tieThreshold;

    @Option(names = "--runtime", paramLabel = "jvm|cpython", defaultValue = "jvm",
            description = "Advise for the JVM (default) or, from the run's CPython programs, for a Python user: threads or processes, size, chunksize.")
    String runtime;

    @Parameters(paramLabel = "RUN_DIR|JSON", arity = "0..*", description = "the run to read (default results/latest)")
    List<Path> inputs;

    /** A duration option in microseconds: a finite number ≥ 0 with a unit, else bad input naming the option. */
    static double duration(String option, String text) throws BadInputException {
        double v;
        try {
            v = Advisor.parseMicros(text);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(option + ": " + e.getMessage());
        }
        if (!Double.isFinite(v)) {
            throw new BadInputException(option + " '" + text + "' is too large to be a duration (it overflows to infinity);"
                    + " give a finite one with a unit: 200us, 5ms, 0.5s");
        }
        return v;
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        try {
            double c = duration("--compute", compute);
            double w = duration("--wait", waitTime);
            double threshold = tieThreshold(tieThreshold);
            if (!runtime.equals("jvm") && !runtime.equals("cpython")) {
                throw new BadInputException("--runtime " + runtime + ": accepted: jvm, cpython");
            }
            Analysis a = Analysis.of(Inputs.load(inputs));
            if (runtime.equals("cpython")) {
                dev.crossover.analysis.CPythonAdvisor.Advice py = dev.crossover.analysis.CPythonAdvisor.advise(a, c, w);
                out.println("On " + a.metadata().machine() + ", in CPython:");
                out.println("Use " + py.best() + ".");
                py.lines().forEach(l -> out.println("  " + l));
                out.println("How far from the measurements: " + py.distance() + ".");
                out.flush();
                return ExitCodes.OK;
            }
            Advisor.Advice advice = Advisor.advise(a, c, w, threshold);
            out.println("On " + a.metadata().machine() + ":");
            out.println("Use " + advice.use() + ".");
            advice.lines().forEach(l -> out.println("  " + l));
            if (Double.isFinite(advice.throughput())) {
                out.println("Throughput: ≈ " + Fmt.num(advice.throughput()) + " tasks/s ("
                        + (advice.measured() ? "measured at this point" : "interpolated between measured task sizes, not measured") + "); "
                        + advice.ceilingText() + ".");
            } else {
                out.println("Throughput: not measured for this task; " + advice.ceilingText() + ".");
            }
            out.println("How far from the measurements: " + advice.distance() + ".");
            out.flush();
            return ExitCodes.OK;
        } catch (BadInputException e) {
            err.println("crossover advise: " + e.getMessage());
            err.flush();
            return ExitCodes.BAD_INPUT;
        }
    }

    /** {@code --tie-threshold}: "2%" or "0.02"; {@link Difference#DEFAULT_THRESHOLD} when not given. */
    static double tieThreshold(String given) throws BadInputException {
        if (given == null) {
            return Difference.DEFAULT_THRESHOLD;
        }
        try {
            return Thresholds.parse(given, null, 0);
        } catch (BadInputException e) {
            throw new BadInputException("--tie-threshold '" + given + "' is not a fraction; write 2% or 0.02");
        }
    }
}
