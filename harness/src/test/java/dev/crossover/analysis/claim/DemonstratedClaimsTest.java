package dev.crossover.analysis.claim;

import dev.crossover.analysis.Verdict;
import dev.crossover.claims.VerdictKind;
import dev.crossover.results.BenchmarkResult;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.crossover.analysis.claim.Runs.around;
import static dev.crossover.analysis.claim.Runs.forked;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** C1, C3, C12, C15 (C5 in its own test): outcomes fixed by construction are shown, with the measured price beside them. */
class DemonstratedClaimsTest {

    @Test
    void c1IsDemonstratedByTheChannelsAndNeedsACrossProcessOne() {
        List<BenchmarkResult> rs = List.of(forked("RoundTripBench.platformHandoff", "avgt", "us/op", around(20, 0.05)),
                forked("RoundTripBench.pipeFramed", "avgt", "us/op", around(80, 0.05)));
        Verdict v = Runs.judge("C1", rs, 2);
        assertEquals(VerdictKind.DEMONSTRATED, v.kind(), v.reason());
        assertNull(v.settleBy());
        assertTrue(v.reason().contains("pipeFramed round trip vs the in-process platformHandoff") && v.reason().contains("behind"), v.reason());
        Verdict floorOnly = Runs.judge("C1", rs.subList(0, 1), 2);
        assertEquals(VerdictKind.INCONCLUSIVE, floorOnly.kind(), "the in-process floor alone shows no channel");
    }

    @Test
    void c3ShowsTheLocksAndDoesNotCallAnUnresolvedFastestOneFastest() {
        List<BenchmarkResult> rs = List.of(
                forked("LockBench.semaphore", "thrpt", "ops/s", around(9.2e7, 0.05), "contenders", "4"),
                forked("LockBench.reentrantLock", "thrpt", "ops/s", around(8.8e7, 0.05), "contenders", "4"),
                forked("LockBench.monitor", "thrpt", "ops/s", around(4.1e7, 0.02), "contenders", "4"),
                forked("LockBench.shmLock", "thrpt", "ops/s", around(2.8e7, 0.02), "contenders", "4"));
        Verdict v = Runs.judge("C3", rs, 2);
        assertEquals(VerdictKind.DEMONSTRATED, v.kind(), v.reason());
        assertTrue(v.reason().contains("at 4 contenders") && v.reason().contains("not separated from the next"), v.reason());
        assertTrue(v.reason().contains("in-process monitor vs cross-process shmLock") && v.reason().contains("ahead"), v.reason());
    }

    @Test
    void c12ShowsWhatBatchingBuysOnAProcessPool() {
        List<BenchmarkResult> rs = List.of(
                forked("PoolMapBench.map", "thrpt", "ops/s", around(58600, 0.03), "executor", "PROCESS_PIPE", "chunkSize", "1"),
                forked("PoolMapBench.map", "thrpt", "ops/s", around(189000, 0.03), "executor", "PROCESS_PIPE", "chunkSize", "1024"),
                forked("PoolMapBench.map", "thrpt", "ops/s", around(900000, 0.03), "executor", "THREADS", "chunkSize", "1"));
        Verdict v = Runs.judge("C12", rs, 2);
        assertEquals(VerdictKind.DEMONSTRATED, v.kind(), v.reason());
        assertEquals(1, v.comparisons().size(), "only the process pool's batching is compared");
        assertTrue(v.reason().contains("PROCESS_PIPE: chunk 1024 vs chunk 1") && v.reason().contains("×3.23"), v.reason());
    }

    @Test
    void c15ShowsThePriceOfReentry() {
        List<BenchmarkResult> rs = List.of(
                forked("LockBench.reentrantReentry", "thrpt", "ops/s", around(7.6e7, 0.02), "contenders", "1"),
                forked("LockBench.reentrantLock", "thrpt", "ops/s", around(1.7e8, 0.02), "contenders", "1"));
        Verdict v = Runs.judge("C15", rs, 2);
        assertEquals(VerdictKind.DEMONSTRATED, v.kind(), v.reason());
        assertTrue(v.reason().contains("contenders 1: reentry vs single acquisition") && v.reason().contains("(worse), behind"), v.reason());
        assertFalse(v.reason().contains("agrees with the claim"), "a demonstrated claim's figures do not vote");
    }
}
