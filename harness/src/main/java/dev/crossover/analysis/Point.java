package dev.crossover.analysis;

/**
 * One measured point of a curve.
 *
 * @param x         the numeric param value (task units, pool size, concurrency, …)
 * @param y         the score, in the curve's unit
 * @param error     JMH's score error (half-width of its 99.9% interval); NaN when unknown. Shown beside
 *                  the score; decisions use {@code forkMeans}, never this
 * @param key       the result key it came from ({@link dev.crossover.results.BenchmarkResult#key()}), or null
 * @param forkMeans the mean score of each fork: the unit of evidence for every decision; empty when the
 *                  result file has no raw data
 */
public record Point(double x, double y, double error, String key, double[] forkMeans) {

    public Point {
        forkMeans = forkMeans == null ? new double[0] : forkMeans.clone();
    }

    /** A point without fork means (a result file without raw data, or a drawn reference line). */
    public Point(double x, double y, double error, String key) {
        this(x, y, error, key, new double[0]);
    }

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

    /** The fork means (a copy). */
    @Override
    public double[] forkMeans() {
        return forkMeans.clone();
    }

    /** The fork means to decide on: the forks when there are any, else the score alone (one "fork"). */
    public double[] evidence() {
        return forkMeans.length > 0 ? forkMeans.clone() : new double[]{y};
    }

    /** This point with every score and fork mean multiplied by {@code factor}. */
    Point times(double factor) {
        double[] f = forkMeans.clone();
        for (int i = 0; i < f.length; i++) {
            f[i] *= factor;
        }
        return new Point(x, y * factor, error * factor, key, f);
    }
}
