package dev.crossover.analysis;

/**
 * One measured point of a curve.
 *
 * @param x     the numeric param value (task units, pool size, concurrency, …)
 * @param y     the score, in the curve's unit
 * @param error JMH's score error (half-width of its 99.9% interval); NaN when unknown
 * @param key   the result key it came from ({@link dev.crossover.results.BenchmarkResult#key()}), or null
 */
public record Point(double x, double y, double error, String key) {

    /** True when the point has a usable error. */
    public boolean errorKnown() {
        return Double.isFinite(error);
    }

    /** Lower end of the score interval (the score itself when the error is unknown). */
    public double low() {
        return errorKnown() ? y - error : y;
    }

    /** Upper end of the score interval (the score itself when the error is unknown). */
    public double high() {
        return errorKnown() ? y + error : y;
    }
}
