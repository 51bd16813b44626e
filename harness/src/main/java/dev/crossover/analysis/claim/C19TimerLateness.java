package dev.crossover.analysis.claim;

import dev.crossover.analysis.Evidence;
import dev.crossover.analysis.Fmt;
import dev.crossover.claims.BenchRef;
import dev.crossover.claims.VerdictKind;
import dev.crossover.results.BenchmarkResult;
import dev.crossover.results.Metric;
import dev.crossover.results.ParamNames;
import dev.crossover.stats.Difference;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * C19: a Timer runs a function after a delay. Demonstrated: every timer of TimerLatenessBench ran its
 * function, none before its time (an early one fails the run). Measured beside it: the lateness, the
 * function's start minus the intended time, per fork from the {@code lateNanos} and {@code timers}
 * counters (the exact lateness, without the hand-back to the benchmark thread), compared on fork-based
 * intervals: the sleeping virtual thread and the child JVM's timer against the scheduled executor at
 * each delay and load, and each timer busy against idle.
 */
public final class C19TimerLateness implements ClaimRule {

    static final String BENCH = "TimerLatenessBench";
    /** The scheduled executor first: the others are compared with it. */
    static final List<String> TIMERS = List.of("scheduledExecutor", "virtualSleep", "childJvmTimer");

    @Override
    public String id() {
        return "C19";
    }

    @Override
    public List<BenchRef> needs() {
        return TIMERS.stream().map(t -> BenchRef.of(BENCH, t)).toList();
    }

    /** Mean lateness of each fork, in microseconds: from the counters, else the primary minus the delay; empty when neither. */
    static double[] latenessPerFork(BenchmarkResult r) {
        Metric late = r.secondary().get("lateNanos");
        Metric n = r.secondary().get("timers");
        if (late != null && n != null && !late.rawData().isEmpty() && late.rawData().size() == n.rawData().size()) {
            double[] out = new double[late.rawData().size()];
            for (int f = 0; f < out.length; f++) {
                double sum = late.rawData().get(f).stream().mapToDouble(Double::doubleValue).sum();
                double count = n.rawData().get(f).stream().mapToDouble(Double::doubleValue).sum();
                out[f] = count > 0 ? sum / count / 1_000 : Double.NaN;
            }
            return out;
        }
        String delay = r.param(ParamNames.DELAY_MS);
        if (delay == null || !r.primary().unit().startsWith("us")) {
            return new double[0];
        }
        double delayUs = Double.parseDouble(delay) * 1_000;
        return java.util.Arrays.stream(r.primary().forkMeans()).map(m -> m - delayUs).toArray();
    }

    static Evidence lateness(BenchmarkResult r, double[] perFork) {
        double mean = java.util.Arrays.stream(perFork).average().orElse(Double.NaN);
        return new Evidence(r.key() + " · lateness", mean, Double.NaN, "us", false);
    }

    @Override
    public ClaimDecision decide(ClaimInput in) {
        List<BenchmarkResult> all = new ArrayList<>();
        TIMERS.forEach(t -> all.addAll(in.all(BenchRef.of(BENCH, t), "sample")));
        if (all.isEmpty()) {
            return ClaimDecision.notMeasured(id(), BENCH + ".scheduledExecutor, .virtualSleep or .childJvmTimer (sample mode)"
                    + in.unservedNote(), in.rerun());
        }
        List<Comparison> cmps = new ArrayList<>();
        List<Figure> figures = new ArrayList<>();
        List<String> points = new ArrayList<>();
        for (String load : in.values(all, ParamNames.LOAD)) {
            for (String delay : in.values(all, ParamNames.DELAY_MS)) {
                BenchmarkResult base = one(in, TIMERS.getFirst(), delay, load);
                boolean any = false;
                for (String t : TIMERS) {
                    BenchmarkResult r = one(in, t, delay, load);
                    if (r == null) {
                        continue;
                    }
                    any = true;
                    double[] late = latenessPerFork(r);
                    figures.add(new Figure(t + ", " + delay + " ms, " + load + ": lateness (mean of forks)", lateness(r, late),
                            "; whole call (delay + lateness + hand-back) mean " + Fmt.num(r.primary().score()) + " "
                                    + r.primary().unit() + C13ThreadPoolIo.percentiles(r)));
                    if (base != null && r != base) {
                        double[] lb = latenessPerFork(base);
                        cmps.add(new Comparison(delay + " ms, " + load + ": lateness of " + TIMERS.getFirst() + " vs " + t,
                                lateness(base, lb), lateness(r, late), Difference.of(lb, late, false, in.threshold()), Comparison.Expect.NONE));
                    }
                }
                if (any) {
                    points.add(delay + " ms " + load);
                }
            }
        }
        for (String t : TIMERS) {
            for (String delay : in.values(all, ParamNames.DELAY_MS)) {
                BenchmarkResult idle = one(in, t, delay, "IDLE");
                BenchmarkResult busy = one(in, t, delay, "BUSY");
                if (idle != null && busy != null) {
                    double[] li = latenessPerFork(idle);
                    double[] lb = latenessPerFork(busy);
                    cmps.add(new Comparison(t + ", " + delay + " ms: lateness idle vs with the cores busy", lateness(idle, li),
                            lateness(busy, lb), Difference.of(li, lb, false, in.threshold()), Comparison.Expect.NONE));
                }
            }
        }
        return new ClaimDecision(id(), VerdictKind.DEMONSTRATED, cmps, figures, Map.of("points", points), null, null);
    }

    private static BenchmarkResult one(ClaimInput in, String timer, String delay, String load) {
        BenchRef ref = BenchRef.of(BENCH, timer).with(ParamNames.DELAY_MS, delay);
        if (load != null) {
            ref = ref.with(ParamNames.LOAD, load);
        }
        return in.one(ref, "sample");
    }

    @Override
    public Prose render(ClaimDecision d) {
        String note = "Java's timers are a ScheduledExecutorService (or a thread that sleeps, as Python's threading.Timer is); "
                + "a timer never fires early, and how late it fires is the kernel's timer slack plus the wait for a CPU.";
        if (d.missing() != null) {
            return Text.notMeasured(d, note);
        }
        List<String> points = d.group("points");
        String lead = "Every timer ran its function, none before its time (an early one fails the run), at " + String.join(", ", points)
                + ": the mechanism is shown, not measured. Beside it, the lateness (the function's start minus the intended time, "
                + "per fork from the benchmark's counters), the virtual thread's sleep and the child JVM's timer against the scheduled "
                + "executor, and busy cores against idle where both were run (figures, not tests of the claim); the tail is that "
                + "of the whole call. " + Text.method(d);
        return new Prose("every timer ran after its delay, none early (" + String.join(", ", points) + "); lateness shown",
                lead + Text.bullets(d), note, null);
    }
}
