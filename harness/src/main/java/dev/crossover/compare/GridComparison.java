package dev.crossover.compare;

import dev.crossover.stats.ForkStats;
import dev.crossover.results.BenchmarkResult;
import dev.crossover.results.Metric;
import dev.crossover.results.RunData;
import dev.crossover.results.Units;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Compares two runs benchmark by benchmark (key: benchmark, mode, every param) and metric by metric.
 *
 * <p>Per metric, each fork is reduced to its mean (iterations within a fork share the fork's JIT
 * and memory layout, so they are not independent evidence). The test is on log fork means: the
 * difference of their averages estimates log(HEAD/BASE); its standard error comes from the pooled
 * fork variance, moderated across the grid ({@link ForkStats#fitPrior}); the t statistic gives the p
 * value and the 95% interval. Paired runs (A/B rounds) test the per-round differences instead.
 * p values are adjusted by Benjamini–Hochberg across the grid (primary scores as one family, each
 * secondary metric as its own). A verdict needs q ≤ alpha and a change beyond the threshold.
 */
public final class GridComparison {

    /** The secondary metric that may gate on its own ({@link CompareOptions#gateAlloc()}). */
    public static final String ALLOC_NORM = "gc.alloc.rate.norm";

    private GridComparison() {
    }

    /** Compares BASE with HEAD. */
    public static Comparison compare(RunData base, RunData head, CompareOptions o) {
        Map<String, BenchmarkResult> b = index(base.results());
        Map<String, BenchmarkResult> h = index(head.results());
        List<BenchmarkResult[]> pairs = new ArrayList<>();
        for (Map.Entry<String, BenchmarkResult> e : b.entrySet()) {
            BenchmarkResult other = h.get(e.getKey());
            if (other != null) {
                pairs.add(new BenchmarkResult[]{e.getValue(), other});
            }
        }
        List<Pending> primary = new ArrayList<>();
        Map<String, List<Pending>> secondary = new TreeMap<>();
        for (BenchmarkResult[] p : pairs) {
            BenchmarkResult rb = p[0];
            BenchmarkResult rh = p[1];
            double thr = o.thresholds().forKey(rb.key());
            primary.add(new Pending(rb, null, rb.primary(), rh.primary(), rb.higherIsBetter(), thr, true, o));
            for (Map.Entry<String, Metric> s : rb.secondary().entrySet()) {
                Metric hs = rh.secondary().get(s.getKey());
                if (hs != null) {
                    boolean gate = o.gateAlloc() && ALLOC_NORM.equals(s.getKey());
                    secondary.computeIfAbsent(s.getKey(), k -> new ArrayList<>()).add(new Pending(rb, s.getKey(),
                            s.getValue(), hs, secondaryHigherIsBetter(s.getKey(), rb.mode(), s.getValue().unit()),
                            thr, gate, o));
                }
            }
        }
        ForkStats.Prior prior = finish(primary, o);
        List<MetricComparison> prim = new ArrayList<>(primary.stream().map(Pending::result).toList());
        for (Map.Entry<String, BenchmarkResult> e : b.entrySet()) {
            if (!h.containsKey(e.getKey())) {
                prim.add(unmatched(e.getValue(), Verdict.REMOVED, o));
            }
        }
        for (Map.Entry<String, BenchmarkResult> e : h.entrySet()) {
            if (!b.containsKey(e.getKey())) {
                prim.add(unmatched(e.getValue(), Verdict.ADDED, o));
            }
        }
        List<MetricComparison> sec = new ArrayList<>();
        for (List<Pending> family : secondary.values()) {
            finish(family, o);
            family.forEach(pd -> sec.add(pd.result()));
        }
        prim.sort(WORST_FIRST);
        sec.sort(WORST_FIRST);
        return new Comparison(base.source(), head.source(), o, prim, sec,
                Comparability.differences(base, head, pairs), Comparability.notes(base, head, pairs), prior);
    }

    /** Regressions first, then by how much worse, then inconclusive, removed and added. */
    public static final Comparator<MetricComparison> WORST_FIRST = Comparator
            .comparingInt((MetricComparison m) -> switch (m.verdict()) {
                case REGRESSION -> 0;
                case NO_CHANGE, IMPROVEMENT -> 1;
                case INCONCLUSIVE -> 2;
                case REMOVED -> 3;
                case ADDED -> 4;
            })
            .thenComparing(m -> Double.isNaN(m.badness()) ? Double.NEGATIVE_INFINITY : m.badness(), Comparator.reverseOrder())
            .thenComparing(MetricComparison::key);

    /**
     * Direction of a secondary metric: rates of operations ({@code ops/…}) are better higher; GC and
     * allocation figures, time per operation, counters and resources (memory, CPU time) better lower.
     */
    public static boolean secondaryHigherIsBetter(String name, String mode, String unit) {
        if (name.startsWith("gc.") || unit.endsWith("/op")) {
            return false;
        }
        return unit.startsWith("ops/") && Units.higherIsBetter(mode, unit);
    }

    /** Results by key; a key seen twice (e.g. forks run in separate JMH invocations) has its forks merged. */
    public static Map<String, BenchmarkResult> index(List<BenchmarkResult> results) {
        Map<String, BenchmarkResult> out = new LinkedHashMap<>();
        for (BenchmarkResult r : results) {
            out.merge(r.key(), r, GridComparison::mergeForks);
        }
        return out;
    }

    /** One result holding the forks of both, in order (first a's, then b's). */
    public static BenchmarkResult mergeForks(BenchmarkResult a, BenchmarkResult b) {
        Map<String, Metric> sec = new LinkedHashMap<>();
        for (Map.Entry<String, Metric> e : a.secondary().entrySet()) {
            Metric other = b.secondary().get(e.getKey());
            sec.put(e.getKey(), other == null ? e.getValue() : merge(e.getValue(), other));
        }
        Metric prim = merge(a.primary(), b.primary());
        return new BenchmarkResult(a.benchmark(), a.mode(), a.threads(), a.forks() + b.forks(), a.jmhVersion(),
                a.jvm(), a.jvmArgs(), a.jdkVersion(), a.vmName(), a.vmVersion(), a.warmupIterations(),
                a.warmupTime(), a.measurementIterations(), a.measurementTime(), a.params(), prim, sec, a.source());
    }

    private static Metric merge(Metric a, Metric b) {
        List<List<Double>> raw = new ArrayList<>(a.rawData());
        raw.addAll(b.rawData());
        double sum = 0;
        int n = 0;
        for (List<Double> f : raw) {
            for (double v : f) {
                if (Double.isFinite(v)) {
                    sum += v;
                    n++;
                }
            }
        }
        double score = n > 0 ? sum / n : (a.score() + b.score()) / 2;
        return new Metric(score, Double.NaN, a.unit(), raw, Map.of());
    }

    private static MetricComparison unmatched(BenchmarkResult r, Verdict v, CompareOptions o) {
        boolean removed = v == Verdict.REMOVED;
        return new MetricComparison(r.key(), r.benchmark(), r.mode(), r.params(), null, r.primary().unit(),
                r.higherIsBetter(), removed ? r.primary().score() : Double.NaN, removed ? Double.NaN : r.primary().score(),
                removed ? r.primary().forkCount() : 0, removed ? 0 : r.primary().forkCount(), Double.NaN, Double.NaN,
                Double.NaN, Double.NaN, Double.NaN, Double.NaN, o.thresholds().forKey(r.key()), Double.NaN,
                Double.NaN, -1, v, false, "none", List.of(removed ? "only in base" : "only in head"));
    }

    /** Fits the family's prior, tests each member, adjusts by Benjamini–Hochberg, decides verdicts. */
    private static ForkStats.Prior finish(List<Pending> family, CompareOptions o) {
        List<ForkStats.Residual> res = new ArrayList<>();
        for (Pending p : family) {
            if (p.testable() && p.log) {
                res.add(new ForkStats.Residual(p.s2, p.d));
            }
        }
        ForkStats.Prior prior = o.moderate() ? ForkStats.fitPrior(res) : ForkStats.Prior.NONE;
        double[] pv = new double[family.size()];
        Map<Double, Double> quantiles = new java.util.HashMap<>();
        for (int i = 0; i < family.size(); i++) {
            pv[i] = family.get(i).test(prior, quantiles);
        }
        double[] q = ForkStats.benjaminiHochberg(pv);
        for (int i = 0; i < family.size(); i++) {
            family.get(i).decide(q[i], o.alpha());
        }
        return prior;
    }

    /** One metric of one benchmark on its way through the family-wide steps. */
    private static final class Pending {
        final BenchmarkResult r;
        final String name;
        final Metric mb;
        final Metric mh;
        final boolean higherIsBetter;
        final double threshold;
        final boolean gating;
        final boolean paired;
        final List<String> notes = new ArrayList<>();
        String inconclusive;
        double[] fb;
        double[] fh;
        boolean log;
        double est = Double.NaN;
        double s2 = Double.NaN;
        int d;
        double seFactor;
        double p = Double.NaN;
        double q = Double.NaN;
        double df = Double.NaN;
        double ratio = Double.NaN;
        double lo = Double.NaN;
        double hi = Double.NaN;
        double cvB = Double.NaN;
        double cvH = Double.NaN;
        int forksNeeded = -1;
        String method = "none";
        Verdict verdict;

        Pending(BenchmarkResult r, String name, Metric mb, Metric mh, boolean higherIsBetter, double threshold,
                boolean gating, CompareOptions o) {
            this.r = r;
            this.name = name;
            this.mb = mb;
            this.mh = mh;
            this.higherIsBetter = higherIsBetter;
            this.threshold = threshold;
            this.gating = gating;
            this.paired = o.paired();
            fb = forkMeans(mb, "base");
            fh = forkMeans(mh, "head");
            if (!mb.unit().equals(mh.unit())) {
                double k = unitFactor(mh.unit(), mb.unit());
                if (Double.isNaN(k)) {
                    inconclusive = "units differ (base " + mb.unit() + ", head " + mh.unit() + ")";
                    return;
                }
                for (int i = 0; i < fh.length; i++) {
                    fh[i] *= k;
                }
                notes.add("head converted from " + mh.unit() + " to " + mb.unit());
            }
            if (mb.errorUnknown() || mh.errorUnknown()) {
                notes.add("JMH score error is NaN (" + (mb.errorUnknown() && mh.errorUnknown() ? "both sides"
                        : mb.errorUnknown() ? "base" : "head") + ")");
            }
            if (fb.length == 0 || fh.length == 0) {
                inconclusive = "no rawData in " + (fb.length == 0 ? "base" : "head") + "; JMH scores only";
                ratio = mh.score() / mb.score();
                return;
            }
            cvB = cv(fb);
            cvH = cv(fh);
            if (cvB > o.cvLimit() || cvH > o.cvLimit()) {
                notes.add(String.format("high CV between forks (base %.1f%%, head %.1f%%)", 100 * nz(cvB), 100 * nz(cvH)));
            }
            if (fb.length == 1 || fh.length == 1) {
                notes.add("one fork in " + (fb.length == 1 && fh.length == 1 ? "base and head" : fb.length == 1 ? "base" : "head"));
            }
            log = allPositive(fb) && allPositive(fh);
            if (!log) {
                prepareLinear();
                return;
            }
            double[] lb = logs(fb);
            double[] lh = logs(fh);
            if (paired) {
                int n = Math.min(lb.length, lh.length);
                if (lb.length != lh.length) {
                    notes.add("paired on " + n + " rounds; " + Math.abs(lb.length - lh.length) + " unpaired forks left out");
                }
                double[] diff = new double[n];
                for (int i = 0; i < n; i++) {
                    diff[i] = lh[i] - lb[i];
                }
                est = ForkStats.mean(diff);
                d = n - 1;
                s2 = d > 0 ? ForkStats.sumSquares(diff) / d : Double.NaN;
                seFactor = Math.sqrt(1.0 / n);
                method = "paired t on log fork-mean differences";
            } else {
                est = ForkStats.mean(lh) - ForkStats.mean(lb);
                d = lb.length + lh.length - 2;
                s2 = d > 0 ? (ForkStats.sumSquares(lb) + ForkStats.sumSquares(lh)) / d : Double.NaN;
                seFactor = Math.sqrt(1.0 / lb.length + 1.0 / lh.length);
                method = "t on log fork means";
            }
            ratio = Math.exp(est);
            if (d < 1) {
                inconclusive = paired ? "fewer than 2 rounds; the fork is the unit of evidence"
                        : "one fork a side; the fork is the unit of evidence";
            }
            if (d >= 1) {
                forksNeeded = ForkStats.forksNeeded(Math.sqrt(s2), threshold, paired);
                int have = paired ? Math.min(fb.length, fh.length) : Math.min(fb.length, fh.length);
                if (forksNeeded > have) {
                    notes.add("needs " + (forksNeeded == Integer.MAX_VALUE ? "> 10000" : forksNeeded)
                            + (paired ? " rounds" : " forks a side") + " to resolve ±" + pct(threshold) + " at this variance");
                }
            }
        }

        /** Values with a zero or negative fork mean (counters, say): Welch's t on the plain scale. */
        private void prepareLinear() {
            method = "Welch t on fork means";
            double mB = ForkStats.mean(fb);
            double mH = ForkStats.mean(fh);
            if (fb.length < 2 || fh.length < 2) {
                inconclusive = "one fork; the fork is the unit of evidence";
            } else if (mB == 0) {
                inconclusive = mH == 0 ? null : "base is 0; a relative change is undefined";
            }
            ratio = mB == 0 ? (mH == 0 ? 1 : Double.NaN) : mH / mB;
        }

        private double linearTest() {
            double mB = ForkStats.mean(fb);
            double mH = ForkStats.mean(fh);
            double vb = ForkStats.sumSquares(fb) / (fb.length - 1) / fb.length;
            double vh = ForkStats.sumSquares(fh) / (fh.length - 1) / fh.length;
            double se = Math.sqrt(vb + vh);
            df = (vb + vh) * (vb + vh) / (vb * vb / (fb.length - 1) + vh * vh / (fh.length - 1));
            if (!(se > 0)) {
                df = fb.length + fh.length - 2;
                p = mH == mB ? 1 : 0;
                lo = hi = ratio;
                return p;
            }
            double t = (mH - mB) / se;
            double crit = ForkStats.tQuantile(0.975, df);
            double scale = Math.abs(mB);
            lo = scale == 0 ? Double.NaN : 1 + (mH - mB - crit * se) / scale;
            hi = scale == 0 ? Double.NaN : 1 + (mH - mB + crit * se) / scale;
            p = ForkStats.twoSidedP(t, df);
            return p;
        }

        boolean testable() {
            return inconclusive == null;
        }

        double test(ForkStats.Prior prior, Map<Double, Double> quantiles) {
            if (!testable()) {
                return Double.NaN;
            }
            if (!log) {
                return linearTest();
            }
            double v = prior.moderate(s2, d);
            df = prior.moderatedDf(d);
            if (prior.df() > 0) {
                method = "moderated " + method;
            }
            double se = Math.sqrt(v) * seFactor;
            if (!(se > 0)) {
                p = est == 0 ? 1 : 0;
                lo = hi = ratio;
                return p;
            }
            // A family shares few distinct df values; the quantile is the costly part of a test.
            double crit = quantiles.computeIfAbsent(df, x -> ForkStats.tQuantile(0.975, x));
            lo = Math.exp(est - crit * se);
            hi = Math.exp(est + crit * se);
            p = ForkStats.twoSidedP(est / se, df);
            return p;
        }

        void decide(double qValue, double alpha) {
            q = qValue;
            if (!testable()) {
                verdict = Verdict.INCONCLUSIVE;
                notes.addFirst(inconclusive);
                return;
            }
            boolean significant = q <= alpha;
            boolean large = Math.abs(ratio - 1) > threshold;
            boolean worse = higherIsBetter ? ratio < 1 : ratio > 1;
            if (significant && large) {
                verdict = worse ? Verdict.REGRESSION : Verdict.IMPROVEMENT;
            } else {
                verdict = Verdict.NO_CHANGE;
                if (significant) {
                    notes.add("significant, but within ±" + pct(threshold));
                }
            }
        }

        MetricComparison result() {
            return new MetricComparison(r.key(), r.benchmark(), r.mode(), r.params(), name, mb.unit(), higherIsBetter,
                    mb.score(), mh.score(), fb.length, fh.length, ratio, lo, hi, p, q, df, threshold, cvB, cvH,
                    forksNeeded, verdict, gating, method, notes);
        }

        private double[] forkMeans(Metric m, String side) {
            List<Double> means = new ArrayList<>();
            int nan = 0;
            for (List<Double> fork : m.rawData()) {
                double s = 0;
                int n = 0;
                for (double v : fork) {
                    if (Double.isFinite(v)) {
                        s += v;
                        n++;
                    } else {
                        nan++;
                    }
                }
                if (n > 0) {
                    means.add(s / n);
                }
            }
            if (nan > 0) {
                notes.add(nan + " NaN value" + (nan == 1 ? "" : "s") + " in " + side + " rawData left out");
            }
            return means.stream().mapToDouble(Double::doubleValue).toArray();
        }
    }

    /**
     * What a value in unit {@code from} is multiplied by to be in unit {@code to}, for two time-based
     * units of the same kind ({@code ops/ms} to {@code ops/s}, {@code ns/op} to {@code us/op}); NaN otherwise.
     */
    static double unitFactor(String from, String to) {
        boolean rateFrom = from.startsWith("ops/");
        boolean rateTo = to.startsWith("ops/");
        if (rateFrom != rateTo) {
            return Double.NaN;
        }
        double k = rateFrom ? Units.toOpsPerSecond(1, from) / Units.toOpsPerSecond(1, to)
                : Units.toSecondsPerOp(1, from) / Units.toSecondsPerOp(1, to);
        return Double.isFinite(k) && k > 0 ? k : Double.NaN;
    }

    static String pct(double f) {
        return String.format(java.util.Locale.ROOT, "%.3g%%", 100 * f).replaceAll("\\.?0+%", "%");
    }

    private static double nz(double v) {
        return Double.isNaN(v) ? 0 : v;
    }

    private static double cv(double[] x) {
        if (x.length < 2) {
            return Double.NaN;
        }
        double m = ForkStats.mean(x);
        return Math.sqrt(ForkStats.sumSquares(x) / (x.length - 1)) / Math.abs(m);
    }

    private static boolean allPositive(double[] x) {
        for (double v : x) {
            if (!(v > 0)) {
                return false;
            }
        }
        return true;
    }

    private static double[] logs(double[] x) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = Math.log(x[i]);
        }
        return y;
    }

    /** Keys present on both sides. */
    static Set<String> common(Map<String, ?> a, Map<String, ?> b) {
        Set<String> s = new java.util.TreeSet<>(a.keySet());
        s.retainAll(b.keySet());
        return s;
    }
}
