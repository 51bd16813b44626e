package dev.crossover.analysis.claim;

import dev.crossover.analysis.Verdict;
import dev.crossover.claims.VerdictKind;
import dev.crossover.results.BenchmarkResult;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** C21, C22, C23: demonstrated from benchmarks that check their own outcome, with the costs beside them on fork intervals. */
class LifecycleAndQueueRulesTest {

    private static final Map<String, List<String>> SERVES = Map.of(
            "QueueHandoffBench", List.of("C21"), "QueueThroughputBench", List.of("C21"), "PriorityOrderBench", List.of("C21"),
            "TerminateBench", List.of("C22"), "JoinTimeoutBench", List.of("C22"), "PoolTerminateBench", List.of("C23"));

    private static Verdict judge(String id, List<BenchmarkResult> results) {
        return Runs.judge(id, results, 2, SERVES);
    }

    @Test
    void c21IsDemonstratedAndReportsTheOrderAmongEqualPrioritiesAsFound() {
        List<BenchmarkResult> rs = new ArrayList<>();
        for (String k : List.of("Fifo", "Lifo", "Priority", "Deque")) {
            rs.add(Runs.forked("QueueHandoffBench.jvm" + k, "avgt", "us/op", Runs.around(40, 0.03)));
            rs.add(Runs.forked("QueueHandoffBench.shm" + k, "avgt", "us/op", Runs.around(90, 0.03)));
            rs.add(Runs.forked("QueueThroughputBench.jvm" + k, "thrpt", "ops/s", Runs.around(2e6, 0.03), "pairs", "1"));
            rs.add(Runs.forked("QueueThroughputBench.shm" + k, "thrpt", "ops/s", Runs.around(4e5, 0.03), "pairs", "1"));
        }
        rs.add(Runs.forked("PriorityOrderBench.jvmEqualPriorities", "thrpt", "ops/s", Runs.around(3e7, 0.03),
                Map.of("outOfInsertionOrder", Runs.counter(9_000, 9_100, 8_900)), new String[0]));
        rs.add(Runs.forked("PriorityOrderBench.shmEqualPriorities", "thrpt", "ops/s", Runs.around(5e6, 0.03),
                Map.of("outOfInsertionOrder", Runs.counter(0, 0, 0)), new String[0]));
        Verdict v = judge("C21", rs);
        assertEquals(VerdictKind.DEMONSTRATED, v.kind(), v.reason());
        assertTrue(v.gist().contains("PriorityBlockingQueue broke first in, first out among equals"), v.gist());
        assertTrue(v.gist().contains("ShmTaskQueue (PRIORITY) kept first in, first out among equals"), v.gist());
        assertTrue(v.reason().contains("throughput, PRIORITY, 1 producer(s) and consumer(s)"), v.reason());
        assertTrue(v.reason().contains("handoff round trip, DEQUE"), v.reason());
        assertFalse(v.comparisons().isEmpty());
        assertTrue(v.comparisons().stream().allMatch(c -> c.agreement() == Comparison.Agreement.FIGURE), "costs do not vote");
        assertTrue(v.comparisons().stream().allMatch(c -> c.diff().interval().known()), "costs carry fork-based intervals");
    }

    @Test
    void c21ComparesOneBlockedTakerWithSeveralOnEachSide() {
        List<BenchmarkResult> rs = List.of(
                Runs.forked("QueueHandoffBench.jvmFifo", "avgt", "us/op", Runs.around(40, 0.03), "takers", "1"),
                Runs.forked("QueueHandoffBench.jvmFifo", "avgt", "us/op", Runs.around(41, 0.03), "takers", "2"),
                Runs.forked("QueueHandoffBench.shmFifo", "avgt", "us/op", Runs.around(90, 0.03), "takers", "1"),
                Runs.forked("QueueHandoffBench.shmFifo", "avgt", "us/op", Runs.around(180, 0.03), "takers", "2"));
        Verdict v = judge("C21", rs);
        assertEquals(VerdictKind.DEMONSTRATED, v.kind(), v.reason());
        assertTrue(v.reason().contains("handoff round trip, FIFO, 2 taker(s): in-process JVM queue vs process-safe queue across JVMs"),
                v.reason());
        assertTrue(v.reason().contains("handoff round trip, shmFifo: 1 vs 2 blocked takers") && v.reason().contains("×2"), v.reason());
        assertTrue(v.reason().contains("handoff round trip, jvmFifo: 1 vs 2 blocked takers"), v.reason());
    }

    @Test
    void c21WithoutResultsIsNotMeasured() {
        Verdict v = judge("C21", List.of());
        assertEquals(VerdictKind.INCONCLUSIVE, v.kind());
        assertNotNull(v.settleBy());
    }

    @Test
    void c22IsDemonstratedWhenJoinsTimedOutOnTimeAndComparesTerminateLatency() {
        List<BenchmarkResult> rs = List.of(
                Runs.forked("TerminateBench.childJvmTerminate", "ss", "us/op", Runs.around(20_000, 0.05)),
                Runs.forked("TerminateBench.childJvmKill", "ss", "us/op", Runs.around(8_000, 0.05)),
                Runs.forked("TerminateBench.platformThreadInterrupt", "ss", "us/op", Runs.around(60, 0.05)),
                Runs.forked("TerminateBench.virtualThreadInterrupt", "ss", "us/op", Runs.around(50, 0.05)),
                Runs.forked("JoinTimeoutBench.childProcess", "avgt", "us/op", Runs.around(10_400, 0.01)),
                Runs.forked("JoinTimeoutBench.platformThread", "avgt", "us/op", Runs.around(10_060, 0.01)));
        Verdict v = judge("C22", rs);
        assertEquals(VerdictKind.DEMONSTRATED, v.kind(), v.reason());
        assertNull(v.settleBy());
        assertTrue(v.reason().contains("interrupting a blocked platform thread vs SIGTERM to a child JVM"), v.reason());
        assertTrue(v.reason().contains("join(10 ms) on a running childProcess: returned after"), v.reason());
        assertTrue(v.comparisons().stream().allMatch(c -> c.diff().interval().known()));
    }

    @Test
    void c22DoubtsAJoinThatCameBackFarPastItsTimeout() {
        Verdict v = judge("C22", List.of(Runs.forked("JoinTimeoutBench.childProcess", "avgt", "us/op", Runs.around(35_000, 0.01))));
        assertEquals(VerdictKind.INCONCLUSIVE, v.kind(), v.reason());
        assertTrue(v.reason().contains("childProcess (35 ms)"), v.reason());
        assertTrue(v.settleBy().contains("quieter machine"), v.settleBy());
    }

    @Test
    void c23IsDemonstratedWithTerminateTimesAgainstThePlatformPool() {
        List<BenchmarkResult> rs = List.of(
                Runs.forked("PoolTerminateBench.threads", "ss", "us/op", Runs.around(150, 0.05)),
                Runs.forked("PoolTerminateBench.virtual", "ss", "us/op", Runs.around(120, 0.05)),
                Runs.forked("PoolTerminateBench.processPipe", "ss", "us/op", Runs.around(30_000, 0.05)),
                Runs.forked("PoolTerminateBench.processShm", "ss", "us/op", Runs.around(32_000, 0.05)));
        Verdict v = judge("C23", rs);
        assertEquals(VerdictKind.DEMONSTRATED, v.kind(), v.reason());
        assertEquals(3, v.comparisons().size());
        assertTrue(v.gist().contains("threads, virtual, processPipe, processShm"), v.gist());
        assertTrue(v.comparisons().stream().allMatch(c -> c.agreement() == Comparison.Agreement.FIGURE));
        assertEquals(VerdictKind.INCONCLUSIVE, judge("C23", List.of()).kind());
    }
}
