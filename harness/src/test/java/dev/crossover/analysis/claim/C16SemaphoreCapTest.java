package dev.crossover.analysis.claim;

import dev.crossover.analysis.Verdict;
import dev.crossover.claims.VerdictKind;
import dev.crossover.results.BenchmarkResult;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.crossover.analysis.claim.Runs.around;
import static dev.crossover.analysis.claim.Runs.forked;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class C16SemaphoreCapTest {

    private static List<BenchmarkResult> io(double uncapped) {
        return List.of(
                forked("IoBoundBench.requests", "thrpt", "ops/s", around(uncapped, 0.03), "executor", "VIRTUAL", "concurrency", "10000", "delayMs", "100"),
                forked("IoBoundBench.requests", "thrpt", "ops/s", around(9700, 0.03), "executor", "VIRTUAL_CAPPED", "concurrency", "10000", "delayMs", "100"),
                forked("IoBoundBench.requests", "thrpt", "ops/s", around(9790, 0.01), "executor", "FIXED_FORMULA", "concurrency", "10000", "delayMs", "100"));
    }

    @Test
    void aCapThatBitesIsDemonstratedNotMeasured() {
        Verdict v = Runs.judge("C16", io(39900), 2);
        assertEquals(VerdictKind.DEMONSTRATED, v.kind(), v.reason());
        assertNull(v.settleBy());
        assertTrue(v.reason().contains("VIRTUAL (no cap) vs VIRTUAL_CAPPED") && v.reason().contains("ahead"), v.reason());
        assertTrue(v.reason().contains("a fixed pool of the same size (FIXED_FORMULA): 9790"), v.reason());
    }

    @Test
    void aCapThatDidNotBiteIsInconclusive() {
        Verdict v = Runs.judge("C16", io(9750), 2);
        assertEquals(VerdictKind.INCONCLUSIVE, v.kind(), v.reason());
        assertTrue(v.reason().contains("did not bite") && v.settleBy().contains("well above the cap"), v.reason());
    }
}
