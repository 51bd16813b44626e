package dev.crossover.compare;

import dev.crossover.results.BenchmarkResult;
import dev.crossover.results.RunData;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

import static dev.crossover.results.RunMetadataFile.Key.*;

/**
 * Whether two runs measured under the same conditions: JDK, JVM flags, CPU budget and model
 * (from {@code metadata.json} when both have one) and JMH settings (from every paired result).
 */
public final class Comparability {

    private Comparability() {
    }

    /** Metadata fields that must agree, as dotted paths into {@code metadata.json}. */
    static final List<String> METADATA_FIELDS = List.of(PRESET, path(JDK, JDK_VERSION), path(JDK, JDK_VENDOR), JVM_ARGS,
            CHILD_JVM_ARGS, CPU_MODEL, path(CPU_BUDGET, CORES));

    private static final Map<String, Function<BenchmarkResult, Object>> RESULT_FIELDS = new LinkedHashMap<>();

    static {
        RESULT_FIELDS.put("JDK (jdkVersion)", BenchmarkResult::jdkVersion);
        RESULT_FIELDS.put("VM (vmName)", BenchmarkResult::vmName);
        RESULT_FIELDS.put("VM version (vmVersion)", BenchmarkResult::vmVersion);
        RESULT_FIELDS.put("JVM flags (jvmArgs)", r -> stableArgs(r.jvmArgs()));
        RESULT_FIELDS.put("forks", BenchmarkResult::forks);
        RESULT_FIELDS.put("threads", BenchmarkResult::threads);
        RESULT_FIELDS.put("warmup iterations", BenchmarkResult::warmupIterations);
        RESULT_FIELDS.put("warmup time", BenchmarkResult::warmupTime);
        RESULT_FIELDS.put("measurement iterations", BenchmarkResult::measurementIterations);
        RESULT_FIELDS.put("measurement time", BenchmarkResult::measurementTime);
    }

    /** JMH passes a temporary compiler-hints file to each fork; its name differs from run to run. */
    static List<String> stableArgs(List<String> args) {
        return args.stream().filter(a -> !a.startsWith("-XX:CompileCommandFile=")).toList();
    }

    /** Blocking differences, one line each: what differs, the two values, how many benchmarks. */
    public static List<String> differences(RunData base, RunData head,
                                           List<BenchmarkResult[]> pairs) {
        List<String> out = new ArrayList<>();
        if (base.metadata().present() && head.metadata().present()) {
            for (String f : METADATA_FIELDS) {
                String a = base.metadata().field(f);
                String b = head.metadata().field(f);
                if (a != null && b != null && !a.equals(b)) {
                    out.add("metadata " + f + ": base " + a + " vs head " + b);
                }
            }
        }
        for (Map.Entry<String, Function<BenchmarkResult, Object>> e : RESULT_FIELDS.entrySet()) {
            Map<String, Integer> seen = new TreeMap<>();
            for (BenchmarkResult[] p : pairs) {
                Object a = e.getValue().apply(p[0]);
                Object b = e.getValue().apply(p[1]);
                if (!Objects.equals(a, b)) {
                    seen.merge("base " + a + " vs head " + b, 1, Integer::sum);
                }
            }
            seen.forEach((what, n) -> out.add(e.getKey() + ": " + what + " (" + n + " benchmark" + (n == 1 ? "" : "s") + ")"));
        }
        return out;
    }

    /** Differences worth a note that do not make the runs incomparable. */
    public static List<String> notes(RunData base, RunData head, List<BenchmarkResult[]> pairs) {
        List<String> out = new ArrayList<>();
        Map<String, Integer> seen = new TreeMap<>();
        for (BenchmarkResult[] p : pairs) {
            if (!p[0].jmhVersion().equals(p[1].jmhVersion())) {
                seen.merge("JMH version: base " + p[0].jmhVersion() + " vs head " + p[1].jmhVersion(), 1, Integer::sum);
            }
        }
        out.addAll(seen.keySet());
        if (base.metadata().present() != head.metadata().present()) {
            out.add("only " + (base.metadata().present() ? "base" : "head")
                    + " has metadata.json; JDK and flags were compared from the JMH files alone");
        }
        String ca = base.metadata().commit();
        String cb = head.metadata().commit();
        if (ca != null && cb != null) {
            out.add("commits: base " + ca + ", head " + cb);
        }
        return out;
    }
}
