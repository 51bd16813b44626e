package dev.crossover.compare;

import dev.crossover.stats.ForkStats;
import dev.crossover.results.BadInputException;
import dev.crossover.results.BenchmarkResult;
import dev.crossover.results.Metric;
import dev.crossover.results.RunData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pairing, direction, edge cases of raw data, and the small statistical building blocks. */
class GridComparisonTest {

    @TempDir
    Path tmp;

    private static BenchmarkResult result(String mode, String unit, Map<String, String> params, double truth,
                                          long seed, List<List<Double>> rawOverride) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<List<Double>> raw = rawOverride;
        if (raw == null) {
            raw = new ArrayList<>();
            for (int f = 0; f < 5; f++) {
                double fm = truth * (1 + 0.01 * SyntheticGrid.gaussian(rnd));
                List<Double> its = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    its.add(fm * (1 + 0.01 * SyntheticGrid.gaussian(rnd)));
                }
                raw.add(its);
            }
        }
        return new BenchmarkResult("b.Bench.m", mode, 1, raw.size(), "1.37", "java", List.of(), "25", "vm", "25",
                5, "1 s", 5, "1 s", params, new Metric(truth, 1, unit, raw, Map.of()), Map.of(), null);
    }

    private static Comparison compare(List<BenchmarkResult> base, List<BenchmarkResult> head) {
        return GridComparison.compare(RunData.of(Path.of("base"), base),
                RunData.of(Path.of("head"), head), CompareOptions.defaults());
    }

    private static Verdict verdict(Comparison c, String key) {
        return c.primary().stream().filter(m -> m.key().equals(key)).findFirst().orElseThrow().verdict();
    }

    @Test
    void directionFollowsModeAndUnit() {
        // a 20% higher score: better in thrpt (ops/s), worse in avgt (us/op)
        Comparison c = compare(
                List.of(result("thrpt", "ops/s", Map.of(), 100, 1, null), result("avgt", "us/op", Map.of(), 100, 2, null)),
                List.of(result("thrpt", "ops/s", Map.of(), 120, 3, null), result("avgt", "us/op", Map.of(), 120, 4, null)));
        assertEquals(Verdict.IMPROVEMENT, verdict(c, "b.Bench.m [thrpt]"));
        assertEquals(Verdict.REGRESSION, verdict(c, "b.Bench.m [avgt]"));
        assertTrue(c.hasRegression());
    }

    @Test
    void paramsKeepKeysApart() {
        // same benchmark and mode; only executor=B slows down. Were params dropped, both would merge.
        Comparison c = compare(
                List.of(result("thrpt", "ops/s", Map.of("executor", "A"), 100, 1, null),
                        result("thrpt", "ops/s", Map.of("executor", "B"), 100, 2, null)),
                List.of(result("thrpt", "ops/s", Map.of("executor", "A"), 100, 3, null),
                        result("thrpt", "ops/s", Map.of("executor", "B"), 80, 4, null)));
        assertEquals(2, c.primary().size());
        assertEquals(Verdict.NO_CHANGE, verdict(c, "b.Bench.m [thrpt] {executor=A}"));
        assertEquals(Verdict.REGRESSION, verdict(c, "b.Bench.m [thrpt] {executor=B}"));
        assertEquals("b.Bench.m [thrpt] {executor=B}", c.primary().getFirst().key(), "worst first");
    }

    @Test
    void nanInRawDataIsLeftOutAndNamed() {
        BenchmarkResult b = result("thrpt", "ops/s", Map.of(), 100, 1, null);
        List<List<Double>> raw = new ArrayList<>(b.primary().rawData());
        List<Double> broken = new ArrayList<>(raw.get(1));
        broken.set(2, Double.NaN);
        raw.set(1, broken);
        Comparison c = compare(List.of(b), List.of(result("thrpt", "ops/s", Map.of(), 100, 2, raw)));
        MetricComparison m = c.primary().getFirst();
        assertEquals(Verdict.NO_CHANGE, m.verdict());
        assertTrue(m.notes().contains("1 NaN value in head rawData left out"), m.notes().toString());
        assertTrue(Double.isFinite(m.ratio()));
    }

    @Test
    void allNaNOrMissingRawDataIsInconclusive() {
        List<List<Double>> nan = List.of(List.of(Double.NaN), List.of(Double.NaN));
        Comparison c = compare(List.of(result("avgt", "us/op", Map.of(), 100, 1, null)),
                List.of(result("avgt", "us/op", Map.of(), 200, 2, nan)));
        assertEquals(Verdict.INCONCLUSIVE, c.primary().getFirst().verdict());
        Comparison none = compare(List.of(result("avgt", "us/op", Map.of(), 100, 1, List.of())),
                List.of(result("avgt", "us/op", Map.of(), 200, 2, null)));
        assertEquals(Verdict.INCONCLUSIVE, none.primary().getFirst().verdict());
        assertTrue(none.primary().getFirst().notes().getFirst().startsWith("no rawData in base"));
        assertEquals(2.0, none.primary().getFirst().ratio(), 1e-9, "JMH scores still give the ratio");
    }

    @Test
    void oneForkIsInconclusiveNeverARegression() {
        Comparison c = compare(List.of(result("avgt", "us/op", Map.of(), 100, 1, List.of(List.of(100.0, 101.0)))),
                List.of(result("avgt", "us/op", Map.of(), 200, 2, List.of(List.of(200.0, 201.0)))));
        MetricComparison m = c.primary().getFirst();
        assertEquals(Verdict.INCONCLUSIVE, m.verdict());
        assertTrue(m.notes().contains("one fork in base and head"), m.notes().toString());
    }

    @Test
    void noisyBenchmarkIsNamedWithTheForksItWouldNeed() {
        SplittableRandom rnd = new SplittableRandom(5);
        List<List<Double>> noisy = new ArrayList<>();
        List<List<Double>> noisy2 = new ArrayList<>();
        for (int f = 0; f < 3; f++) {
            noisy.add(List.of(100 * (1 + 0.15 * SyntheticGrid.gaussian(rnd))));
            noisy2.add(List.of(100 * (1 + 0.15 * SyntheticGrid.gaussian(rnd))));
        }
        Comparison c = compare(List.of(result("avgt", "us/op", Map.of(), 100, 1, noisy)),
                List.of(result("avgt", "us/op", Map.of(), 100, 2, noisy2)));
        MetricComparison m = c.primary().getFirst();
        assertTrue(m.notes().stream().anyMatch(n -> n.startsWith("high CV")), m.notes().toString());
        assertTrue(m.forksNeeded() > 3, "forks needed " + m.forksNeeded());
        assertTrue(m.notes().stream().anyMatch(n -> n.startsWith("needs " + m.forksNeeded() + " forks a side")), m.notes().toString());
    }

    @Test
    void pairedRoundsCancelDriftBetweenRounds() {
        // each round's machine state moves both sides alike (±10%); B is 6% slower within every round
        SplittableRandom rnd = new SplittableRandom(9);
        List<List<Double>> a = new ArrayList<>();
        List<List<Double>> b = new ArrayList<>();
        for (int r = 0; r < 6; r++) {
            double drift = 1 + 0.10 * SyntheticGrid.gaussian(rnd);
            a.add(List.of(100 * drift * (1 + 0.003 * SyntheticGrid.gaussian(rnd))));
            b.add(List.of(100 * drift / 1.06 * (1 + 0.003 * SyntheticGrid.gaussian(rnd))));
        }
        RunData ra = RunData.of(Path.of("a"), List.of(result("thrpt", "ops/s", Map.of(), 100, 0, a)));
        RunData rb = RunData.of(Path.of("b"), List.of(result("thrpt", "ops/s", Map.of(), 100, 0, b)));
        Comparison unpaired = GridComparison.compare(ra, rb, CompareOptions.defaults());
        Comparison paired = GridComparison.compare(ra, rb, CompareOptions.defaults().withPaired(true));
        assertEquals(Verdict.NO_CHANGE, unpaired.primary().getFirst().verdict(), "drift hides it without pairing");
        assertEquals(Verdict.REGRESSION, paired.primary().getFirst().verdict());
        assertTrue(paired.primary().getFirst().method().startsWith("paired"));
    }

    @Test
    void unitsAreConvertedOrTheResultIsInconclusive() {
        BenchmarkResult b = result("avgt", "us/op", Map.of(), 100, 1, null);
        List<List<Double>> nanos = b.primary().rawData().stream()
                .map(f -> f.stream().map(v -> v * 1000 * 1.2).toList()).toList();
        Comparison c = compare(List.of(b), List.of(result("avgt", "ns/op", Map.of(), 120_000, 2, nanos)));
        assertEquals(1.2, c.primary().getFirst().ratio(), 1e-9);
        assertEquals(Verdict.REGRESSION, c.primary().getFirst().verdict());
        Comparison odd = compare(List.of(b), List.of(result("avgt", "B/op", Map.of(), 100, 2, null)));
        assertEquals(Verdict.INCONCLUSIVE, odd.primary().getFirst().verdict());
        assertTrue(odd.primary().getFirst().notes().getFirst().startsWith("units differ"));
    }

    @Test
    void secondaryDirection() {
        assertTrue(!GridComparison.secondaryHigherIsBetter("gc.alloc.rate", "thrpt", "MB/sec"));
        assertTrue(!GridComparison.secondaryHigherIsBetter("gc.alloc.rate.norm", "thrpt", "B/op"));
        assertTrue(!GridComparison.secondaryHigherIsBetter("poolRssMb", "thrpt", "#"));
        assertTrue(GridComparison.secondaryHigherIsBetter("tasksCompleted", "thrpt", "ops/s"));
    }

    @Test
    void benjaminiHochbergMatchesHandComputation() {
        // p sorted: .001 .008 .039 .041 .042 .06 ; m = 6
        double[] q = ForkStats.benjaminiHochberg(new double[]{0.041, 0.001, 0.06, 0.008, 0.039, 0.042, Double.NaN});
        assertArrayEquals(new double[]{0.0504, 0.006, 0.06, 0.024, 0.0504, 0.0504}, java.util.Arrays.copyOf(q, 6), 1e-12);
        assertTrue(Double.isNaN(q[6]));
    }

    @Test
    void tDistributionHelpersAgreeWithTables() {
        assertEquals(2.776, ForkStats.tQuantile(0.975, 4), 1e-3);
        assertEquals(0.05, ForkStats.twoSidedP(2.776445, 4), 1e-5);
        assertEquals(0.05, ForkStats.twoSidedP(1.959964, Double.POSITIVE_INFINITY), 1e-6);
    }

    @Test
    void priorRecoversACommonVariance() {
        List<ForkStats.Residual> res = new ArrayList<>();
        SplittableRandom rnd = new SplittableRandom(3);
        for (int g = 0; g < 400; g++) {
            double ss = 0;
            for (int i = 0; i < 8; i++) {
                double z = SyntheticGrid.gaussian(rnd) * 0.02;
                ss += z * z;
            }
            res.add(new ForkStats.Residual(ss / 8, 8));
        }
        ForkStats.Prior p = ForkStats.fitPrior(res);
        assertEquals(0.0004, p.variance(), 0.00004);
        assertTrue(p.df() > 30, "identical variances: large prior df, was " + p.df());
        assertEquals(ForkStats.Prior.NONE, ForkStats.fitPrior(res.subList(0, ForkStats.MIN_GRID - 1)));
    }

    @Test
    void thresholdsFile() throws IOException, BadInputException {
        Path f = Files.writeString(tmp.resolve("t.properties"), """
                # noisy I/O benchmarks get more room
                IoBoundBench = 15%
                CpuBoundBench.*executor=VIRTUAL = 0.08
                default = 3%
                """);
        Thresholds t = Thresholds.load(f, 0.05);
        assertEquals(0.15, t.forKey("dev.x.IoBoundBench.requests [thrpt] {concurrency=10}"), 1e-12);
        assertEquals(0.08, t.forKey("dev.x.CpuBoundBench.poolSweep [thrpt] {executor=VIRTUAL,poolSize=2}"), 1e-12);
        assertEquals(0.03, t.forKey("dev.x.CpuBoundBench.poolSweep [thrpt] {executor=THREADS,poolSize=2}"), 1e-12);
        Path bad = Files.writeString(tmp.resolve("bad.properties"), "Foo = much\n");
        BadInputException e = assertThrows(BadInputException.class, () -> Thresholds.load(bad, 0.05));
        assertTrue(e.getMessage().contains("bad.properties") && e.getMessage().contains("line 1"), e.getMessage());
    }
}
