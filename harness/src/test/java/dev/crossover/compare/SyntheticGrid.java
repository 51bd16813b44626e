package dev.crossover.compare;

import dev.crossover.results.BenchmarkResult;
import dev.crossover.results.Metric;
import dev.crossover.results.RunData;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The synthetic model of the statistical tests: each benchmark has a true score; each fork's mean
 * lies around it with a relative standard deviation of 2% (JIT and layout luck of that JVM), each
 * iteration around its fork's mean with 3%; a side has {@code forks} × {@code iterations} values.
 */
final class SyntheticGrid {

    static final double FORK_SD = 0.02;
    static final double ITERATION_SD = 0.03;

    private SyntheticGrid() {
    }

    /** One side of a grid of {@code size} benchmarks; {@code factor[i]} scales benchmark i's true score. */
    static RunData side(SplittableRandom rnd, String name, int size, int forks, int iterations, String mode,
                        double[] factor) {
        List<BenchmarkResult> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            double truth = 1000.0 * (1 + i) * factor[i];
            List<List<Double>> raw = new ArrayList<>(forks);
            for (int f = 0; f < forks; f++) {
                double forkMean = truth * (1 + FORK_SD * gaussian(rnd));
                List<Double> its = new ArrayList<>(iterations);
                for (int k = 0; k < iterations; k++) {
                    its.add(forkMean * (1 + ITERATION_SD * gaussian(rnd)));
                }
                raw.add(its);
            }
            double score = raw.stream().flatMap(List::stream).mapToDouble(Double::doubleValue).average().orElseThrow();
            Metric m = new Metric(score, score * 0.01, mode.equals("thrpt") ? "ops/s" : "us/op", raw, Map.of());
            out.add(new BenchmarkResult("dev.synthetic.GridBench.run", mode, 1, forks, "1.37", "java", List.of(),
                    "25", "OpenJDK 64-Bit Server VM", "25", 5, "1 s", iterations, "1 s",
                    Map.of("n", Integer.toString(i)), m, Map.of(), null));
        }
        return RunData.of(Path.of(name), out);
    }

    static double[] ones(int n) {
        double[] f = new double[n];
        java.util.Arrays.fill(f, 1.0);
        return f;
    }

    /** Standard normal by Box–Muller (SplittableRandom has no nextGaussian before JDK 17's RandomGenerator default). */
    static double gaussian(SplittableRandom rnd) {
        double u = rnd.nextDouble();
        double v = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
    }

    /** Outcome counts of a series of simulated comparisons. */
    record Rates(int trials, int gridsWithAnyRegression, int injectedFound) {
        double anyRate() {
            return (double) gridsWithAnyRegression / trials;
        }

        double power() {
            return (double) injectedFound / trials;
        }
    }

    /**
     * Runs {@code trials} comparisons of grids of {@code size}; in HEAD, benchmark 0 is slowed by
     * {@code slowdown} (0 for A/A). Throughput mode: a slowdown divides the score.
     */
    static Rates simulate(long seed, int trials, int size, int forks, int iterations, double slowdown,
                          CompareOptions o) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int any = 0;
        int found = 0;
        double[] same = ones(size);
        double[] slowed = ones(size);
        slowed[0] = 1 / (1 + slowdown);
        for (int t = 0; t < trials; t++) {
            RunData base = side(rnd, "base", size, forks, iterations, "thrpt", same);
            RunData head = side(rnd, "head", size, forks, iterations, "thrpt", slowed);
            Comparison c = GridComparison.compare(base, head, o);
            if (c.hasRegression()) {
                any++;
            }
            if (c.primary().stream().anyMatch(m -> m.params().get("n").equals("0") && m.verdict() == Verdict.REGRESSION)) {
                found++;
            }
        }
        return new Rates(trials, any, found);
    }
}
