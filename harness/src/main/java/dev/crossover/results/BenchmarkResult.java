package dev.crossover.results;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * One entry of a JMH JSON result file: a benchmark method in one mode with one set of params.
 *
 * @param benchmark  fully qualified method name, e.g. {@code dev.crossover.bench.CpuBoundBench.run}
 * @param mode       JMH mode: {@code thrpt}, {@code avgt}, {@code sample}, {@code ss}
 * @param params     every {@code @Param} value, sorted by name; empty when there are none
 * @param secondary  secondary metrics by name, with JMH 1.36's {@code ·} prefix removed
 * @param source     the file this result was read from (for messages), or null
 */
public record BenchmarkResult(String benchmark, String mode, int threads, int forks, String jmhVersion,
                              String jvm, List<String> jvmArgs, String jdkVersion, String vmName,
                              String vmVersion, int warmupIterations, String warmupTime,
                              int measurementIterations, String measurementTime,
                              Map<String, String> params, Metric primary, Map<String, Metric> secondary,
                              String source) {

    public BenchmarkResult {
        jvmArgs = List.copyOf(jvmArgs);
        params = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(params));
        secondary = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(secondary));
    }

    /** {@code Class.method}: the benchmark name without its package. */
    public String shortName() {
        int method = benchmark.lastIndexOf('.');
        int cls = method > 0 ? benchmark.lastIndexOf('.', method - 1) : -1;
        return benchmark.substring(cls + 1);
    }

    /** The simple class name of the benchmark, e.g. {@code CpuBoundBench}. */
    public String className() {
        String s = shortName();
        int dot = s.indexOf('.');
        return dot < 0 ? s : s.substring(0, dot);
    }

    /** The method name, e.g. {@code run}. */
    public String methodName() {
        return benchmark.substring(benchmark.lastIndexOf('.') + 1);
    }

    /** A param's value, or null when this result has no such param. */
    public String param(String name) {
        return params.get(name);
    }

    /** {@code a=1,b=x}, sorted by name; empty string without params. */
    public String paramString() {
        return params.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(","));
    }

    /** What pairs this result with its counterpart in another run: benchmark, mode, every param. */
    public String key() {
        return benchmark + " [" + mode + "]" + (params.isEmpty() ? "" : " {" + paramString() + "}");
    }

    /** True when a higher score is better: throughput; false for time per operation modes. */
    public boolean higherIsBetter() {
        return Units.higherIsBetter(mode, primary.unit());
    }
}
