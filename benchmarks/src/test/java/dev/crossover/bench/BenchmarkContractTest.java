package dev.crossover.bench;

import dev.crossover.analysis.Serves;
import dev.crossover.results.ParamNames;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
