package dev.crossover.claims;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A reference to the JMH results a rule reads: a benchmark method of a class, optionally narrowed
 * to some param values. Rules name their inputs only through these references, and a contract
 * test in the benchmarks module resolves every reference against JMH's {@code META-INF/BenchmarkList},
 * so a renamed method or class fails the build instead of silently emptying a verdict.
 *
 * @param benchmarkClass simple class name, e.g. {@code RoundTripBench}
 * @param method         benchmark method name, e.g. {@code pipeFramed}
 * @param params         param values a result must have (a subset of its params); empty: any
 */
public record BenchRef(String benchmarkClass, String method, Map<String, String> params) {

    public BenchRef {
        if (benchmarkClass == null || benchmarkClass.isBlank() || benchmarkClass.contains(".")) {
            throw new IllegalArgumentException("benchmarkClass must be a simple class name, got '" + benchmarkClass + "'");
        }
        if (method == null || method.isBlank() || method.contains(".")) {
            throw new IllegalArgumentException("method must be a method name, got '" + method + "'");
        }
        params = Collections.unmodifiableMap(new TreeMap<>(params));
    }

    /** Every result of {@code benchmarkClass.method}. */
    public static BenchRef of(String benchmarkClass, String method) {
        return new BenchRef(benchmarkClass, method, Map.of());
    }

    /** This reference narrowed to results whose param {@code name} is {@code value}. */
    public BenchRef with(String name, String value) {
        Map<String, String> p = new LinkedHashMap<>(params);
        p.put(name, value);
        return new BenchRef(benchmarkClass, method, p);
    }

    /** {@code Class.method}, as JMH's short names and reports write it. */
    public String shortName() {
        return benchmarkClass + "." + method;
    }

    /**
     * True when a result of {@code shortName} (Class.method) with {@code resultParams} is one this
     * reference names: same class and method, and every param given here has the same value there.
     */
    public boolean matches(String resultShortName, Map<String, String> resultParams) {
        if (!shortName().equals(resultShortName)) {
            return false;
        }
        for (Map.Entry<String, String> e : params.entrySet()) {
            if (!e.getValue().equals(resultParams.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return shortName() + (params.isEmpty() ? "" : " " + params);
    }
}
