package dev.crossover.analysis.claim;

import dev.crossover.analysis.Verdict;
import dev.crossover.claims.VerdictKind;
import dev.crossover.results.BenchmarkResult;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.crossover.analysis.claim.IoRuns.requests;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class C16SemaphoreCapTest {

    /** Caps of 4000 and 2000 at {@code concurrency} in flight; the half cap's server peak {@code halfPeak}. */
    private static List<BenchmarkResult> io(int concurrency, double halfPeak) {
        double offered = Math.min(concurrency, 10000);
        return List.of(
                requests("VIRTUAL", concurrency, offered * 9.5, offered, offered),
                requests("VIRTUAL_CAPPED", concurrency, Math.min(concurrency, 4000) * 9.6, 4000, Math.min(concurrency, 4000)),
                requests("VIRTUAL_CAPPED_HALF", concurrency, Math.min(concurrency, 2000) * 9.7, 2000, halfPeak),
                requests("FIXED_FORMULA", concurrency, Math.min(concurrency, 4000) * 9.7, 4000, Math.min(concurrency, 4000)));
    }

    @Test
    void isDemonstratedWhenThePeakStaysWithinBothCapsAndShowsWhatTheCapCosts() {
        Verdict v = Runs.judge("C16", io(10000, 2000), 2);
        assertEquals(VerdictKind.DEMONSTRATED, v.kind(), v.reason());
        assertNull(v.settleBy());
        assertTrue(v.reason().contains("VIRTUAL_CAPPED (cap 4000) at concurrency 10000; VIRTUAL_CAPPED_HALF (cap 2000) at concurrency 10000"),
                v.reason());
        assertTrue(v.reason().contains("cost at concurrency 10000: VIRTUAL_CAPPED (capacity 4000) vs VIRTUAL uncapped (peak in flight 10000)"),
                v.reason());
        assertTrue(v.reason().contains("vs a fixed pool of the same size, FIXED_FORMULA (capacity 4000)"), v.reason());
        assertTrue(v.comparisons().stream().allMatch(c -> c.agreement() == Comparison.Agreement.FIGURE), "costs do not vote");
        assertTrue(v.comparisons().stream().allMatch(c -> c.diff().interval().known()), "costs carry fork-based intervals");
    }

    @Test
    void failsWhenTheServerHeldMoreThanTheCap() {
        Verdict v = Runs.judge("C16", io(10000, 2100), 2);
        assertEquals(VerdictKind.FAILS, v.kind(), v.reason());
        assertTrue(v.reason().contains("VIRTUAL_CAPPED_HALF (cap 2000) at concurrency 10000: the server held 2100"), v.reason());
    }

    @Test
    void aConcurrencyBelowTheCapsPutsNothingToTheTest() {
        Verdict v = Runs.judge("C16", io(1000, 1000), 2);
        assertEquals(VerdictKind.INCONCLUSIVE, v.kind(), v.reason());
        assertTrue(v.reason().contains("the cap was not put to the test") && v.settleBy().contains("a concurrency above the cap"), v.reason());
    }

    @Test
    void resultsWithoutTheCountersAreNotAMeasurementOfTheCap() {
        BenchmarkResult bare = Runs.forked("IoBoundBench.requests", "thrpt", "ops/s", Runs.around(9700, 0.03),
                "executor", "VIRTUAL_CAPPED", "concurrency", "10000", "delayMs", "100");
        Verdict v = Runs.judge("C16", List.of(bare), 2);
        assertEquals(VerdictKind.INCONCLUSIVE, v.kind(), v.reason());
        assertTrue(v.reason().contains("not measured") && v.reason().contains("peakInFlight"), v.reason());
    }
}
