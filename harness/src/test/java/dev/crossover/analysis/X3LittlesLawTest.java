package dev.crossover.analysis;

import dev.crossover.results.BenchmarkResult;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.crossover.analysis.Fixtures.result;
import static org.junit.jupiter.api.Assertions.assertTrue;

class X3LittlesLawTest {

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
