package dev.crossover.profile;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.ScalarResult;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CostProfilerTest {

    @Test
    void normalisesTheIterationDifferencePerOperation() {
        ProcessTree start = new ProcessTree(5_000_000, 100, 1_000, 1, true);
        ProcessTree end = new ProcessTree(7_000_000, 110, 2_048, 3, true);
        Map<String, ScalarResult> r = byLabel(CostProfiler.results(start, end, 1_000));
        assertEquals(2.0, r.get("treeCpuUsPerOp").getScore(), 1e-12);
        assertEquals("us/op", r.get("treeCpuUsPerOp").getScoreUnit());
        assertEquals(0.01, r.get("ctxSwitchesPerOp").getScore(), 1e-12);
        assertEquals("#/op", r.get("ctxSwitchesPerOp").getScoreUnit());
        assertEquals(2_048 * 1024 / 1e6, r.get("treePssMb").getScore(), 1e-12);
        assertEquals("MB", r.get("treePssMb").getScoreUnit());
    }

    @Test
    void withoutOperationsOnlyMemoryIsReported() {
        ProcessTree t = new ProcessTree(1, 1, 1_000, 1, false);
        assertEquals(List.of("treePssMb"), CostProfiler.results(t, t, 0).stream().map(ScalarResult::getLabel).toList());
    }

    private static Map<String, ScalarResult> byLabel(List<ScalarResult> rs) {
        return rs.stream().collect(Collectors.toMap(ScalarResult::getLabel, x -> x));
    }
}
