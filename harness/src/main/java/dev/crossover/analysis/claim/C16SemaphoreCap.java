package dev.crossover.analysis.claim;

import dev.crossover.analysis.Evidence;
import dev.crossover.claims.BenchRef;
import dev.crossover.claims.VerdictKind;
import dev.crossover.results.BenchmarkResult;
import dev.crossover.results.ParamNames;
import dev.crossover.stats.Outcome;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * C16: a bounded semaphore caps how many threads run at once. Demonstrated: a semaphore of N admits N
 * by construction; the suite shows the cap biting, virtual threads with the cap against the same load
 * without it, at the highest concurrency run.
 */
public final class C16SemaphoreCap implements ClaimRule {

    static final BenchRef REQUESTS = BenchRef.of("IoBoundBench", "requests");
    static final BenchRef CAPPED = REQUESTS.with(ParamNames.EXECUTOR, "VIRTUAL_CAPPED");
    static final BenchRef FREE = REQUESTS.with(ParamNames.EXECUTOR, "VIRTUAL");
    static final BenchRef FIXED = REQUESTS.with(ParamNames.EXECUTOR, "FIXED_FORMULA");

    @Override
    public String id() {
        return "C16";
    }

    @Override
    public List<BenchRef> needs() {
        return List.of(CAPPED, FREE, FIXED);
    }

    @Override
    public ClaimDecision decide(ClaimInput in) {
        List<BenchmarkResult> capped = in.all(CAPPED, "thrpt");
        if (capped.isEmpty()) {
            return ClaimDecision.notMeasured(id(), "IoBoundBench.requests with VIRTUAL_CAPPED and VIRTUAL" + in.unservedNote(), in.rerun());
        }
        String top = in.values(capped, ParamNames.CONCURRENCY).getLast();
        List<Comparison> cmps = new ArrayList<>();
        List<Figure> figures = new ArrayList<>();
        for (BenchmarkResult c : capped) {
            if (!top.equals(c.param(ParamNames.CONCURRENCY))) {
                continue;
            }
            String delay = String.valueOf(c.param(ParamNames.DELAY_MS));
            BenchmarkResult free = in.one(FREE.with(ParamNames.CONCURRENCY, top).with(ParamNames.DELAY_MS, delay), "thrpt");
            if (free != null) {
                cmps.add(Comparison.of("concurrency " + top + ": VIRTUAL (no cap) vs VIRTUAL_CAPPED", free, c, Comparison.Expect.NONE, in.threshold()));
            }
            BenchmarkResult fixed = in.one(FIXED.with(ParamNames.CONCURRENCY, top).with(ParamNames.DELAY_MS, delay), "thrpt");
            if (fixed != null) {
                figures.add(Figure.of("concurrency " + top + ", a fixed pool of the same size (FIXED_FORMULA)", Evidence.of(fixed)));
            }
        }
        if (cmps.isEmpty()) {
            return ClaimDecision.notMeasured(id(), "IoBoundBench.requests with VIRTUAL at the same concurrency as VIRTUAL_CAPPED" + in.unservedNote(), in.rerun());
        }
        boolean bites = cmps.stream().allMatch(c -> c.outcome() == Outcome.AHEAD);
        return new ClaimDecision(id(), bites ? VerdictKind.DEMONSTRATED : VerdictKind.INCONCLUSIVE, cmps, figures, Map.of(), null,
                bites ? null : "a run with concurrency well above the cap (e.g. 10× cores × (1 + wait/compute)), with enough forks to "
                        + "separate the capped from the uncapped run: " + in.rerunFull());
    }

    @Override
    public Prose render(ClaimDecision d) {
        String note = "On the JVM, java.util.concurrent.Semaphore caps how many virtual threads proceed at once; unlike a pool it creates "
                + "no threads up front, and waiting virtual threads cost a few hundred bytes each.";
        if (d.comparisons().isEmpty()) {
            return Text.notMeasured(d, note);
        }
        String lead = d.kind() == VerdictKind.DEMONSTRATED
                ? "The cap bit: without it the same virtual threads got further (requests/s); a fixed pool of the cap's size is "
                + "shown beside it. "
                : "The cap did not bite beyond the fork intervals: the concurrency tested may not exceed the cap. ";
        return new Prose(d.kind() == VerdictKind.DEMONSTRATED ? "the cap held: uncapped virtual threads got further" : "the cap did not bite",
                lead + Text.method(d) + Text.bullets(d), note, null);
    }
}
