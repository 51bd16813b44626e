package dev.crossover.analysis.claim;

import dev.crossover.claims.BenchRef;
import dev.crossover.claims.VerdictKind;
import dev.crossover.results.BenchmarkResult;
import dev.crossover.results.ParamNames;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * C12: a process pool runs many tasks; map blocks, imap streams, chunksize batches. Demonstrated: the
 * pool API does what it was written to do (map returns every result in order, or the benchmark fails);
 * the measured part is what batching buys: the best chunk size against one task per message (X5).
 */
public final class C12ProcessPoolMap implements ClaimRule {

    static final BenchRef MAP = BenchRef.of("PoolMapBench", "map");

    @Override
    public String id() {
        return "C12";
    }

    @Override
    public List<BenchRef> needs() {
        return List.of(MAP);
    }

    @Override
    public ClaimDecision decide(ClaimInput in) {
        Map<String, List<BenchmarkResult>> byExecutor = new LinkedHashMap<>();
        in.all(MAP, "thrpt").stream().filter(r -> String.valueOf(r.param(ParamNames.EXECUTOR)).startsWith("PROCESS"))
                .forEach(r -> byExecutor.computeIfAbsent(r.param(ParamNames.EXECUTOR), k -> new ArrayList<>()).add(r));
        List<Comparison> cmps = new ArrayList<>();
        for (Map.Entry<String, List<BenchmarkResult>> e : byExecutor.entrySet()) {
            BenchmarkResult first = null;
            BenchmarkResult best = null;
            for (BenchmarkResult r : e.getValue()) {
                Double c = in.numeric(r.param(ParamNames.CHUNK_SIZE));
                if (c != null && (first == null || c < in.numeric(first.param(ParamNames.CHUNK_SIZE)))) {
                    first = r;
                }
                if (best == null || r.primary().score() > best.primary().score()) {
                    best = r;
                }
            }
            if (first != null && best != first) {
                cmps.add(Comparison.of(e.getKey() + ": chunk " + best.param(ParamNames.CHUNK_SIZE) + " vs chunk " + first.param(ParamNames.CHUNK_SIZE),
                        best, first, Comparison.Expect.NONE, in.threshold()));
            }
        }
        if (byExecutor.isEmpty()) {
            return ClaimDecision.notMeasured(id(), "PoolMapBench.map over a process executor at several chunk sizes" + in.unservedNote(), in.rerun());
        }
        String x5 = in.crossovers().get("X5");
        return new ClaimDecision(id(), VerdictKind.DEMONSTRATED, cmps, List.of(), x5 == null ? Map.of() : Map.of("X5", List.of(x5)), null, null);
    }

    @Override
    public Prose render(ClaimDecision d) {
        String note = "The JVM's counterpart: ProcessWorkers.map(kernel, args, chunkSize) blocks and keeps order, imap streams; batching "
                + "amortises one pipe round trip over a chunk.";
        if (d.kind() != VerdictKind.DEMONSTRATED) {
            return Text.notMeasured(d, note);
        }
        String x5 = d.group("X5").isEmpty() ? "" : " X5: " + d.group("X5").getFirst();
        return new Prose("map over a process pool returned every result in order; batching measured in X5",
                "map over a process pool blocked and returned every result in order (the benchmark checks them): the pool does what it was "
                        + "built to do. What batching buys, the best chunk size against the smallest (tasks/s). " + Text.method(d) + x5
                        + Text.bullets(d), note, null);
    }
}
