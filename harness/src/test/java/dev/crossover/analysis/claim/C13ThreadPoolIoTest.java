package dev.crossover.analysis.claim;

import dev.crossover.analysis.Verdict;
import dev.crossover.claims.VerdictKind;
import dev.crossover.results.BenchmarkResult;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.crossover.analysis.claim.IoRuns.requests;
import static dev.crossover.analysis.claim.Runs.around;
import static dev.crossover.analysis.claim.Runs.forked;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class C13ThreadPoolIoTest {

    private static final double[] C4000 = {4000, 4000, 4000};

    /** FIXED_FORMULA and PROCESS at 10000 in flight, with the process pool's capacity per fork {@code procCapacity}. */
    private static List<BenchmarkResult> io(double procOps, double[] procCapacity, int children, int perChild) {
        List<BenchmarkResult> rs = new ArrayList<>();
        rs.add(requests("FIXED_FORMULA", 10000, 39000, C4000, C4000, 0, 0));
        rs.add(requests("PROCESS", 10000, procOps, procCapacity, procCapacity, children, perChild));
        rs.add(requests("VIRTUAL", 10000, 45000, 10000, 10000));
        return rs;
    }

    @Test
    void comparesThreadsWithProcessesAtTheEqualCapacityItStates() {
        Verdict v = Runs.judge("C13", io(30000, C4000, 2, 2000), 2);
        assertEquals(VerdictKind.HOLDS, v.kind(), v.reason());
        assertTrue(v.reason().contains("concurrency 10000: FIXED_FORMULA (capacity 4000) vs PROCESS (capacity 4000: 2 children × 2000 threads)"),
                v.reason());
        assertTrue(v.reason().contains("agrees with the claim"), v.reason());
        assertTrue(v.reason().contains("for reference: VIRTUAL (capacity 10000)"), v.reason());
    }

    @Test
    void aReferenceFarBelowItsLittlesLawBoundSaysWhatLimitsIt() {
        List<BenchmarkResult> rs = io(30000, C4000, 2, 2000);
        rs.add(requests("THREAD_PER_TASK", 10000, 2000, 10000, 300));
        Verdict v = Runs.judge("C13", rs, 2);
        assertTrue(v.reason().contains("THREAD_PER_TASK (capacity 10000): 2% of its Little's-law bound, so the wait does not limit it; "
                + "starting a thread per request does (dispatcher-bound)"), v.reason());
        assertTrue(v.reason().contains("VIRTUAL (capacity 10000): 45% of its Little's-law bound, so the wait does not limit it; the cores do"),
                v.reason());
    }

    @Test
    void processesAheadAtEqualCapacityFailTheClaim() {
        Verdict v = Runs.judge("C13", io(50000, C4000, 2, 2000), 2);
        assertEquals(VerdictKind.FAILS, v.kind(), v.reason());
    }

    @Test
    void unequalCapacitiesAreNotComparedAndTheRunThatWouldSettleItIsNamed() {
        // processes with twice the threads: their lead would measure the sizes, not the executors
        Verdict v = Runs.judge("C13", io(78000, new double[]{8000, 8000, 8000}, 2, 4000), 2);
        assertEquals(VerdictKind.INCONCLUSIVE, v.kind(), v.reason());
        assertTrue(v.comparisons().isEmpty(), "no thread-against-process comparison at unequal capacity");
        assertFalse(v.reason().contains("-4"), "no percentage of unequal capacities: " + v.reason());
        assertTrue(v.reason().contains("FIXED_FORMULA (capacity 4000) and PROCESS (capacity 8000: 2 children × 4000 threads) had different"),
                v.reason());
        assertTrue(v.settleBy().contains("-p capacity=N"), v.settleBy());
    }

    @Test
    void trialsThatSizedThemselvesDifferentlyAreNotEqualCapacity() {
        Verdict v = Runs.judge("C13", io(30000, new double[]{4000, 4200, 4000}, 2, 2000), 2);
        assertEquals(VerdictKind.INCONCLUSIVE, v.kind(), v.reason());
        assertTrue(v.reason().contains("PROCESS (capacity 4000–4200 (trials differed)"), v.reason());
    }

    @Test
    void dependsOnThePoolSizeWhenAPoolSizedToTheCoresFallsBehind() {
        List<BenchmarkResult> rs = io(30000, C4000, 2, 2000);
        rs.add(requests("FIXED_CORES", 10000, 20, 2, 2));
        Verdict v = Runs.judge("C13", rs, 2);
        assertEquals(VerdictKind.DEPENDS, v.kind(), v.reason());
        assertTrue(v.label().startsWith("depends (on the pool size"), v.label());
        assertTrue(v.reason().contains("vs FIXED_CORES (capacity 2), a pool sized to the cores"), v.reason());
    }

    @Test
    void latencyIsComparedOnlyWhereBothSidesWereGivenOneCapacity() {
        List<BenchmarkResult> rs = io(30000, C4000, 2, 2000);
        rs.add(forked("IoBoundBench.latency", "sample", "ms/op", around(110, 0.02), "executor", "FIXED_FORMULA", "concurrency", "1000",
                "delayMs", "100", "capacity", "formula"));
        rs.add(forked("IoBoundBench.latency", "sample", "ms/op", around(606, 0.05), "executor", "PROCESS", "concurrency", "1000",
                "delayMs", "100", "capacity", "formula"));
        Verdict formula = Runs.judge("C13", rs, 2);
        assertFalse(formula.reason().contains("latency at concurrency 1000, capacity"), formula.reason());
        assertTrue(formula.reason().contains("latency at concurrency 1000, PROCESS (capacity each trial's formula, not reported): mean"),
                formula.reason());

        List<BenchmarkResult> stated = io(30000, C4000, 2, 2000);
        stated.add(forked("IoBoundBench.latency", "sample", "ms/op", around(110, 0.02), "executor", "FIXED_FORMULA", "concurrency", "1000",
                "delayMs", "100", "capacity", "4000"));
        stated.add(forked("IoBoundBench.latency", "sample", "ms/op", around(606, 0.05), "executor", "PROCESS", "concurrency", "1000",
                "delayMs", "100", "capacity", "4000"));
        Verdict v = Runs.judge("C13", stated, 2);
        assertTrue(v.reason().contains("latency at concurrency 1000, capacity 4000 each: FIXED_FORMULA vs PROCESS"), v.reason());
    }
}
