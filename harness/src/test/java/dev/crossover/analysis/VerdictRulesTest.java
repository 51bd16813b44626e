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

    private static BenchmarkResult tear(String method, String payload, double torn) {
        return result("PipeTearBench." + method, "ss", 10, 1, "ms/op",
                Map.of("tornFrames", new Metric(torn, Double.NaN, "#", List.of(), Map.of())), "payload", payload, "writers", "2");
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
}
