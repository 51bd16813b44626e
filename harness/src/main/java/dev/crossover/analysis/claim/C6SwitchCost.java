package dev.crossover.analysis.claim;

import dev.crossover.claims.BenchRef;
import dev.crossover.claims.VerdictKind;
import dev.crossover.results.BenchmarkResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** C6: switching between processes costs more than between threads. Measured: thread handoffs against process round trips. */
public final class C6SwitchCost implements ClaimRule {

    static final List<BenchRef> THREADS = List.of(BenchRef.of("RoundTripBench", "platformHandoff"), BenchRef.of("RoundTripBench", "virtualHandoff"));
    static final List<BenchRef> PROCESSES = List.of(BenchRef.of("RoundTripBench", "pipeFramed"), BenchRef.of("RoundTripBench", "shmSpin"),
            BenchRef.of("RoundTripBench", "shmPool"));

    @Override
    public String id() {
        return "C6";
    }

    @Override
    public List<BenchRef> needs() {
        List<BenchRef> out = new ArrayList<>(THREADS);
        out.addAll(PROCESSES);
        return out;
    }

    @Override
    public ClaimDecision decide(ClaimInput in) {
        List<Comparison> cmps = new ArrayList<>();
        for (BenchRef t : THREADS) {
            BenchmarkResult tr = in.one(t, "avgt");
            if (tr == null) {
                continue;
            }
            for (BenchRef p : PROCESSES) {
                BenchmarkResult pr = in.one(p, "avgt");
                if (pr != null) {
                    cmps.add(Comparison.of(t.method() + " vs " + p.method(), tr, pr, Comparison.Expect.BETTER, in.threshold()));
                }
            }
        }
        if (cmps.isEmpty()) {
            return ClaimDecision.notMeasured(id(), "RoundTripBench thread handoffs and process round trips (avgt)" + in.unservedNote(), in.rerun());
        }
        VerdictKind k = Decide.kind(cmps);
        return new ClaimDecision(id(), k, cmps, List.of(), Map.of(), null, k == VerdictKind.INCONCLUSIVE ? in.rerunFull() : null);
    }

    @Override
    public Prose render(ClaimDecision d) {
        String note = "A thread handoff parks and unparks in one address space; a process round trip over a pipe adds two system calls "
                + "and a wake-up of another process. Shared memory with busy-spinning sidesteps both, at the price of a spinning core.";
        if (d.comparisons().isEmpty()) {
            return Text.notMeasured(d, note);
        }
        return new Prose(Text.gist(d), "Thread handoff against process round trip (time per round trip, lower is better); the claim "
                + "expects the thread handoff ahead. " + Text.method(d) + Text.bullets(d), note,
                "the transport: a spinning shared-memory handoff never enters the OS scheduler, a pipe does");
    }
}
