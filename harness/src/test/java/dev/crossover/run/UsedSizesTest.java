package dev.crossover.run;

import dev.crossover.results.BenchmarkResult;
import dev.crossover.results.Metric;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class UsedSizesTest {

    private static BenchmarkResult io(String executor, Map<String, Metric> secondary) {
        return new BenchmarkResult("dev.crossover.bench.IoBoundBench.requests", "thrpt", 1, 2, "1.37", "java", List.of(), "25", "vm", "25",
                1, "1 s", 2, "1 s", Map.of("executor", executor, "concurrency", "10000"),
                new Metric(9000, 100, "ops/s", List.of(List.of(9000.0)), Map.of()), secondary, null);
    }

    private static Metric counter(double... perIteration) {
        // an EVENTS counter: JMH's score is the sum, rawData the per-iteration values
        double sum = 0;
        List<Double> its = new java.util.ArrayList<>();
        for (double d : perIteration) {
            sum += d;
            its.add(d);
        }
        return new Metric(sum, Double.NaN, Metric.EVENTS_UNIT, List.of(its), Map.of());
    }

    @Test
    void sizesTheForksDecidedAreReadPerIterationNotAsJmhsSumAndZerosAreLeftOut() {
        Map<String, Integer> used = UsedSizes.of(List.of(
                io("PROCESS", Map.of("capacity", counter(6668, 6668, 6668), "children", counter(2, 2, 2),
                        "threadsPerChild", counter(3334, 3334, 3334), "dispatchers", counter(0, 0, 0),
                        "peakInFlight", counter(6668, 6668, 6668))),
                io("VIRTUAL", Map.of("capacity", counter(10000, 10000)))));
        String p = "dev.crossover.bench.IoBoundBench.requests [thrpt] {concurrency=10000,executor=PROCESS} · ";
        assertEquals(Map.of(p + "capacity", 6668, p + "children", 2, p + "threadsPerChild", 3334,
                "dev.crossover.bench.IoBoundBench.requests [thrpt] {concurrency=10000,executor=VIRTUAL} · capacity", 10000), used);
    }
}
