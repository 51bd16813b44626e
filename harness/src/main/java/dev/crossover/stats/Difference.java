package dev.crossover.stats;

/**
 * Configuration {@code a} against {@code b}, oriented so that a {@link #betterRatio} above 1 means
 * {@code a} is better (higher throughput, or lower time per operation), and judged against a
 * practical threshold: a tie is an interval that lies wholly within {@code ±threshold} of 1; a win
 * is one that lies wholly beyond it. Everything else is {@link Outcome#UNRESOLVED}, which is not a
 * tie: it says the forks measured cannot tell.
 *
 * @param interval       the interval on a/b as measured ({@link RatioInterval})
 * @param higherIsBetter the direction of the unit
 * @param threshold      the practical threshold, e.g. 0.02 for 2%
 */
public record Difference(RatioInterval interval, boolean higherIsBetter, double threshold) {

    /** The practical threshold reports use unless told otherwise (2%). */
    public static final double DEFAULT_THRESHOLD = 0.02;

    public Difference {
        if (!(threshold >= 0) || !Double.isFinite(threshold)) {
            throw new IllegalArgumentException("the tie threshold must be a finite fraction >= 0, got " + threshold);
        }
    }

    /** {@code a} against {@code b} from their fork means. */
    public static Difference of(double[] forkMeansA, double[] forkMeansB, boolean higherIsBetter, double threshold) {
        return new Difference(RatioInterval.of(forkMeansA, forkMeansB), higherIsBetter, threshold);
    }

    /** How many times better {@code a} is than {@code b} (below 1: worse). */
    public double betterRatio() {
        return higherIsBetter ? interval.ratio() : 1 / interval.ratio();
    }

    /** Lower end of the interval on {@link #betterRatio}. */
    public double betterLow() {
        return higherIsBetter ? interval.low() : 1 / interval.high();
    }

    /** Upper end of the interval on {@link #betterRatio}. */
    public double betterHigh() {
        return higherIsBetter ? interval.high() : 1 / interval.low();
    }

    /** The verdict of the interval against the threshold. */
    public Outcome outcome() {
        if (!interval.known()) {
            return Outcome.UNRESOLVED;
        }
        double up = 1 + threshold;
        double down = 1 / up;
        double lo = betterLow();
        double hi = betterHigh();
        if (lo > up) {
            return Outcome.AHEAD;
        }
        if (hi < down) {
            return Outcome.BEHIND;
        }
        if (lo >= down && hi <= up) {
            return Outcome.TIE;
        }
        return Outcome.UNRESOLVED;
    }

    /** True when the interval excludes "equal", whatever the threshold. */
    public boolean significant() {
        return interval.excludesOne();
    }

    /** The same comparison seen from {@code b}. */
    public Difference reversed() {
        return new Difference(interval.inverse(), higherIsBetter, threshold);
    }

    /** "+12% [+8%, +16%]" on {@link #betterRatio}, or "+12% (1 fork: no interval)". */
    public String text() {
        String pct = pct(betterRatio());
        if (!interval.known()) {
            int f = Math.min(interval.forksA(), interval.forksB());
            return pct + " (" + f + " fork" + (f == 1 ? "" : "s") + ": no interval)";
        }
        return pct + " [" + pct(betterLow()) + ", " + pct(betterHigh()) + "]";
    }

    private static String pct(double r) {
        if (!Double.isFinite(r)) {
            return "n/a";
        }
        double p = (r - 1) * 100;
        return String.format(java.util.Locale.ROOT, Math.abs(p) < 10 ? "%+.1f%%" : "%+.0f%%", p);
    }
}
