package dev.crossover.analysis.claim;

import dev.crossover.analysis.Evidence;
import dev.crossover.analysis.Fmt;
import dev.crossover.claims.BenchRef;
import dev.crossover.claims.VerdictKind;
import dev.crossover.results.BenchmarkResult;
import dev.crossover.results.ParamNames;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * C16: a bounded semaphore caps how many threads run at once. Measured: virtual threads under a
 * semaphore of the blocking formula's size ({@code VIRTUAL_CAPPED}) and of half of it ({@code
 * VIRTUAL_CAPPED_HALF}), with more requests offered than permits; the delay server counts the most
 * requests it held at once ({@code peakInFlight}) in every iteration. The cap holds when no iteration
 * exceeded its capacity; its cost is the throughput against the same virtual threads uncapped and
 * against a fixed pool of the same size, on the fork-based intervals.
 */
public final class C16SemaphoreCap implements ClaimRule {

    static final BenchRef REQUESTS = BenchRef.of("IoBoundBench", "requests");
    static final List<String> CAPS = List.of("VIRTUAL_CAPPED", "VIRTUAL_CAPPED_HALF");

    @Override
    public String id() {
        return "C16";
    }

    @Override
    public List<BenchRef> needs() {
        return List.of(REQUESTS.with(ParamNames.EXECUTOR, "VIRTUAL_CAPPED"), REQUESTS.with(ParamNames.EXECUTOR, "VIRTUAL_CAPPED_HALF"),
                REQUESTS.with(ParamNames.EXECUTOR, "VIRTUAL"), REQUESTS.with(ParamNames.EXECUTOR, "FIXED_FORMULA"));
    }

    private static BenchmarkResult same(ClaimInput in, BenchmarkResult like, String executor) {
        BenchRef ref = REQUESTS.with(ParamNames.EXECUTOR, executor).with(ParamNames.CONCURRENCY, like.param(ParamNames.CONCURRENCY));
        if (like.param(ParamNames.DELAY_MS) != null) {
            ref = ref.with(ParamNames.DELAY_MS, like.param(ParamNames.DELAY_MS));
        }
        return in.one(ref, "thrpt");
    }

    @Override
    public ClaimDecision decide(ClaimInput in) {
        List<BenchmarkResult> capped = new ArrayList<>();
        CAPS.forEach(c -> capped.addAll(in.all(REQUESTS.with(ParamNames.EXECUTOR, c), "thrpt")));
        if (capped.isEmpty()) {
            return ClaimDecision.notMeasured(id(), "IoBoundBench.requests with VIRTUAL_CAPPED or VIRTUAL_CAPPED_HALF" + in.unservedNote(),
                    in.rerun());
        }
        List<Figure> figures = new ArrayList<>();
        List<String> held = new ArrayList<>();
        List<String> exceeded = new ArrayList<>();
        List<String> uncounted = new ArrayList<>();
        for (BenchmarkResult r : capped) {
            String exec = r.param(ParamNames.EXECUTOR);
            String conc = r.param(ParamNames.CONCURRENCY);
            Double concurrency = in.numeric(conc);
            Boolean within = IoUsed.peakWithinCapacity(r);
            if (within == null) {
                uncounted.add(exec + " at concurrency " + conc);
                continue;
            }
            double cap = IoUsed.minCapacity(r);
            String where = exec + " (cap " + IoUsed.capacityText(r) + ") at concurrency " + conc;
            if (!within) {
                exceeded.add(where + ": the server held " + Fmt.num(IoUsed.maxPeak(r)));
            } else if (concurrency != null && concurrency > cap) {
                held.add(where);
            } else {
                continue; // no more requests offered than permits: the cap was not put to the test
            }
            figures.add(new Figure("peak requests in flight, " + where, Evidence.secondary(r, "peakInFlight"),
                    "; highest iteration " + Fmt.num(IoUsed.maxPeak(r)) + (within ? ", within the cap in every iteration" : ", above the cap")));
        }
        if (uncounted.size() == capped.size()) {
            return ClaimDecision.notMeasured(id(), "IoBoundBench.requests with VIRTUAL_CAPPED or VIRTUAL_CAPPED_HALF and their peakInFlight "
                    + "and capacity counters (these results have none: " + String.join("; ", uncounted) + ")", in.rerun());
        }
        List<BenchmarkResult> tested = capped.stream().filter(r -> {
            Double c = in.numeric(r.param(ParamNames.CONCURRENCY));
            return c != null && c > IoUsed.minCapacity(r);
        }).toList();
        List<Comparison> cmps = new ArrayList<>();
        if (!tested.isEmpty()) {
            String top = in.values(tested, ParamNames.CONCURRENCY).getLast();
            for (BenchmarkResult r : tested) {
                if (!top.equals(r.param(ParamNames.CONCURRENCY))) {
                    continue;
                }
                String named = IoUsed.named(r, r.param(ParamNames.EXECUTOR));
                BenchmarkResult free = same(in, r, "VIRTUAL");
                if (free != null) {
                    cmps.add(Comparison.of("cost at concurrency " + top + ": " + named + " vs VIRTUAL uncapped (peak in flight "
                            + Fmt.num(IoUsed.maxPeak(free)) + ")", r, free, Comparison.Expect.NONE, in.threshold()));
                }
                BenchmarkResult fixed = same(in, r, "FIXED_FORMULA");
                Double cf = fixed == null ? null : IoUsed.capacity(fixed);
                if (fixed != null && cf != null && cf.equals(IoUsed.capacity(r))) {
                    cmps.add(Comparison.of("cost at concurrency " + top + ": " + named + " vs a fixed pool of the same size, "
                            + IoUsed.named(fixed, "FIXED_FORMULA"), r, fixed, Comparison.Expect.NONE, in.threshold()));
                }
            }
        }
        VerdictKind k;
        String settle = null;
        if (!exceeded.isEmpty()) {
            k = VerdictKind.FAILS;
        } else if (!held.isEmpty()) {
            // a Semaphore of N admits at most N by construction: the server's count shows the mechanism at work,
            // it does not measure a property of the machine (the cost beside it does)
            k = VerdictKind.DEMONSTRATED;
        } else {
            k = VerdictKind.INCONCLUSIVE;
            settle = (uncounted.isEmpty() ? "" : "results with the peakInFlight and capacity counters, and ")
                    + "a concurrency above the cap (the default sweep's 10000, or -Dbench.jmh=\"-p capacity=N\" with N below the "
                    + "concurrency): " + in.rerun();
        }
        Map<String, List<String>> groups = new LinkedHashMap<>();
        groups.put("held", held);
        groups.put("exceeded", exceeded);
        groups.put("uncounted", uncounted);
        groups.put("capsTested", CAPS.stream().filter(c -> tested.stream().anyMatch(r -> c.equals(r.param(ParamNames.EXECUTOR)))).toList());
        return new ClaimDecision(id(), k, cmps, figures, groups, null, settle);
    }

    @Override
    public Prose render(ClaimDecision d) {
        String note = "On the JVM, java.util.concurrent.Semaphore caps how many virtual threads proceed at once; unlike a pool it creates "
                + "no threads up front, and waiting virtual threads cost a few hundred bytes each.";
        if (d.missing() != null) {
            return Text.notMeasured(d, note);
        }
        String lead = "Measured at the server: the most requests it held at once in each iteration (peakInFlight) against the cap "
                + "of that iteration, wherever more requests were offered than permits, at a cap equal to the fixed pool's size "
                + "(VIRTUAL_CAPPED) and at half of it (VIRTUAL_CAPPED_HALF). ";
        String gist;
        if (d.kind() == VerdictKind.FAILS) {
            lead += "The cap was exceeded: " + String.join("; ", d.group("exceeded")) + ". ";
            gist = "the server held more requests than the cap: " + String.join("; ", d.group("exceeded"));
        } else if (d.kind() == VerdictKind.DEMONSTRATED) {
            List<String> caps = d.group("capsTested");
            lead += "No iteration exceeded its cap (" + String.join("; ", d.group("held")) + "): a semaphore of N admits at most N by "
                    + "construction, so this shows the mechanism at work rather than measuring the machine"
                    + (caps.size() < CAPS.size() ? "; only " + String.join(" and ", caps) + " was offered more requests than permits" : "")
                    + ". What the cap costs is shown against the same virtual threads uncapped and a fixed pool of the same size "
                    + "(figures, not tests of the claim). ";
            gist = "peak in flight stayed within the cap (" + String.join(", ", caps) + ")";
        } else {
            lead += "No capped run was offered more requests than permits with its counters present"
                    + (d.group("uncounted").isEmpty() ? "" : " (no peakInFlight or capacity counters: " + String.join("; ", d.group("uncounted")) + ")")
                    + ", so the cap was not put to the test. ";
            gist = "the cap was not put to the test";
        }
        return new Prose(gist, lead + Text.method(d) + Text.bullets(d), note, null);
    }
}
