package dev.crossover.bench;

import dev.crossover.analysis.Analysis;
import dev.crossover.report.CPythonSection;
import dev.crossover.results.BenchmarkResult;
import dev.crossover.results.JmhJson;
import dev.crossover.results.RunData;
import dev.crossover.run.CPythonGroup;
import dev.crossover.run.GroupFailure;
import dev.crossover.run.Preset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The CPython module ({@code src/main/python}): its own unittest suite, the files packaged into benchmarks.jar,
 * and one tiny run end to end through the harness (plan, run against the suite's delay server, JMH reader,
 * report section). Skipped, saying so, where no python3 is on the PATH.
 */
class CPythonModuleTest {

    static final Path SOURCES = Path.of("src", "main", "python");

    @TempDir
    Path tmp;

    Path python;

    @BeforeEach
    void needsPython3() throws Exception {
        python = Stream.of(System.getenv("PATH").split(java.io.File.pathSeparator)).map(d -> Path.of(d, "python3"))
                .filter(Files::isExecutable).findFirst().orElse(null);
        assumeTrue(python != null, "no python3 on the PATH: the CPython module's tests are skipped");
        CPythonGroup.inspect(python, "python3 on the PATH");
    }

    @AfterEach
    void nothingLeft() {
        assertEquals(List.of(), ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).map(ProcessHandle::pid).toList());
    }

    @Test
    void theModulesOwnTestsPass() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(python.toString(), "-m", "unittest", "discover", "-s", "tests")
                .directory(SOURCES.toFile()).redirectErrorStream(true);
        pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), "python3 -m unittest did not finish");
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("OK"), out);
    }

    @Test
    void everyModuleFileIsPackaged() throws IOException {
        Set<String> sources;
        try (Stream<Path> s = Files.list(SOURCES.resolve(CPythonGroup.MODULE))) {
            sources = s.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".py")).collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(sources, new TreeSet<>(CPythonGroup.MODULE_FILES));
        for (String f : CPythonGroup.MODULE_FILES) {
            assertNotNull(getClass().getClassLoader().getResource("python/" + CPythonGroup.MODULE + "/" + f), f + " not on the class path");
        }
    }

    @Test
    void quickRunsOneValueOfAClaimsOnlyProgramUnlessTheRunNamesItsClaim() throws Exception {
        CPythonGroup plain = CPythonGroup.plan(python.toString(), Preset.QUICK, "Lock\\.lock$|PoolMap\\.map$", List.of(), 2, null);
        CPythonGroup asked = CPythonGroup.plan(python.toString(), Preset.QUICK, "Lock\\.lock$|PoolMap\\.map$", List.of("C3", "X5"), 2, null);
        java.util.Map<String, Integer> a = new java.util.TreeMap<>();
        plain.selected().forEach(l -> a.put(l.benchmark(), l.configurations()));
        java.util.Map<String, Integer> b = new java.util.TreeMap<>();
        asked.selected().forEach(l -> b.put(l.benchmark(), l.configurations()));
        assertEquals(java.util.Map.of("cpython.Lock.lock", 1, "cpython.PoolMap.map", 5), a, "C3 only: one value; X5: every value");
        assertEquals(java.util.Map.of("cpython.Lock.lock", 3, "cpython.PoolMap.map", 5), b, "--claims C3 sweeps the lock's threads");
    }

    @Test
    void aTinyRunGoesThroughTheHarnessIntoTheReport() throws Exception {
        CPythonGroup g = CPythonGroup.plan(python.toString(), Preset.SMOKE,
                "PriorityQueue\\.|RoundTrip\\.processPipe|BlockingIo\\.threadPool$", List.of(), 2, null).machineLock(false);
        assertEquals(4, g.selected().size(), g.selected().toString());
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        List<GroupFailure> failures = g.run(tmp, new PrintStream(console, true, StandardCharsets.UTF_8),
                new PrintStream(log, true, StandardCharsets.UTF_8));
        assertEquals(List.of(), failures, console + "\n" + log);

        List<BenchmarkResult> rs = JmhJson.read(tmp.resolve(CPythonGroup.RESULT_FILE));
        assertEquals(4, rs.size());
        for (BenchmarkResult r : rs) {
            assertEquals(CPythonSection.FORMAT, r.jmhVersion());
            assertEquals(g.interpreter().version(), r.jdkVersion());
            assertEquals(1, r.primary().forkCount());
            assertTrue(r.primary().score() > 0, r.key());
        }
        assertTrue(Files.readString(tmp.resolve(CPythonGroup.STATUS_FILE)).contains("the suite's delay server"),
                "the I/O program used the JVM delay server");

        Analysis a = Analysis.of(RunData.load(List.of(tmp)));
        assertEquals(List.of(), a.serves().unknown(), "serves.json names the CPython classes");
        CPythonSection.Side side = CPythonSection.of(a);
        assertTrue(side.runtime().startsWith("CPython " + g.interpreter().version()), side.runtime());
        Map<String, CPythonSection.Row> rows = side.rows().stream().collect(Collectors.toMap(CPythonSection.Row::id, r -> r));
        assertTrue(rows.get("C21").why().startsWith("Fails as written in CPython"), rows.get("C21").toString());
        assertTrue(rows.get("C21").cpython().contains("`(1, seq, word)`: 0%"), rows.get("C21").cpython());
        assertTrue(rows.get("C13").cpython().contains("req/s"), rows.get("C13").cpython());
        assertTrue(rows.containsKey("C6"), rows.keySet().toString());
    }
}
