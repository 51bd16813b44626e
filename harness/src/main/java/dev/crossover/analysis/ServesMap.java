package dev.crossover.analysis;

import dev.crossover.claims.Serves;
import dev.crossover.results.BenchmarkResult;
import dev.crossover.results.RunData;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which claims and crossovers each benchmark class of a run serves. Read from the classes' {@link
 * Serves} annotation when they are on the class path (loaded by name, never initialised), otherwise
 * from the run's {@code serves.json}. Claims are tied to results through this map only.
 *
 * @param byClass simple class name → IDs
 * @param source  simple class name → where the IDs came from ({@code @Serves} or {@code serves.json})
 * @param unknown classes of the results found neither way
 */
public record ServesMap(Map<String, List<String>> byClass, Map<String, String> source, List<String> unknown) {

    /** Builds the map for the classes in {@code results}; {@code fromFile} is the run's serves.json (may be empty). */
    public static ServesMap of(List<BenchmarkResult> results, Map<String, List<String>> fromFile) {
        Map<String, List<String>> byClass = new LinkedHashMap<>();
        Map<String, String> source = new LinkedHashMap<>();
        List<String> unknown = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (BenchmarkResult r : results) {
            String fqcn = r.benchmark().substring(0, r.benchmark().lastIndexOf('.'));
            if (!seen.add(fqcn)) {
                continue;
            }
            String simple = r.className();
            List<String> ids = annotated(fqcn);
            if (ids != null) {
                byClass.put(simple, ids);
                source.put(simple, "@Serves");
            } else if (fromFile.containsKey(simple)) {
                byClass.put(simple, List.copyOf(fromFile.get(simple)));
                source.put(simple, RunData.SERVES_FILE);
            } else {
                unknown.add(simple);
            }
        }
        return new ServesMap(Map.copyOf(byClass), Map.copyOf(source), List.copyOf(unknown));
    }

    /** The IDs {@code @Serves} gives class {@code fqcn}, or null when it is not on the class path or not annotated. */
    public static List<String> annotated(String fqcn) {
        try {
            Class<?> c = Class.forName(fqcn, false, ServesMap.class.getClassLoader());
            Serves s = c.getAnnotation(Serves.class);
            return s == null ? null : List.of(s.value());
        } catch (ClassNotFoundException | LinkageError e) {
            // not on this class path (a report read from another machine's files): use serves.json
            return null;
        }
    }

    /** True when class {@code simpleName} serves {@code id}. */
    public boolean serves(String simpleName, String id) {
        return byClass.getOrDefault(simpleName, List.of()).contains(id);
    }

    /** The results of classes serving {@code id}. */
    public List<BenchmarkResult> resultsFor(String id, List<BenchmarkResult> results) {
        return results.stream().filter(r -> serves(r.className(), id)).toList();
    }
}
