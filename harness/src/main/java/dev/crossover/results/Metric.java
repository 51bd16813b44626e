package dev.crossover.results;

import java.util.List;
import java.util.Map;

/**
 * One metric of a JMH result, primary or secondary, as JMH wrote it.
 *
 * @param score       JMH's score (mean over all iterations of all forks)
 * @param scoreError  half-width of JMH's 99.9% interval; NaN when JMH could not compute one
 * @param unit        e.g. {@code ops/s}, {@code us/op}, {@code B/op}
 * @param rawData     per fork, the measured iterations; empty when the file has none. For {@code
 *                    sample} mode JMH writes histograms instead; they are folded into one mean per
 *                    iteration here, so every mode offers the same per-fork view
 * @param percentiles JMH's {@code scorePercentiles} (keys like {@code "50.0"}, {@code "99.9"})
 */
public record Metric(double score, double scoreError, String unit, List<List<Double>> rawData,
                     Map<String, Double> percentiles) {

    public Metric {
        rawData = rawData.stream().map(List::copyOf).toList();
        percentiles = Map.copyOf(percentiles);
    }

    /** Number of forks that contributed raw data. */
    public int forkCount() {
        return rawData.size();
    }

    /** Mean of each fork's iterations, in fork order; forks without iterations are skipped. */
    public double[] forkMeans() {
        return rawData.stream().filter(f -> !f.isEmpty())
                .mapToDouble(f -> f.stream().mapToDouble(Double::doubleValue).average().orElseThrow())
                .toArray();
    }

    /** True when JMH gave no usable error (one iteration, or NaN). */
    public boolean errorUnknown() {
        return !Double.isFinite(scoreError);
    }
}
