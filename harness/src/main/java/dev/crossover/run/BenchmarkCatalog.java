package dev.crossover.run;

import dev.crossover.claims.Serves;
import dev.crossover.analysis.ServesMap;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.io.PrintStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The benchmarks on the class path, read from JMH's own {@code META-INF/BenchmarkList} and tied to
 * claims through {@link Serves} on each class, never through names.
 */
public final class BenchmarkCatalog {

    private BenchmarkCatalog() {
    }

    /**
     * Every benchmark JMH generated on this class path.
     *
     * @throws IllegalStateException when there is none (the benchmarks module is not on the class path)
     */
    public static List<BenchmarkInfo> discover() {
        List<BenchmarkInfo> out = new ArrayList<>();
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        for (BenchmarkListEntry e : BenchmarkList.defaultList()
                .getAll(OutputFormatFactory.createFormatInstance(quiet, VerboseMode.SILENT), List.of())) {
            String c = e.getUserClassQName();
            out.add(BenchmarkInfo.from(e, servesOf(c), quickGridOf(c), quickMethodsOf(c), setupSecondsOf(c)));
        }
        if (out.isEmpty()) {
            throw new IllegalStateException("no JMH benchmarks on the class path (" + BenchmarkList.BENCHMARK_LIST
                    + " missing): run from the benchmarks module or with benchmarks/target/benchmarks.jar on the class path");
        }
        out.sort(Comparator.comparing(BenchmarkInfo::className).thenComparing(BenchmarkInfo::method)
                .thenComparing(b -> b.mode().ordinal()));
        return out;
    }

    static List<String> servesOf(String className) {
        List<String> ids = ServesMap.annotated(className);
        return ids == null ? List.of() : ids;
    }

    /**
     * The params and values {@link QuickGrid} gives class {@code className}; empty when it is unannotated or not on the class path.
     *
     * @throws IllegalStateException naming the class and the entry when an entry is not {@code param=v1,v2}
     */
    static Map<String, List<String>> quickGridOf(String className) {
        QuickGrid g = annotation(className, QuickGrid.class);
        Map<String, List<String>> out = new java.util.LinkedHashMap<>();
        for (String entry : g == null ? new String[0] : g.value()) {
            int eq = entry.indexOf('=');
            List<String> values = eq < 0 ? List.of() : java.util.Arrays.stream(entry.substring(eq + 1).split(","))
                    .map(String::trim).filter(v -> !v.isEmpty()).toList();
            String name = eq < 0 ? "" : entry.substring(0, eq).trim();
            if (name.isEmpty() || values.isEmpty() || out.containsKey(name)) {
                throw new IllegalStateException(className + ": @QuickGrid entry '" + entry + "' is not 'param=v1,v2' naming one "
                        + "param once with at least one value; write it like \"rate=1000,5000\"");
            }
            out.put(name, values);
        }
        return out;
    }

    /** The methods {@link QuickGrid#methods()} names for class {@code className}; empty for all, unannotated or not on the class path. */
    static List<String> quickMethodsOf(String className) {
        QuickGrid g = annotation(className, QuickGrid.class);
        if (g == null) {
            return List.of();
        }
        List<String> out = java.util.Arrays.stream(g.methods()).map(String::trim).toList();
        if (out.stream().anyMatch(String::isEmpty) || out.stream().distinct().count() < out.size()) {
            throw new IllegalStateException(className + ": @QuickGrid methods " + out + " name a method twice or are blank; "
                    + "name each method quick runs once, e.g. methods = {\"jvmFifo\", \"shmFifo\"}");
        }
        return out;
    }

    /** The seconds per fork {@link SetupCost} gives class {@code className}; 0 when unannotated or not on the class path. */
    static double setupSecondsOf(String className) {
        SetupCost c = annotation(className, SetupCost.class);
        if (c != null && !(c.seconds() >= 0)) {
            throw new IllegalStateException(className + ": @SetupCost(seconds = " + c.seconds() + ") must be >= 0");
        }
        return c == null ? 0 : c.seconds();
    }

    private static <A extends java.lang.annotation.Annotation> A annotation(String className, Class<A> type) {
        try {
            return Class.forName(className, false, BenchmarkCatalog.class.getClassLoader()).getAnnotation(type);
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    /** {@code {"CpuBoundBench": ["C4", "X1"]}}: which class serves which claims, for the report. */
    public static Map<String, List<String>> servesByClass(List<BenchmarkInfo> benchmarks) {
        Map<String, List<String>> m = new TreeMap<>();
        for (BenchmarkInfo b : benchmarks) {
            m.putIfAbsent(b.simpleClassName(), b.serves());
        }
        return m;
    }
}
