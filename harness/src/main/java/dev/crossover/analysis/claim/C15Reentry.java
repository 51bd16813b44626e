package dev.crossover.analysis.claim;

import dev.crossover.claims.BenchRef;
import dev.crossover.claims.VerdictKind;
import dev.crossover.results.BenchmarkResult;
import dev.crossover.results.ParamNames;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * C15: a Lock deadlocks when its holder takes it again; an RLock nests. Demonstrated: reentry is a
 * property of the lock by construction (a functional test shows the non-reentrant lock timing out);
 * the benchmark shows reentry completing and measures its price against one acquisition.
 */
public final class C15Reentry implements ClaimRule {

    static final BenchRef REENTRY = BenchRef.of("LockBench", "reentrantReentry");
    static final BenchRef SINGLE = BenchRef.of("LockBench", "reentrantLock");

    @Override
    public String id() {
        return "C15";
    }

    @Override
    public List<BenchRef> needs() {
        return List.of(REENTRY, SINGLE);
    }

    @Override
    public ClaimDecision decide(ClaimInput in) {
        List<BenchmarkResult> reentry = in.all(REENTRY);
        if (reentry.isEmpty()) {
            return ClaimDecision.notMeasured(id(), "LockBench.reentrantReentry and .reentrantLock" + in.unservedNote(), in.rerun());
        }
        List<Comparison> cmps = new ArrayList<>();
        List<Figure> figures = new ArrayList<>();
        for (BenchmarkResult r : reentry) {
            String n = String.valueOf(r.param(ParamNames.CONTENDERS));
            BenchmarkResult plain = in.one(SINGLE.with(ParamNames.CONTENDERS, n), r.mode());
            if (plain != null) {
                cmps.add(Comparison.of("contenders " + n + ": reentry vs single acquisition", r, plain, Comparison.Expect.NONE, in.threshold()));
            } else {
                figures.add(Figure.of("contenders " + n + ": reentry", dev.crossover.analysis.Evidence.of(r)));
            }
        }
        return new ClaimDecision(id(), VerdictKind.DEMONSTRATED, cmps, figures, Map.of(), null, null);
    }

    @Override
    public Prose render(ClaimDecision d) {
        String note = "Java's synchronized monitor and ReentrantLock are reentrant (the notes' RLock); the non-reentrant Lock is a Semaphore(1), "
                + "which blocks forever when its holder acquires it again (shown by a functional test with a timeout).";
        if (d.kind() != VerdictKind.DEMONSTRATED) {
            return Text.notMeasured(d, note);
        }
        return new Prose("a reentrant lock taken again by its holder nested in every configuration",
                "A reentrant lock taken again by its holder nested and completed in every measured configuration; the price of reentry. "
                        + Text.method(d) + Text.bullets(d), note, null);
    }
}
