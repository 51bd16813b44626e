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

    @Test
    void oneConcurrencyMeasuredWithNoPoolSizeKnownIsNoCrossoverEitherWay() {
        Map<String, List<String>> serves = Map.of("IoBoundBench", List.of("C13", "C14", "C16", "X3"));
        List<BenchmarkResult> rs = List.of(
                result("IoBoundBench.requests", "thrpt", 9740, 147, "ops/s", "executor", "VIRTUAL", "concurrency", "1000", "delayMs", "100"),
                result("IoBoundBench.requests", "thrpt", 19.8, 0.1, "ops/s", "executor", "FIXED_CORES", "concurrency", "1000", "delayMs", "100"));
        // no core count: the pool's size, and so Little's law, is unknown; one point cannot locate a crossing
        CrossoverFinding x3 = Analysis.of(Fixtures.run(rs, null, serves)).crossovers().get("X3");
        String d = x3.details().stream().filter(s -> s.startsWith("VIRTUAL vs FIXED_CORES:")).findFirst().orElseThrow();
        assertTrue(d.contains("only one concurrency (1000) measured for both: a crossover needs two or more"), d);
        assertTrue(x3.summary().contains("one concurrency measured") && !x3.summary().contains("never over"), x3.summary());
    }

    @Test
    void oneConcurrencyMeasuredWithThePoolSizeKnownLeansOnLittlesLaw() {
        Map<String, List<String>> serves = Map.of("IoBoundBench", List.of("C13", "C14", "C16", "X3"));
        List<BenchmarkResult> rs = List.of(
                result("IoBoundBench.requests", "thrpt", 9740, 147, "ops/s", "executor", "VIRTUAL", "concurrency", "1000", "delayMs", "100"),
                result("IoBoundBench.requests", "thrpt", 19.8, 0.1, "ops/s", "executor", "FIXED_CORES", "concurrency", "1000", "delayMs", "100"));
        CrossoverFinding x3 = Analysis.of(Fixtures.run(rs, 2, serves)).crossovers().get("X3");
        String d = x3.details().stream().filter(s -> s.startsWith("VIRTUAL vs FIXED_CORES:")).findFirst().orElseThrow();
        assertTrue(d.contains("concurrency ≈ 2 (interval 2 – 3; Little's law") && d.contains("the measured points agree"), d);
    }
}
