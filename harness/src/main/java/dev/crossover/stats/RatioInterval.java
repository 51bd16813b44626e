package dev.crossover.stats;

import java.util.Arrays;

/**
 * How two configurations differ, with the fork as the unit of evidence: the ratio of their geometric
 * mean fork scores and its interval, from Welch's t on log fork means. JMH's iterations within a
 * fork are not independent (they share one JIT, one heap, one placement of threads), so only the
 * spread between forks says how far a second run could land; an interval from iterations is too
 * narrow wherever forks differ, which on a noisy machine is most of the time.
 *
 * <p>The ratio is {@code a / b} as measured, whatever the direction of the unit; {@link Difference}
 * orients it so that above 1 means "a is better".
 *
 * @param ratio      exp(mean ln a − mean ln b); NaN when either side has no fork mean
 * @param low        lower end of the interval on the ratio; NaN when it cannot be computed
 * @param high       upper end
 * @param confidence the nominal coverage, e.g. 0.95
 * @param logSe      standard error of the log ratio; NaN with fewer than two forks on a side
 * @param df         Welch–Satterthwaite degrees of freedom of the log ratio; NaN as for {@code logSe}
 * @param forksA     forks behind {@code a}
 * @param forksB     forks behind {@code b}
 */
public record RatioInterval(double ratio, double low, double high, double confidence, double logSe, double df,
                            int forksA, int forksB) {

    /** The confidence used across reports unless a caller asks for another. */
    public static final double DEFAULT_CONFIDENCE = 0.95;

    /** The interval on {@code a / b} at {@link #DEFAULT_CONFIDENCE}. */
    public static RatioInterval of(double[] forkMeansA, double[] forkMeansB) {
        return of(forkMeansA, forkMeansB, DEFAULT_CONFIDENCE);
    }

    /**
     * The interval on {@code a / b} from the fork means of each side. Non-positive and non-finite
     * fork means are left out (a log ratio cannot use them). With fewer than two forks on a side
     * the ratio is given and the interval is NaN: one fork says nothing about the next.
     */
    public static RatioInterval of(double[] forkMeansA, double[] forkMeansB, double confidence) {
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must lie in (0, 1), got " + confidence);
        }
        double[] la = logs(forkMeansA);
        double[] lb = logs(forkMeansB);
        if (la.length == 0 || lb.length == 0) {
            return new RatioInterval(Double.NaN, Double.NaN, Double.NaN, confidence, Double.NaN, Double.NaN,
                    la.length, lb.length);
        }
        double est = ForkStats.mean(la) - ForkStats.mean(lb);
        if (la.length < 2 || lb.length < 2) {
            return new RatioInterval(Math.exp(est), Double.NaN, Double.NaN, confidence, Double.NaN, Double.NaN,
                    la.length, lb.length);
        }
        double va = ForkStats.sumSquares(la) / (la.length - 1) / la.length;
        double vb = ForkStats.sumSquares(lb) / (lb.length - 1) / lb.length;
        double se = Math.sqrt(va + vb);
        double df;
        if (se == 0) {
            df = Double.POSITIVE_INFINITY;
        } else {
            df = (va + vb) * (va + vb)
                    / (va * va / (la.length - 1) + vb * vb / (lb.length - 1));
        }
        double crit = ForkStats.tQuantile(1 - (1 - confidence) / 2, df);
        return new RatioInterval(Math.exp(est), Math.exp(est - crit * se), Math.exp(est + crit * se), confidence,
                se, df, la.length, lb.length);
    }

    /** True when the interval could be computed (two or more forks on each side). */
    public boolean known() {
        return Double.isFinite(low) && Double.isFinite(high);
    }

    /** True when the interval excludes 1: the two differ at this confidence. */
    public boolean excludesOne() {
        return known() && (low > 1 || high < 1);
    }

    /**
     * The interval on {@code a / (factor × b)}: the same evidence against a scaled reference, e.g.
     * "a against 90% of b" with {@code factor = 0.9}. The log standard error and df are unchanged.
     */
    public RatioInterval scaled(double factor) {
        if (!(factor > 0) || !Double.isFinite(factor)) {
            throw new IllegalArgumentException("a reference factor must be a positive finite number, got " + factor);
        }
        return new RatioInterval(ratio / factor, low / factor, high / factor, confidence, logSe, df, forksA, forksB);
    }

    /** ln of {@link #ratio}: the log ratio whose standard error is {@link #logSe}. */
    public double logRatio() {
        return Math.log(ratio);
    }

    /** The same interval on {@code b / a}. */
    public RatioInterval inverse() {
        return new RatioInterval(1 / ratio, 1 / high, 1 / low, confidence, logSe, df, forksB, forksA);
    }

    private static double[] logs(double[] x) {
        return Arrays.stream(x).filter(v -> v > 0 && Double.isFinite(v)).map(Math::log).toArray();
    }
}
