package dev.crossover.analysis.claim;

import dev.crossover.analysis.Verdict;
import dev.crossover.claims.VerdictKind;
import dev.crossover.results.BenchmarkResult;
import dev.crossover.results.Metric;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** C25 on synthetic runs: I/O unaffected by parallelism 1, CPU-bound scaling with it, and the figures beside them. */
class C25ParallelConcurrentTest {

    private static final Map<String, List<String>> SERVES = Map.of(
            "SchedulerParallelismBench", List.of("C25"),
            "CarrierStarvationBench", List.of("C25"),
            "PinningBench", List.of("C25"));

    private static BenchmarkResult io(String method, double opsPerSecond, double parallelism, double peak) {
        return Runs.forked("SchedulerParallelismBench." + method, "thrpt", "ops/s", Runs.around(opsPerSecond, 0.005),
                Map.of("parallelism", Runs.counter(parallelism, parallelism, parallelism), "peakInFlight", Runs.counter(peak, peak, peak),
                        "littleBoundOps", Runs.counter(6400, 6400, 6400)), "concurrency", "64", "delayMs", "10");
    }

    private static BenchmarkResult cpu(String method, double opsPerSecond, double parallelism) {
        return Runs.forked("SchedulerParallelismBench." + method, "thrpt", "ops/s", Runs.around(opsPerSecond, 0.002),
                Map.of("parallelism", Runs.counter(parallelism, parallelism, parallelism)), "concurrency", "16", "taskUnits", "1000");
    }

    private static List<BenchmarkResult> run(double ioOne, double ioCores, double cpuOne, double cpuCores, double cores) {
        return new ArrayList<>(List.of(io("ioParallelismOne", ioOne, 1, 64), io("ioParallelismCores", ioCores, cores, 64),
                cpu("cpuParallelismOne", cpuOne, 1), cpu("cpuParallelismCores", cpuCores, cores)));
    }

    private static Verdict judge(List<BenchmarkResult> results) {
        return Runs.judge("C25", results, 2, SERVES);
    }

    @Test
    void holdsWhenIoTiesAndCpuScalesWithParallelism() {
        Verdict v = judge(run(6300, 6310, 950, 1900, 2));
        assertEquals(VerdictKind.HOLDS, v.kind(), v.reason());
        assertTrue(v.reason().contains("I/O-bound, concurrency 64, delayMs 10: parallelism 1 vs 2"), v.reason());
        assertTrue(v.reason().contains("its interval covers it"), v.reason());
        assertTrue(v.reason().contains("requests the server held at once, ioParallelismOne"), v.reason());
    }

    @Test
    void inconclusiveWhenTheCpuHalfAgreesAndTheIoHalfCannotBeTold() {
        List<BenchmarkResult> rs = run(6300, 6310, 950, 1900, 2);
        rs.set(0, Runs.forked("SchedulerParallelismBench.ioParallelismOne", "thrpt", "ops/s", Runs.around(6450, 0.08),
                Map.of("parallelism", Runs.counter(1, 1, 1), "peakInFlight", Runs.counter(64, 64, 64),
                        "littleBoundOps", Runs.counter(6400, 6400, 6400)), "concurrency", "64", "delayMs", "10"));
        Verdict v = judge(rs);
        assertEquals(VerdictKind.INCONCLUSIVE, v.kind(), v.reason());
        assertNotNull(v.settleBy(), v.reason());
    }

    @Test
    void dependsWhenOneCarrierLosesIoThroughput() {
        Verdict v = judge(run(4000, 6300, 950, 1900, 2));
        assertEquals(VerdictKind.DEPENDS, v.kind(), v.reason());
        assertTrue(v.dependsOn().contains("contradict: I/O-bound"), v.dependsOn());
    }

    @Test
    void failsWhenTheDefaultParallelismAddsNothingOnCpuAndIoIsUnresolved() {
        List<BenchmarkResult> rs = List.of(cpu("cpuParallelismOne", 1000, 1), cpu("cpuParallelismCores", 1000, 2));
        Verdict v = judge(rs);
        assertEquals(VerdictKind.FAILS, v.kind(), v.reason());
        assertTrue(v.reason().contains("Not measured in this run: the I/O-bound half"), v.reason());
    }

    @Test
    void equalParallelismsCompareNothing() {
        // a one-core machine: the default is 1 as well
        Verdict v = judge(run(6300, 6310, 950, 960, 1));
        assertEquals(VerdictKind.INCONCLUSIVE, v.kind(), v.reason());
        assertNotNull(v.settleBy());
        assertTrue(v.settleBy().contains("at least 2 cores"), v.settleBy());
    }

    @Test
    void starvationAndPinningAreFiguresThatNeverDecide() {
        List<BenchmarkResult> rs = run(6300, 6310, 950, 1900, 2);
        rs.add(Runs.forked("CarrierStarvationBench.virtualSleepIdle", "sample", "ms/op", Runs.around(1.1, 0.01)));
        rs.add(Runs.forked("CarrierStarvationBench.virtualSleepBesideCpu", "sample", "ms/op", Runs.around(14, 0.05), "cpuTaskMs", "20"));
        rs.add(Runs.forked("CarrierStarvationBench.platformSleepBesideCpu", "sample", "ms/op", Runs.around(1.4, 0.05), "cpuTaskMs", "20"));
        Map<String, Metric> none = new HashMap<>(Map.of("pinnedEvents", Runs.counter(0, 0, 0), "parallelism", Runs.counter(2, 2, 2),
                "concurrency", Runs.counter(16, 16, 16)));
        Map<String, Metric> pinned = new HashMap<>(none);
        pinned.put("pinnedEvents", Runs.counter(400, 398, 402));
        rs.add(Runs.forked("PinningBench.reentrantLock", "thrpt", "ops/s", Runs.around(3150, 0.01), none, "concurrency", "16"));
        rs.add(Runs.forked("PinningBench.synchronizedMonitor", "thrpt", "ops/s", Runs.around(3140, 0.01), none, "concurrency", "16"));
        rs.add(Runs.forked("PinningBench.nativeFrame", "thrpt", "ops/s", Runs.around(395, 0.01), pinned, "concurrency", "16"));
        Verdict v = judge(rs);
        assertEquals(VerdictKind.HOLDS, v.kind(), "figures do not move the verdict: " + v.reason());
        String r = v.reason();
        assertTrue(r.contains("starvation: a virtual thread's 1 ms sleep, carriers idle vs beside CPU-bound virtual threads on every "
                + "carrier (each CPU-bound virtual thread leaves its carrier every 20 ms)"), r);
        assertTrue(r.contains("time-slicing: a platform thread's 1 ms sleep vs a virtual thread's"), r);
        assertTrue(r.contains("pinning: blocking inside a native frame (FFM upcall) vs inside a ReentrantLock (16 virtual threads on 2 carriers)"), r);
        assertTrue(r.contains("JFR jdk.VirtualThreadPinned events, nativeFrame: 400"), r);
        assertTrue(r.contains("JFR jdk.VirtualThreadPinned events, synchronizedMonitor: 0"), r);
        assertFalse(v.dependsOn() != null, "holds carries no 'depends on'");
    }

    @Test
    void notMeasuredWithoutTheParallelismBench() {
        Verdict v = judge(List.of(Runs.forked("CarrierStarvationBench.virtualSleepIdle", "sample", "ms/op", Runs.around(1.1, 0.01))));
        assertEquals(VerdictKind.INCONCLUSIVE, v.kind());
        assertTrue(v.reason().contains("not measured in this run: needs SchedulerParallelismBench"), v.reason());
    }
}
