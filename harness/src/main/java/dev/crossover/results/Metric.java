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

    /** The unit JMH gives {@code @AuxCounters(Type.EVENTS)} counters. */
    public static final String EVENTS_UNIT = "#";

    /**
     * True for an {@code @AuxCounters(Type.EVENTS)} counter (unit {@code #}): JMH's {@code score} for
     * it is the SUM over all iterations, not a per-iteration figure; read {@link #iterationMean()}.
     */
    public boolean isEventCounter() {
        return EVENTS_UNIT.equals(unit);
    }

    /**
     * Mean of every measured iteration of every fork: the per-iteration value of a counter such as
     * {@code tornFrames} or {@code tasksLost}, whose JMH score is a sum over iterations. NaN when the
     * file has no rawData.
     */
    public double iterationMean() {
        return rawData.stream().flatMap(List::stream).mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    /**
     * The figure to read for this metric: the per-iteration mean for an event counter (falling back
     * to the score when rawData is missing), JMH's score otherwise.
     */
    public double value() {
        if (isEventCounter()) {
            double m = iterationMean();
            return Double.isNaN(m) ? score : m;
        }
        return score;
    }

    /**
     * The error to show beside {@link #value()}: for an event counter, the half-width of a 99.9%
     * Student-t interval of the iteration mean, as JMH computes for primary scores (NaN, as in
     * JMH, with two iterations or fewer); JMH's score error otherwise.
     */
    public double valueError() {
        if (!isEventCounter() || rawData.isEmpty()) {
            return scoreError;
        }
        double[] xs = rawData.stream().flatMap(List::stream).mapToDouble(Double::doubleValue).toArray();
        if (xs.length <= 2) {
            return Double.NaN;
        }
        double sd = new org.apache.commons.math3.stat.descriptive.moment.StandardDeviation().evaluate(xs);
        double t = new org.apache.commons.math3.distribution.TDistribution(xs.length - 1).inverseCumulativeProbability(1 - 0.001 / 2);
        return t * sd / Math.sqrt(xs.length);
    }

    /** Total number of measured iterations over all forks. */
    public int iterationCount() {
        return rawData.stream().mapToInt(List::size).sum();
    }

    /** True when JMH gave no usable error (one iteration, or NaN). */
    public boolean errorUnknown() {
        return !Double.isFinite(scoreError);
    }
}
