package dev.crossover.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.crossover.analysis.Analysis;
import dev.crossover.analysis.CPythonAdvisorTest;
import dev.crossover.results.RunData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CPython column of the report: figures beside the JVM's with a reason, or "not measured" with why. */
class CPythonSectionTest {

    @TempDir
    Path dir;

    static final Path JVM_RUN = Path.of("src/test/resources/fixtures/run-2core");

    private Path copyJvmRun() throws IOException {
        try (var files = Files.list(JVM_RUN)) {
            for (Path f : files.toList()) {
                if (Files.isRegularFile(f)) {
                    Files.copy(f, dir.resolve(f.getFileName()));
                }
            }
        }
        return dir;
    }

    @Test
    void aRunThatFoundNoPythonSaysNotMeasuredAndWhy() throws Exception {
        copyJvmRun();
        Files.writeString(dir.resolve("cpython.json"), "{\"measured\": false, \"why\": \"no python3 on the PATH\"}");
        Analysis a = Analysis.of(RunData.load(List.of(dir)));
        CPythonSection.Side s = CPythonSection.of(a);
        assertNull(s.runtime());
        assertEquals("no python3 on the PATH", s.notMeasured());
        String md = MarkdownRenderer.render(ReportGenerator.build(a, dev.crossover.analysis.DecisionMap.of(a), Files.createDirectories(dir.resolve("charts")), new java.util.ArrayList<>(), null));
        assertTrue(md.contains("**CPython: not measured** (no python3 on the PATH)"), md);
    }

    @Test
    void aRunThatSaysNothingAboutPythonGetsNoSection() throws Exception {
        assertNull(CPythonSection.of(Analysis.of(RunData.load(List.of(JVM_RUN)))));
    }

    @Test
    void c4PutsTheGilRatioBesideTheJvmThreads() throws Exception {
        copyJvmRun();
        ArrayNode a = CPythonAdvisorTest.JSON.createArrayNode();
        a.add(CPythonAdvisorTest.result("cpython.CpuBound.singleThread", "thrpt", "ops/s", Map.of("taskIterations", "10000"), 600));
        a.add(CPythonAdvisorTest.result("cpython.CpuBound.threads", "thrpt", "ops/s", Map.of("taskIterations", "10000", "workers", "2"), 500));
        a.add(CPythonAdvisorTest.result("cpython.CpuBound.processes", "thrpt", "ops/s", Map.of("taskIterations", "10000", "workers", "2"), 1080));
        CPythonAdvisorTest.JSON.writeValue(dir.resolve("jmh-cpython.json").toFile(), a);
        Analysis an = Analysis.of(RunData.load(List.of(dir)));
        CPythonSection.Side s = CPythonSection.of(an);
        assertEquals("CPython 3.11.7 (GIL enabled)", s.runtime());
        Map<String, CPythonSection.Row> rows = s.rows().stream().collect(Collectors.toMap(CPythonSection.Row::id, r -> r));
        CPythonSection.Row c4 = rows.get("C4");
        assertTrue(c4.cpython().startsWith("threads at 2 workers: 0.833× ["), c4.cpython());
        assertTrue(c4.cpython().contains("processes: 1.8× ["), c4.cpython());
        assertTrue(c4.why().startsWith("Holds in CPython with the GIL"), c4.why());
        // the JVM side comes from the same run's CpuBoundBench, so the JVM's figure is in the row too
        assertTrue(c4.jvm().contains("one thread") || c4.jvm().startsWith("verdict"), c4.jvm());
        assertTrue(an.serves().unknown().contains("CpuBound"), "a loose jmh-cpython.json without serves.json entries is reported as such");
    }

    @Test
    void x5ChartPutsCPythonCurvesBesideTheJvmPoolsAndIsDrawnWithTheReport() throws Exception {
        copyJvmRun();
        ArrayNode a = CPythonAdvisorTest.JSON.createArrayNode();
        for (int chunk : new int[] {1, 16, 256}) {
            a.add(CPythonAdvisorTest.result("cpython.PoolMap.map", "thrpt", "ops/s", Map.of("chunksize", String.valueOf(chunk)), 30000.0 * chunk / (1 + chunk / 16.0)));
        }
        CPythonAdvisorTest.JSON.writeValue(dir.resolve("jmh-cpython.json").toFile(), a);
        Analysis an = Analysis.of(RunData.load(List.of(dir)));
        List<dev.crossover.analysis.ChartSpec> charts = CPythonSection.charts(an);
        assertEquals(1, charts.size());
        List<String> labels = charts.getFirst().curves().stream().map(dev.crossover.analysis.Curve::label).toList();
        assertTrue(labels.contains("CPython Pool.map"), labels.toString());
        assertTrue(labels.stream().anyMatch(l -> l.startsWith("JVM ")), "the run's PoolMapBench curves are on the same chart: " + labels);
        List<Path> drawn = new java.util.ArrayList<>();
        String md = MarkdownRenderer.render(ReportGenerator.build(an, dev.crossover.analysis.DecisionMap.of(an), Files.createDirectories(dir.resolve("charts")), drawn, null));
        assertTrue(md.contains("![X5 — map throughput against chunk size, CPython beside the JVM](charts/cpython-x5-chunksize.png)"), md);
        assertTrue(Files.size(dir.resolve("charts/cpython-x5-chunksize.png")) > 1000);
    }
}
