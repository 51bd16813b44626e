package dev.crossover.analysis.claim;

import dev.crossover.claims.BenchRef;
import dev.crossover.claims.VerdictKind;
import dev.crossover.results.BenchmarkResult;
import dev.crossover.results.ParamNames;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * C14: coroutines let the program, not the OS, schedule. Measured on virtual threads, the JVM's
 * user-mode scheduling: creation (SpawnBench) and handoff (C6's RoundTripBench) against platform threads;
 * and, on real HTTP, the client CPU per request of an event loop and of virtual threads against a
 * formula-sized platform pool, compared only between trials whose warm-up settled (else shown beside
 * the verdict).
 */
public final class C14UserScheduling implements ClaimRule {

    static final BenchRef SPAWN_VIRTUAL = BenchRef.of("SpawnBench", "virtualThread");
    static final BenchRef SPAWN_PLATFORM = BenchRef.of("SpawnBench", "platformThread");
    static final BenchRef HANDOFF_VIRTUAL = BenchRef.of("RoundTripBench", "virtualHandoff");
    static final BenchRef HANDOFF_PLATFORM = BenchRef.of("RoundTripBench", "platformHandoff");

    @Override
    public String id() {
        return "C14";
    }

    @Override
    public List<BenchRef> needs() {
        return List.of(SPAWN_VIRTUAL, SPAWN_PLATFORM, HANDOFF_VIRTUAL, HANDOFF_PLATFORM,
                HttpOpenLoopResults.OPEN_LOOP.with(ParamNames.CLIENT, "EVENT_LOOP"), HttpOpenLoopResults.OPEN_LOOP.with(ParamNames.CLIENT, "VIRTUAL"),
                HttpOpenLoopResults.OPEN_LOOP.with(ParamNames.CLIENT, "FIXED_FORMULA"));
    }

    @Override
    public List<String> alsoReads() {
        return List.of("C6");
    }

    @Override
    public ClaimDecision decide(ClaimInput in) {
        List<Comparison> cmps = new ArrayList<>();
        BenchmarkResult vs = in.one(SPAWN_VIRTUAL);
        BenchmarkResult ps = in.one(SPAWN_PLATFORM);
        if (vs != null && ps != null) {
            cmps.add(Comparison.of("start until first answer: virtualThread vs platformThread", vs, ps, Comparison.Expect.BETTER, in.threshold()));
        }
        BenchmarkResult vh = in.one(HANDOFF_VIRTUAL, "avgt");
        BenchmarkResult ph = in.one(HANDOFF_PLATFORM, "avgt");
        if (vh != null && ph != null) {
            cmps.add(Comparison.of("handoff: virtualHandoff vs platformHandoff", vh, ph, Comparison.Expect.BETTER, in.threshold()));
        }
        HttpOpenLoopResults http = HttpOpenLoopResults.of(in);
        List<Figure> figures = new ArrayList<>();
        List<String> unsettled = new ArrayList<>();
        if (http != null) {
            // the program's own scheduling (an event loop, virtual threads) against the OS's (a pool of the formula's size)
            for (String own : List.of("EVENT_LOOP", "VIRTUAL")) {
                double rate = http.rateFor("FIXED_FORMULA", own);
                if (Double.isFinite(rate)) {
                    HttpOpenLoopResults.compareCpu("HTTP at " + dev.crossover.analysis.Fmt.num(rate) + " requests/s, client CPU "
                            + "per request: " + own + " vs FIXED_FORMULA", http.at(own, rate), own, http.at("FIXED_FORMULA", rate),
                            "FIXED_FORMULA", Comparison.Expect.BETTER, in.threshold(), cmps, figures, unsettled);
                }
            }
        }
        if (cmps.isEmpty() && figures.isEmpty()) {
            return ClaimDecision.notMeasured(id(), "SpawnBench.virtualThread/platformThread or RoundTripBench virtual/platform handoffs"
                    + in.unservedNote(), in.rerun());
        }
        VerdictKind k = cmps.isEmpty() ? VerdictKind.INCONCLUSIVE : Decide.kind(cmps);
        String settle = k != VerdictKind.INCONCLUSIVE ? null : cmps.isEmpty()
                ? "a run in which the HTTP clients' warm-up settles (a quieter machine), or SpawnBench and RoundTripBench beside it: "
                + in.rerun() : in.rerunFull();
        return new ClaimDecision(id(), k, cmps, figures, Map.of("unsettled", unsettled), null, settle);
    }

    @Override
    public Prose render(ClaimDecision d) {
        String note = "Virtual threads are the JVM's user-mode scheduling: the JVM mounts them on a few carrier threads and unmounts them "
                + "at blocking calls, without async/await in the code; the OS still schedules the carriers.";
        if (d.comparisons().isEmpty() && d.figures().isEmpty()) {
            return Text.notMeasured(d, note);
        }
        String cold = d.group("unsettled").isEmpty() ? "" : "Client CPU per request is shown, not compared, where a trial's "
                + "warm-up did not settle (" + String.join(", ", d.group("unsettled")) + "): its iterations still paid for the JIT. ";
        return new Prose(Text.gist(d), "Virtual threads (scheduled by the JVM) against platform threads (scheduled by the OS); the claim "
                + "expects the program's own scheduling ahead. On real HTTP the client CPU per request of an event loop and of virtual "
                + "threads (scheduled by the program) is compared with a platform pool of the blocking formula's size (scheduled by the OS), "
                + "at the highest arrival rate that pool held its p99 bound. Blocking I/O at high concurrency is X3, HTTP is X7. " + cold + Text.method(d) + Text.bullets(d),
                note, "what is measured: creation, handoff or blocking I/O");
    }
}
