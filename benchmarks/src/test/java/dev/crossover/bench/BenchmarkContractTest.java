package dev.crossover.bench;

import dev.crossover.analysis.Serves;
import dev.crossover.results.ParamNames;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rules the analysis relies on: every benchmark class says what it serves, with real IDs, and uses the agreed param names. */
class BenchmarkContractTest {

    private static List<Class<?>> benchmarkClasses() throws IOException, URISyntaxException, ClassNotFoundException {
        Path dir = Path.of(BenchmarkContractTest.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolveSibling("classes").resolve("dev/crossover/bench");
        List<Class<?>> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                String n = f.getFileName().toString();
                if (n.endsWith(".class") && !n.contains("$") && !n.contains("jmhType")) {
                    Class<?> c = Class.forName("dev.crossover.bench." + n.substring(0, n.length() - 6));
                    for (Method m : c.getDeclaredMethods()) {
                        if (m.isAnnotationPresent(Benchmark.class)) {
                            found.add(c);
                            break;
                        }
                    }
                }
            }
        }
        return found;
    }

    private static Set<String> claimIds() throws IOException {
        Path claims = Path.of("").toAbsolutePath();
        while (claims != null && !Files.isRegularFile(claims.resolve("notes/CLAIMS.md"))) {
            claims = claims.getParent();
        }
        assertTrue(claims != null, "notes/CLAIMS.md not found above " + Path.of("").toAbsolutePath());
        Set<String> ids = new TreeSet<>();
        Matcher m = Pattern.compile("^\\| ([CX]\\d+) \\|", Pattern.MULTILINE)
                .matcher(Files.readString(claims.resolve("notes/CLAIMS.md")));
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    @Test
    void everyBenchmarkClassServesKnownClaimsOrCrossovers() throws Exception {
        Set<String> known = claimIds();
        assertTrue(known.contains("C5") && known.contains("X6"), "CLAIMS.md parsed: " + known);
        List<Class<?>> classes = benchmarkClasses();
        assertFalse(classes.isEmpty());
        for (Class<?> c : classes) {
            Serves s = c.getAnnotation(Serves.class);
            assertTrue(s != null && s.value().length > 0, c.getSimpleName() + " has no @Serves");
            for (String id : s.value()) {
                assertTrue(known.contains(id), c.getSimpleName() + " serves '" + id + "', which CLAIMS.md does not define");
            }
        }
    }

    /**
     * The classes JMH will really run (its generated {@code META-INF/BenchmarkList}, what
     * {@code benchmarks.jar} lists) with the IDs each one's {@code @Serves} names.
     */
    private static Map<String, List<String>> servesOfListedBenchmarks() throws IOException, ClassNotFoundException {
        Map<String, List<String>> serves = new LinkedHashMap<>();
        try (InputStream in = BenchmarkContractTest.class.getResourceAsStream(BenchmarkList.BENCHMARK_LIST)) {
            assertNotNull(in, BenchmarkList.BENCHMARK_LIST + " is not on the class path: the JMH annotation processor did not run");
            for (BenchmarkListEntry e : BenchmarkList.readBenchmarkList(in)) {
                String name = e.getUserClassQName();
                if (!serves.containsKey(name)) {
                    Serves s = Class.forName(name, false, BenchmarkContractTest.class.getClassLoader()).getAnnotation(Serves.class);
                    serves.put(name, s == null ? List.of() : List.of(s.value()));
                }
            }
        }
        return serves;
    }

    /** IDs of {@code ids} that no class of {@code servesByClass} serves, in order. */
    static Set<String> unserved(Set<String> ids, Map<String, List<String>> servesByClass) {
        Set<String> left = new TreeSet<>(ids);
        servesByClass.values().forEach(left::removeAll);
        return left;
    }

    @Test
    void everyClaimAndCrossoverIsServedByAListedBenchmark() throws Exception {
        Set<String> known = claimIds();
        Set<String> expected = new TreeSet<>();
        for (int i = 1; i <= 16; i++) {
            expected.add("C" + i);
        }
        for (int i = 1; i <= 6; i++) {
            expected.add("X" + i);
        }
        assertTrue(known.containsAll(expected), "CLAIMS.md lost IDs: parsed " + known + ", expected at least " + expected);
        Map<String, List<String>> serves = servesOfListedBenchmarks();
        assertTrue(serves.size() > 10, "BenchmarkList names only " + serves.keySet());
        for (Map.Entry<String, List<String>> e : serves.entrySet()) {
            assertFalse(e.getValue().isEmpty(), e.getKey() + " is in BenchmarkList but has no @Serves; add @Serves({...}) naming CLAIMS.md IDs");
            for (String id : e.getValue()) {
                assertTrue(known.contains(id), e.getKey() + " serves '" + id + "', which CLAIMS.md does not define");
            }
        }
        assertEquals(Set.of(), unserved(known, serves),
                "claims or crossovers of CLAIMS.md that no benchmark in BenchmarkList serves; add @Serves to the benchmark that tests them");
    }

    @Test
    void aClaimWhoseLastBenchmarkIsGoneIsReported() throws Exception {
        Set<String> known = claimIds();
        Map<String, List<String>> serves = servesOfListedBenchmarks();
        // C9 has exactly one benchmark class; without it C9 must show up as unserved.
        List<String> c9 = serves.entrySet().stream().filter(e -> e.getValue().contains("C9")).map(Map.Entry::getKey).toList();
        assertEquals(List.of(QueueSemanticsBench.class.getName()), c9);
        serves.remove(QueueSemanticsBench.class.getName());
        assertEquals(Set.of("C9"), unserved(known, serves));
    }

    @Test
    void everyParamUsesAnAgreedName() throws Exception {
        Set<String> agreed = new TreeSet<>();
        for (Field f : ParamNames.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                agreed.add((String) f.get(null));
            }
        }
        int params = 0;
        for (Class<?> c : benchmarkClasses()) {
            List<Class<?>> states = new ArrayList<>(List.of(c));
            states.addAll(List.of(c.getDeclaredClasses()));
            for (Class<?> s : states) {
                for (Field f : s.getFields()) {
                    if (f.isAnnotationPresent(Param.class)) {
                        params++;
                        assertTrue(agreed.contains(f.getName()), s.getName() + "." + f.getName()
                                + " is not a ParamNames constant " + agreed + "; the analysis would not see it");
                    }
                }
            }
        }
        assertTrue(params > 10, "found only " + params + " @Param fields");
    }

    @Test
    void poolSizeParamsResolve() throws Exception {
        for (Class<?> c : benchmarkClasses()) {
            for (Class<?> s : Stream.concat(Stream.of(c), Stream.of(c.getDeclaredClasses())).toList()) {
                for (Field f : s.getFields()) {
                    if (f.getName().equals(ParamNames.POOL_SIZE)) {
                        for (String v : f.getAnnotation(Param.class).value()) {
                            if (!v.equals("virtual")) {
                                assertTrue(Bench.size(v, 9) >= 1, v);
                            }
                        }
                    }
                }
            }
        }
        assertEquals(Bench.BUDGET.cores(), Bench.size("cores", 0));
    }
}
