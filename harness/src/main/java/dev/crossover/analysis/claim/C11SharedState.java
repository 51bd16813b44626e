package dev.crossover.analysis.claim;

import dev.crossover.claims.BenchRef;
import dev.crossover.claims.VerdictKind;
import dev.crossover.results.BenchmarkResult;
import dev.crossover.results.ParamNames;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** C11: shared state is best avoided. Measured: per-worker partitions merged at the end against one contended counter. */
public final class C11SharedState implements ClaimRule {

    static final List<String> KINDS = List.of("threads", "processes");

    @Override
    public String id() {
        return "C11";
    }

    @Override
    public List<BenchRef> needs() {
        List<BenchRef> out = new ArrayList<>();
        for (String k : KINDS) {
            out.add(BenchRef.of("SharedStateBench", k + "Shared"));
            out.add(BenchRef.of("SharedStateBench", k + "Partitioned"));
        }
        return out;
    }

    @Override
    public ClaimDecision decide(ClaimInput in) {
        List<Comparison> cmps = new ArrayList<>();
        for (String kind : KINDS) {
            for (BenchmarkResult shared : in.all(BenchRef.of("SharedStateBench", kind + "Shared"), "thrpt")) {
                String n = shared.param(ParamNames.CONTENDERS);
                Double nv = in.numeric(n);
                if (nv != null && nv <= 1) {
                    continue; // one contender shares with nobody
                }
                BenchmarkResult part = in.one(BenchRef.of("SharedStateBench", kind + "Partitioned").with(ParamNames.CONTENDERS, n), "thrpt");
                if (part != null) {
                    cmps.add(Comparison.of(kind + ", " + n + " contenders: partitioned vs shared", part, shared, Comparison.Expect.BETTER, in.threshold()));
                }
            }
        }
        if (cmps.isEmpty()) {
            return ClaimDecision.notMeasured(id(), "SharedStateBench shared and partitioned methods at more than one contender" + in.unservedNote(), in.rerun());
        }
        VerdictKind k = Decide.kind(cmps);
        return new ClaimDecision(id(), k, cmps, List.of(), Map.of(), null, k == VerdictKind.INCONCLUSIVE ? in.rerunFull() : null);
    }

    @Override
    public Prose render(ClaimDecision d) {
        String note = "Contended atomics bounce one cache line between cores; partitions keep each core on its own line and merge once at the end.";
        if (d.comparisons().isEmpty()) {
            return Text.notMeasured(d, note);
        }
        return new Prose(Text.gist(d), "Per-worker partitions merged at the end against one contended shared counter (updates/s); the claim "
                + "expects the partitions ahead. " + Text.method(d) + Text.bullets(d), note, "the executor and contender count");
    }
}
