package dev.crossover.cli;

import dev.crossover.compare.CompareOptions;
import dev.crossover.compare.Thresholds;
import dev.crossover.results.BadInputException;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/** The statistical options {@code compare} and {@code ab} share. */
public final class CompareSettings {

    /** Looked for in the working directory when {@code --thresholds} is not given. */
    public static final String THRESHOLDS_FILE = "crossover-thresholds.properties";

    @Option(names = "--threshold", paramLabel = "PCT", defaultValue = "5%",
            description = "Smallest change reported as a regression or improvement (default ${DEFAULT-VALUE}).")
    String threshold;

    @Option(names = "--thresholds", paramLabel = "FILE",
            description = "Per-benchmark thresholds: lines 'REGEX = 3%%' matched against 'benchmark [mode] {params}'; default: "
                    + THRESHOLDS_FILE + " in the working directory when present.")
    Path thresholdsFile;

    @Option(names = "--fdr", paramLabel = "Q", defaultValue = "0.05",
            description = "False discovery rate across the grid, Benjamini–Hochberg (default ${DEFAULT-VALUE}).")
    double alpha;

    @Option(names = "--gate-alloc", description = "Fail also on a gc.alloc.rate.norm (bytes/op) regression.")
    boolean gateAlloc;

    @Option(names = "--no-moderation", description = "Judge each benchmark on its own fork variance only (less power at few forks).")
    boolean noModeration;

    @Option(names = "--cv-limit", paramLabel = "PCT", defaultValue = "5%",
            description = "Fork-to-fork coefficient of variation above which a benchmark is marked noisy (default ${DEFAULT-VALUE}).")
    String cvLimit;

    @Option(names = "--allow-different", description = "Compare even when JDK, JVM flags, CPU budget or JMH settings differ.")
    boolean allowDifferent;

    /** The options as given; reads the thresholds file. */
    CompareOptions toOptions(boolean paired, PrintWriter out) throws BadInputException {
        double def = Thresholds.parse(threshold, null, 0);
        double cv = Thresholds.parse(cvLimit, null, 0);
        if (!(alpha > 0 && alpha < 1)) {
            throw new BadInputException("--fdr " + alpha + ": must lie between 0 and 1, e.g. 0.05");
        }
        Thresholds t = Thresholds.uniform(def);
        Path file = thresholdsFile;
        if (file == null && Files.isRegularFile(Path.of(THRESHOLDS_FILE))) {
            file = Path.of(THRESHOLDS_FILE);
        }
        if (file != null) {
            if (!Files.isRegularFile(file)) {
                throw new BadInputException(file, "no such thresholds file");
            }
            t = Thresholds.load(file, def);
            out.println("thresholds from " + file + " (default " + Math.round(t.defaultThreshold() * 1000) / 10.0 + "%, "
                    + t.rules().size() + " rule(s))");
        }
        return new CompareOptions(alpha, t, gateAlloc, !noModeration, cv, allowDifferent, paired);
    }
}
