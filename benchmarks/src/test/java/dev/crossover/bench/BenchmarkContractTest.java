package dev.crossover.bench;

import dev.crossover.analysis.CrossoverRules;
import dev.crossover.analysis.claim.ClaimRule;
import dev.crossover.analysis.claim.ClaimRules;
import dev.crossover.claims.BenchRef;
import dev.crossover.claims.BenchmarkNeeds;
import dev.crossover.claims.ClaimsCatalog;
import dev.crossover.claims.Serves;
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
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rules the analysis relies on: every benchmark class says what it serves, with real IDs, and uses the agreed param
 * names; every benchmark a claim or crossover rule names resolves in JMH's BenchmarkList.
 */
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

    /** Every claim and crossover ID, from the one catalog (a copy of notes/CLAIMS.md in the harness jar). */
    private static Set<String> claimIds() {
        return new TreeSet<>(ClaimsCatalog.bundled().ids());
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

    /** JMH's generated {@code META-INF/BenchmarkList}: what {@code benchmarks.jar} really runs. */
    private static List<BenchmarkListEntry> benchmarkList() throws IOException {
        try (InputStream in = BenchmarkContractTest.class.getResourceAsStream(BenchmarkList.BENCHMARK_LIST)) {
            assertNotNull(in, BenchmarkList.BENCHMARK_LIST + " is not on the class path: the JMH annotation processor did not run");
            return List.copyOf(BenchmarkList.readBenchmarkList(in));
        }
    }

    /** The classes JMH will really run with the IDs each one's {@code @Serves} names. */
    private static Map<String, List<String>> servesOfListedBenchmarks() throws IOException, ClassNotFoundException {
        Map<String, List<String>> serves = new LinkedHashMap<>();
        for (BenchmarkListEntry e : benchmarkList()) {
            String name = e.getUserClassQName();
            if (!serves.containsKey(name)) {
                Serves s = Class.forName(name, false, BenchmarkContractTest.class.getClassLoader()).getAnnotation(Serves.class);
                serves.put(name, s == null ? List.of() : List.of(s.value()));
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

    /** The crossover rules, each with the benchmarks it needs. */
    static List<BenchmarkNeeds> crossoverRules() {
        return List.copyOf(dev.crossover.analysis.CrossoverRules.all());
    }

    /** Every rule whose references the contract resolves: the claim rules, then the crossover rules. */
    static List<BenchmarkNeeds> rules() {
        List<BenchmarkNeeds> out = new ArrayList<>(ClaimRules.all());
        out.addAll(crossoverRules());
        return out;
    }

    /** The rule's class, for messages. */
    private static String ruleName(BenchmarkNeeds rule) {
        String n = rule.getClass().getSimpleName();
        return n.isEmpty() ? rule.getClass().getName() : n;
    }

    /** The simple class name of a fully qualified one. */
    private static String simple(String fqcn) {
        return fqcn.substring(fqcn.lastIndexOf('.') + 1);
    }

    /**
     * What does not resolve: for each reference of each rule, a benchmark of that class and method in
     * the list, each param it names declared there (and, where the list gives the values, one of them),
     * and, for a claim rule, a class serving the claim or one whose experiment it reads.
     */
    static List<String> unresolved(List<? extends BenchmarkNeeds> rules, List<BenchmarkListEntry> list,
                                   Map<String, List<String>> serves) {
        List<String> problems = new ArrayList<>();
        for (BenchmarkNeeds rule : rules) {
            List<String> reads = new ArrayList<>(List.of(rule.id()));
            if (rule instanceof ClaimRule c) {
                reads.addAll(c.alsoReads());
            }
            for (BenchRef ref : rule.needs()) {
                List<BenchmarkListEntry> hits = list.stream().filter(e -> simple(e.getUserClassQName()).equals(ref.benchmarkClass())
                        && e.getUsername().endsWith("." + ref.method())).toList();
                if (hits.isEmpty()) {
                    problems.add(rule.id() + " (" + ruleName(rule) + ") needs " + ref.shortName()
                            + ", which META-INF/BenchmarkList does not list; rename the reference or the benchmark");
                    continue;
                }
                for (Map.Entry<String, String> p : ref.params().entrySet()) {
                    boolean declared = hits.stream().anyMatch(e -> e.getParams().hasValue() && e.getParams().get().containsKey(p.getKey()));
                    boolean valued = hits.stream().anyMatch(e -> e.getParams().hasValue() && e.getParams().get().containsKey(p.getKey())
                            && (e.getParams().get().get(p.getKey()).length == 0
                            || List.of(e.getParams().get().get(p.getKey())).contains(p.getValue())));
                    if (!declared || !valued) {
                        problems.add(rule.id() + " (" + ruleName(rule) + ") needs " + ref + ", but " + ref.shortName()
                                + (declared ? " has no value '" + p.getValue() + "' for @Param " + p.getKey() : " has no @Param " + p.getKey()));
                    }
                }
                String cls = hits.getFirst().getUserClassQName();
                if (rule.id().startsWith("C") && serves.getOrDefault(cls, List.of()).stream().noneMatch(reads::contains)) {
                    problems.add(rule.id() + " (" + ruleName(rule) + ") needs " + ref.shortName() + ", but "
                            + ref.benchmarkClass() + " @Serves none of " + reads + "; add the ID to its @Serves or to the rule's alsoReads()");
                }
            }
        }
        return problems;
    }

    @Test
    void everyReferenceOfEveryRuleResolvesAgainstTheBenchmarkList() throws Exception {
        List<BenchmarkNeeds> rules = rules();
        assertEquals(ClaimsCatalog.bundled().claimIds().size() + crossoverRules().size(), rules.size());
        assertEquals(List.of(), unresolved(rules, benchmarkList(), servesOfListedBenchmarks()));
    }

    @Test
    void aReferenceToAMissingBenchmarkOrParamIsNamedWithItsRule() throws Exception {
        BenchmarkNeeds stale = new BenchmarkNeeds() {
            @Override
            public String id() {
                return "C6";
            }

            @Override
            public List<BenchRef> needs() {
                return List.of(BenchRef.of("SwitchCostBench", "pipeThreads"), BenchRef.of("SwitchCostBench", "pipeThreadsOld"),
                        BenchRef.of("IoBoundBench", "requests").with(ParamNames.EXECUTOR, "NO_SUCH_EXECUTOR"),
                        BenchRef.of("LockBench", "monitor"));
            }
        };
        List<String> problems = unresolved(List.of(stale), benchmarkList(), servesOfListedBenchmarks());
        assertEquals(4, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("C6 (") && problems.get(0).contains("SwitchCostBench.pipeThreadsOld"), problems.get(0));
        assertTrue(problems.get(1).contains("no value 'NO_SUCH_EXECUTOR' for @Param executor"), problems.get(1));
        assertTrue(problems.get(2).contains("IoBoundBench @Serves none of [C6]"), problems.get(2));
        assertTrue(problems.get(3).contains("LockBench @Serves none of [C6]"), problems.get(3));
    }

    @Test
    void everyClaimAndCrossoverIsServedExactlyWhereItsRuleReadsABenchmark() throws Exception {
        Set<String> known = claimIds();
        Map<String, List<String>> serves = servesOfListedBenchmarks();
        assertTrue(serves.size() > 10, "BenchmarkList names only " + serves.keySet());
        for (Map.Entry<String, List<String>> e : serves.entrySet()) {
            assertFalse(e.getValue().isEmpty(), e.getKey() + " is in BenchmarkList but has no @Serves; add @Serves({...}) naming CLAIMS.md IDs");
            for (String id : e.getValue()) {
                assertTrue(known.contains(id), e.getKey() + " serves '" + id + "', which CLAIMS.md does not define");
            }
        }
        Set<String> unserved = unserved(known, serves);
        for (BenchmarkNeeds rule : rules()) {
            if (rule.needs().isEmpty()) {
                assertTrue(unserved.contains(rule.id()), rule.id() + " is served by a benchmark now; give it a rule that reads it");
            } else {
                assertFalse(unserved.contains(rule.id()), rule.id() + " reads benchmarks, but no benchmark in BenchmarkList serves it; add @Serves");
            }
        }
        if (crossoverRules().isEmpty()) {
            for (String id : CrossoverRules.ids()) {
                assertFalse(unserved.contains(id), id + " has a crossover rule, but no benchmark in BenchmarkList serves it; add @Serves");
            }
        }
    }

    @Test
    void aClaimWhoseLastBenchmarkIsGoneIsReported() throws Exception {
        Set<String> known = claimIds();
        Map<String, List<String>> serves = servesOfListedBenchmarks();
        Set<String> before = unserved(known, serves);
        // C9 has exactly one benchmark class; without it C9 must show up as unserved.
        List<String> c9 = serves.entrySet().stream().filter(e -> e.getValue().contains("C9")).map(Map.Entry::getKey).toList();
        assertEquals(List.of(QueueSemanticsBench.class.getName()), c9);
        serves.remove(QueueSemanticsBench.class.getName());
        Set<String> after = unserved(known, serves);
        after.removeAll(before);
        assertEquals(Set.of("C9"), after);
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
