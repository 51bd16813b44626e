package dev.crossover.compare;

import java.util.List;
import java.util.Map;

/**
 * The comparison of one metric of one benchmark (benchmark, mode, params) between BASE and HEAD.
 *
 * @param metric     {@code null} for the primary score, else the secondary metric's name
 * @param ratio      HEAD / BASE (of geometric fork means on the log scale), NaN when unknown
 * @param ciLow      lower end of the 95% interval of the ratio
 * @param p          unadjusted two-sided p value
 * @param q          Benjamini–Hochberg adjusted p value within the metric's family
 * @param df         degrees of freedom of the test
 * @param forksNeeded forks a side (pairs when paired) to resolve the threshold at the observed variance; -1 unknown
 * @param gating     whether this comparison can fail the run
 * @param method     how it was tested, in words
 */
public record MetricComparison(String key, String benchmark, String mode, Map<String, String> params,
                               String metric, String unit, boolean higherIsBetter,
                               double baseScore, double headScore, int baseForks, int headForks,
                               double ratio, double ciLow, double ciHigh, double p, double q, double df,
                               double threshold, double cvBase, double cvHead, int forksNeeded,
                               Verdict verdict, boolean gating, String method, List<String> notes) {

    public MetricComparison {
        params = Map.copyOf(params);
        notes = List.copyOf(notes);
    }

    /** Relative change of the score, HEAD/BASE − 1. */
    public double change() {
        return ratio - 1;
    }

    /** Log ratio oriented so that positive is worse; NaN when unknown. */
    public double badness() {
        double l = Math.log(ratio);
        return higherIsBetter ? -l : l;
    }

    /** Whether this fails the comparison. */
    public boolean failing() {
        return gating && verdict == Verdict.REGRESSION;
    }

    /** The metric's display name: {@code score} for the primary one. */
    public String metricName() {
        return metric == null ? "score" : metric;
    }
}
