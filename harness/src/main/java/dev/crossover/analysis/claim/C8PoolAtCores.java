package dev.crossover.analysis.claim;

import dev.crossover.claims.BenchRef;
import dev.crossover.claims.VerdictKind;
import dev.crossover.results.BenchmarkResult;
import dev.crossover.results.ParamNames;
import dev.crossover.stats.Outcome;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * C8: as many workers as cores is the most efficient. Measured per executor on the CPU-bound pool-size
 * sweep: pool = cores must beat every smaller pool, and no larger pool may beat it (a tie agrees).
 */
public final class C8PoolAtCores implements ClaimRule {

    static final BenchRef SWEEP = BenchRef.of("CpuBoundBench", "poolSweep");

    @Override
    public String id() {
        return "C8";
    }

    @Override
    public List<BenchRef> needs() {
        return List.of(SWEEP);
    }

    @Override
    public ClaimDecision decide(ClaimInput in) {
        List<BenchmarkResult> sweep = in.all(SWEEP, "thrpt");
        if (sweep.isEmpty() || in.cores() == null) {
            return ClaimDecision.notMeasured(id(), "CpuBoundBench.poolSweep and the run's core count (metadata.json cpuBudget.cores)"
                    + in.unservedNote(), in.rerun());
        }
        Map<String, List<BenchmarkResult>> byExecutor = new LinkedHashMap<>();
        sweep.forEach(r -> byExecutor.computeIfAbsent(r.param(ParamNames.EXECUTOR), k -> new ArrayList<>()).add(r));
        List<Comparison> cmps = new ArrayList<>();
        for (Map.Entry<String, List<BenchmarkResult>> e : byExecutor.entrySet()) {
            BenchmarkResult atCores = e.getValue().stream().filter(r -> in.isCores(r.param(ParamNames.POOL_SIZE))).findFirst().orElse(null);
            if (atCores == null) {
                continue;
            }
            for (BenchmarkResult r : e.getValue()) {
                Double size = in.numeric(r.param(ParamNames.POOL_SIZE));
                if (r == atCores || size == null || size.intValue() == in.cores()) {
                    continue;
                }
                // below the core count the claim expects a clear loss; above it, that more workers bring nothing
                cmps.add(Comparison.of(e.getKey() + ": pool = cores (" + in.cores() + ") vs pool = " + r.param(ParamNames.POOL_SIZE),
                        atCores, r, size < in.cores() ? Comparison.Expect.BETTER : Comparison.Expect.NOT_WORSE, in.threshold()));
            }
        }
        if (cmps.isEmpty()) {
            return ClaimDecision.notMeasured(id(), "CpuBoundBench.poolSweep including pool = cores" + in.unservedNote(), in.rerun());
        }
        boolean decisive = cmps.stream().anyMatch(c -> c.outcome() == Outcome.AHEAD || c.outcome() == Outcome.BEHIND);
        // ties alone say only that more workers change nothing, not that the core count is best
        VerdictKind k = decisive ? Decide.kind(cmps) : VerdictKind.INCONCLUSIVE;
        return new ClaimDecision(id(), k, cmps, List.of(), Map.of(), null, k == VerdictKind.INCONCLUSIVE ? in.rerunFull() : null);
    }

    /** What the smaller and the larger pools showed, in one line. */
    private static String gist(ClaimDecision d) {
        List<Comparison> below = d.comparisons().stream().filter(c -> c.expect() == Comparison.Expect.BETTER).toList();
        List<Comparison> above = d.comparisons().stream().filter(c -> c.expect() == Comparison.Expect.NOT_WORSE).toList();
        long belowBeaten = below.stream().filter(c -> c.agreement() == Comparison.Agreement.AGREES).count();
        List<Comparison> aboveAhead = above.stream().filter(c -> c.agreement() == Comparison.Agreement.CONTRADICTS).toList();
        long open = d.with(Comparison.Agreement.UNRESOLVED).size();
        List<String> parts = new ArrayList<>();
        if (!below.isEmpty()) {
            parts.add("pool = cores ahead of " + (belowBeaten == below.size() ? "every smaller pool" : belowBeaten + " of " + below.size() + " smaller pools"));
        }
        if (!above.isEmpty()) {
            parts.add(aboveAhead.isEmpty() ? "no larger pool ahead of it" : "a larger pool ahead: " + Text.labels(aboveAhead));
        }
        return String.join("; ", parts) + (open == 0 ? "" : " (" + open + " of " + d.comparisons().size() + " comparisons unresolved)");
    }

    @Override
    public Prose render(ClaimDecision d) {
        if (d.comparisons().isEmpty()) {
            return Text.notMeasured(d, null);
        }
        String lead = d.kind() == VerdictKind.INCONCLUSIVE
                ? "No pool size is separated from pool = cores beyond the tie threshold, so this run cannot tell whether the core count is best (tasks/s). "
                : "Throughput at pool = cores against the other pool sizes, per executor (tasks/s): the claim expects pool = cores ahead of "
                + "smaller pools, and larger pools no better (a tie with a larger pool agrees). ";
        return new Prose(gist(d), lead + Text.method(d) + Text.bullets(d), null, "the executor (see X1)");
    }
}
