package dev.crossover.analysis;

import dev.crossover.results.BenchmarkResult;
import dev.crossover.results.Metric;
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

    /** A per-iteration counter of {@code v}: two forks of two iterations. */
    private static Metric counter(double v) {
        return new Metric(4 * v, Double.NaN, Metric.EVENTS_UNIT, List.of(List.of(v, v), List.of(v, v)), Map.of());
    }

    private static BenchmarkResult io(String executor, int concurrency, double score, double capacity, double cpuUs) {
        return result("IoBoundBench.requests", "thrpt", score, score * 0.02, "ops/s",
                Map.of("capacity", counter(capacity), "treeCpuUsPerOp", counter(cpuUs)),
                "executor", executor, "concurrency", String.valueOf(concurrency), "delayMs", "100");
    }

    @Test
    void theFormulaPoolIsJudgedAtTheCapacityItRecordedAndALeadBelowItIsPutDownToCpu() {
        Map<String, List<String>> serves = Map.of("IoBoundBench", List.of("C13", "C14", "C16", "X3"));
        List<BenchmarkResult> rs = List.of(
                io("VIRTUAL", 10, 100, 10, 1200), io("FIXED_FORMULA", 10, 100, 8600, 1300),
                io("VIRTUAL", 100, 1000, 100, 300), io("FIXED_FORMULA", 100, 1000, 8600, 320),
                io("VIRTUAL", 1000, 9500, 1000, 157), io("FIXED_FORMULA", 1000, 5400, 8600, 350));
        CrossoverFinding x3 = Analysis.of(Fixtures.run(rs, 2, serves)).crossovers().get("X3");
        String d = x3.details().stream().filter(s -> s.startsWith("VIRTUAL vs FIXED_FORMULA:")).findFirst().orElseThrow();
        assertTrue(d.contains("Little's law with a pool of 8600 (its recorded capacity) does not match the measurements: at concurrency "
                + "1000 (≤ 8600) VIRTUAL is ahead"), d);
        assertTrue(d.contains("there FIXED_FORMULA's process tree spent 350 µs of CPU per request against VIRTUAL's 157 (×2.23)")
                && d.contains("short of CPU, not of threads"), d);
        // 2822 µs a request at 5400 requests/s would be 15 CPU-seconds a second on 2 cores: the profiler's window held more
        List<BenchmarkResult> wide = new java.util.ArrayList<>(rs.subList(0, 5));
        wide.add(io("FIXED_FORMULA", 1000, 5400, 8600, 2822));
        String w = Analysis.of(Fixtures.run(wide, 2, serves)).crossovers().get("X3").details().stream()
                .filter(s -> s.startsWith("VIRTUAL vs FIXED_FORMULA:")).findFirst().orElseThrow();
        assertTrue(w.contains("does not match") && !w.contains("µs of CPU per request"), w);
        assertTrue(x3.summary().contains("over FIXED_FORMULA at concurrency ≈") && x3.summary().contains("[100 – 1000]"), x3.summary());
    }
    @Test
    void aFormulaPoolAheadBelowItsSizeIsNamedWithItsOwnLead() {
        Map<String, List<String>> serves = Map.of("IoBoundBench", List.of("C13", "C14", "C16", "X3"));
        List<BenchmarkResult> rs = List.of(
                io("VIRTUAL", 1, 10.2, 1, 1200), io("FIXED_FORMULA", 1, 10.7, 8600, 1300),
                io("VIRTUAL", 10, 100, 10, 300), io("FIXED_FORMULA", 10, 100, 8600, 320));
        CrossoverFinding x3 = Analysis.of(Fixtures.run(rs, 2, serves)).crossovers().get("X3");
        String d = x3.details().stream().filter(s -> s.startsWith("VIRTUAL vs FIXED_FORMULA:")).findFirst().orElseThrow();
        // the leader's lead is positive: FIXED_FORMULA 10.7 against 10.2 is +4.9%, not VIRTUAL's -4.7%
        assertTrue(d.contains("at concurrency 1 (≤ 8600) FIXED_FORMULA is ahead by +4.9%"), d);
    }
    /** A result of three forks, one iteration each, with its recorded capacity. */
    private static BenchmarkResult forks(String executor, int concurrency, double capacity, double... forkMeans) {
        double mean = java.util.Arrays.stream(forkMeans).average().orElseThrow();
        List<List<Double>> raw = java.util.Arrays.stream(forkMeans).mapToObj(List::of).toList();
        return new BenchmarkResult("dev.crossover.bench.IoBoundBench.requests", "thrpt", 1, 3, "1.37", "java", List.of(), "25",
                "vm", "25", 1, "1 s", 1, "1 s", Map.of("executor", executor, "concurrency", String.valueOf(concurrency), "delayMs", "100"),
                new Metric(mean, Double.NaN, "ops/s", raw, Map.of()), Map.of("capacity", counter(capacity)), null);
    }

    @Test
    void littlesLawDoesNotStandOnAPointTheForksCannotTellFromLevel() {
        Map<String, List<String>> serves = Map.of("IoBoundBench", List.of("C13", "C14", "C16", "X3"));
        // a quick run: level at 100; at 1000 virtual threads lead by +89%, but the formula pool's forks spread too far to tell
        List<BenchmarkResult> rs = List.of(
                forks("VIRTUAL", 100, 100, 985.8, 979.4, 974.4), forks("FIXED_FORMULA", 100, 7200, 973.2, 970.5, 979.2),
                forks("VIRTUAL", 1000, 1000, 9860.2, 9835.6, 9776.2), forks("FIXED_FORMULA", 1000, 7200, 4726.2, 6926.9, 4304.9));
        CrossoverFinding x3 = Analysis.of(Fixtures.run(rs, 2, serves)).crossovers().get("X3");
        String d = x3.details().stream().filter(s -> s.startsWith("VIRTUAL vs FIXED_FORMULA:")).findFirst().orElseThrow();
        assertTrue(d.contains("Little's law with a pool of 7200 (its recorded capacity) would place it at 7200, but the measured "
                + "points do not confirm it: at concurrency 1000 (≤ 7200) VIRTUAL against FIXED_FORMULA is +89% [+1.0%, +253%], "
                + "which the forks cannot separate from a tie (within 2%)"), d);
        assertTrue(d.contains("the grid interval stands") && !d.contains("the measured points agree"), d);
        assertTrue(!x3.summary().contains("7200"), x3.summary());
    }
}
