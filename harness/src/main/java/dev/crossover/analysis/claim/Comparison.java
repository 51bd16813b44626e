package dev.crossover.analysis.claim;

import dev.crossover.analysis.Evidence;
import dev.crossover.analysis.Fmt;
import dev.crossover.results.BenchmarkResult;
import dev.crossover.results.Metric;
import dev.crossover.stats.Difference;
import dev.crossover.stats.Outcome;

/**
 * One side-by-side comparison behind a verdict: {@code a} against {@code b}, the fork-based interval
 * on how much better {@code a} is, and what the claim expects of it.
 *
 * @param label  where, e.g. {@code payload 8 B, pipe vs queue}
 * @param a      the first side's figure
 * @param b      the second side's figure
 * @param diff   a against b from their fork means (stats core)
 * @param expect what the claim expects of a against b
 */
public record Comparison(String label, Evidence a, Evidence b, Difference diff, Expect expect) {

    /** What a claim expects of {@code a} against {@code b}. */
    public enum Expect {
        /** a must be better than b by more than the tie threshold. */
        BETTER,
        /** a must tie with b or be better: "nothing is gained by b". */
        NOT_WORSE,
        /** A figure the verdict reports, not a test of the claim. */
        NONE
    }

    /** What the comparison says about the claim. */
    public enum Agreement {
        AGREES, CONTRADICTS, UNRESOLVED, FIGURE;

        /** "agrees", "contradicts", … as written in reports. */
        public String word() {
            return this == FIGURE ? "figure" : name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The primary metrics of two results, compared on their fork means. */
    public static Comparison of(String label, BenchmarkResult a, BenchmarkResult b, Expect expect, double threshold) {
        return new Comparison(label, Evidence.of(a), Evidence.of(b),
                Difference.of(a.primary().forkMeans(), b.primary().forkMeans(), a.higherIsBetter(), threshold), expect);
    }

    /** Two secondary metrics (or a secondary against itself elsewhere), compared on their fork means; lower is better. */
    static Comparison ofMetric(String label, Evidence a, Metric ma, Evidence b, Metric mb, boolean higherIsBetter,
                               Expect expect, double threshold) {
        return new Comparison(label, a, b, Difference.of(ma.forkMeans(), mb.forkMeans(), higherIsBetter, threshold), expect);
    }

    /** The interval's outcome against the tie threshold. */
    public Outcome outcome() {
        return diff.outcome();
    }

    /** What this comparison says about the claim. */
    public Agreement agreement() {
        Outcome o = outcome();
        return switch (expect) {
            case NONE -> Agreement.FIGURE;
            case BETTER -> o == Outcome.AHEAD ? Agreement.AGREES : o == Outcome.UNRESOLVED ? Agreement.UNRESOLVED : Agreement.CONTRADICTS;
            case NOT_WORSE -> o == Outcome.BEHIND ? Agreement.CONTRADICTS : o == Outcome.UNRESOLVED ? Agreement.UNRESOLVED : Agreement.AGREES;
        };
    }

    /**
     * How many times better a is than b: the fork-based ratio, or the ratio of JMH's scores when the
     * results carry no per-fork data.
     */
    public double ratio() {
        double r = diff.betterRatio();
        return Double.isFinite(r) ? r : a.advantageOver(b);
    }

    /** "×3.83 [×2.1, ×6.9]" or "+12% [+8%, +16%]" on how much better a is, "(no interval: 1 fork)" when unknown. */
    public String ratioText() {
        if (!diff.interval().known()) {
            int forks = Math.min(diff.interval().forksA(), diff.interval().forksB());
            return size(ratio()) + " (no interval: " + forks + " fork" + (forks == 1 ? "" : "s") + " with data)";
        }
        double lo = diff.betterLow();
        double hi = diff.betterHigh();
        // one notation for the ratio and both ends, so "[×0.10, -24%]" never appears
        boolean times = far(ratio()) || far(lo) || far(hi);
        return fmt(ratio(), times) + " [" + fmt(lo, times) + ", " + fmt(hi, times) + "]";
    }

    private static boolean far(double ratio) {
        return ratio >= 2 || ratio <= 0.5;
    }

    private static String fmt(double ratio, boolean times) {
        return times ? Fmt.times(ratio) : Fmt.pct(ratio);
    }

    /** Beyond a factor of two a ratio reads better than a percentage (×450, not +45000%). */
    static String size(double ratio) {
        return fmt(ratio, far(ratio));
    }
}
