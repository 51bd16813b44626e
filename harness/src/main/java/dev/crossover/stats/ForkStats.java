package dev.crossover.stats;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.special.Beta;
import org.apache.commons.math3.special.Gamma;

import java.util.Arrays;
import java.util.List;

/**
 * The statistics behind a comparison, with the fork as the unit of evidence: a t test on log fork
 * means whose variance is moderated across the grid (empirical Bayes, Smyth 2004: each benchmark's
 * fork variance is shrunk toward a prior fitted to the whole grid, which buys degrees of freedom
 * that 3 forks alone cannot give), Benjamini–Hochberg adjustment, and the forks a benchmark would
 * need to resolve a threshold.
 */
public final class ForkStats {

    private ForkStats() {
    }

    /** Fork-level residual variance of one comparison and its degrees of freedom. */
    public record Residual(double variance, int df) {
    }

    /**
     * The grid's prior on fork variance: scaled inverse chi-square with {@code df} degrees of freedom
     * around {@code variance}. {@code df == 0} means no moderation (each benchmark on its own);
     * {@code df == +Infinity} means the grid's variances look identical. {@code totalDf} caps the
     * moderated degrees of freedom: a benchmark cannot borrow more evidence than the grid holds.
     */
    public record Prior(double variance, double df, double totalDf) {
        public static final Prior NONE = new Prior(Double.NaN, 0, Double.POSITIVE_INFINITY);

        /** Moderated variance of a benchmark with residual variance {@code s2} on {@code d} df. */
        public double moderate(double s2, int d) {
            if (df == 0) {
                return s2;
            }
            if (Double.isInfinite(df)) {
                return variance;
            }
            return d == 0 ? variance : (df * variance + d * s2) / (df + d);
        }

        /** Degrees of freedom of the moderated t statistic. */
        public double moderatedDf(int d) {
            return df == 0 ? d : Math.min(df + d, totalDf);
        }
    }

    /**
     * Fits the prior to the residual variances of a grid (method of moments on log variances, as in
     * Smyth's limma). Needs {@value #MIN_GRID} benchmarks with a positive variance; with fewer, the
     * spread of variances cannot be told from chance, and each benchmark stands on its own.
     */
    public static Prior fitPrior(List<Residual> residuals) {
        double[] e = new double[residuals.size()];
        double triMean = 0;
        double totalDf = 0;
        int g = 0;
        for (Residual r : residuals) {
            if (r.df() < 1 || !(r.variance() > 0) || !Double.isFinite(r.variance())) {
                continue;
            }
            double half = r.df() / 2.0;
            e[g++] = Math.log(r.variance()) - Gamma.digamma(half) + Math.log(half);
            triMean += Gamma.trigamma(half);
            totalDf += r.df();
        }
        if (g < MIN_GRID) {
            return Prior.NONE;
        }
        triMean /= g;
        double mean = 0;
        for (int i = 0; i < g; i++) {
            mean += e[i];
        }
        mean /= g;
        double var = 0;
        for (int i = 0; i < g; i++) {
            var += (e[i] - mean) * (e[i] - mean);
        }
        var = var / (g - 1) - triMean;
        if (var <= 0) {
            return new Prior(Math.exp(mean), Double.POSITIVE_INFINITY, totalDf);
        }
        double d0 = 2 * trigammaInverse(var);
        double s0 = Math.exp(mean + Gamma.digamma(d0 / 2) - Math.log(d0 / 2));
        return new Prior(s0, d0, totalDf);
    }

    /** Fewest benchmarks (with two or more forks) from which a prior is fitted. */
    public static final int MIN_GRID = 5;

    /** Solves trigamma(y) = x for y > 0 by bisection on log y (trigamma is strictly decreasing). */
    static double trigammaInverse(double x) {
        double lo = Math.log(1e-8);
        double hi = Math.log(1e8);
        for (int i = 0; i < 80; i++) {
            double mid = (lo + hi) / 2;
            if (Gamma.trigamma(Math.exp(mid)) > x) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return Math.exp((lo + hi) / 2);
    }

    /** Two-sided p value of a t statistic on {@code df} degrees of freedom (normal when df is infinite). */
    public static double twoSidedP(double t, double df) {
        if (Double.isNaN(t)) {
            return Double.NaN;
        }
        if (Double.isInfinite(t)) {
            return 0;
        }
        if (Double.isInfinite(df) || df > 1e7) {
            return 2 * NORMAL.cumulativeProbability(-Math.abs(t));
        }
        return Beta.regularizedBeta(df / (df + t * t), df / 2, 0.5);
    }

    /** The {@code p} quantile of Student's t on {@code df} degrees of freedom. */
    public static double tQuantile(double p, double df) {
        if (Double.isInfinite(df) || df > 1e7) {
            return NORMAL.inverseCumulativeProbability(p);
        }
        return new TDistribution(null, df).inverseCumulativeProbability(p);
    }

    private static final NormalDistribution NORMAL = new NormalDistribution(null, 0, 1);

    /** Benjamini–Hochberg adjusted p values (q values), in the order given; NaN stays NaN. */
    public static double[] benjaminiHochberg(double[] p) {
        Integer[] idx = java.util.stream.IntStream.range(0, p.length).filter(i -> !Double.isNaN(p[i]))
                .boxed().toArray(Integer[]::new);
        Arrays.sort(idx, (a, b) -> Double.compare(p[b], p[a]));
        double[] q = new double[p.length];
        Arrays.fill(q, Double.NaN);
        int m = idx.length;
        double min = 1;
        for (int rank = m; rank >= 1; rank--) {
            int i = idx[m - rank];
            min = Math.min(min, p[i] * m / rank);
            q[i] = min;
        }
        return q;
    }

    /** Mean of the values. */
    public static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s / x.length;
    }

    /** Sum of squared deviations from the mean. */
    public static double sumSquares(double[] x) {
        double m = mean(x);
        double s = 0;
        for (double v : x) {
            s += (v - m) * (v - m);
        }
        return s;
    }

    /**
     * Forks per side (or pairs, when {@code paired}) that a t test at two-sided 5% would need to
     * detect a change of {@code relativeChange} with 80% power, given the fork-level standard
     * deviation {@code sd} of log scores; {@code Integer.MAX_VALUE} when more than 10,000.
     */
    public static int forksNeeded(double sd, double relativeChange, boolean paired) {
        if (!(sd > 0)) {
            return 2;
        }
        double delta = Math.log1p(relativeChange);
        // The normal approximation is a lower bound (t quantiles exceed z ones): start the search there.
        double z = 1.959963984540054 + 0.8416212335729143;
        double lower = (paired ? 1 : 2) * z * z * sd * sd / (delta * delta);
        if (lower > 10_000) {
            return Integer.MAX_VALUE;
        }
        for (int n = Math.max(2, (int) Math.floor(lower)); n <= 10_000; n++) {
            double df = paired ? n - 1 : 2.0 * n - 2;
            double se = paired ? sd / Math.sqrt(n) : sd * Math.sqrt(2.0 / n);
            if ((cachedT(0.975, df) + cachedT(0.80, df)) * se <= delta) {
                return n;
            }
        }
        return Integer.MAX_VALUE;
    }

    private static final java.util.Map<Double, Double> T975 = new java.util.concurrent.ConcurrentHashMap<>();
    private static final java.util.Map<Double, Double> T80 = new java.util.concurrent.ConcurrentHashMap<>();

    private static double cachedT(double p, double df) {
        return (p == 0.975 ? T975 : T80).computeIfAbsent(df, x -> tQuantile(p, x));
    }
}
