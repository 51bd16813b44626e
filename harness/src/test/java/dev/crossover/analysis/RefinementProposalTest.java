package dev.crossover.analysis;

import dev.crossover.results.BenchmarkResult;
import dev.crossover.results.RunData;
import dev.crossover.results.RunMetadata;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.crossover.analysis.Fixtures.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Proposals carry the params JMH really ran, and say when repeating them would measure another pool. */
class RefinementProposalTest {

    private static BenchmarkResult mixed(String waitFraction, String poolSize, double score) {
        return result("MixedBench.mixed", "thrpt", score, 1, "ops/s", "waitFraction", waitFraction, "poolSize", poolSize, "kernel", "mixed");
    }

    @Test
    void aFixedPoolIsRepeatedAsRunAndAFormulaPoolSizedByTheSweptParamIsNot() {
        // the harness ran numbers and recorded what the formula resolved to at each wait fraction
        Map<String, String> sizes = Map.of("cores", "2", "formula (waitFraction=0.5)", "4", "formula (waitFraction=0.9)", "20");
        RunMetadata m = new RunMetadata(1, "quick", null, null, null, "25", "test", "Linux", "test CPU", 2, "test", sizes,
                null, null, null, null, List.of(), null);
        List<BenchmarkResult> rs = List.of(
                mixed("0.5", "2", 100), mixed("0.5", "4", 90), mixed("0.5", "8", 95),
                mixed("0.9", "2", 100), mixed("0.9", "20", 300), mixed("0.9", "8", 250));
        Analysis a = Analysis.of(new RunData(null, rs, m, List.of(), Map.of("MixedBench", List.of("X4")), List.of()));
        List<Refinement.Proposal> ps = a.crossovers().get("X4").refine();
        Refinement.Proposal formula = ps.stream().filter(p -> p.what().contains("formula")).findFirst().orElseThrow();
        Refinement.Proposal eight = ps.stream().filter(p -> p.what().startsWith("X4 8 ")).findFirst().orElseThrow();

        assertNotNull(formula.blocker(), "the formula pool is 4 at 0.5 and 20 at 0.9: neither is the pool at a new wait fraction");
        assertTrue(formula.fixed().isEmpty());

        assertNull(eight.blocker());
        assertEquals("waitFraction", eight.xParam());
        // the cores pool is shown as 'cores' but ran as 2: the proposal repeats what JMH got
        assertEquals(List.of(Map.of("poolSize", "8", "kernel", "mixed"), Map.of("poolSize", "2", "kernel", "mixed")), eight.fixed());
        eight.values().forEach(v -> assertTrue(Double.parseDouble(v) > 0.5 && Double.parseDouble(v) < 0.9, v));
    }
}
