package dev.crossover.analysis.claim;

import dev.crossover.claims.BenchRef;
import dev.crossover.claims.VerdictKind;
import dev.crossover.results.BenchmarkResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * C23: a pool needs close (or terminate) before join; no task after close; terminate stops at once;
 * apply_async submits one task. Demonstrated: PoolTerminateBench fails unless terminate cancelled every
 * task in flight and join then found the pool stopped (the misuse errors are covered by the tests).
 * Measured beside it: the time from terminate to join returning, for each executor against the platform
 * thread pool, on fork intervals.
 */
public final class C23PoolLifecycle implements ClaimRule {

    static final BenchRef THREADS = BenchRef.of("PoolTerminateBench", "threads");
    static final BenchRef VIRTUAL = BenchRef.of("PoolTerminateBench", "virtual");
    static final BenchRef PIPE = BenchRef.of("PoolTerminateBench", "processPipe");
    static final BenchRef SHM = BenchRef.of("PoolTerminateBench", "processShm");

    @Override
    public String id() {
        return "C23";
    }

    @Override
    public List<BenchRef> needs() {
        return List.of(THREADS, VIRTUAL, PIPE, SHM);
    }

    @Override
    public ClaimDecision decide(ClaimInput in) {
        BenchmarkResult threads = in.one(THREADS);
        List<Comparison> cmps = new ArrayList<>();
        List<String> stopped = new ArrayList<>();
        for (BenchRef ref : List.of(THREADS, VIRTUAL, PIPE, SHM)) {
            BenchmarkResult r = in.one(ref);
            if (r == null) {
                continue;
            }
            stopped.add(ref.method());
            if (threads != null && r != threads) {
                cmps.add(Comparison.of("terminate with tasks in flight, to join: platform thread pool vs " + ref.method(), threads, r,
                        Comparison.Expect.NONE, in.threshold()));
            }
        }
        if (stopped.isEmpty()) {
            return ClaimDecision.notMeasured(id(), "PoolTerminateBench; the pool lifecycle tests in 'mvn verify' (LifecycleTest) check "
                    + "close-then-join, join without close, submit after close and terminate with tasks in flight" + in.unservedNote(), in.rerun());
        }
        List<Figure> figures = new ArrayList<>();
        if (cmps.isEmpty()) {
            BenchmarkResult only = in.one(BenchRef.of("PoolTerminateBench", stopped.getFirst()));
            figures.add(Figure.of("terminate with tasks in flight, to join: " + stopped.getFirst(), dev.crossover.analysis.Evidence.of(only)));
        }
        return new ClaimDecision(id(), VerdictKind.DEMONSTRATED, cmps, figures, Map.of("stopped", stopped), null, null);
    }

    @Override
    public Prose render(ClaimDecision d) {
        String note = "On the JVM the pool API (Workers) follows multiprocessing.Pool: applyAsync submits one task; join before close or "
                + "terminate is refused with an IllegalStateException that names both (Python raises ValueError), as is a task joining "
                + "its own pool; submit after close is refused naming the fix. terminate cancels what is queued and running: threads "
                + "are interrupted (which ends blocking tasks only), child JVMs are killed.";
        if (d.missing() != null) {
            return Text.notMeasured(d, note);
        }
        String lead = "PoolTerminateBench fails unless terminate cancelled every task in flight and join then found the pool stopped, so "
                + "the mechanism is shown for " + String.join(", ", d.group("stopped")) + ". How long it took, from terminate to join "
                + "returning, is given beside it (figures, not tests of the claim). ";
        return new Prose("terminate stopped every pool with tasks in flight (" + String.join(", ", d.group("stopped")) + ")",
                lead + Text.method(d) + Text.bullets(d), note, null);
    }
}
