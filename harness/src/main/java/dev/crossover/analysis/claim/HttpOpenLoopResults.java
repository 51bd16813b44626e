package dev.crossover.analysis.claim;

import dev.crossover.analysis.Evidence;
import dev.crossover.analysis.crossover.X7BlockingVsNonBlocking;
import dev.crossover.claims.BenchRef;
import dev.crossover.results.BenchmarkResult;
import dev.crossover.results.Metric;
import dev.crossover.results.ParamNames;

import java.util.ArrayList;
import java.util.List;

/**
 * The open-loop HTTP results the claims read (C13, C14, C24): one result per client and arrival
 * rate at one delay, and comparisons of their per-iteration secondary metrics on fork means. A
 * comparison of CPU per request votes only between trials whose warm-up settled ({@link
 * #compareCpu}): before that the figure is the JIT compiling, not the client's steady cost.
 */
final class HttpOpenLoopResults {

    static final BenchRef OPEN_LOOP = BenchRef.of("HttpOpenLoopBench", "openLoop");

    final List<BenchmarkResult> results;
    final double delayMs;
    final double boundMs;

    private HttpOpenLoopResults(List<BenchmarkResult> results, double delayMs) {
        this.results = results;
        this.delayMs = delayMs;
        this.boundMs = X7BlockingVsNonBlocking.BOUND_FACTOR * delayMs;
    }

    /** The run's open-loop results at its shortest delay, or null when it has none. */
    static HttpOpenLoopResults of(ClaimInput in) {
        List<BenchmarkResult> all = in.all(OPEN_LOOP, "thrpt");
        if (all.isEmpty()) {
            return null;
        }
        String delay = in.values(all, ParamNames.DELAY_MS).getFirst();
        return new HttpOpenLoopResults(all.stream().filter(r -> delay.equals(r.param(ParamNames.DELAY_MS))).toList(),
                Double.parseDouble(delay));
    }

    /** The result of {@code client} at {@code rate}, or null. */
    BenchmarkResult at(String client, double rate) {
        return results.stream().filter(r -> client.equals(r.param(ParamNames.CLIENT))
                && Double.parseDouble(r.param(ParamNames.RATE)) == rate).findFirst().orElse(null);
    }

    /** The rates measured for every one of {@code clients}, ascending. */
    List<Double> commonRates(String... clients) {
        List<Double> out = new ArrayList<>();
        results.stream().map(r -> Double.parseDouble(r.param(ParamNames.RATE))).distinct().sorted().forEach(rate -> {
            boolean all = true;
            for (String c : clients) {
                all &= at(c, rate) != null;
            }
            if (all) {
                out.add(rate);
            }
        });
        return out;
    }

    /** The per-iteration value of {@code metric} in {@code r}, NaN when missing. */
    static double value(BenchmarkResult r, String metric) {
        Metric m = r == null ? null : r.secondary().get(metric);
        return m == null ? Double.NaN : m.value();
    }

    /** True when the point estimate of {@code client}'s p99 at {@code rate} is within the bound. */
    boolean holds(String client, double rate) {
        return value(at(client, rate), X7BlockingVsNonBlocking.P99) <= boundMs;
    }

    /** The highest common rate at which {@code pool} held the p99 bound (point estimate), else the lowest common rate; NaN when none. */
    double rateFor(String pool, String other) {
        List<Double> rates = commonRates(pool, other);
        if (rates.isEmpty()) {
            return Double.NaN;
        }
        double best = rates.getFirst();
        for (double r : rates) {
            if (holds(pool, r)) {
                best = r;
            }
        }
        return best;
    }

    /**
     * True when every fork of {@code r} ran its iterations after a client warm-up that settled (X7's
     * {@code clientWarmupSettled} counter 1 in every fork); false when it is missing.
     */
    static boolean warmedUp(BenchmarkResult r) {
        return r != null && X7BlockingVsNonBlocking.warmedUp(r);
    }

    /**
     * Client CPU per request of {@code a} ({@code aName}) against {@code b}: a comparison added to {@code
     * cmps} when both trials' warm-ups settled; otherwise both values go to {@code figures}, labelled as
     * not compared, and the trials that did not settle to {@code unsettled}. Nothing when either lacks the metric.
     */
    static void compareCpu(String label, BenchmarkResult a, String aName, BenchmarkResult b, String bName, Comparison.Expect expect,
                           double threshold, List<Comparison> cmps, List<Figure> figures, List<String> unsettled) {
        Comparison c = compare(label, a, b, X7BlockingVsNonBlocking.CLIENT_CPU, expect, threshold);
        if (c == null) {
            return;
        }
        if (warmedUp(a) && warmedUp(b)) {
            cmps.add(c);
            return;
        }
        List<String> cold = new ArrayList<>();
        if (!warmedUp(a)) {
            cold.add(aName);
        }
        if (!warmedUp(b)) {
            cold.add(bName);
        }
        String why = " (not compared: the warm-up of " + String.join(" and ", cold) + " did not settle)";
        figures.add(figure(label + ", " + aName + why, a, X7BlockingVsNonBlocking.CLIENT_CPU));
        figures.add(figure(label + ", " + bName + why, b, X7BlockingVsNonBlocking.CLIENT_CPU));
        cold.forEach(n -> unsettled.add(n + " at " + a.param(ParamNames.RATE) + " requests/s"));
    }

    /** {@code metric} of {@code a} against {@code b} at {@code rate}, lower better, or null when either lacks it. */
    static Comparison compare(String label, BenchmarkResult a, BenchmarkResult b, String metric, Comparison.Expect expect, double threshold) {
        if (a == null || b == null) {
            return null;
        }
        Metric ma = a.secondary().get(metric);
        Metric mb = b.secondary().get(metric);
        Evidence ea = Evidence.secondary(a, metric);
        Evidence eb = Evidence.secondary(b, metric);
        if (ma == null || mb == null || ma.forkMeans().length == 0 || mb.forkMeans().length == 0) {
            return null;
        }
        return Comparison.ofMetric(label, ea, ma, eb, mb, false, expect, threshold);
    }

    /** A figure of {@code metric} in {@code r}, or null. */
    static Figure figure(String label, BenchmarkResult r, String metric) {
        Evidence e = r == null ? null : Evidence.secondary(r, metric);
        return e == null ? null : Figure.of(label, e);
    }
}
