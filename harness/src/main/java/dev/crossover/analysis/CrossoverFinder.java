package dev.crossover.analysis;

import java.util.ArrayList;
import java.util.List;

/**
 * Locates where two measured curves change order.
 *
 * <p>Between each pair of neighbouring common x values the log ratio of the scores, {@code g =
 * ln(a/b)} (sign flipped for lower-is-better units, so {@code g > 0} always means "a ahead"), is
 * interpolated linearly in log x (linear x when some x ≤ 0). Its zero is the estimate. The interval
 * comes from the score errors: the band of g from the error bars of both points; the crossing lies
 * after the last point where the band is wholly on the old side and before the first point where it
 * is wholly on the new side, each end interpolated where the band's edge crosses zero. An order swap
 * that no point on the new side confirms (the band overlaps zero there) is noise and is reported as a
 * touch, not a crossing, and so is a swap that no point on either side confirms.
 *
 * <p>The interval covers the score errors, not the curve's bend between two grid points: where
 * the true curve is far from a power law between them, the estimate may sit outside it. Narrowing
 * that is the job of adaptive refinement ({@link Refinement}).
 */
public final class CrossoverFinder {

    private CrossoverFinder() {
    }

    /** Crossings of {@code a} and {@code b} over the x values both have. */
    public static CrossoverResult find(Curve a, Curve b) {
        List<Point> pa = new ArrayList<>();
        List<Point> pb = new ArrayList<>();
        for (Point p : a.points()) {
            Point q = b.at(p.x());
            if (q != null) {
                pa.add(p);
                pb.add(q);
            }
        }
        int n = pa.size();
        if (n < 2) {
            return new CrossoverResult(a.label(), b.label(), a.xParam(), n == 1 ? pa.getFirst().x() : Double.NaN,
                    n == 1 ? pa.getFirst().x() : Double.NaN, List.of(), null, null, false, List.of(), n);
        }
        boolean higher = a.higherIsBetter();
        boolean logX = pa.stream().allMatch(p -> p.x() > 0);
        double[] x = new double[n];
        double[] u = new double[n];
        double[] g = new double[n];
        double[] gLo = new double[n];
        double[] gHi = new double[n];
        boolean errorsUnknown = false;
        for (int i = 0; i < n; i++) {
            Point p = pa.get(i);
            Point q = pb.get(i);
            errorsUnknown |= !p.errorKnown() || !q.errorKnown();
            x[i] = p.x();
            u[i] = logX ? Math.log(p.x()) : p.x();
            if (higher) {
                g[i] = ln(p.y()) - ln(q.y());
                gLo[i] = ln(p.low()) - ln(q.high());
                gHi[i] = ln(p.high()) - ln(q.low());
            } else {
                g[i] = ln(q.y()) - ln(p.y());
                gLo[i] = ln(q.low()) - ln(p.high());
                gHi[i] = ln(q.high()) - ln(p.low());
            }
        }
        // raw sign changes of the central estimate
        List<Raw> raw = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (g[i] == 0) {
                int before = sign(g, i, -1);
                int after = sign(g, i, +1);
                if (before != 0 && after != 0 && before != after) {
                    raw.add(new Raw(i, i, before, u[i]));
                }
            } else if (i + 1 < n && g[i + 1] != 0 && Math.signum(g[i]) != Math.signum(g[i + 1])) {
                double t = g[i] / (g[i] - g[i + 1]);
                raw.add(new Raw(i, i + 1, (int) Math.signum(g[i]), u[i] + t * (u[i + 1] - u[i])));
            }
        }
        // drop swaps that no point between them confirms: both ends of such a pair are noise
        List<Raw> kept = new ArrayList<>();
        List<double[]> touches = new ArrayList<>();
        for (Raw r : raw) {
            if (!kept.isEmpty()) {
                Raw top = kept.getLast();
                boolean confirmed = false;
                for (int j = top.right; j <= r.left; j++) {
                    confirmed |= clear(-top.before, gLo[j], gHi[j]);
                }
                if (!confirmed) {
                    kept.removeLast();
                    touches.add(new double[]{back(top.u, logX), back(r.u, logX)});
                    continue;
                }
            }
            kept.add(r);
        }
        List<Crossing> out = new ArrayList<>();
        for (Raw r : kept) {
            int s = r.before;
            boolean gridHit = r.left == r.right;
            double lo;
            double hi;
            boolean loOpen = false;
            boolean hiOpen = false;
            if (errorsUnknown) {
                lo = gridHit ? x[Math.max(0, r.left - 1)] : x[r.left];
                hi = gridHit ? x[Math.min(n - 1, r.right + 1)] : x[r.right];
            } else {
                int j = -1;
                for (int k = gridHit ? r.left - 1 : r.left; k >= 0; k--) {
                    if (clear(s, gLo[k], gHi[k])) {
                        j = k;
                        break;
                    }
                }
                if (j < 0) {
                    lo = x[0];
                    loOpen = true;
                } else {
                    double[] edge = s > 0 ? gLo : gHi;
                    lo = back(zero(u[j], edge[j], u[j + 1], edge[j + 1]), logX);
                }
                int k2 = -1;
                for (int k = gridHit ? r.right + 1 : r.right; k < n; k++) {
                    if (clear(-s, gLo[k], gHi[k])) {
                        k2 = k;
                        break;
                    }
                }
                if (k2 < 0) {
                    hi = x[n - 1];
                    hiOpen = true;
                } else {
                    double[] edge = -s > 0 ? gLo : gHi;
                    hi = back(zero(u[k2 - 1], edge[k2 - 1], u[k2], edge[k2]), logX);
                }
            }
            double est = back(r.u, logX);
            if (!errorsUnknown && loOpen && hiOpen) {
                // no point on either side is clearly ahead: an order swap the errors cannot tell from noise
                touches.add(new double[]{x[r.left], x[r.right]});
                continue;
            }
            out.add(new Crossing(est, Math.min(lo, est), Math.max(hi, est), loOpen, hiOpen, gridHit,
                    x[r.left], x[r.right], s > 0 ? a.label() : b.label(), s > 0 ? b.label() : a.label(), errorsUnknown));
        }
        boolean overlapAll = true;
        for (int i = 0; i < n; i++) {
            overlapAll &= !clear(1, gLo[i], gHi[i]) && !clear(-1, gLo[i], gHi[i]);
        }
        if (errorsUnknown) {
            overlapAll = false;
        }
        return new CrossoverResult(a.label(), b.label(), a.xParam(), x[0], x[n - 1], out,
                leader(g[0], a, b), leader(g[n - 1], a, b), overlapAll, touches, n);
    }

    /** The first crossing where {@code curve} climbs above (or, lower-is-better, below) a flat {@code level}. */
    public static CrossoverResult reaching(Curve curve, double level, double levelError, String levelLabel) {
        return find(curve, curve.flat(level, levelError, levelLabel));
    }

    private record Raw(int left, int right, int before, double u) {
    }

    private static String leader(double g, Curve a, Curve b) {
        return g > 0 ? a.label() : g < 0 ? b.label() : null;
    }

    /** The band is wholly on side s (s > 0: a ahead). */
    private static boolean clear(int s, double lo, double hi) {
        return s > 0 ? lo > 0 : hi < 0;
    }

    private static int sign(double[] g, int i, int dir) {
        for (int k = i + dir; k >= 0 && k < g.length; k += dir) {
            if (g[k] != 0) {
                return (int) Math.signum(g[k]);
            }
        }
        return 0;
    }

    private static double zero(double u0, double e0, double u1, double e1) {
        // an infinite edge (an error bar reaching zero) gives no position: take the widest end
        if (Double.isInfinite(e1)) {
            return u0;
        }
        if (Double.isInfinite(e0)) {
            return u1;
        }
        if (e0 == e1) {
            return u0;
        }
        double t = e0 / (e0 - e1);
        t = Math.max(0, Math.min(1, t));
        return u0 + t * (u1 - u0);
    }

    private static double back(double u, boolean logX) {
        return logX ? Math.exp(u) : u;
    }

    private static double ln(double v) {
        return v > 0 ? Math.log(v) : Double.NEGATIVE_INFINITY;
    }
}
