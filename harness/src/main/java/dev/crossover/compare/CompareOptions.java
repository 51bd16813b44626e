package dev.crossover.compare;

/**
 * Settings of a comparison.
 *
 * @param alpha          false discovery rate for the Benjamini–Hochberg step (default 0.05)
 * @param thresholds     smallest change worth reporting, per benchmark
 * @param gateAlloc      whether a {@code gc.alloc.rate.norm} regression fails the comparison by itself
 * @param moderate       whether fork variances borrow strength across the grid (default on)
 * @param cvLimit        fork-to-fork coefficient of variation above which a benchmark is marked noisy
 * @param allowDifferent compare runs from different JDKs, flags, CPU budgets or JMH settings anyway
 * @param paired         forks are paired by index (A/B rounds), so the test runs on the differences
 */
public record CompareOptions(double alpha, Thresholds thresholds, boolean gateAlloc, boolean moderate,
                             double cvLimit, boolean allowDifferent, boolean paired) {

    /** The defaults: 5% FDR, 5% threshold, moderation on, CV limit 5%, unpaired. */
    public static CompareOptions defaults() {
        return new CompareOptions(0.05, Thresholds.uniform(Thresholds.DEFAULT), false, true, 0.05, false, false);
    }

    public CompareOptions withPaired(boolean p) {
        return new CompareOptions(alpha, thresholds, gateAlloc, moderate, cvLimit, allowDifferent, p);
    }

    public CompareOptions withModerate(boolean m) {
        return new CompareOptions(alpha, thresholds, gateAlloc, m, cvLimit, allowDifferent, paired);
    }

    public CompareOptions withThresholds(Thresholds t) {
        return new CompareOptions(alpha, t, gateAlloc, moderate, cvLimit, allowDifferent, paired);
    }
}
