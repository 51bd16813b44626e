package dev.crossover.analysis.claim;

import dev.crossover.claims.BenchRef;
import dev.crossover.claims.VerdictKind;
import dev.crossover.results.BenchmarkResult;
import dev.crossover.results.ParamNames;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * C18: an Event is a green/red light: set lets every waiter through, clear stops them. Demonstrated:
 * EventWakeupBench checks every round that all waiters passed the set event and none the cleared one
 * (a wrong count fails the run), and the tests of {@code ShmEvent} and {@code ThreadEvent} show it in
 * threads and across processes. Measured beside it, on fork-based intervals: the time from set to
 * the last waiter running, virtual threads and processes against platform threads, four waiters
 * against one.
 */
public final class C18EventWakeup implements ClaimRule {

    static final String BENCH = "EventWakeupBench";

    @Override
    public String id() {
        return "C18";
    }

    @Override
    public List<BenchRef> needs() {
        return C17ConditionWakeup.SIDES.stream().map(s -> BenchRef.of(BENCH, s)).toList();
    }

    @Override
    public ClaimDecision decide(ClaimInput in) {
        List<Comparison> cmps = new ArrayList<>();
        List<Figure> figures = new ArrayList<>();
        List<String> counts = new ArrayList<>();
        C17ConditionWakeup.sideBySide(in, BENCH, C17ConditionWakeup.SIDES, ParamNames.WAITERS, "set to every waiter running",
                cmps, figures, counts);
        if (figures.isEmpty()) {
            return ClaimDecision.notMeasured(id(), BENCH + ".platform, .virtual or .process (sample mode)" + in.unservedNote(), in.rerun());
        }
        if (counts.size() > 1) {
            String few = counts.getFirst();
            String many = counts.getLast();
            for (String side : C17ConditionWakeup.SIDES) {
                BenchmarkResult a = in.one(BenchRef.of(BENCH, side).with(ParamNames.WAITERS, few), "sample");
                BenchmarkResult b = in.one(BenchRef.of(BENCH, side).with(ParamNames.WAITERS, many), "sample");
                if (a != null && b != null) {
                    cmps.add(Comparison.of(side + ": " + few + " vs " + many + " waiters", a, b, Comparison.Expect.NONE, in.threshold()));
                }
            }
        }
        return new ClaimDecision(id(), VerdictKind.DEMONSTRATED, cmps, figures, Map.of("waiters", counts), null, null);
    }

    @Override
    public Prose render(ClaimDecision d) {
        String note = "Java has no Event class; the suite's ThreadEvent (a lock and its condition) is one for threads, "
                + "ShmEvent (one futex word in shared memory) one for processes. A waiter present at set passes even if clear "
                + "comes before it runs, as Python's Event.wait returns True.";
        if (d.missing() != null) {
            return Text.notMeasured(d, note);
        }
        List<String> counts = d.group("waiters");
        String lead = "In every measured round all waiters passed the set event and none the cleared one (a wrong count fails the "
                + "run), with " + String.join(" and ", counts) + " waiter(s): the mechanism is shown, not measured. Beside it, the "
                + "time from set to the last waiter running, platform threads against virtual threads and child JVMs"
                + (counts.size() > 1 ? ", and more waiters against fewer" : "; more waiters need waiters=4 (full preset)")
                + " (figures, not tests of the claim). " + Text.method(d);
        return new Prose("every round let all waiters through after set and none after clear (waiters " + String.join(", ", counts) + ")",
                lead + Text.bullets(d), note, null);
    }
}
