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
 * C1: processes do not share memory, so they talk through a channel. Demonstrated: a child JVM has
 * its own heap by construction; the suite shows each channel working and what a round trip and a
 * message cost, against the in-process handoff as the floor.
 */
public final class C1SeparateMemory implements ClaimRule {

    static final BenchRef FLOOR = BenchRef.of("RoundTripBench", "platformHandoff");
    static final List<BenchRef> ROUND_TRIPS = List.of(BenchRef.of("RoundTripBench", "pipeFramed"),
            BenchRef.of("RoundTripBench", "pipeRaw"), BenchRef.of("RoundTripBench", "shmSpin"),
            BenchRef.of("RoundTripBench", "shmPool"));
    static final List<BenchRef> THROUGHPUT = List.of(BenchRef.of("TransportThroughputBench", "pipe"),
            BenchRef.of("TransportThroughputBench", "queue"), BenchRef.of("TransportThroughputBench", "ring"));

    @Override
    public String id() {
        return "C1";
    }

    @Override
    public List<BenchRef> needs() {
        List<BenchRef> out = new ArrayList<>(List.of(FLOOR));
        out.addAll(ROUND_TRIPS);
        out.addAll(THROUGHPUT);
        return out;
    }

    @Override
    public ClaimDecision decide(ClaimInput in) {
        BenchmarkResult floor = in.one(FLOOR, "avgt");
        List<Comparison> cmps = new ArrayList<>();
        List<Figure> figures = new ArrayList<>();
        List<String> channels = new ArrayList<>();
        for (BenchRef ref : ROUND_TRIPS) {
            BenchmarkResult r = in.one(ref, "avgt");
            if (r == null) {
                continue;
            }
            channels.add(ref.method());
            if (floor != null) {
                cmps.add(Comparison.of(ref.method() + " round trip vs the in-process platformHandoff", r, floor,
                        Comparison.Expect.NONE, in.threshold()));
            } else {
                figures.add(Figure.of(ref.method() + " round trip", Evidence.of(r)));
            }
        }
        for (BenchRef ref : THROUGHPUT) {
            for (BenchmarkResult r : in.all(ref, "thrpt")) {
                if (!channels.contains(ref.method())) {
                    channels.add(ref.method());
                }
                figures.add(Figure.of(ref.shortName() + " payload " + r.param(ParamNames.PAYLOAD) + " B", Evidence.of(r)));
            }
        }
        if (channels.isEmpty()) {
            return ClaimDecision.notMeasured(id(), "RoundTripBench (pipeFramed, shmSpin) or TransportThroughputBench" + in.unservedNote(),
                    in.rerun());
        }
        return new ClaimDecision(id(), VerdictKind.DEMONSTRATED, cmps, figures, Map.of("channels", channels), null, null);
    }

    @Override
    public Prose render(ClaimDecision d) {
        String note = "True on the JVM as in Python: each child JVM has its own heap, so objects never cross; "
                + "even 'shared' memory is a file both map (FFM), read and written as bytes: a channel, not shared objects.";
        if (d.kind() != VerdictKind.DEMONSTRATED) {
            return Text.notMeasured(d, note);
        }
        return new Prose("each child JVM has its own heap; every exchange went through a channel (" + d.group("channels").size()
                + " measured: " + String.join(", ", d.group("channels")) + ")",
                "By construction a child JVM shares no heap with its parent: every cross-process exchange in this run went through "
                        + "a pipe, a queue over a pipe or a shared-memory ring. What each costs (round trips against the in-process "
                        + "handoff, then messages per second by payload):" + Text.bullets(d), note, null);
    }
}
