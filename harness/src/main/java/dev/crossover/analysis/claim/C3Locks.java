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
 * C3: competing for a limited resource is solved with locks. Demonstrated: every lock benchmark checks
 * its guarded count and fails the run on a wrong one, so a result means the lock kept it exact. The
 * measured part is the price of each lock kind under the most contention run.
 */
public final class C3Locks implements ClaimRule {

    static final List<String> KINDS = List.of("monitor", "reentrantLock", "reentrantReentry", "semaphore", "shmLock", "fileLock");

    @Override
    public String id() {
        return "C3";
    }

    @Override
    public List<BenchRef> needs() {
        return KINDS.stream().map(m -> BenchRef.of("LockBench", m)).toList();
    }

    @Override
    public ClaimDecision decide(ClaimInput in) {
        List<BenchmarkResult> all = new ArrayList<>();
        needs().forEach(ref -> all.addAll(in.all(ref)));
        if (all.isEmpty()) {
            return ClaimDecision.notMeasured(id(), "LockBench (monitor, reentrantLock, semaphore, shmLock, fileLock)" + in.unservedNote(), in.rerun());
        }
        List<String> contenders = in.values(all, ParamNames.CONTENDERS);
        String top = contenders.isEmpty() ? null : contenders.getLast();
        List<BenchmarkResult> atTop = all.stream().filter(r -> top == null || top.equals(r.param(ParamNames.CONTENDERS))).toList();
        List<Figure> figures = new ArrayList<>();
        BenchmarkResult best = null;
        BenchmarkResult second = null;
        for (BenchmarkResult r : atTop) {
            figures.add(Figure.of(r.methodName(), Evidence.of(r)));
            if (best == null || Evidence.of(r).advantageOver(Evidence.of(best)) > 1) {
                second = best;
                best = r;
            } else if (second == null || Evidence.of(r).advantageOver(Evidence.of(second)) > 1) {
                second = r;
            }
        }
        List<Comparison> cmps = new ArrayList<>();
        if (second != null) {
            cmps.add(Comparison.of("fastest " + best.methodName() + " vs next " + second.methodName(), best, second,
                    Comparison.Expect.NONE, in.threshold()));
        }
        BenchmarkResult monitor = atTop.stream().filter(r -> r.methodName().equals("monitor")).findFirst().orElse(null);
        BenchmarkResult shm = atTop.stream().filter(r -> r.methodName().equals("shmLock")).findFirst().orElse(null);
        if (monitor != null && shm != null) {
            cmps.add(Comparison.of("in-process monitor vs cross-process shmLock", monitor, shm, Comparison.Expect.NONE, in.threshold()));
        }
        return new ClaimDecision(id(), VerdictKind.DEMONSTRATED, cmps, figures,
                Map.of("contenders", top == null ? List.of() : List.of(top)), null, null);
    }

    @Override
    public Prose render(ClaimDecision d) {
        if (d.kind() != VerdictKind.DEMONSTRATED) {
            return Text.notMeasured(d, null);
        }
        String at = d.group("contenders").isEmpty() ? "the measured contention" : d.group("contenders").getFirst() + " contenders";
        StringBuilder b = new StringBuilder("Every lock kind kept its guarded counter exact under contention (each benchmark checks its own "
                + "count and fails the run on a wrong one): locks solve it by construction. They differ in price; at " + at + ":");
        b.append(Text.bullets(d));
        d.comparisons().stream().filter(c -> c.label().startsWith("fastest")).findFirst().ifPresent(c -> b.append("\n")
                .append(c.outcome() == Outcome.AHEAD ? "The fastest is ahead of the next beyond the tie threshold."
                        : "The fastest is not separated from the next by the fork intervals (" + c.outcome().word() + ")."));
        return new Prose("the guarded counts stayed exact with every lock kind", b.toString(), null, null);
    }
}
