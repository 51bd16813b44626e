package dev.crossover.analysis.claim;

import dev.crossover.analysis.Evidence;
import dev.crossover.analysis.Verdict;
import dev.crossover.claims.VerdictKind;
import dev.crossover.results.BenchmarkResult;
import dev.crossover.results.Metric;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class C10PipeTearingTest {

    /** As JMH writes an @AuxCounters(EVENTS) counter: unit #, score the SUM of 5 iterations, each {@code torn}. */
    private static BenchmarkResult tear(String method, String payload, double torn) {
        return Runs.forked("PipeTearBench." + method, "ss", "ms/op", new double[]{10},
                Map.of("tornFrames", new Metric(5 * torn, Double.NaN, "#", List.of(List.of(torn, torn, torn, torn, torn)), Map.of())),
                "payload", payload, "writers", "2");
    }

    @Test
    void readsTornFramesPerIterationNotJmhsSumOverIterations() {
        Verdict v = Runs.judge("C10", List.of(tear("unlocked", "512", 0), tear("unlocked", "16384", 37)), 2);
        assertTrue(v.reason().contains("unlocked, payload 16384 B, 2 writers, torn frames: 37 "), v.reason());
        assertTrue(v.reason().contains("torn in 1 of 1 fork"), v.reason());
        assertFalse(v.reason().contains("185"), v.reason());
        Evidence torn = v.evidence().stream().filter(e -> e.key().contains("16384")).findFirst().orElseThrow();
        assertEquals(37, torn.score(), 1e-9);
        assertEquals(Evidence.COUNTER_UNIT, torn.unit());
    }

    @Test
    void dependsOnTheFrameSizeWhenOnlyFramesAbovePipeBufTear() {
        List<BenchmarkResult> rs = List.of(tear("unlocked", "512", 0), tear("unlocked", "16384", 37),
                tear("locked", "512", 0), tear("locked", "16384", 0));
        Verdict v = Runs.judge("C10", rs, 2);
        assertEquals(VerdictKind.DEPENDS, v.kind(), v.reason());
        assertTrue(v.dependsOn().contains("PIPE_BUF"));
        assertTrue(v.reason().contains("tore frames at payload 16384 B") && v.reason().contains("With a lock: none torn"), v.reason());
    }

    @Test
    void aLockedWriterThatTearsIsReportedAsADefect() {
        List<BenchmarkResult> rs = List.of(tear("unlocked", "16384", 37), tear("locked", "16384", 3));
        Verdict v = Runs.judge("C10", rs, 2);
        assertTrue(v.reason().contains("A locked writer also tore frames (payload 16384 B)"), v.reason());
    }

    @Test
    void failsWhenNothingTears() {
        List<BenchmarkResult> rs = List.of(tear("unlocked", "512", 0), tear("unlocked", "16384", 0));
        assertEquals(VerdictKind.FAILS, Runs.judge("C10", rs, 2).kind());
    }
}
