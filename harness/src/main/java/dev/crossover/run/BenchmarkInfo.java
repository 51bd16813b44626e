package dev.crossover.run;

import dev.crossover.claims.Serves;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.options.TimeValue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One benchmark method in one mode, as JMH's generated list declares it, with the claims its class
 * serves ({@link Serves}).
 *
 * @param className          fully qualified benchmark class
 * @param method             benchmark method
 * @param mode               JMH mode of this entry (a method declaring several modes has one entry each)
 * @param params             declared {@code @Param} values, in declaration order
 * @param serves             claim and crossover IDs of the class, empty when unannotated
 * @param forks              {@code @Fork} value, or null
 * @param warmupIterations   {@code @Warmup(iterations)}, or null
 * @param warmupSeconds      {@code @Warmup(time)} in seconds, or null
 * @param measurementIterations {@code @Measurement(iterations)}, or null
 * @param measurementSeconds {@code @Measurement(time)} in seconds, or null
 * @param quickParams        the values the quick preset keeps of some params ({@link QuickGrid}), empty when unannotated
 * @param quickMethods       the methods the quick preset runs of the class ({@link QuickGrid#methods()}), empty for all
 * @param setupSeconds       wall time a fork spends outside its iterations beyond a JVM's start ({@link SetupCost}), 0 when unannotated
 */
public record BenchmarkInfo(String className, String method, Mode mode, Map<String, List<String>> params,
                            List<String> serves, Integer forks, Integer warmupIterations, Double warmupSeconds,
                            Integer measurementIterations, Double measurementSeconds, Map<String, List<String>> quickParams,
                            List<String> quickMethods, double setupSeconds) {

    public BenchmarkInfo {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        params.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        params = java.util.Collections.unmodifiableMap(copy);
        serves = List.copyOf(serves);
        Map<String, List<String>> quick = new LinkedHashMap<>();
        (quickParams == null ? Map.<String, List<String>>of() : quickParams).forEach((k, v) -> quick.put(k, List.copyOf(v)));
        quickParams = java.util.Collections.unmodifiableMap(quick);
        quickMethods = quickMethods == null ? List.of() : List.copyOf(quickMethods);
        if (!(setupSeconds >= 0)) {
            throw new IllegalArgumentException(className + ": setup cost must be >= 0 seconds, got " + setupSeconds);
        }
    }

    /** A benchmark with only the fields plans need (tests). */
    public static BenchmarkInfo of(String className, String method, Mode mode, Map<String, List<String>> params,
                                   List<String> serves) {
        return new BenchmarkInfo(className, method, mode, params, serves, null, null, null, null, null, Map.of(), List.of(), 0);
    }

    /** From JMH's list entry; {@code serves} and the quick and setup facts are read from the class by the caller. */
    static BenchmarkInfo from(BenchmarkListEntry e, List<String> serves, Map<String, List<String>> quickParams,
                              List<String> quickMethods, double setupSeconds) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (e.getParams().hasValue()) {
            for (Map.Entry<String, String[]> p : e.getParams().get().entrySet()) {
                params.put(p.getKey(), Arrays.asList(p.getValue()));
            }
        }
        String qname = e.getUsername();
        String method = qname.substring(qname.lastIndexOf('.') + 1);
        return new BenchmarkInfo(e.getUserClassQName(), method, e.getMode(), params, serves,
                e.getForks().orElse(null), e.getWarmupIterations().orElse(null), seconds(e.getWarmupTime().orElse(null)),
                e.getMeasurementIterations().orElse(null), seconds(e.getMeasurementTime().orElse(null)), quickParams,
                quickMethods, setupSeconds);
    }

    private static Double seconds(TimeValue t) {
        return t == null ? null : t.convertTo(java.util.concurrent.TimeUnit.MILLISECONDS) / 1000.0;
    }

    /** {@code CpuBoundBench}. */
    public String simpleClassName() {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    /** {@code CpuBoundBench.poolSweep}, the name users filter on. */
    public String shortName() {
        return simpleClassName() + "." + method;
    }
}
