package dev.crossover.analysis;

import dev.crossover.results.BenchmarkResult;
import dev.crossover.results.Metric;

/**
 * A number behind a verdict, answer or crossover: the result key, score, error and unit.
 *
 * @param key    {@link BenchmarkResult#key()} (plus the metric name for a secondary metric)
 * @param score  the score
 * @param error  JMH's score error; NaN when unknown
 * @param unit   the unit
 * @param higherIsBetter the direction of this number
 */
public record Evidence(String key, double score, double error, String unit, boolean higherIsBetter) {

    /** The primary metric of a result. */
    public static Evidence of(BenchmarkResult r) {
        return new Evidence(r.key(), r.primary().score(), r.primary().scoreError(), r.primary().unit(), r.higherIsBetter());
    }

    /**
     * A secondary metric of a result, or null when the result lacks it. An {@code @AuxCounters(EVENTS)}
     * counter (tornFrames, tasksLost, …) gives its mean per iteration, not JMH's score,
     * which for such counters is the sum over all iterations.
     */
    public static Evidence secondary(BenchmarkResult r, String name) {
        Metric m = r.secondary().get(name);
        if (m == null) {
            return null;
        }
        return m.isEventCounter()
                ? new Evidence(r.key() + " · " + name, m.value(), m.valueError(), COUNTER_UNIT, false)
                : new Evidence(r.key() + " · " + name, m.score(), m.scoreError(), m.unit(), false);
    }

    /** How an event counter's per-iteration mean is labelled (JMH's own unit for it is "#"). */
    public static final String COUNTER_UNIT = "# per iteration";

    /** A point of a curve. */
    public static Evidence of(Point p, Curve c) {
        return new Evidence(p.key(), p.y(), p.error(), c.unit(), c.higherIsBetter());
    }

    /** "1.23e+06 ± 2.1e+04 ops/s". */
    public String scoreText() {
        return Fmt.score(score, error, unit);
    }

    /** True when the error is known. */
    public boolean errorKnown() {
        return Double.isFinite(error);
    }

    /** How many times better this is than {@code other} (≥ 1 means better), in the direction of the unit. */
    public double advantageOver(Evidence other) {
        return higherIsBetter ? score / other.score : other.score / score;
    }
}
