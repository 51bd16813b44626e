package dev.crossover.analysis.claim;

import dev.crossover.analysis.Evidence;
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
 * C7: work that must share variables can only use threads. Demonstrated false: child JVMs update one
 * counter in a shared mapped file with atomic operations and the benchmark checks the exact total, so
 * the outcome is fixed by construction (atomics on shared memory are exact); the measured part is how
 * their rate compares with threads sharing an in-process atomic, per contender count.
 */
public final class C7SharedVariables implements ClaimRule {

    static final BenchRef PROCESSES = BenchRef.of("SharedStateBench", "processesShared");
    static final BenchRef THREADS = BenchRef.of("SharedStateBench", "threadsShared");

    @Override
    public String id() {
        return "C7";
    }

    @Override
    public List<BenchRef> needs() {
        return List.of(PROCESSES, THREADS);
    }

    @Override
    public ClaimDecision decide(ClaimInput in) {
        List<BenchmarkResult> procs = in.all(PROCESSES, "thrpt");
        if (procs.isEmpty()) {
            return ClaimDecision.notMeasured(id(), "SharedStateBench.processesShared (and threadsShared)" + in.unservedNote(), in.rerun());
        }
        List<Comparison> cmps = new ArrayList<>();
        List<Figure> figures = new ArrayList<>();
        Map<String, List<String>> byOutcome = new LinkedHashMap<>();
        for (BenchmarkResult p : procs) {
            String n = p.param(ParamNames.CONTENDERS);
            BenchmarkResult t = in.one(THREADS.with(ParamNames.CONTENDERS, n), "thrpt");
            if (t == null) {
                figures.add(Figure.of("contenders " + n + ": processesShared", Evidence.of(p)));
                continue;
            }
            Comparison c = Comparison.of("contenders " + n + ": processesShared vs threadsShared", p, t, Comparison.Expect.NONE, in.threshold());
            cmps.add(c);
            byOutcome.computeIfAbsent(c.outcome().word(), k -> new ArrayList<>()).add(n);
        }
        if (cmps.stream().noneMatch(c -> c.diff().interval().known())) {
            // without intervals the rates are shown as figures
            procs.forEach(p -> figures.add(Figure.of("contenders " + p.param(ParamNames.CONTENDERS) + ": processesShared", Evidence.of(p))));
        }
        // The exact totals refute the claim by construction (atomic operations on memory both processes map),
        // which shows a mechanism rather than measuring a property of the machine; the rates beside it are measured.
        return new ClaimDecision(id(), VerdictKind.DEMONSTRATED, cmps, figures, byOutcome, null, null);
    }

    @Override
    public Prose render(ClaimDecision d) {
        String note = "On the JVM, memory mapped by several processes (FFM MemorySegment over /dev/shm) holds shared primitive values; "
                + "objects cannot be shared, only bytes, so 'share variables' means flat numbers and arrays.";
        if (d.kind() != VerdictKind.DEMONSTRATED) {
            return Text.notMeasured(d, note);
        }
        List<String> parts = new ArrayList<>();
        for (Outcome o : Outcome.values()) {
            List<String> at = d.group(o.word());
            if (!at.isEmpty()) {
                String where = " at " + String.join(", ", at) + " contender" + (at.size() == 1 && at.getFirst().equals("1") ? "" : "s");
                parts.add(switch (o) {
                    case AHEAD -> "faster than threads" + where;
                    case BEHIND -> "slower than threads" + where;
                    case TIE -> "as fast as threads" + where;
                    case UNRESOLVED -> "not separable from threads" + where;
                });
            }
        }
        String cost = parts.isEmpty() ? "" : "; processes sharing the mapped counter were " + String.join(", ", parts);
        return new Prose("the claim does not hold as stated: processes shared a counter exactly through a mapped file" + cost,
                "Child JVMs updated one counter in a shared mapped file with atomic operations and got exact totals (the benchmark "
                        + "checks them), so processes can share variables; that is how atomics on shared memory work, shown here "
                        + "rather than measured" + cost + ". " + Text.method(d) + Text.bullets(d), note, null);
    }
}
