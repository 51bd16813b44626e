package dev.crossover.analysis.claim;

import dev.crossover.analysis.Verdict;
import dev.crossover.claims.VerdictKind;
import dev.crossover.results.BenchmarkResult;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.crossover.analysis.claim.Runs.around;
import static dev.crossover.analysis.claim.Runs.forked;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class C11SharedStateTest {

    @Test
    void holdsWhenPartitionsBeatASharedCounterAndIgnoresOneContender() {
        List<BenchmarkResult> rs = List.of(
                forked("SharedStateBench.threadsShared", "thrpt", "ops/s", around(1.5e8, 0.01), "contenders", "1"),
                forked("SharedStateBench.threadsPartitioned", "thrpt", "ops/s", around(1.4e8, 0.01), "contenders", "1"),
                forked("SharedStateBench.threadsShared", "thrpt", "ops/s", around(6e7, 0.01), "contenders", "2"),
                forked("SharedStateBench.threadsPartitioned", "thrpt", "ops/s", around(2.9e8, 0.01), "contenders", "2"));
        Verdict v = Runs.judge("C11", rs, 2);
        assertEquals(VerdictKind.HOLDS, v.kind(), v.reason());
        assertFalse(v.reason().contains("1 contenders"), v.reason());
        assertTrue(v.reason().contains("threads, 2 contenders: partitioned vs shared"), v.reason());
    }

    @Test
    void failsWhenTheSharedCounterIsNoSlower() {
        List<BenchmarkResult> rs = List.of(
                forked("SharedStateBench.threadsShared", "thrpt", "ops/s", around(2.9e8, 0.002), "contenders", "2"),
                forked("SharedStateBench.threadsPartitioned", "thrpt", "ops/s", around(2.9e8, 0.002), "contenders", "2"));
        Verdict v = Runs.judge("C11", rs, 2);
        assertEquals(VerdictKind.FAILS, v.kind(), v.reason());
        assertTrue(v.reason().contains("a tie within ±2.0%; contradicts the claim"), v.reason());
    }
}
