package dev.crossover.analysis.claim;

import dev.crossover.analysis.Fmt;
import dev.crossover.results.BenchmarkResult;
import dev.crossover.results.Metric;

import java.util.List;
import java.util.TreeSet;

/**
 * What an {@code IoBoundBench.requests} result says it used, from its per-iteration {@code Used}
 * counters (JMH sums event counters over iterations, so only {@code rawData} gives the values of
 * each iteration): the capacity of each trial, the split of a process pool, the dispatchers, and the
 * most requests the server held at once.
 */
final class IoUsed {

    private IoUsed() {
    }

    /** The distinct per-iteration values of counter {@code name}, ascending; empty when the result lacks it. */
    static List<Double> values(BenchmarkResult r, String name) {
        Metric m = r.secondary().get(name);
        if (m == null) {
            return List.of();
        }
        TreeSet<Double> set = new TreeSet<>();
        m.rawData().forEach(set::addAll);
        return List.copyOf(set);
    }

    /** The one capacity every iteration of {@code r} had, or null when it is missing or trials differed. */
    static Double capacity(BenchmarkResult r) {
        List<Double> c = values(r, "capacity");
        return c.size() == 1 ? c.getFirst() : null;
    }

    /** "4000", "3800–4000 (trials differed)" or "not reported". */
    static String capacityText(BenchmarkResult r) {
        List<Double> c = values(r, "capacity");
        return c.isEmpty() ? "not reported" : c.size() == 1 ? Fmt.num(c.getFirst())
                : Fmt.num(c.getFirst()) + "–" + Fmt.num(c.getLast()) + " (trials differed)";
    }

    /** "FIXED_FORMULA (capacity 4000)", "PROCESS (capacity 4000: 2 children × 2000 threads)", "THREAD_PER_TASK (… 8 dispatchers)". */
    static String named(BenchmarkResult r, String executor) {
        StringBuilder b = new StringBuilder(executor).append(" (capacity ").append(capacityText(r));
        List<Double> children = values(r, "children");
        List<Double> per = values(r, "threadsPerChild");
        if (children.size() == 1 && per.size() == 1 && children.getFirst() > 0) {
            b.append(": ").append(Fmt.num(children.getFirst())).append(" children × ").append(Fmt.num(per.getFirst())).append(" threads");
        }
        List<Double> disp = values(r, "dispatchers");
        if (disp.size() == 1 && disp.getFirst() > 0) {
            b.append(", ").append(Fmt.num(disp.getFirst())).append(" dispatchers");
        }
        return b.append(')').toString();
    }

    /**
     * The score as a share of the result's own Little's-law bound ({@code littleBoundOps}: the
     * requests it may have in progress ÷ the delay, per iteration); NaN when the bound is not reported.
     */
    static double boundShare(BenchmarkResult r) {
        Metric b = r.secondary().get("littleBoundOps");
        double bound = b == null ? Double.NaN : b.value();
        return bound > 0 ? r.primary().score() / bound : Double.NaN;
    }

    /** The highest per-iteration {@code peakInFlight}, NaN when missing. */
    static double maxPeak(BenchmarkResult r) {
        List<Double> p = values(r, "peakInFlight");
        return p.isEmpty() ? Double.NaN : p.getLast();
    }

    /**
     * True when every iteration's {@code peakInFlight} is at most that iteration's {@code capacity};
     * null when either counter is missing or their iterations do not line up.
     */
    static Boolean peakWithinCapacity(BenchmarkResult r) {
        Metric peak = r.secondary().get("peakInFlight");
        Metric cap = r.secondary().get("capacity");
        if (peak == null || cap == null || peak.rawData().isEmpty() || peak.rawData().size() != cap.rawData().size()) {
            return null;
        }
        for (int f = 0; f < peak.rawData().size(); f++) {
            List<Double> p = peak.rawData().get(f);
            List<Double> c = cap.rawData().get(f);
            if (p.size() != c.size()) {
                return null;
            }
            for (int i = 0; i < p.size(); i++) {
                if (p.get(i) > c.get(i)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The lowest per-iteration capacity, NaN when missing. */
    static double minCapacity(BenchmarkResult r) {
        List<Double> c = values(r, "capacity");
        return c.isEmpty() ? Double.NaN : c.getFirst();
    }
}
