package dev.crossover.analysis.claim;

import dev.crossover.analysis.Verdict;
import dev.crossover.claims.VerdictKind;
import dev.crossover.results.BenchmarkResult;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.crossover.analysis.claim.Runs.around;
import static dev.crossover.analysis.claim.Runs.forked;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class C13ThreadPoolIoTest {

    private static List<BenchmarkResult> io() {
        return List.of(
                // one fork of throughput: no interval
                forked("IoBoundBench.requests", "thrpt", "ops/s", new double[]{9200}, "executor", "FIXED_FORMULA", "concurrency", "1000", "delayMs", "100"),
                forked("IoBoundBench.requests", "thrpt", "ops/s", new double[]{1930}, "executor", "PROCESS", "concurrency", "1000", "delayMs", "100"),
                forked("IoBoundBench.latency", "sample", "ms/op", around(110, 0.02), "executor", "FIXED_FORMULA", "concurrency", "1000", "delayMs", "100"),
                forked("IoBoundBench.latency", "sample", "ms/op", around(606, 0.05), "executor", "PROCESS", "concurrency", "1000", "delayMs", "100"));
    }

    @Test
    void isDecidedByLatencyWhenTheThroughputHasNoInterval() {
        Verdict v = Runs.judge("C13", io(), 2);
        assertEquals(VerdictKind.HOLDS, v.kind(), v.reason());
        assertTrue(v.reason().contains("concurrency 1000: FIXED_FORMULA vs PROCESS") && v.reason().contains("no interval: 1 fork"), v.reason());
        assertTrue(v.reason().contains("latency at concurrency 1000: FIXED_FORMULA vs PROCESS") && v.reason().contains("agrees with the claim"), v.reason());
        assertTrue(v.reason().contains("latency at concurrency 1000, PROCESS: mean"), v.reason());
    }

    @Test
    void dependsOnThePoolSizeWhenAPoolSizedToTheCoresFallsBehind() {
        List<BenchmarkResult> rs = new ArrayList<>(io().subList(2, 4));
        rs.add(forked("IoBoundBench.requests", "thrpt", "ops/s", around(9200, 0.01), "executor", "FIXED_FORMULA", "concurrency", "1000", "delayMs", "100"));
        rs.add(forked("IoBoundBench.requests", "thrpt", "ops/s", around(1930, 0.01), "executor", "PROCESS", "concurrency", "1000", "delayMs", "100"));
        rs.add(forked("IoBoundBench.requests", "thrpt", "ops/s", around(20, 0.01), "executor", "FIXED_CORES", "concurrency", "1000", "delayMs", "100"));
        Verdict v = Runs.judge("C13", rs, 2);
        assertEquals(VerdictKind.DEPENDS, v.kind(), v.reason());
        assertTrue(v.label().startsWith("depends (on the pool size"), v.label());
    }
}
