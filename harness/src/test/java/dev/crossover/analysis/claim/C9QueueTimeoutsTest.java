package dev.crossover.analysis.claim;

import dev.crossover.analysis.Analysis;
import dev.crossover.analysis.Verdict;
import dev.crossover.claims.VerdictKind;
import dev.crossover.results.BenchmarkResult;
import dev.crossover.results.Metric;
import dev.crossover.results.RunData;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class C9QueueTimeoutsTest {

    /** One fork whose iterations took {@code ms}. */
    private static BenchmarkResult timeout(String method, String queue, double... ms) {
        double mean = Arrays.stream(ms).average().orElseThrow();
        BenchmarkResult r = Runs.forked("QueueSemanticsBench." + method, "ss", "ms/op", new double[]{mean}, "queue", queue);
        return new BenchmarkResult(r.benchmark(), r.mode(), r.threads(), r.forks(), r.jmhVersion(), r.jvm(), r.jvmArgs(), r.jdkVersion(),
                r.vmName(), r.vmVersion(), r.warmupIterations(), r.warmupTime(), r.measurementIterations(), r.measurementTime(), r.params(),
                new Metric(mean, 0.3, "ms/op", List.of(Arrays.stream(ms).boxed().toList()), Map.of()), r.secondary(), r.source());
    }

    @Test
    void theRecordedRunDemonstratesTheSemanticsItsTimeoutsCameBackAfterTenMilliseconds() throws Exception {
        Verdict v = Analysis.of(RunData.load(List.of(Path.of("src/test/resources/fixtures/queue-semantics")))).verdicts().get("C9");
        assertEquals(VerdictKind.DEMONSTRATED, v.kind(), v.reason());
        assertTrue(v.reason().contains("emptyGetTimeout (SHM)") && v.reason().contains("fullPutTimeout (PIPE)"), v.reason());
        assertTrue(v.reason().contains("blockedGetWake (PIPE)"), v.reason());
        assertTrue(v.reason().contains("Tolerance"), v.reason());
        assertEquals(List.of("QueueSemanticsBench"), v.servedBy());
    }

    @Test
    void failsWhenATimedCallGivesUpBeforeItsTimeout() {
        Verdict v = Runs.judge("C9", List.of(timeout("emptyGetTimeout", "SHM", 10.1, 10.2, 10.1),
                timeout("fullPutTimeout", "SHM", 10.1, 3.0, 10.2)), 2);
        assertEquals(VerdictKind.FAILS, v.kind(), v.reason());
        assertTrue(v.reason().contains("before its timeout: fullPutTimeout (SHM)"), v.reason());
    }

    @Test
    void isInconclusiveWhenTheTimeoutsCameBackFarTooLateOrWereNotRun() {
        Verdict late = Runs.judge("C9", List.of(timeout("emptyGetTimeout", "PIPE", 40, 45, 50)), 2);
        assertEquals(VerdictKind.INCONCLUSIVE, late.kind(), late.reason());
        assertTrue(late.reason().contains("later than the tolerance"), late.reason());
        Verdict absent = Runs.judge("C9", List.of(), 2);
        assertEquals(VerdictKind.INCONCLUSIVE, absent.kind());
        assertTrue(absent.reason().contains("needs QueueSemanticsBench"), absent.reason());
    }
}
