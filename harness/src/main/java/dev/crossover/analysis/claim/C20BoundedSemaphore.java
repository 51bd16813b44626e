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
 * release without an acquire (as {@code BoundedSemaphoreTest} does); the same for the process-safe
 * {@code ShmBoundedSemaphore}, with threads and with child JVMs contending (as
 * {@code ShmBoundedSemaphoreTest} does across JVMs). Measured beside it, on fork-based intervals: the
 * cost of an acquire/release pair, the bounded semaphore against the plain one and the shared one
 * against the JVM's at each contender count, child JVMs against threads on the shared one, and
 * contended against uncontended for each.
 */
public final class C20BoundedSemaphore implements ClaimRule {

    static final String BENCH = "SemaphoreCostBench";
    static final BenchRef PLAIN = BenchRef.of(BENCH, "semaphore");
    static final BenchRef BOUNDED = BenchRef.of(BENCH, "boundedSemaphore");
    static final BenchRef SHM = BenchRef.of(BENCH, "shmBoundedSemaphore");
    static final BenchRef SHM_PROCESSES = BenchRef.of(BENCH, "shmBoundedSemaphoreProcesses");
    /** Every side, in the order contended is compared with uncontended. */
    static final List<BenchRef> SIDES = List.of(PLAIN, BOUNDED, SHM, SHM_PROCESSES);

    @Override
    public String id() {
        return "C20";
    }

    @Override
    public List<BenchRef> needs() {
        return SIDES;
    }

    @Override
    public ClaimDecision decide(ClaimInput in) {
        List<BenchmarkResult> bounded = new ArrayList<>(in.all(BOUNDED, "avgt"));
        bounded.addAll(in.all(SHM, "avgt"));
        bounded.addAll(in.all(SHM_PROCESSES, "avgt"));
        if (bounded.isEmpty()) {
            return ClaimDecision.notMeasured(id(), BENCH + ".boundedSemaphore, .shmBoundedSemaphore or .shmBoundedSemaphoreProcesses (avgt)"
                    + in.unservedNote(), in.rerun());
        }
        List<Comparison> cmps = new ArrayList<>();
        List<Figure> figures = new ArrayList<>();
        List<String> counts = in.values(bounded, ParamNames.CONTENDERS);
        for (String n : counts) {
            BenchmarkResult b = in.one(BOUNDED.with(ParamNames.CONTENDERS, n), "avgt");
            BenchmarkResult p = in.one(PLAIN.with(ParamNames.CONTENDERS, n), "avgt");
            BenchmarkResult shm = in.one(SHM.with(ParamNames.CONTENDERS, n), "avgt");
            BenchmarkResult procs = in.one(SHM_PROCESSES.with(ParamNames.CONTENDERS, n), "avgt");
            pairOrFigure(cmps, figures, in, n, "Semaphore vs BoundedSemaphore", p, b);
            pairOrFigure(cmps, figures, in, n, "BoundedSemaphore vs ShmBoundedSemaphore, threads", b, shm);
            pairOrFigure(cmps, figures, in, n, "ShmBoundedSemaphore, threads vs child JVMs", shm, procs);
        }
        if (counts.size() > 1) {
            for (BenchRef ref : SIDES) {
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

    /**
     * {@code a} against {@code b} when both were measured, else {@code b} alone as a figure (figures
     * are shown, they do not vote).
     */
    private static void pairOrFigure(List<Comparison> cmps, List<Figure> figures, ClaimInput in, String count, String what,
                                     BenchmarkResult a, BenchmarkResult b) {
        if (a != null && b != null) {
            cmps.add(Comparison.of(count + " contender(s): " + what + " per acquire/release", a, b, Comparison.Expect.NONE, in.threshold()));
        } else if (b != null) {
            String method = b.benchmark().substring(b.benchmark().lastIndexOf('.') + 1);
            figures.add(Figure.of(count + " contender(s): " + method + " per acquire/release", Evidence.of(b)));
        }
    }

    @Override
    public Prose render(ClaimDecision d) {
        String note = "java.util.concurrent.Semaphore is not bounded: a release without an acquire adds a permit. The suite's "
                + "BoundedSemaphore counts the permits out and throws IllegalStateException on an over-release, as Python's "
                + "BoundedSemaphore raises ValueError; across processes ShmBoundedSemaphore does the same over shared memory "
                + "(multiprocessing.BoundedSemaphore), frees the permits of a holder that died, and lets a process release only "
                + "permits it holds.";
        if (d.missing() != null) {
            return Text.notMeasured(d, note);
        }
        List<String> counts = d.group("contenders");
        String lead = "No trial had more threads or processes holding a permit at once than the semaphore has, every permit came "
                + "back, and each bounded semaphore refused a release without an acquire (each checked by the benchmark, which fails "
                + "otherwise), at " + String.join(", ", counts) + " contender(s): the mechanism is shown, not measured. Beside it, the "
                + "cost per acquire/release pair, plain against bounded, the JVM's against the shared-memory one, threads against "
                + "child JVMs on the shared one"
                + (counts.size() > 1 ? ", and contended against uncontended" : "; contended runs need more contenders (full preset)")
                + " (figures, not tests of the claim). " + Text.method(d);
        return new Prose("the cap held and over-release was refused (contenders " + String.join(", ", counts) + "); cost shown",
                lead + Text.bullets(d), note, null);
    }
}
