package dev.crossover.analysis;

import dev.crossover.results.BenchmarkResult;
import dev.crossover.results.Metric;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.crossover.analysis.Fixtures.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VerdictRulesTest {

    private static final Map<String, List<String>> SERVES = Map.of(
            "CpuBoundBench", List.of("C4", "C8", "X1", "X2"),
            "RoundTripBench", List.of("C1", "C6"),
            "PipeTearBench", List.of("C10"),
            "SharedStateBench", List.of("C7", "C11"));

    private static Verdict judge(String id, List<BenchmarkResult> rs, Integer cores, Map<String, List<String>> serves) {
        return Analysis.of(Fixtures.run(rs, cores, serves)).verdicts().get(id);
    }

    private static List<BenchmarkResult> cpu(double single, double singleErr, double pooled, double pooledErr) {
        return List.of(
                result("CpuBoundBench.poolSweep", "thrpt", single, singleErr, "ops/s", "executor", "THREADS", "poolSize", "1", "taskUnits", "1000"),
                result("CpuBoundBench.poolSweep", "thrpt", pooled, pooledErr, "ops/s", "executor", "THREADS", "poolSize", "2", "taskUnits", "1000"),
                result("CpuBoundBench.poolSweep", "thrpt", pooled * 0.99, pooledErr, "ops/s", "executor", "THREADS", "poolSize", "4", "taskUnits", "1000"),
                result("CpuBoundBench.singleThread", "thrpt", single, singleErr, "ops/s", "taskUnits", "1000"));
    }

    @Test
    void c4FailsOnTheJvmWhenThreadsScaleAndSaysWhy() {
        Verdict v = judge("C4", cpu(1000, 20, 1950, 30), 2, SERVES);
        assertEquals(VerdictKind.FAILS, v.kind(), v.reason());
        assertTrue(v.jvmNote().contains("no global interpreter lock"), v.jvmNote());
        assertTrue(v.reason().contains("×1.95"), v.reason());
        assertTrue(v.evidence().stream().anyMatch(e -> e.key().contains("poolSize=2") && e.unit().equals("ops/s")), v.evidence().toString());
        assertEquals(List.of("CpuBoundBench"), v.servedBy());
    }

    @Test
    void c4IsInconclusiveWhenTheIntervalsOverlapAndNamesTheRunThatSettlesIt() {
        Verdict v = judge("C4", cpu(1000, 300, 1200, 300), 2, SERVES);
        assertEquals(VerdictKind.INCONCLUSIVE, v.kind(), v.reason());
        assertNotNull(v.settleBy());
        assertTrue(v.settleBy().contains("-Dbench.claims=C4"), v.settleBy());
    }

    @Test
    void c4OnOneCoreIsInconclusive() {
        Verdict v = judge("C4", cpu(1000, 20, 1950, 30), 1, SERVES);
        assertEquals(VerdictKind.INCONCLUSIVE, v.kind());
        assertTrue(v.settleBy().contains("at least 2 cores"));
    }

    private static List<BenchmarkResult> roundTrips(double shmSpin) {
        return List.of(result("RoundTripBench.platformHandoff", "avgt", 9.5, 0.5, "us/op"),
                result("RoundTripBench.virtualHandoff", "avgt", 4.0, 0.3, "us/op"),
                result("RoundTripBench.pipeFramed", "avgt", 32, 2, "us/op"),
                result("RoundTripBench.shmSpin", "avgt", shmSpin, shmSpin * 0.05, "us/op"));
    }

    @Test
    void c6HoldsWhenEveryProcessRoundTripIsSlowerThanEveryThreadHandoff() {
        Verdict v = judge("C6", roundTrips(20), 2, SERVES);
        assertEquals(VerdictKind.HOLDS, v.kind(), v.reason());
        assertNull(v.dependsOn());
    }

    @Test
    void c6DependsOnTheTransportWhenSpinningSharedMemoryBeatsAThreadHandoff() {
        Verdict v = judge("C6", roundTrips(0.25), 2, SERVES);
        assertEquals(VerdictKind.DEPENDS, v.kind(), v.reason());
        assertTrue(v.label().startsWith("depends (on the transport"), v.label());
        assertTrue(v.reason().contains("platformHandoff vs shmSpin"), v.reason());
    }

    @Test
    void claimsAreTiedToResultsOnlyThroughTheServesMap() {
        // the same results, but no class claims to serve C6: the verdict must not use them
        Verdict v = judge("C6", roundTrips(20), 2, Map.of("RoundTripBench", List.of("C1")));
        assertEquals(VerdictKind.INCONCLUSIVE, v.kind());
        assertTrue(v.reason().contains("not measured") && v.reason().contains("no class in the run serves C6"), v.reason());
    }

    /** As JMH writes an @AuxCounters(EVENTS) counter: unit #, score the SUM of 5 iterations, each {@code torn}. */
    private static BenchmarkResult tear(String method, String payload, double torn) {
        return result("PipeTearBench." + method, "ss", 10, 1, "ms/op",
                Map.of("tornFrames", new Metric(5 * torn, Double.NaN, "#", List.of(List.of(torn, torn, torn, torn, torn)), Map.of())),
                "payload", payload, "writers", "2");
    }

    @Test
    void c10ReadsTornFramesPerIterationNotJmhsSumOverIterations() {
        List<BenchmarkResult> rs = List.of(tear("unlocked", "512", 0), tear("unlocked", "16384", 37));
        Verdict v = judge("C10", rs, 2, SERVES);
        assertTrue(v.reason().contains("payload 16384 B, 2 writers: 37 torn frames"), v.reason());
        assertTrue(!v.reason().contains("185"), v.reason());
        Evidence torn = v.evidence().stream().filter(e -> e.key().contains("16384")).findFirst().orElseThrow();
        assertEquals(37, torn.score(), 1e-9);
        assertEquals(Evidence.COUNTER_UNIT, torn.unit());
    }

    private static final Map<String, List<String>> QUEUE_SERVES = Map.of("QueueSemanticsBench", List.of("C9"));

    private static BenchmarkResult timeout(String method, String queue, double... ms) {
        double mean = java.util.Arrays.stream(ms).average().orElseThrow();
        BenchmarkResult r = result("QueueSemanticsBench." + method, "ss", mean, 0.3, "ms/op", "queue", queue);
        return new BenchmarkResult(r.benchmark(), r.mode(), r.threads(), r.forks(), r.jmhVersion(), r.jvm(), r.jvmArgs(), r.jdkVersion(),
                r.vmName(), r.vmVersion(), r.warmupIterations(), r.warmupTime(), r.measurementIterations(), r.measurementTime(), r.params(),
                new Metric(mean, 0.3, "ms/op", List.of(java.util.Arrays.stream(ms).boxed().toList()), Map.of()), r.secondary(), r.source());
    }

    @Test
    void c9HoldsOnTheRecordedQueueSemanticsRunWhoseTimeoutsCameBackAfterTenMilliseconds() throws Exception {
        Analysis a = Analysis.of(dev.crossover.results.RunData.load(List.of(java.nio.file.Path.of("src/test/resources/fixtures/queue-semantics"))));
        Verdict v = a.verdicts().get("C9");
        assertEquals(VerdictKind.HOLDS, v.kind(), v.reason());
        assertTrue(v.reason().contains("emptyGetTimeout (SHM)") && v.reason().contains("fullPutTimeout (PIPE)"), v.reason());
        assertTrue(v.reason().contains("blockedGetWake (PIPE)"), v.reason());
        assertTrue(v.reason().contains("Tolerance"), v.reason());
        assertEquals(List.of("QueueSemanticsBench"), v.servedBy());
    }

    @Test
    void c9FailsWhenATimedCallGivesUpBeforeItsTimeout() {
        Verdict v = judge("C9", List.of(timeout("emptyGetTimeout", "SHM", 10.1, 10.2, 10.1),
                timeout("fullPutTimeout", "SHM", 10.1, 3.0, 10.2)), 2, QUEUE_SERVES);
        assertEquals(VerdictKind.FAILS, v.kind(), v.reason());
        assertTrue(v.reason().contains("before its timeout: fullPutTimeout (SHM)"), v.reason());
    }

    @Test
    void c9IsInconclusiveWhenTheTimeoutsCameBackFarTooLateOrWereNotRun() {
        Verdict late = judge("C9", List.of(timeout("emptyGetTimeout", "PIPE", 40, 45, 50)), 2, QUEUE_SERVES);
        assertEquals(VerdictKind.INCONCLUSIVE, late.kind(), late.reason());
        assertTrue(late.reason().contains("later than the tolerance"), late.reason());
        Verdict absent = judge("C9", List.of(), 2, QUEUE_SERVES);
        assertEquals(VerdictKind.INCONCLUSIVE, absent.kind());
        assertTrue(absent.reason().contains("needs QueueSemanticsBench"), absent.reason());
    }

    @Test
    void c13IsDecidedByLatencyWhenTheThroughputHasNoErrors() {
        Map<String, List<String>> serves = Map.of("IoBoundBench", List.of("C13", "C14", "C16", "X3"));
        List<BenchmarkResult> rs = List.of(
                result("IoBoundBench.requests", "thrpt", 9200, Double.NaN, "ops/s", "executor", "FIXED_FORMULA", "concurrency", "1000", "delayMs", "100"),
                result("IoBoundBench.requests", "thrpt", 1930, Double.NaN, "ops/s", "executor", "PROCESS", "concurrency", "1000", "delayMs", "100"),
                result("IoBoundBench.latency", "sample", 110, 5.9, "ms/op", "executor", "FIXED_FORMULA", "concurrency", "1000", "delayMs", "100"),
                result("IoBoundBench.latency", "sample", 606, 47, "ms/op", "executor", "PROCESS", "concurrency", "1000", "delayMs", "100"));
        Verdict v = judge("C13", rs, 2, serves);
        assertEquals(VerdictKind.HOLDS, v.kind(), v.reason());
        assertTrue(v.reason().contains("latency at concurrency 1000: FIXED_FORMULA vs PROCESS: 110 ± 5.9 ms/op vs 606 ± 47 ms/op"), v.reason());
        assertTrue(v.reason().contains("Latency of one request at concurrency 1000"), v.reason());
    }

    @Test
    void c8DoesNotCountALargerPoolAsAgreeingWhenErrorsAreUnknown() {
        // one fork, two iterations: JMH gives NaN errors; pool 4 is 50% faster, which must not read as "agrees"
        List<BenchmarkResult> rs = List.of(
                result("CpuBoundBench.poolSweep", "thrpt", 700, Double.NaN, "ops/s", "executor", "PROCESS_PIPE", "poolSize", "2", "taskUnits", "1000"),
                result("CpuBoundBench.poolSweep", "thrpt", 1050, Double.NaN, "ops/s", "executor", "PROCESS_PIPE", "poolSize", "4", "taskUnits", "1000"));
        assertEquals(VerdictKind.INCONCLUSIVE, judge("C8", rs, 2, SERVES).kind());
        // with known errors a tie above the core count still agrees, once pool = cores clearly beats a smaller pool
        List<BenchmarkResult> tie = List.of(
                result("CpuBoundBench.poolSweep", "thrpt", 520, 50, "ops/s", "executor", "THREADS", "poolSize", "1", "taskUnits", "1000"),
                result("CpuBoundBench.poolSweep", "thrpt", 1000, 50, "ops/s", "executor", "THREADS", "poolSize", "2", "taskUnits", "1000"),
                result("CpuBoundBench.poolSweep", "thrpt", 1010, 50, "ops/s", "executor", "THREADS", "poolSize", "4", "taskUnits", "1000"));
        Verdict holds = judge("C8", tie, 2, SERVES);
        assertEquals(VerdictKind.HOLDS, holds.kind(), holds.reason());
        assertTrue(holds.reason().contains("within error: a tie, which agrees"), holds.reason());
        // only ties (errors as wide as a loaded machine gives): nothing shows that the core count is best
        Verdict wide = judge("C8", tie.subList(1, 3), 2, SERVES);
        assertEquals(VerdictKind.INCONCLUSIVE, wide.kind(), wide.reason());
    }

    @Test
    void c10DependsOnTheFrameSizeWhenOnlyFramesAbovePipeBufTear() {
        List<BenchmarkResult> rs = List.of(tear("unlocked", "512", 0), tear("unlocked", "16384", 37),
                tear("locked", "512", 0), tear("locked", "16384", 0));
        Verdict v = judge("C10", rs, 2, SERVES);
        assertEquals(VerdictKind.DEPENDS, v.kind(), v.reason());
        assertTrue(v.dependsOn().contains("PIPE_BUF"));
        assertTrue(v.reason().contains("payload 16384 B"), v.reason());
    }

    @Test
    void c10FailsWhenNothingTears() {
        List<BenchmarkResult> rs = List.of(tear("unlocked", "512", 0), tear("unlocked", "16384", 0));
        assertEquals(VerdictKind.FAILS, judge("C10", rs, 2, SERVES).kind());
    }

    @Test
    void c11HoldsWhenPartitionsBeatASharedCounterAndIgnoresOneContender() {
        List<BenchmarkResult> rs = List.of(
                result("SharedStateBench.threadsShared", "thrpt", 1.5e8, 1e6, "ops/s", "contenders", "1"),
                result("SharedStateBench.threadsPartitioned", "thrpt", 1.4e8, 1e6, "ops/s", "contenders", "1"),
                result("SharedStateBench.threadsShared", "thrpt", 6e7, 1e6, "ops/s", "contenders", "2"),
                result("SharedStateBench.threadsPartitioned", "thrpt", 2.9e8, 1e6, "ops/s", "contenders", "2"));
        Verdict v = judge("C11", rs, 2, SERVES);
        assertEquals(VerdictKind.HOLDS, v.kind(), v.reason());
        assertTrue(!v.reason().contains("1 contenders"), v.reason());
    }

    @Test
    void everyClaimGetsAVerdictEvenWithoutData() {
        Analysis a = Analysis.of(Fixtures.run(List.of(), null, Map.of()));
        assertEquals(16, a.verdicts().size());
        a.verdicts().values().forEach(v -> {
            assertEquals(VerdictKind.INCONCLUSIVE, v.kind(), v.id());
            assertNotNull(v.settleBy(), v.id());
        });
        assertEquals(6, a.crossovers().size());
        a.crossovers().values().forEach(f -> assertTrue(f.summary().startsWith("not measured"), f.id() + ": " + f.summary()));
    }

    @Test
    void x3SaysWhereTheCoresNotTheWaitLimitVirtualThreads() {
        Map<String, List<String>> serves = Map.of("IoBoundBench", List.of("C13", "C14", "C16", "X3"));
        List<BenchmarkResult> rs = List.of(
                result("IoBoundBench.requests", "thrpt", 9740, 147, "ops/s", "executor", "VIRTUAL", "concurrency", "1000", "delayMs", "100"),
                result("IoBoundBench.requests", "thrpt", 39900, 3490, "ops/s", "executor", "VIRTUAL", "concurrency", "10000", "delayMs", "100"),
                result("IoBoundBench.requests", "thrpt", 19.8, 0.1, "ops/s", "executor", "FIXED_CORES", "concurrency", "1000", "delayMs", "100"),
                result("IoBoundBench.requests", "thrpt", 19.9, 0.1, "ops/s", "executor", "FIXED_CORES", "concurrency", "10000", "delayMs", "100"));
        CrossoverFinding x3 = Analysis.of(Fixtures.run(rs, 2, serves)).crossovers().get("X3");
        String near = x3.details().stream().filter(d -> d.startsWith("VIRTUAL at concurrency 1000:")).findFirst().orElseThrow();
        String far = x3.details().stream().filter(d -> d.startsWith("VIRTUAL at concurrency 10000:")).findFirst().orElseThrow();
        assertTrue(near.contains("97% of the Little's-law bound") && !near.contains("cores do"), near);
        assertTrue(far.contains("40% of the Little's-law bound") && far.contains("the 2 cores do")
                && far.contains("at most 50.1 µs of CPU per request"), far);
    }
}
