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
 * C20: BoundedSemaphore(5) lets at most 5 threads run at once, and releasing more than was acquired is
 * an error. Demonstrated: SemaphoreCostBench fails a trial in which more threads held a permit at once
 * than it has, or a permit went missing, and checks at setup that the bounded semaphore refuses a
 * release without an acquire (as {@code BoundedSemaphoreTest} does). Measured beside it, on fork-based
 * intervals: the cost of an acquire/release pair, the bounded semaphore against the plain one at each
 * contender count, and contended against uncontended.
 */
public final class C20BoundedSemaphore implements ClaimRule {

    static final String BENCH = "SemaphoreCostBench";
    static final BenchRef PLAIN = BenchRef.of(BENCH, "semaphore");
    static final BenchRef BOUNDED = BenchRef.of(BENCH, "boundedSemaphore");

    @Override
    public String id() {
        return "C20";
    }

    @Override
    public List<BenchRef> needs() {
        return List.of(PLAIN, BOUNDED);
    }

    @Override
    public ClaimDecision decide(ClaimInput in) {
        List<BenchmarkResult> bounded = in.all(BOUNDED, "avgt");
        if (bounded.isEmpty()) {
            return ClaimDecision.notMeasured(id(), BENCH + ".boundedSemaphore (avgt)" + in.unservedNote(), in.rerun());
        }
        List<Comparison> cmps = new ArrayList<>();
        List<Figure> figures = new ArrayList<>();
        List<String> counts = in.values(bounded, ParamNames.CONTENDERS);
        for (String n : counts) {
            BenchmarkResult b = in.one(BOUNDED.with(ParamNames.CONTENDERS, n), "avgt");
            BenchmarkResult p = in.one(PLAIN.with(ParamNames.CONTENDERS, n), "avgt");
            if (p != null) {
                cmps.add(Comparison.of(n + " contender(s): Semaphore vs BoundedSemaphore per acquire/release", p, b, Comparison.Expect.NONE,
                        in.threshold()));
            } else {
                figures.add(Figure.of(n + " contender(s): BoundedSemaphore per acquire/release", Evidence.of(b)));
            }
        }
        if (counts.size() > 1) {
            for (BenchRef ref : List.of(PLAIN, BOUNDED)) {
                BenchmarkResult alone = in.one(ref.with(ParamNames.CONTENDERS, counts.getFirst()), "avgt");
                BenchmarkResult crowd = in.one(ref.with(ParamNames.CONTENDERS, counts.getLast()), "avgt");
                if (alone != null && crowd != null) {
                    cmps.add(Comparison.of(ref.method() + ": " + counts.getFirst() + " vs " + counts.getLast() + " contenders", alone, crowd,
                            Comparison.Expect.NONE, in.threshold()));
                }
            }
        }
        return new ClaimDecision(id(), VerdictKind.DEMONSTRATED, cmps, figures, Map.of("contenders", counts), null, null);
    }

    @Override
    public Prose render(ClaimDecision d) {
        String note = "java.util.concurrent.Semaphore is not bounded: a release without an acquire adds a permit. The suite's "
                + "BoundedSemaphore counts the permits out and throws IllegalStateException on an over-release, as Python's "
                + "BoundedSemaphore raises ValueError.";
        if (d.missing() != null) {
            return Text.notMeasured(d, note);
        }
        List<String> counts = d.group("contenders");
        String lead = "No trial had more threads holding a permit at once than the semaphore has, every permit came back, and the "
                + "bounded semaphore refused a release without an acquire (each checked by the benchmark, which fails otherwise), at "
                + String.join(", ", counts) + " contender(s): the mechanism is shown, not measured. Beside it, the cost per "
                + "acquire/release pair, plain against bounded"
                + (counts.size() > 1 ? ", and contended against uncontended" : "; contended runs need more contenders (full preset)")
                + " (figures, not tests of the claim). " + Text.method(d);
        return new Prose("the cap held and over-release was refused (contenders " + String.join(", ", counts) + "); cost shown",
                lead + Text.bullets(d), note, null);
    }
}
