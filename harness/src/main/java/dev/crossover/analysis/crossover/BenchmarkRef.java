package dev.crossover.analysis.crossover;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A benchmark a crossover rule reads, named so a contract test can resolve it against JMH's
 * {@code META-INF/BenchmarkList}: the class's simple name, the method, the mode it is read in, and
 * the param values the rule needs measured (each must be one of the benchmark's own values, or a
 * value the sweep plan passes, e.g. a pool-size symbol).
 *
 * @param className simple class name, e.g. {@code CpuBoundBench}
 * @param method    benchmark method, e.g. {@code taskSizeSweep}
 * @param mode      JMH mode id the rule reads ({@code thrpt}, {@code ss}, {@code avgt})
 * @param params    param name to the values the rule needs; empty when any will do
 */
public record BenchmarkRef(String className, String method, String mode, Map<String, List<String>> params) {

    public BenchmarkRef {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        params.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        params = java.util.Collections.unmodifiableMap(copy);
    }

    /** A reference needing no particular param values. */
    public static BenchmarkRef of(String className, String method, String mode) {
        return new BenchmarkRef(className, method, mode, Map.of());
    }

    /** This reference needing {@code values} of {@code param} too. */
    public BenchmarkRef with(String param, String... values) {
        Map<String, List<String>> p = new LinkedHashMap<>(params);
        p.put(param, List.of(values));
        return new BenchmarkRef(className, method, mode, p);
    }

    /** {@code Class.method}, as results name it ({@link dev.crossover.results.BenchmarkResult#shortName()}). */
    public String shortName() {
        return className + "." + method;
    }
}
