package dev.crossover.analysis.claim;

import dev.crossover.analysis.Verdict;
import dev.crossover.claims.VerdictKind;
import dev.crossover.results.BenchmarkResult;
import dev.crossover.results.Metric;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.crossover.analysis.claim.Runs.around;
import static dev.crossover.analysis.claim.Runs.counter;
import static dev.crossover.analysis.claim.Runs.forked;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** C17-C20: mechanisms shown by construction are demonstrated, with the measured latencies and costs beside them on fork intervals. */
class SyncClaimsTest {

    @Test
    void c17IsDemonstratedWithEachSideAgainstPlatformThreadsAndOneAgainstAll() {
        List<BenchmarkResult> rs = List.of(
                forked("ConditionWakeupBench.platform", "sample", "us/op", around(20, 0.03), "wake", "ONE_OF_4"),
                forked("ConditionWakeupBench.process", "sample", "us/op", around(40, 0.03), "wake", "ONE_OF_4"),
                forked("ConditionWakeupBench.platform", "sample", "us/op", around(80, 0.03), "wake", "ALL_OF_4"),
                forked("ConditionWakeupBench.process", "sample", "us/op", around(90, 0.03), "wake", "ALL_OF_4"));
        Verdict v = Runs.judge("C17", rs, 2);
        assertEquals(VerdictKind.DEMONSTRATED, v.kind(), v.reason());
        assertTrue(v.reason().contains("wake ONE_OF_4: platform vs process") && v.reason().contains("×2 ["), v.reason());
        assertTrue(v.reason().contains("platform: signal one of 4 vs signalAll of 4") && v.reason().contains("×4 ["), v.reason());
        assertFalse(v.reason().contains("agrees with the claim"), "latency figures do not vote on a demonstrated claim");
        assertEquals(VerdictKind.INCONCLUSIVE, Runs.judge("C17", List.of(), 2).kind(), "nothing run: not measured");
    }

    @Test
    void c18ComparesMoreWaitersWithFewerOnlyWhereBothRan() {
        List<BenchmarkResult> one = List.of(
                forked("EventWakeupBench.platform", "sample", "us/op", around(25, 0.03), "waiters", "1"),
                forked("EventWakeupBench.virtual", "sample", "us/op", around(30, 0.03), "waiters", "1"));
        Verdict v = Runs.judge("C18", one, 2);
        assertEquals(VerdictKind.DEMONSTRATED, v.kind(), v.reason());
        assertTrue(v.reason().contains("waiters 1: platform vs virtual"), v.reason());
        assertTrue(v.reason().contains("more waiters need waiters=4"), v.reason());
        List<BenchmarkResult> both = new java.util.ArrayList<>(one);
        both.add(forked("EventWakeupBench.platform", "sample", "us/op", around(100, 0.03), "waiters", "4"));
        Verdict v4 = Runs.judge("C18", both, 2);
        assertTrue(v4.reason().contains("platform: 1 vs 4 waiters") && v4.reason().contains("×4 ["), v4.reason());
    }

    @Test
    void c19ReadsTheExactLatenessFromTheCountersPerFork() {
        // whole call 1100 us at 1 ms; the counters say 60 us late for the executor, 120 us for the child
        Map<String, Metric> exec = Map.of("lateNanos", counter(6e5, 6e5, 6e5), "timers", counter(10, 10, 10));
        Map<String, Metric> child = Map.of("lateNanos", counter(1.2e6, 1.18e6, 1.22e6), "timers", counter(10, 10, 10));
        List<BenchmarkResult> rs = List.of(
                forked("TimerLatenessBench.scheduledExecutor", "sample", "us/op", around(1100, 0.01), exec, "delayMs", "1", "load", "IDLE"),
                forked("TimerLatenessBench.childJvmTimer", "sample", "us/op", around(1200, 0.01), child, "delayMs", "1", "load", "IDLE"));
        Verdict v = Runs.judge("C19", rs, 2);
        assertEquals(VerdictKind.DEMONSTRATED, v.kind(), v.reason());
        assertTrue(v.reason().contains("1 ms, IDLE: lateness of scheduledExecutor vs childJvmTimer") && v.reason().contains("×2 ["), v.reason());
        assertTrue(v.reason().contains("lateness (mean of forks): 60"), v.reason());
        assertNotNull(v.comparisons());
    }

    @Test
    void c19FallsBackToTheWholeCallMinusTheDelayWithoutCounters() {
        List<BenchmarkResult> rs = List.of(
                forked("TimerLatenessBench.scheduledExecutor", "sample", "us/op", around(10_050, 0.0001), "delayMs", "10", "load", "IDLE"),
                forked("TimerLatenessBench.scheduledExecutor", "sample", "us/op", around(11_000, 0.0001), "delayMs", "10", "load", "BUSY"));
        Verdict v = Runs.judge("C19", rs, 2);
        assertTrue(v.reason().contains("scheduledExecutor, 10 ms: lateness idle vs with the cores busy") && v.reason().contains("×20"), v.reason());
    }

    @Test
    void c20ShowsTheBoundsCostAndTheContendedAgainstTheUncontended() {
        List<BenchmarkResult> rs = List.of(
                forked("SemaphoreCostBench.semaphore", "avgt", "ns/op", around(20, 0.02), "contenders", "1"),
                forked("SemaphoreCostBench.boundedSemaphore", "avgt", "ns/op", around(30, 0.02), "contenders", "1"),
                forked("SemaphoreCostBench.semaphore", "avgt", "ns/op", around(200, 0.02), "contenders", "4"),
                forked("SemaphoreCostBench.boundedSemaphore", "avgt", "ns/op", around(210, 0.02), "contenders", "4"));
        Verdict v = Runs.judge("C20", rs, 2);
        assertEquals(VerdictKind.DEMONSTRATED, v.kind(), v.reason());
        assertTrue(v.reason().contains("1 contender(s): Semaphore vs BoundedSemaphore per acquire/release") && v.reason().contains("+50%"), v.reason());
        assertTrue(v.reason().contains("boundedSemaphore: 1 vs 4 contenders"), v.reason());
        Verdict none = Runs.judge("C20", rs.subList(0, 1), 2);
        assertEquals(VerdictKind.INCONCLUSIVE, none.kind(), "the plain semaphore alone does not show the bound");
    }

    @Test
    void c20ShowsTheSharedSemaphoreBesideTheJvmsAndChildJvmsBesideThreads() {
        List<BenchmarkResult> rs = List.of(
                forked("SemaphoreCostBench.boundedSemaphore", "avgt", "ns/op", around(30, 0.02), "contenders", "1"),
                forked("SemaphoreCostBench.shmBoundedSemaphore", "avgt", "ns/op", around(60, 0.02), "contenders", "1"),
                forked("SemaphoreCostBench.shmBoundedSemaphoreProcesses", "avgt", "ns/op", around(65, 0.02), "contenders", "1"),
                forked("SemaphoreCostBench.shmBoundedSemaphore", "avgt", "ns/op", around(900, 0.02), "contenders", "4"),
                forked("SemaphoreCostBench.shmBoundedSemaphoreProcesses", "avgt", "ns/op", around(2700, 0.02), "contenders", "4"));
        Verdict v = Runs.judge("C20", rs, 2);
        assertEquals(VerdictKind.DEMONSTRATED, v.kind(), v.reason());
        assertTrue(v.reason().contains("1 contender(s): BoundedSemaphore vs ShmBoundedSemaphore, threads per acquire/release")
                && v.reason().contains("×2"), v.reason());
        assertTrue(v.reason().contains("4 contender(s): ShmBoundedSemaphore, threads vs child JVMs per acquire/release")
                && v.reason().contains("×3"), v.reason());
        assertTrue(v.reason().contains("shmBoundedSemaphoreProcesses: 1 vs 4 contenders"), v.reason());
        Verdict shmOnly = Runs.judge("C20", rs.subList(3, 5), 2);
        assertEquals(VerdictKind.DEMONSTRATED, shmOnly.kind(), "the shared semaphore alone shows the bound: " + shmOnly.reason());
        assertTrue(shmOnly.reason().contains("4 contender(s): ShmBoundedSemaphore, threads vs child JVMs"), shmOnly.reason());
    }
}
