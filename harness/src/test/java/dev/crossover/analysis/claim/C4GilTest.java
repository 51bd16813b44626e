package dev.crossover.analysis.claim;

import dev.crossover.analysis.Verdict;
import dev.crossover.claims.VerdictKind;
import dev.crossover.results.BenchmarkResult;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.crossover.analysis.claim.Runs.around;
import static dev.crossover.analysis.claim.Runs.forked;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class C4GilTest {

    private static List<BenchmarkResult> cpu(double single, double pooled, double spread) {
        return List.of(
                forked("CpuBoundBench.poolSweep", "thrpt", "ops/s", around(single, spread), "executor", "THREADS", "poolSize", "1", "taskUnits", "1000"),
                forked("CpuBoundBench.poolSweep", "thrpt", "ops/s", around(pooled, spread), "executor", "THREADS", "poolSize", "2", "taskUnits", "1000"),
                forked("CpuBoundBench.singleThread", "thrpt", "ops/s", around(single, spread), "taskUnits", "1000"));
    }

    @Test
    void theGilPremiseIsAbsentAndTheVerdictSaysWhatHoldsOnTheJvmWithItsInterval() {
        Verdict v = Runs.judge("C4", cpu(1000, 1950, 0.01), 2);
        assertEquals(VerdictKind.NOT_APPLICABLE, v.kind(), v.reason());
        assertTrue(v.jvmNote().contains("no global interpreter lock"), v.jvmNote());
        assertTrue(v.reason().contains("×1.95 ["), v.reason());
        assertTrue(v.gist().startsWith("no GIL on the JVM; a thread pool at pool = cores ran CPU-bound work ×1.95 ["), v.gist());
        Comparison speed = v.comparisons().getFirst();
        assertTrue(speed.diff().interval().known() && speed.diff().betterLow() > 1.8 && speed.diff().betterHigh() < 2.1, speed.ratioText());
        assertTrue(v.evidence().stream().anyMatch(e -> e.key().contains("poolSize=2") && e.unit().equals("ops/s")), v.evidence().toString());
        assertEquals(List.of("CpuBoundBench"), v.servedBy());
    }

    @Test
    void aSpeedupTheForksCannotResolveIsInconclusiveAndNamesTheRunThatSettlesIt() {
        Verdict v = Runs.judge("C4", cpu(1000, 1200, 0.3), 2);
        assertEquals(VerdictKind.INCONCLUSIVE, v.kind(), v.reason());
        assertNotNull(v.settleBy());
        assertTrue(v.settleBy().contains("-Dbench.claims=C4"), v.settleBy());
    }

    @Test
    void oneCoreIsInconclusive() {
        Verdict v = Runs.judge("C4", cpu(1000, 1950, 0.01), 1);
        assertEquals(VerdictKind.INCONCLUSIVE, v.kind());
        assertTrue(v.settleBy().contains("at least 2 cores"));
    }
}
