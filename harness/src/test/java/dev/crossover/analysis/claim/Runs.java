package dev.crossover.analysis.claim;

import dev.crossover.analysis.Analysis;
import dev.crossover.analysis.Verdict;
import dev.crossover.results.BenchmarkResult;
import dev.crossover.results.Metric;
import dev.crossover.results.RunData;
import dev.crossover.results.RunMetadata;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Synthetic JMH results with per-fork data, and runs of them, for the claim rule tests. */
final class Runs {

    private Runs() {
    }

    /** Every benchmark class with the IDs its {@code @Serves} names. */
    static final Map<String, List<String>> SERVES = Map.ofEntries(
            Map.entry("CpuBoundBench", List.of("C4", "C8", "X1", "X2")),
            Map.entry("RoundTripBench", List.of("C1", "C14")),
            Map.entry("SwitchCostBench", List.of("C6")),
            Map.entry("FaultBench", List.of("C5")),
            Map.entry("PipeTearBench", List.of("C10")),
            Map.entry("SharedStateBench", List.of("C7", "C11")),
            Map.entry("IoBoundBench", List.of("C13", "C14", "C16", "X3")),
            Map.entry("QueueSemanticsBench", List.of("C9")),
            Map.entry("TransportThroughputBench", List.of("C1", "C2")),
            Map.entry("LockBench", List.of("C3", "C15")),
            Map.entry("SpawnBench", List.of("C14", "X6")),
            Map.entry("PoolMapBench", List.of("C12", "X5")),
            Map.entry("ConditionWakeupBench", List.of("C17")),
            Map.entry("EventWakeupBench", List.of("C18")),
            Map.entry("TimerLatenessBench", List.of("C19")),
            Map.entry("SemaphoreCostBench", List.of("C20")),
            Map.entry("HttpOpenLoopBench", List.of("C13", "C14", "C24", "X7")),
            Map.entry("HttpClosedLoopBench", List.of("C24")));

    /** A result whose forks measured {@code forkMeans} (one iteration each); score their mean, error a nominal 1%. */
    static BenchmarkResult forked(String shortName, String mode, String unit, double[] forkMeans, String... kv) {
        return forked(shortName, mode, unit, forkMeans, Map.of(), kv);
    }

    static BenchmarkResult forked(String shortName, String mode, String unit, double[] forkMeans, Map<String, Metric> secondary, String... kv) {
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i + 1 < kv.length; i += 2) {
            params.put(kv[i], kv[i + 1]);
        }
        double mean = Arrays.stream(forkMeans).average().orElse(Double.NaN);
        List<List<Double>> raw = Arrays.stream(forkMeans).mapToObj(List::of).toList();
        return new BenchmarkResult("dev.crossover.bench." + shortName, mode, 1, forkMeans.length, "1.37", "java", List.of(), "25",
                "vm", "25", 3, "1 s", 1, "1 s", params, new Metric(mean, mean * 0.01, unit, raw, Map.of()), secondary, null);
    }

    /** An {@code @AuxCounters(EVENTS)} counter with one iteration per fork of value {@code perFork[i]}. */
    static Metric counter(double... perFork) {
        List<List<Double>> raw = Arrays.stream(perFork).mapToObj(List::of).toList();
        return new Metric(Arrays.stream(perFork).sum(), Double.NaN, Metric.EVENTS_UNIT, raw, Map.of());
    }

    /** Three forks around {@code mean}, spread ±{@code spread} (a fraction). */
    static double[] around(double mean, double spread) {
        return new double[]{mean * (1 - spread), mean, mean * (1 + spread)};
    }

    /** A run of {@code results} on {@code cores} cores, classes serving as {@code serves} says. */
    static RunData run(List<BenchmarkResult> results, Integer cores, Map<String, List<String>> serves) {
        RunMetadata m = new RunMetadata(1, "quick", null, null, null, "25", "test", "Linux", "test CPU", cores, "test",
                cores == null ? Map.of() : Map.of("cores", String.valueOf(cores)), null, null, null, null, List.of(), null);
        return new RunData(null, results, m, List.of(), serves, List.of());
    }

    /** The verdict on {@code id} for a run of {@code results} on {@code cores} cores with {@link #SERVES}. */
    static Verdict judge(String id, List<BenchmarkResult> results, Integer cores) {
        return judge(id, results, cores, SERVES);
    }

    static Verdict judge(String id, List<BenchmarkResult> results, Integer cores, Map<String, List<String>> serves) {
        return Analysis.of(run(results, cores, serves)).verdicts().get(id);
    }
}
