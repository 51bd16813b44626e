package dev.crossover.analysis.claim;

import dev.crossover.analysis.Evidence;
import dev.crossover.claims.BenchRef;
import dev.crossover.claims.VerdictKind;
import dev.crossover.results.BenchmarkResult;
import dev.crossover.results.ParamNames;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * C17: a Condition makes threads wait until a condition holds, then releases n of them. Demonstrated:
 * ConditionWakeupBench counts the waiters each signal released every round and fails on a wrong
 * count (the tests of {@code ShmCondition} show signal releasing exactly the longest waiter and
 * signalAll every waiter, across processes too), so a result exists only where the mechanism worked.
 * What is measured beside it, on fork-based intervals, is the wake-up latency: virtual threads and
 * processes against platform threads at each {@code wake}, and releasing all four against one of four.
 */
public final class C17ConditionWakeup implements ClaimRule {

    static final String BENCH = "ConditionWakeupBench";
    /** The executors, the platform threads first: the others are compared with them. */
    static final List<String> SIDES = List.of("platform", "virtual", "process");
    static final List<String> WAKES = List.of("ONE_OF_1", "ONE_OF_4", "ALL_OF_4");

    @Override
    public String id() {
        return "C17";
    }

    @Override
    public List<BenchRef> needs() {
        return SIDES.stream().map(s -> BenchRef.of(BENCH, s)).toList();
    }

    /**
     * Figures (mean with p50/p99/p99.9) of every result of {@code bench}'s sides, then each side
     * against the platform threads at every value of {@code param}; the values found go to {@code seen}.
     */
    static void sideBySide(ClaimInput in, String bench, List<String> sides, String param, String what,
                           List<Comparison> cmps, List<Figure> figures, List<String> seen) {
        for (String value : values(in, bench, sides, param)) {
            seen.add(value);
            BenchmarkResult base = in.one(BenchRef.of(bench, sides.getFirst()).with(param, value), "sample");
            for (String side : sides) {
                BenchmarkResult r = in.one(BenchRef.of(bench, side).with(param, value), "sample");
                if (r == null) {
                    continue;
                }
                figures.add(new Figure(side + ", " + param + " " + value + ": " + what + ", mean", Evidence.of(r),
                        C13ThreadPoolIo.percentiles(r)));
                if (base != null && r != base) {
                    cmps.add(Comparison.of(param + " " + value + ": " + sides.getFirst() + " vs " + side, base, r,
                            Comparison.Expect.NONE, in.threshold()));
                }
            }
        }
    }

    /** The values of {@code param} among the sample-mode results of {@code bench}'s sides. */
    static List<String> values(ClaimInput in, String bench, List<String> sides, String param) {
        List<BenchmarkResult> all = new ArrayList<>();
        sides.forEach(s -> all.addAll(in.all(BenchRef.of(bench, s), "sample")));
        return in.values(all, param);
    }

    @Override
    public ClaimDecision decide(ClaimInput in) {
        List<Comparison> cmps = new ArrayList<>();
        List<Figure> figures = new ArrayList<>();
        List<String> wakes = new ArrayList<>();
        sideBySide(in, BENCH, SIDES, ParamNames.WAKE, "signal to the released waiters running", cmps, figures, wakes);
        if (figures.isEmpty()) {
            return ClaimDecision.notMeasured(id(), BENCH + ".platform, .virtual or .process (sample mode)" + in.unservedNote(), in.rerun());
        }
        for (String side : SIDES) {
            BenchmarkResult one = in.one(BenchRef.of(BENCH, side).with(ParamNames.WAKE, "ONE_OF_4"), "sample");
            BenchmarkResult all = in.one(BenchRef.of(BENCH, side).with(ParamNames.WAKE, "ALL_OF_4"), "sample");
            if (one != null && all != null) {
                cmps.add(Comparison.of(side + ": signal one of 4 vs signalAll of 4", one, all, Comparison.Expect.NONE, in.threshold()));
            }
        }
        return new ClaimDecision(id(), VerdictKind.DEMONSTRATED, cmps, figures, Map.of("wakes", wakes), null, null);
    }

    @Override
    public Prose render(ClaimDecision d) {
        String note = "On the JVM a Condition belongs to a Lock (java.util.concurrent.locks.Condition: await, signal, signalAll); "
                + "across processes the suite's ShmCondition does the same over shared memory, its waiters sleeping on futexes.";
        if (d.missing() != null) {
            return Text.notMeasured(d, note);
        }
        List<String> wakes = d.group("wakes");
        boolean both = wakes.contains("ONE_OF_4") && wakes.contains("ALL_OF_4");
        String lead = "Every measured round released exactly the waiters it signalled (one for signal, all for signalAll; a wrong "
                + "count fails the run), in " + String.join(", ", wakes) + ": the mechanism is shown, not measured. Beside it, the "
                + "time from the signal to the released waiters running (the last of them for signalAll), platform threads against "
                + "virtual threads and child JVMs"
                + (both ? ", and releasing all four against one of four" : "; releasing all against one needs wake=ONE_OF_4 and ALL_OF_4 (full preset)")
                + " (figures, not tests of the claim). " + Text.method(d);
        return new Prose("every round released exactly the signalled waiters (" + String.join(", ", wakes) + ")",
                lead + Text.bullets(d), note, null);
    }
}
