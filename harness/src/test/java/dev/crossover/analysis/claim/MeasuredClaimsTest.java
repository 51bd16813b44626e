package dev.crossover.analysis.claim;

import dev.crossover.analysis.Verdict;
import dev.crossover.claims.VerdictKind;
import dev.crossover.results.BenchmarkResult;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.crossover.analysis.claim.Runs.around;
import static dev.crossover.analysis.claim.Runs.forked;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** C2 and C14: measured comparisons decide, each with its fork interval. */
class MeasuredClaimsTest {

    private static BenchmarkResult transport(String method, String payload, double mean) {
        return forked("TransportThroughputBench." + method, "thrpt", "ops/s", around(mean, 0.03), "payload", payload);
    }

    @Test
    void c2DependsOnThePayloadWhenTheQueueCatchesUpWithLargeMessages() {
        Verdict holds = Runs.judge("C2", List.of(transport("pipe", "8", 2.5e7), transport("queue", "8", 4.5e6)), 2);
        assertEquals(VerdictKind.HOLDS, holds.kind(), holds.reason());
        Verdict depends = Runs.judge("C2", List.of(transport("pipe", "8", 2.5e7), transport("queue", "8", 4.5e6),
                transport("pipe", "65536", 13700), transport("queue", "65536", 16000)), 2);
        assertEquals(VerdictKind.DEPENDS, depends.kind(), depends.reason());
        assertTrue(depends.label().equals("depends (on the payload size)"), depends.label());
        assertTrue(depends.gist().contains("contradict: payload 65536 B, pipe vs queue"), depends.gist());
    }

    @Test
    void c14HoldsOnTheHandoffWhileAnUnresolvedStartCannotTell() {
        List<BenchmarkResult> rs = List.of(
                forked("SpawnBench.virtualThread", "ss", "ms/op", new double[]{0.05, 0.2, 0.6}),
                forked("SpawnBench.platformThread", "ss", "ms/op", new double[]{0.5, 0.7, 1.1}),
                forked("RoundTripBench.virtualHandoff", "avgt", "us/op", around(0.19, 0.1)),
                forked("RoundTripBench.platformHandoff", "avgt", "us/op", around(22, 0.1)));
        Verdict v = Runs.judge("C14", rs, 2);
        assertEquals(VerdictKind.HOLDS, v.kind(), v.reason());
        assertTrue(v.gist().contains("unresolved: start until first answer"), v.gist());
        assertTrue(v.servedBy().contains("RoundTripBench") && v.servedBy().contains("SpawnBench"), v.servedBy().toString());
    }
}
