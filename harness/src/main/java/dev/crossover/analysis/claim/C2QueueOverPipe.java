package dev.crossover.analysis.claim;

import dev.crossover.claims.BenchRef;
import dev.crossover.claims.VerdictKind;
import dev.crossover.results.BenchmarkResult;
import dev.crossover.results.ParamNames;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** C2: the queue is built on a pipe and does more; the raw pipe is the cheaper layer. Measured: pipe against queue per payload. */
public final class C2QueueOverPipe implements ClaimRule {

    static final BenchRef PIPE = BenchRef.of("TransportThroughputBench", "pipe");
    static final BenchRef QUEUE = BenchRef.of("TransportThroughputBench", "queue");

    @Override
    public String id() {
        return "C2";
    }

    @Override
    public List<BenchRef> needs() {
        return List.of(PIPE, QUEUE);
    }

    @Override
    public ClaimDecision decide(ClaimInput in) {
        List<Comparison> cmps = new ArrayList<>();
        for (BenchmarkResult pipe : in.all(PIPE, "thrpt")) {
            BenchmarkResult q = in.one(QUEUE.with(ParamNames.PAYLOAD, pipe.param(ParamNames.PAYLOAD)), "thrpt");
            if (q != null) {
                cmps.add(Comparison.of("payload " + pipe.param(ParamNames.PAYLOAD) + " B, pipe vs queue", pipe, q,
                        Comparison.Expect.BETTER, in.threshold()));
            }
        }
        if (cmps.isEmpty()) {
            return ClaimDecision.notMeasured(id(), "TransportThroughputBench.pipe and .queue at the same payloads" + in.unservedNote(), in.rerun());
        }
        VerdictKind k = Decide.kind(cmps);
        return new ClaimDecision(id(), k, cmps, List.of(), Map.of(), null, k == VerdictKind.INCONCLUSIVE ? in.rerunFull() : null);
    }

    @Override
    public Prose render(ClaimDecision d) {
        if (d.comparisons().isEmpty()) {
            return Text.notMeasured(d, null);
        }
        return new Prose(Text.gist(d), "The raw framed pipe against the queue built on it (messages/s); the claim expects the pipe "
                + "ahead by more than the tie threshold. " + Text.method(d) + Text.bullets(d),
                null, "the payload size");
    }
}
