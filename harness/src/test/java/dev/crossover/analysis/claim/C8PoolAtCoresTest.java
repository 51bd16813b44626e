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

class C8PoolAtCoresTest {

    private static BenchmarkResult sweep(String executor, String pool, double... forks) {
        return forked("CpuBoundBench.poolSweep", "thrpt", "ops/s", forks, "executor", executor, "poolSize", pool, "taskUnits", "1000");
    }

    @Test
    void aLargerPoolDoesNotAgreeWhenOneForkGivesNoInterval() {
        // one fork each: pool 4 is 50% faster, which must not read as "agrees"
        List<BenchmarkResult> rs = List.of(sweep("PROCESS_PIPE", "2", 700), sweep("PROCESS_PIPE", "4", 1050));
        Verdict v = Runs.judge("C8", rs, 2);
        assertEquals(VerdictKind.INCONCLUSIVE, v.kind(), v.reason());
        assertTrue(v.reason().contains("no interval: 1 fork"), v.reason());
    }

    @Test
    void aTieAboveTheCoreCountAgreesOncePoolAtCoresClearlyBeatsASmallerPool() {
        List<BenchmarkResult> tie = List.of(sweep("THREADS", "1", around(520, 0.005)), sweep("THREADS", "2", around(1000, 0.002)),
                sweep("THREADS", "4", around(1003, 0.002)));
        Verdict holds = Runs.judge("C8", tie, 2);
        assertEquals(VerdictKind.HOLDS, holds.kind(), holds.reason());
        assertTrue(holds.reason().contains("pool = 4") && holds.reason().contains("a tie within ±2.0%; agrees with the claim"), holds.reason());
        // only ties: nothing shows that the core count is best
        Verdict ties = Runs.judge("C8", tie.subList(1, 3), 2);
        assertEquals(VerdictKind.INCONCLUSIVE, ties.kind(), ties.reason());
        assertTrue(ties.settleBy().contains("-Dbench.claims=C8"), ties.settleBy());
    }

    @Test
    void aLargerPoolClearlyAheadContradicts() {
        List<BenchmarkResult> rs = List.of(sweep("THREADS", "1", around(520, 0.005)), sweep("THREADS", "2", around(1000, 0.005)),
                sweep("THREADS", "4", around(1300, 0.005)));
        Verdict v = Runs.judge("C8", rs, 2);
        assertEquals(VerdictKind.DEPENDS, v.kind(), v.reason());
        assertTrue(v.reason().contains("THREADS: pool = cores (2) vs pool = 4") && v.reason().contains("contradicts the claim"), v.reason());
    }
}
