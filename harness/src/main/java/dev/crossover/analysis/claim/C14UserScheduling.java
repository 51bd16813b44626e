package dev.crossover.analysis.claim;

import dev.crossover.claims.BenchRef;
import dev.crossover.claims.VerdictKind;
import dev.crossover.results.BenchmarkResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * C14: coroutines let the program, not the OS, schedule. Measured on virtual threads, the JVM's
 * user-mode scheduling: creation (SpawnBench) and handoff (C6's RoundTripBench) against platform threads.
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
        return List.of(SPAWN_VIRTUAL, SPAWN_PLATFORM, HANDOFF_VIRTUAL, HANDOFF_PLATFORM);
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
        if (cmps.isEmpty()) {
            return ClaimDecision.notMeasured(id(), "SpawnBench.virtualThread/platformThread or RoundTripBench virtual/platform handoffs"
                    + in.unservedNote(), in.rerun());
        }
        VerdictKind k = Decide.kind(cmps);
        return new ClaimDecision(id(), k, cmps, List.of(), Map.of(), null, k == VerdictKind.INCONCLUSIVE ? in.rerunFull() : null);
    }

    @Override
    public Prose render(ClaimDecision d) {
        String note = "Virtual threads are the JVM's user-mode scheduling: the JVM mounts them on a few carrier threads and unmounts them "
                + "at blocking calls, without async/await in the code; the OS still schedules the carriers.";
        if (d.comparisons().isEmpty()) {
            return Text.notMeasured(d, note);
        }
        return new Prose(Text.gist(d), "Virtual threads (scheduled by the JVM) against platform threads (scheduled by the OS); the claim "
                + "expects the program's own scheduling ahead. Blocking I/O at high concurrency is X3. " + Text.method(d) + Text.bullets(d),
                note, "what is measured: creation, handoff or blocking I/O");
    }
}
