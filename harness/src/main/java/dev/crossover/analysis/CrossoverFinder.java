package dev.crossover.analysis;

import dev.crossover.analysis.CrossoverResult.State;
import dev.crossover.analysis.CrossoverResult.Step;
import dev.crossover.stats.Difference;
import dev.crossover.stats.LineFit;
import dev.crossover.stats.RatioInterval;

import java.util.ArrayList;
import java.util.List;

/**
 * Locates where two measured curves change order, deciding at every common x on the fork means
 * (the stats core's {@link RatioInterval}: Welch's t on log fork means, 95%), never on JMH's score
 * error.
 *
 * <p>Each common x gets a state: {@code a} clearly ahead, {@code b} clearly ahead, a tie (the
 * whole interval within the practical threshold), or unresolved. A crossing lies between two
 * points clearly on opposite sides; its interval runs from the nearest point before it whose
 * interval lies wholly on the old side of equality to the nearest one after it wholly on the new
 * side. Between grid points the curve can go anywhere, so the interval is never narrower than the
 * two measured points around the crossing: only points measured inside it (refinement) narrow it.
 * Where a model is known the rules narrow it with the model instead, and say so.
 *
 * <p>Curves level within the threshold and then apart give a crossing "from a tie", located
 * between the last point whose interval stays below the threshold and the first beyond it.
 * Differences within the threshold are never crossings. A side that no measured point shows
 * clearly is an open end: the crossing is unresolved there, which the rules report with the
 * command that would resolve it.
 */
public final class CrossoverFinder {

    private CrossoverFinder() {
    }

    /** Crossings of {@code a} and {@code b} with the default practical threshold. */
    public static CrossoverResult find(Curve a, Curve b) {
        return find(a, b, Difference.DEFAULT_THRESHOLD);
    }

    /** Crossings of {@code a} and {@code b}: ties within {@code threshold} are not crossings. */
    public static CrossoverResult find(Curve a, Curve b, double threshold) {
        List<Point[]> pairs = new ArrayList<>();
        for (Point p : a.points()) {
            Point q = b.at(p.x());
            if (q != null) {
                pairs.add(new Point[]{p, q});
            }
        }
        return locate(a.label(), b.label(), a.xParam(), a.higherIsBetter(), pairs, 1, threshold);
    }

    /**
     * Where {@code a} reaches {@code factor × reference} (e.g. a process pool reaching 90% of a
     * thread pool), at each x both measured. No tie band: reaching a level is a question of which
     * side of it the interval lies on.
     */
    public static CrossoverResult reaching(Curve a, Curve reference, double factor, String levelLabel) {
        List<Point[]> pairs = new ArrayList<>();
        for (Point p : a.points()) {
            Point q = reference.at(p.x());
            if (q != null) {
                pairs.add(new Point[]{p, q});
            }
        }
        return locate(a.label(), levelLabel, a.xParam(), a.higherIsBetter(), pairs, factor, 0);
    }

    /** Where {@code a} reaches {@code factor ×} one measured point {@code reference} (e.g. 95% of its own peak). */
    public static CrossoverResult reaching(Curve a, Point reference, double factor, String levelLabel) {
        List<Point[]> pairs = new ArrayList<>();
        for (Point p : a.points()) {
            pairs.add(new Point[]{p, reference});
        }
        return locate(a.label(), levelLabel, a.xParam(), a.higherIsBetter(), pairs, factor, 0);
    }

    /**
     * A crossing from the linear cost model: both curves' costs (time per operation) fitted as
     * {@code a + b·x} on their fork means ({@link LineFit}), the meeting point with Fieller's 95%
     * interval, kept within what the grid shows. The model stands only while every point measured
     * clearly on one side agrees with it; otherwise the grid's crossing stands and the note says why.
     *
     * @param crossing the crossing where {@code a} overtakes {@code b}, or null when there is none
     * @param grid     the grid's own decision, point by point
     * @param fitA     the line of {@code a}, null when it could not be fitted
     * @param fitB     the line of {@code b}
     * @param note     how the model was used, or why it was not
     */
    public record Linear(Crossing crossing, CrossoverResult grid, LineFit fitA, LineFit fitB, String note) {
    }

    /** Where {@code a} overtakes {@code b}, both costs linear in x (a lower-is-better unit). */
    public static Linear linear(Curve a, Curve b) {
        CrossoverResult grid = find(a, b);
        Crossing onGrid = grid.crossings().stream().filter(c -> c.leaderAfter().equals(a.label())).findFirst().orElse(null);
        LineFit fa;
        LineFit fb;
        try {
            fa = fit(a);
            fb = fit(b);
        } catch (IllegalArgumentException e) {
            return new Linear(onGrid, grid, null, null, "no linear fit: " + e.getMessage());
        }
        if (a.higherIsBetter() || !(fa.b() < fb.b())) {
            return new Linear(onGrid, grid, fa, fb, a.higherIsBetter() ? "the linear model is for costs (time per operation)"
                    : a.label() + "'s cost does not grow more slowly than " + b.label() + "'s: the lines do not cross ahead");
        }
        LineFit.Meeting m = LineFit.meeting(fa, fb, RatioInterval.DEFAULT_CONFIDENCE);
        if (!m.bounded() || !(m.x() > 0)) {
            return new Linear(onGrid, grid, fa, fb, "the fitted slopes cannot be told apart: the model cannot place the meeting point");
        }
        for (Step s : grid.steps()) {
            boolean contradicts = s.state() == State.A_AHEAD && s.x() < m.low() || s.state() == State.B_AHEAD && s.x() > m.high();
            if (contradicts) {
                return new Linear(onGrid, grid, fa, fb, "the linear model is contradicted at " + a.xParam() + " = " + Fmt.num(s.x())
                        + " (measured " + (s.state() == State.A_AHEAD ? a.label() : b.label()) + " ahead): grid interval");
            }
        }
        double lo = Math.max(0, m.low());
        double hi = m.high();
        boolean clipped = false;
        if (onGrid != null && !onGrid.errorsUnknown()) {
            if (!onGrid.loOpen() && onGrid.lo() > lo) {
                lo = onGrid.lo();
                clipped = true;
            }
            if (!onGrid.hiOpen() && onGrid.hi() < hi) {
                hi = onGrid.hi();
                clipped = true;
            }
        }
        double est = Math.max(lo, Math.min(hi, m.x()));
        double[] xs = a.xs();
        double below = Double.NaN;
        double above = Double.NaN;
        for (double v : xs) {
            if (v <= est) {
                below = v;
            } else if (Double.isNaN(above)) {
                above = v;
            }
        }
        Crossing c = new Crossing(est, lo, hi, false, false, false, Double.isNaN(below) ? lo : below,
                Double.isNaN(above) ? hi : above, b.label(), a.label(), false, Crossing.Basis.LINEAR_MODEL, false);
        return new Linear(c, grid, fa, fb, clipped ? "Fieller's interval " + Fmt.num(m.low()) + " – " + Fmt.num(m.high())
                + ", kept within the points measured clearly on each side" : "");
    }

    private static LineFit fit(Curve c) {
        double[] xs = c.xs();
        double[][] forks = new double[xs.length][];
        for (int i = 0; i < xs.length; i++) {
            forks[i] = c.points().get(i).evidence();
        }
        return LineFit.relative(xs, forks);
    }

    private static CrossoverResult locate(String a, String b, String xParam, boolean higher, List<Point[]> pairs,
                                          double factor, double threshold) {
        int n = pairs.size();
        List<Step> steps = new ArrayList<>();
        double[] x = new double[n];
        double[] g = new double[n];
        double[] gLo = new double[n];
        double[] gHi = new double[n];
        boolean[] unknown = new boolean[n];
        double band = Math.log1p(threshold);
        for (int i = 0; i < n; i++) {
            Point p = pairs.get(i)[0];
            Point q = pairs.get(i)[1];
            Difference d = new Difference(RatioInterval.of(p.evidence(), q.evidence()).scaled(factor), higher, threshold);
            x[i] = p.x();
            g[i] = Math.log(d.betterRatio());
            unknown[i] = !d.interval().known();
            gLo[i] = unknown[i] ? g[i] : Math.log(d.betterLow());
            gHi[i] = unknown[i] ? g[i] : Math.log(d.betterHigh());
            State s;
            if (gLo[i] > band) {
                s = State.A_AHEAD;
            } else if (gHi[i] < -band) {
                s = State.B_AHEAD;
            } else if (threshold > 0 && gLo[i] >= -band && gHi[i] <= band) {
                s = State.TIE;
            } else {
                s = State.UNRESOLVED;
            }
            steps.add(new Step(x[i], d, s));
        }
        if (n < 2) {
            double only = n == 1 ? x[0] : Double.NaN;
            return new CrossoverResult(a, b, xParam, only, only, List.of(), null, null, false, n, steps, threshold);
        }
        boolean logX = java.util.Arrays.stream(x).allMatch(v -> v > 0);
        boolean anyUnknown = false;
        for (boolean u : unknown) {
            anyUnknown |= u;
        }
        List<Crossing> out = new ArrayList<>();
        int prev = -1;
        for (int j = 0; j < n; j++) {
            State s = steps.get(j).state();
            if (s != State.A_AHEAD && s != State.B_AHEAD) {
                continue;
            }
            int up = s == State.A_AHEAD ? 1 : -1;
            if (prev >= 0 && steps.get(prev).state() != s) {
                // clearly on one side at prev, clearly on the other at j: a crossing of equality between
                out.add(crossing(prev, j, up, 0, false, x, g, gLo, gHi, logX, anyUnknown, a, b));
            } else if (prev < 0 && j > 0) {
                boolean tieBefore = false;
                for (int k = 0; k < j; k++) {
                    tieBefore |= steps.get(k).state() == State.TIE;
                }
                if (tieBefore) {
                    // level within the threshold, then apart: where the lead passes the threshold
                    out.add(crossing(0, j, up, up * band, true, x, g, gLo, gHi, logX, anyUnknown, a, b));
                } else {
                    // no point before j is clearly on the other side: the low end stays open unless one is significantly so
                    out.add(crossing(0, j, up, 0, false, x, g, gLo, gHi, logX, anyUnknown, a, b));
                }
            }
            prev = j;
        }
        if (prev >= 0 && prev < n - 1) {
            // after the last clear point the forks cannot tell: the order may still swap there, so the end is open
            int side = steps.get(prev).state() == State.A_AHEAD ? 1 : -1;
            for (int k = prev + 1; k < n; k++) {
                if (steps.get(k).state() == State.UNRESOLVED) {
                    out.add(openHigh(prev, n, -side, x, g, gHi, gLo, logX, anyUnknown, a, b));
                    break;
                }
            }
        }
        boolean tieAll = steps.stream().allMatch(s -> s.state() == State.TIE);
        return new CrossoverResult(a, b, xParam, x[0], x[n - 1], out, leader(steps.getFirst().state(), a, b),
                leader(steps.getLast().state(), a, b), tieAll, n, steps, threshold);
    }

    /**
     * The crossing of {@code g = level} going in direction {@code up} (+1: a rises past b) between the
     * clear points {@code i < j}: from the last point at or after {@code i} wholly on the old side of
     * the level to the first point after it wholly on the new side.
     */
    private static Crossing crossing(int i, int j, int up, double level, boolean fromTie, double[] x,
                                     double[] g, double[] gLo, double[] gHi, boolean logX, boolean unknown, String a,
                                     String b) {
        int lo = -1;
        for (int k = j - 1; k >= i; k--) {
            if (up > 0 ? gHi[k] < level : gLo[k] > level) {
                lo = k;
                break;
            }
        }
        boolean open = lo < 0;
        int from = lo < 0 ? i : lo;
        int hi = j;
        for (int k = from + 1; k <= j; k++) {
            if (up > 0 ? gLo[k] > level : gHi[k] < level) {
                hi = k;
                break;
            }
        }
        // the estimate: where the central log ratio passes the level between adjacent points
        int m = from;
        while (m < hi - 1 && (up > 0 ? g[m + 1] < level : g[m + 1] > level)) {
            m++;
        }
        double est = interpolate(x[m], g[m] - level, x[m + 1], g[m + 1] - level, logX);
        if (open && (up > 0 ? g[from] >= level : g[from] <= level)) {
            est = x[from];
        }
        String before = up > 0 ? b : a;
        String after = up > 0 ? a : b;
        double loX = open ? x[i] : x[from];
        return new Crossing(est, Math.min(loX, est), Math.max(x[hi], est), open, false, false, x[m], x[m + 1], before, after,
                unknown, Crossing.Basis.GRID, fromTie);
    }

    private static Crossing openHigh(int prev, int n, int up, double[] x, double[] g, double[] gHi, double[] gLo,
                                     boolean logX, boolean unknown, String a, String b) {
        int lo = prev;
        for (int k = n - 1; k > prev; k--) {
            if (up > 0 ? gHi[k] < 0 : gLo[k] > 0) {
                lo = k;
                break;
            }
        }
        int m = Math.min(lo, n - 2);
        while (m < n - 2 && (up > 0 ? g[m + 1] < 0 : g[m + 1] > 0)) {
            m++;
        }
        double est = interpolate(x[m], g[m], x[m + 1], g[m + 1], logX);
        return new Crossing(est, x[lo], Math.max(x[n - 1], est), false, true, false, x[m], x[m + 1],
                up > 0 ? b : a, up > 0 ? a : b, unknown, Crossing.Basis.GRID, false);
    }

    private static double interpolate(double x0, double d0, double x1, double d1, boolean logX) {
        double t = d0 == d1 ? 0.5 : d0 / (d0 - d1);
        t = Math.max(0, Math.min(1, t));
        if (logX) {
            return Math.exp(Math.log(x0) + t * (Math.log(x1) - Math.log(x0)));
        }
        return x0 + t * (x1 - x0);
    }

    private static String leader(State s, String a, String b) {
        return s == State.A_AHEAD ? a : s == State.B_AHEAD ? b : null;
    }
}
