package dev.crossover.compare;

import dev.crossover.stats.ForkStats;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything a comparison found: the primary scores (with added and removed benchmarks), the
 * secondary metrics, and how the two runs differ in setup.
 *
 * @param primary     one entry per benchmark key, worst first
 * @param secondary   one entry per benchmark key and secondary metric present on both sides, worst first
 * @param differences setup differences that make the runs not comparable (JDK, flags, CPU budget, JMH settings)
 * @param notes       setup differences that do not (e.g. JMH version)
 * @param prior       the grid's fork-variance prior for the primary scores
 */
public record Comparison(Path base, Path head, CompareOptions options, List<MetricComparison> primary,
                         List<MetricComparison> secondary, List<String> differences, List<String> notes,
                         ForkStats.Prior prior) {

    public Comparison {
        primary = List.copyOf(primary);
        secondary = List.copyOf(secondary);
        differences = List.copyOf(differences);
        notes = List.copyOf(notes);
    }

    /** True when the runs may be compared: same setup, or differences allowed. */
    public boolean comparable() {
        return differences.isEmpty() || options.allowDifferent();
    }

    /** Every comparison that fails the run. */
    public List<MetricComparison> failures() {
        return java.util.stream.Stream.concat(primary.stream(), secondary.stream())
                .filter(MetricComparison::failing).toList();
    }

    /** True when something gating regressed. */
    public boolean hasRegression() {
        return !failures().isEmpty();
    }

    /** Benchmarks (benchmark, mode, params) present in both runs and so compared. */
    public long compared() {
        return primary.stream().filter(m -> m.verdict() != Verdict.ADDED && m.verdict() != Verdict.REMOVED).count();
    }

    /** Keys of the benchmarks left out because only one side has them, "only in base" ones first. */
    public List<String> dropped() {
        return java.util.stream.Stream.concat(
                primary.stream().filter(m -> m.verdict() == Verdict.REMOVED).map(m -> m.key() + " (only in base)"),
                primary.stream().filter(m -> m.verdict() == Verdict.ADDED).map(m -> m.key() + " (only in head)")).toList();
    }

    /** "Compared 12 benchmarks present in both runs; 2 dropped (only in one run)." */
    public String coverage() {
        long n = compared();
        int d = dropped().size();
        return "Compared " + n + " benchmark" + (n == 1 ? "" : "s") + " present in both runs"
                + (d == 0 ? "; none dropped" : "; " + d + " dropped (only in one run)");
    }

    /** Number of primary comparisons with this verdict. */
    public long count(Verdict v) {
        return primary.stream().filter(m -> m.verdict() == v).count();
    }
}
