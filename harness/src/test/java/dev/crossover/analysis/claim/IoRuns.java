package dev.crossover.analysis.claim;

import dev.crossover.results.BenchmarkResult;
import dev.crossover.results.Metric;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Synthetic {@code IoBoundBench.requests} results with the {@code Used} counters of each iteration. */
final class IoRuns {

    private IoRuns() {
    }

    /** Two iterations per fork of each value of {@code perFork}. */
    static Metric perFork(double... perFork) {
        List<List<Double>> raw = Arrays.stream(perFork).mapToObj(v -> List.of(v, v)).toList();
        return new Metric(Arrays.stream(perFork).sum() * 2, Double.NaN, Metric.EVENTS_UNIT, raw, Map.of());
    }

    /**
     * Three forks of throughput around {@code opsPerSec} (±3%) at {@code concurrency}, delay 100 ms,
     * the capacity of each fork {@code capacities}, the server's peak in each fork {@code peaks}.
     */
    static BenchmarkResult requests(String executor, int concurrency, double opsPerSec, double[] capacities, double[] peaks,
                                    int children, int threadsPerChild) {
        double[] bound = Arrays.stream(capacities).map(c -> Math.min(concurrency, c) / 0.1).toArray();
        Map<String, Metric> used = Map.of("capacity", perFork(capacities), "peakInFlight", perFork(peaks), "littleBoundOps", perFork(bound),
                "children", perFork(children, children, children), "threadsPerChild", perFork(threadsPerChild, threadsPerChild, threadsPerChild),
                "dispatchers", perFork(0, 0, 0));
        return Runs.forked("IoBoundBench.requests", "thrpt", "ops/s", Runs.around(opsPerSec, 0.03), used, "executor", executor,
                "concurrency", String.valueOf(concurrency), "delayMs", "100", "capacity", "formula");
    }

    /** Every fork with capacity {@code capacity} and peak {@code peak}, no children. */
    static BenchmarkResult requests(String executor, int concurrency, double opsPerSec, double capacity, double peak) {
        return requests(executor, concurrency, opsPerSec, new double[]{capacity, capacity, capacity}, new double[]{peak, peak, peak}, 0, 0);
    }
}
