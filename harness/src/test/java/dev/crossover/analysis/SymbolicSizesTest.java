package dev.crossover.analysis;

import dev.crossover.results.BenchmarkResult;
import dev.crossover.results.Metric;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

class SymbolicSizesTest {

    private static BenchmarkResult mixed(String waitFraction, String poolSize) {
        return new BenchmarkResult("dev.crossover.bench.MixedBench.mixed", "thrpt", 1, 3, "1.37", "java", List.of(),
                "25", "vm", "25", 1, "1 s", 2, "1 s", Map.of("waitFraction", waitFraction, "poolSize", poolSize),
                new Metric(100, 1, "ops/s", List.of(List.of(100.0)), Map.of()), Map.of(), null);
    }

    /** As the harness records a MixedBench sweep whose formula depends on the wait fraction. */
    private static final Map<String, String> SIZES = Map.of("cores", "2",
            "formula (waitFraction=0)", "2", "2*formula (waitFraction=0)", "4",
            "formula (waitFraction=0.9)", "20", "2*formula (waitFraction=0.9)", "40");

    @Test
    void numbersThatDependOnTheWaitFractionGetTheirSymbolBack() {
        List<BenchmarkResult> out = SymbolicSizes.restore(List.of(mixed("0.9", "20"), mixed("0.9", "40"),
                mixed("0", "4"), mixed("0.9", "2"), mixed("0.9", "virtual")), SIZES, 2);
        assertEquals(List.of("formula", "2*formula", "2*formula", "cores", "virtual"),
                out.stream().map(r -> r.param("poolSize")).toList());
    }

    @Test
    void aFormulaEqualToTheCoresIsTheCoresPool() {
        assertEquals("cores", SymbolicSizes.symbolOf(mixed("0", "2"), SIZES, 2));
    }

    @Test
    void theCoresPoolAtAWaitFractionAddedByRefinementIsStillTheCoresPool() {
        // refinement ran waitFraction 0.0224, for which the run recorded no sizes: 2 is the cores pool,
        // not a curve "pool = 2" of its own; other numbers there have no symbol to go back to
        assertEquals("cores", SymbolicSizes.symbolOf(mixed("0.0224", "2"), SIZES, 2));
        assertNull(SymbolicSizes.symbolOf(mixed("0.0224", "7"), SIZES, 2));
    }

    @Test
    void sizesWithoutQualifiedSymbolsStayNumbers() {
        List<BenchmarkResult> in = List.of(mixed("0.9", "20"));
        assertSame(in, SymbolicSizes.restore(in, Map.of("cores", "2", "2*cores", "4"), 2));
        assertEquals(null, SymbolicSizes.symbolOf(mixed("0.5", "20"), SIZES, 2));
    }
}
