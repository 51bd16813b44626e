package dev.crossover.analysis.claim;

import dev.crossover.analysis.Evidence;
import dev.crossover.claims.BenchRef;
import dev.crossover.claims.VerdictKind;
import dev.crossover.results.BenchmarkResult;
import dev.crossover.results.Metric;
import dev.crossover.results.ParamNames;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * C10: concurrent writers on one pipe end can corrupt the data. Measured as counted events: torn frames
 * per iteration, in how many forks, at frame sizes below and above PIPE_BUF, with and without a lock.
 */
public final class C10PipeTearing implements ClaimRule {

    static final BenchRef UNLOCKED = BenchRef.of("PipeTearBench", "unlocked");
    static final BenchRef LOCKED = BenchRef.of("PipeTearBench", "locked");
    static final String TORN = "tornFrames";

    @Override
    public String id() {
        return "C10";
    }

    @Override
    public List<BenchRef> needs() {
        return List.of(UNLOCKED, LOCKED);
    }

    /** ", in 3 of 3 forks" from a counter's per-fork means. */
    private static String forks(Metric m) {
        double[] f = m.forkMeans();
        if (f.length == 0) {
            return "";
        }
        long torn = java.util.Arrays.stream(f).filter(v -> v > 0).count();
        return ", torn in " + torn + " of " + f.length + " fork" + (f.length == 1 ? "" : "s");
    }

    @Override
    public ClaimDecision decide(ClaimInput in) {
        List<Figure> figures = new ArrayList<>();
        List<String> torn = new ArrayList<>();
        List<String> clean = new ArrayList<>();
        List<String> lockedTorn = new ArrayList<>();
        for (BenchmarkResult r : in.all(UNLOCKED)) {
            Evidence t = Evidence.secondary(r, TORN);
            if (t == null) {
                continue;
            }
            String where = "payload " + r.param(ParamNames.PAYLOAD) + " B" + (r.param(ParamNames.WRITERS) == null ? "" : ", "
                    + r.param(ParamNames.WRITERS) + " writers");
            (t.score() > 0 ? torn : clean).add(where);
            figures.add(new Figure("unlocked, " + where + ", torn frames", t, forks(r.secondary().get(TORN))));
            BenchmarkResult l = in.one(LOCKED.with(ParamNames.PAYLOAD, r.param(ParamNames.PAYLOAD)));
            Evidence lt = l == null ? null : Evidence.secondary(l, TORN);
            if (lt != null) {
                figures.add(new Figure("locked, payload " + l.param(ParamNames.PAYLOAD) + " B, torn frames", lt,
                        forks(l.secondary().get(TORN))));
                if (lt.score() > 0) {
                    lockedTorn.add("payload " + l.param(ParamNames.PAYLOAD) + " B");
                }
            }
        }
        if (figures.isEmpty()) {
            return ClaimDecision.notMeasured(id(), "PipeTearBench results with the secondary metric tornFrames (@AuxCounters)" + in.unservedNote(), in.rerun());
        }
        Map<String, List<String>> groups = new LinkedHashMap<>();
        groups.put("torn", torn);
        groups.put("clean", clean);
        groups.put("lockedTorn", lockedTorn);
        VerdictKind k = !torn.isEmpty() && !clean.isEmpty() ? VerdictKind.DEPENDS : !torn.isEmpty() ? VerdictKind.HOLDS : VerdictKind.FAILS;
        return new ClaimDecision(id(), k, List.of(), figures, groups, null, null);
    }

    @Override
    public Prose render(ClaimDecision d) {
        if (d.figures().isEmpty()) {
            return Text.notMeasured(d, null);
        }
        List<String> torn = d.group("torn");
        List<String> clean = d.group("clean");
        String lead = torn.isEmpty()
                ? "No frame was torn at any size tested: writes of at most PIPE_BUF (4096 bytes) are atomic on Linux, and no larger frame was tested or none tore."
                : "Unlocked writers tore frames at " + String.join("; ", torn) + (clean.isEmpty() ? "" : "; none at " + String.join("; ", clean)) + ".";
        String lock = d.group("lockedTorn").isEmpty() ? " With a lock: none torn."
                : " A locked writer also tore frames (" + String.join(", ", d.group("lockedTorn")) + "): the lock does not cover the whole write — a defect to fix.";
        String gist = torn.isEmpty() ? "no frame tore at any size tested" : "frames tore at " + String.join("; ", torn)
                + (clean.isEmpty() ? "" : ", none at " + String.join("; ", clean));
        return new Prose(gist, lead + lock + " Counts are per iteration, from the writers' own frame checks." + Text.bullets(d), null,
                "the frame size: POSIX makes a pipe write of at most PIPE_BUF (4096 bytes on Linux) atomic, larger ones may interleave");
    }
}
