package dev.crossover.compare;

import dev.crossover.cli.ExitCodes;
import dev.crossover.report.TrendChart;
import dev.crossover.results.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Blessing and finding baselines, the automatic comparison after a run, history lines and trend charts. */
class BaselinesAndHistoryTest {

    @TempDir
    Path tmp;

    private static Path fixture(String name) {
        try {
            return Path.of(BaselinesAndHistoryTest.class.getResource("/compare/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private Path run(String stamp, String jmhFixture, String preset, String jdk, String cpu) throws IOException {
        Path d = Files.createDirectories(tmp.resolve("results/runs/" + stamp));
        Files.copy(fixture(jmhFixture), d.resolve("jmh.json"));
        Files.writeString(d.resolve("metadata.json"), """
                {"formatVersion":1,"preset":"%s","startTime":"2026-11-27T0%s:00:00Z","commit":"c%s",
                 "jdk":{"version":"%s","vendor":"Eclipse Adoptium"},"jvmArgs":[],"childJvmArgs":[],
                 "cpuModel":"%s","cpuBudget":{"cores":2}}
                """.formatted(preset, stamp.substring(stamp.length() - 1), stamp, jdk, cpu));
        return d;
    }

    @Test
    void blessedBaselineIsFoundOnlyForTheSameSetup() throws Exception {
        Path first = run("20261127-010000", "base-1.37.json", "quick", "25.0.1", "AMD EPYC 7B13");
        Path stored = Baselines.bless(first, Baselines.defaultRoot(first));
        assertEquals(tmp.resolve("results/baseline").toRealPath(), stored.getParent().toRealPath());
        assertTrue(stored.getFileName().toString().matches("quick-25\\.0\\.1-2c-[0-9a-f]{8}"), stored.toString());
        assertTrue(Files.exists(stored.resolve("jmh.json")) && Files.exists(stored.resolve("metadata.json")));

        Path same = run("20261127-020000", "head-1.37.json", "quick", "25.0.1", "AMD EPYC 7B13");
        assertEquals(Optional.of(stored), Baselines.findMatching(same));
        assertEquals(Optional.empty(), Baselines.findMatching(run("20261127-030000", "head-1.37.json", "full", "25.0.1", "AMD EPYC 7B13")));
        assertEquals(Optional.empty(), Baselines.findMatching(run("20261127-040000", "head-1.37.json", "quick", "25.0.2", "AMD EPYC 7B13")));
        assertEquals(Optional.empty(), Baselines.findMatching(run("20261127-050000", "head-1.37.json", "quick", "25.0.1", "Intel Xeon")));

        StringWriter out = new StringWriter();
        int status = Baselines.compareWithMatching(same, CompareOptions.defaults(), new PrintWriter(out, true));
        assertEquals(ExitCodes.REGRESSION, status, out.toString());
        assertTrue(Files.readString(same.resolve("regression.md")).contains("regression"));
        assertTrue(Files.exists(same.resolve("junit.xml")) && Files.exists(same.resolve("compare.json")));
    }

    @Test
    void noBaselineSaysSoAndDoesNotFail() throws Exception {
        Path r = run("20261127-010000", "base-1.37.json", "quick", "25.0.1", "AMD EPYC");
        StringWriter out = new StringWriter();
        assertEquals(0, Baselines.compareWithMatching(r, CompareOptions.defaults(), new PrintWriter(out, true)));
        assertTrue(out.toString().startsWith("No baseline for quick-25.0.1-2c-"), out.toString());
    }

    @Test
    void smokeNeverGates() throws Exception {
        Path first = run("20261127-010000", "base-1.37.json", "smoke", "25.0.1", "AMD EPYC");
        Baselines.bless(first, Baselines.defaultRoot(first));
        Path second = run("20261127-020000", "head-1.37.json", "smoke", "25.0.1", "AMD EPYC");
        StringWriter out = new StringWriter();
        assertEquals(0, Baselines.compareWithMatching(second, CompareOptions.defaults(), new PrintWriter(out, true)));
        assertTrue(out.toString().contains("never gates") && out.toString().contains("2 regression(s)"), out.toString());
    }

    @Test
    void blessRefusesAPlainJmhFile() {
        BadInputException e = org.junit.jupiter.api.Assertions.assertThrows(BadInputException.class,
                () -> Baselines.bless(fixture("base-1.37.json"), tmp));
        assertTrue(e.getMessage().contains("base-1.37.json") && e.getMessage().contains("metadata.json"), e.getMessage());
    }

    @Test
    void historyAppendsOneLinePerRunAndDrawsTrends() throws Exception {
        Path a = run("20261127-010000", "base-1.37.json", "quick", "25.0.1", "AMD EPYC");
        Path b = run("20261127-020000", "head-1.37.json", "quick", "25.0.1", "AMD EPYC");
        Path file = History.defaultFile(a);
        assertTrue(file.toString().contains("results/history/quick-25.0.1-2c-"), file.toString());
        History.append(a, file);
        History.append(b, file);
        List<History.Entry> h = History.read(file);
        assertEquals(2, h.size());
        assertEquals(2, Files.readAllLines(file).size());
        String key = "dev.crossover.bench.CpuBoundBench.poolSweep [thrpt] {executor=THREADS,poolSize=2,taskUnits=1000}";
        assertTrue(h.get(1).results().get(key).score() < h.get(0).results().get(key).score() * 0.9);
        assertEquals("c20261127-010000", h.get(0).commit());
        List<Path> pngs = TrendChart.drawAll(h, tmp.resolve("charts"));
        assertEquals(7, pngs.size(), "one chart per key seen in any run");
        assertNotNull(ImageIO.read(pngs.getFirst().toFile()), "a readable PNG");
    }
}
