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

class C7SharedVariablesTest {

    private static List<BenchmarkResult> shared(double procsAt2, double threadsAt2) {
        return List.of(
                forked("SharedStateBench.processesShared", "thrpt", "ops/s", around(3.1e8, 0.02), "contenders", "1"),
                forked("SharedStateBench.threadsShared", "thrpt", "ops/s", around(4.1e8, 0.02), "contenders", "1"),
                forked("SharedStateBench.processesShared", "thrpt", "ops/s", around(procsAt2, 0.02), "contenders", "2"),
                forked("SharedStateBench.threadsShared", "thrpt", "ops/s", around(threadsAt2, 0.02), "contenders", "2"));
    }

    @Test
    void theTextSaysWhereProcessesWereFasterAsTheTableShows() {
        Verdict v = Runs.judge("C7", shared(1.96e8, 1.40e8), 2);
        assertEquals(VerdictKind.DEMONSTRATED, v.kind(), v.reason());
        assertTrue(v.reason().contains("faster than threads at 2 contenders") && v.reason().contains("slower than threads at 1 contender"), v.reason());
        assertFalse(v.reason().contains("costs more"), v.reason());
    }

    @Test
    void theTextFollowsTheNumbersWhenThreadsWin() {
        Verdict v = Runs.judge("C7", shared(1.0e8, 1.40e8), 2);
        assertEquals(VerdictKind.DEMONSTRATED, v.kind(), v.reason());
        assertTrue(v.reason().contains("slower than threads at 1, 2 contenders"), v.reason());
        assertFalse(v.reason().contains("faster than threads"), v.reason());
    }
}
