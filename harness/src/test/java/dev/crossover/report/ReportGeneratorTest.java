package dev.crossover.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crossover.analysis.Analysis;
import dev.crossover.analysis.CrossoverFinding;
import dev.crossover.analysis.Crossing;
import dev.crossover.results.RunData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A report drawn from the recorded 2-core run (src/test/resources/fixtures/run-2core, JMH 1.37 JSON with rawData). */
class ReportGeneratorTest {

    @TempDir
    static Path out;
    static Analysis analysis;
    static ReportGenerator.Written written;

    @BeforeAll
    static void draw() throws Exception {
        analysis = Analysis.of(RunData.load(List.of(Path.of("src/test/resources/fixtures/run-2core"))));
        written = ReportGenerator.write(analysis, out);
    }

    @Test
    void theForksVirtualThreadSchedulerIsStatedUnderTheMachineWhenTheMetadataHasIt() throws Exception {
        String md = Files.readString(written.markdown());
        assertFalse(md.contains("**Virtual threads:**"), "the fixture's metadata has no virtualThreadScheduler");
        Path run = Files.createDirectories(out.resolve("with-scheduler"));
        try (var files = Files.list(Path.of("src/test/resources/fixtures/run-2core"))) {
            for (Path f : files.toList()) {
                Files.copy(f, run.resolve(f.getFileName()));
            }
        }
        ObjectMapper json = new ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode meta = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(
                run.resolve("metadata.json").toFile());
        meta.putObject("virtualThreadScheduler").put("parallelism", 2).put("maxPoolSize", 256).put("minRunnable", 1)
                .put("source", "default: the JVM's available processors (2)");
        json.writeValue(run.resolve("metadata.json").toFile(), meta);
        ReportGenerator.Written w = ReportGenerator.write(Analysis.of(RunData.load(List.of(run))), out.resolve("with-scheduler-report"));
        assertTrue(Files.readString(w.markdown()).contains("**Virtual threads:** the forks' scheduler runs them on 2 carrier thread(s) "
                + "(default: the JVM's available processors (2)), at most 256 while carriers are blocked."));
    }

    @Test
    void markdownOpensWithTheAnswersThenCrossoversClaimsAndEveryNumber() throws Exception {
        String md = Files.readString(written.markdown());
        assertTrue(md.startsWith("# Crossover report\n"), md.substring(0, 80));
        assertTrue(md.contains("**Machine:** AMD EPYC 7B13 (fixture), 2 cores (availableProcessors), Linux 6.1.0-26-amd64 (amd64), JDK 25.0.1 (Eclipse Adoptium)."), md.substring(0, 400));
        int answers = md.indexOf("## What to use: the decision map");
        int crossovers = md.indexOf("## Crossovers");
        int claims = md.indexOf("## Claims");
        int numbers = md.indexOf("## Every number");
        assertTrue(0 < answers && answers < crossovers && crossovers < claims && claims < numbers, "section order");
        // the I/O answer at 10,000 concurrent requests: virtual threads, clearly ahead of a thread per task
        assertTrue(md.contains("| I/O-bound, 100 ms wait per request | 10000 | **a virtual thread per request** |"), md);
        // machine, noise and the decision map with its chart fit one screen
        List<String> head = md.lines().toList().subList(0, md.lines().toList().indexOf("## Crossovers"));
        assertTrue(head.size() <= 40, head.size() + " lines before the crossovers:\n" + String.join("\n", head));
        assertTrue(head.stream().anyMatch(l -> l.startsWith("![Decision map")), "the map chart is in the head");
        // every result appears in the table of every number, with its key params
        long rows = md.lines().filter(l -> l.startsWith("| ") && l.contains(" | thrpt |") || l.contains(" | avgt |")
                || l.contains(" | ss |") || l.contains(" | sample |")).count();
        assertTrue(rows >= analysis.data().results().size(), rows + " rows for " + analysis.data().results().size() + " results");
    }

    @Test
    void everyChartTheMarkdownLinksIsAReadablePng() throws Exception {
        String md = Files.readString(written.markdown());
        Matcher m = Pattern.compile("!\\[[^\\]]*\\]\\(charts/([^)]+\\.png)\\)").matcher(md);
        int n = 0;
        while (m.find()) {
            Path png = out.resolve("charts").resolve(m.group(1));
            BufferedImage img = ImageIO.read(png.toFile());
            assertNotNull(img, png + " is not a PNG");
            assertEquals(Charts.WIDTH, img.getWidth());
            n++;
        }
        assertEquals(written.charts().size(), n);
        for (String x : List.of("x1-pool-size.png", "x2-task-size.png", "x3-io-concurrency.png", "x4-mixed-wait-fraction.png",
                "x5-map-chunk-size.png", "x6-cold-start.png")) {
            assertTrue(Files.isRegularFile(out.resolve("charts").resolve(x)), x);
        }
    }

    @Test
    void htmlIsOneSelfContainedFile() throws Exception {
        String html = Files.readString(written.html());
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertFalse(html.contains("src=\"charts/"), "charts must be embedded, not linked");
        assertEquals(written.charts().size(), html.split("src=\"data:image/png;base64,", -1).length - 1);
        assertFalse(html.contains("<script"));
    }

    @Test
    void summaryJsonCarriesFormatVersionDecisionMapCrossoversAndVerdicts() throws Exception {
        JsonNode s = new ObjectMapper().readTree(written.summary().toFile());
        assertEquals(2, s.get("formatVersion").asInt());
        assertEquals(2, s.path("machine").path("cores").asInt());
        JsonNode axes = s.path("decisionMap").path("axes");
        assertEquals(List.of("CPU-bound", "I/O-bound", "mixed"), java.util.stream.StreamSupport.stream(axes.spliterator(), false)
                .map(a -> a.get("shape").asText()).toList());
        assertEquals(0.02, s.path("decisionMap").path("tieThreshold").asDouble());
        for (JsonNode ax : axes) {
            for (JsonNode r : ax.get("regions")) {
                assertTrue(List.of("ahead", "tie", "unresolved").contains(r.get("outcome").asText()), r.toString());
                assertFalse(r.get("use").isEmpty(), r.toString());
                JsonNode cost = r.get("use").get(0).get("cost");
                assertTrue(cost.has("cpuSource") && cost.has("memoryMb"), cost.toString());
            }
        }
        dev.crossover.claims.ClaimsCatalog catalog = dev.crossover.claims.ClaimsCatalog.bundled();
        assertEquals(catalog.crossoverIds().size(), s.get("crossovers").size());
        assertEquals(catalog.claimIds().size(), s.get("verdicts").size());
        for (JsonNode v : s.get("verdicts")) {
            assertTrue(java.util.Arrays.stream(dev.crossover.claims.VerdictKind.values()).map(dev.crossover.claims.VerdictKind::word).toList()
                    .contains(v.get("verdict").asText()), v.toString());
            // a claim whose benchmark in the fixture predates the methods its rule reads is not measured, and says so
            boolean notMeasured = v.path("gist").asText().equals("not measured in this run");
            if (!v.get("id").asText().equals("C9") && !v.get("servedBy").isEmpty() && !notMeasured) {
                assertFalse(v.get("evidence").isEmpty(), v.get("id") + " has no evidence");
                JsonNode e = v.get("evidence").get(0);
                assertTrue(e.has("key") && e.has("score") && e.has("error") && e.has("unit"), e.toString());
            }
        }
    }

    @Test
    void theRecordedRunsCrossoversLieWhereTheModelBehindTheFixturePutThem() {
        // the fixture was generated from a model: a pipe pool costs 25 µs per task and a thread pool 1.5 µs, so the pipe
        // pool reaches 90% of threads near 250 units, between the measured 100 and 1000
        CrossoverFinding x2 = analysis.crossovers().get("X2");
        Crossing pipe90 = x2.results().getFirst().crossings().getFirst();
        assertEquals("PROCESS_PIPE", pipe90.leaderAfter());
        assertEquals(100, pipe90.bracketLo());
        assertEquals(1000, pipe90.bracketHi());
        // a cold pool pays 120 ms to start and halves the work: it wins near 300,000 units, between 1e5 and 1e6
        Crossing cold = analysis.crossovers().get("X6").results().getFirst().crossings().getFirst();
        assertEquals(100000, cold.bracketLo());
        assertEquals(1000000, cold.bracketHi());
        assertTrue(analysis.crossovers().get("X1").summary().contains("THREADS 2"), analysis.crossovers().get("X1").summary());
        assertFalse(x2.refine().isEmpty(), "a crossing between grid points proposes extra points");
        // the benchmark classes are not on this class path: claims were tied through the run's serves.json
        assertEquals("serves.json", analysis.serves().source().get("RoundTripBench"));
    }

    @Test
    void theX2ChartShowsTheProcessToThreadRatioAgainstThe90And95PercentLines() {
        var chart = analysis.crossovers().get("X2").chart();
        assertEquals(List.of(0.90, 0.95), chart.hLines());
        assertEquals(List.of("PROCESS_PIPE ÷ THREADS", "PROCESS_SHM ÷ THREADS"), chart.curves().stream().map(c -> c.label()).toList());
        // a ratio, not a throughput: the process pool never does more than the thread pool by much in the model
        chart.curves().forEach(c -> c.points().forEach(p -> assertTrue(p.y() > 0 && p.y() < 1.5, c.label() + " " + p)));
    }

    @Test
    void eventCountersAreShownPerIterationNotAsJmhsSumOverIterations() throws Exception {
        String md = Files.readString(written.markdown());
        // poolRssMb is about 60 MiB per iteration in the fixture; JMH's score is the sum over 9 iterations (~540)
        String row = md.lines().filter(l -> l.startsWith("| CpuBoundBench.poolSweep |") && l.contains("poolRssMb")).findFirst().orElseThrow();
        assertTrue(row.matches(".*poolRssMb (59|60|61)(\\.[0-9]+)? ± [^;|]+ per iteration.*"), row);
    }

    @Test
    void summaryJsonAndHtmlCarryEveryWarningTheMarkdownCarriesTheNoiseWarningIncluded(@TempDir Path tmp) throws Exception {
        Path run = tmp.resolve("noisy-run");
        Files.createDirectories(run);
        try (var files = Files.list(Path.of("src/test/resources/fixtures/run-2core"))) {
            for (Path f : files.toList()) {
                Files.copy(f, run.resolve(f.getFileName()));
            }
        }
        String noise = "load average 3.9 at the start on 2 cores: other work was running; rerun on a quiet machine";
        String meta = Files.readString(run.resolve("metadata.json")).replace("\"warning\": null", "\"warning\": \"" + noise + "\"");
        Files.writeString(run.resolve("metadata.json"), meta.replaceFirst("\\{", "{\"failures\": [{\"group\": \"lock\", "
                + "\"error\": \"LockBench.fileLock: No locks available\"}],"));
        Analysis a = Analysis.of(RunData.load(List.of(run)));
        ReportGenerator.Written w = ReportGenerator.write(a, run.resolve("report"));
        String md = Files.readString(w.markdown());
        String html = Files.readString(w.html());
        JsonNode summary = new ObjectMapper().readTree(w.summary().toFile());
        List<String> warnings = new java.util.ArrayList<>();
        summary.get("warnings").forEach(x -> warnings.add(x.asText()));
        assertTrue(md.contains("**Noise warning:** " + noise), md.substring(0, 1200));
        assertTrue(warnings.stream().anyMatch(x -> x.contains(noise)), warnings.toString());
        assertTrue(warnings.stream().anyMatch(x -> x.contains("lock: LockBench.fileLock: No locks available")), warnings.toString());
        assertEquals(noise, summary.path("machine").path("noiseWarning").asText());
        // the HTML is the Markdown rendered: the same warnings, in its head
        assertTrue(html.contains("<strong>Noise warning:</strong> " + noise), html.substring(0, 3000));
        assertTrue(html.contains("lock: LockBench.fileLock: No locks available"));
        for (String x : a.data().warnings()) {
            assertTrue(md.contains(x) && warnings.contains(x), x);
        }
    }

    @Test
    void theHtmlIsRenderedByAMarkdownLibraryWithTablesLinksAndAnchors() throws Exception {
        String html = Files.readString(written.html());
        assertTrue(html.contains("<table>") && html.contains("<th>load</th>"), "GFM tables become HTML tables");
        assertTrue(html.contains("<h3 id=\"x2\">"), "headings keep the anchors the report links to");
        assertTrue(html.contains("<a href=\"#x2\">X2</a>"));
        assertTrue(html.contains("<code>crossover advise --compute 200us --wait 5ms</code>"));
        assertFalse(html.contains("**") || html.contains("](#"), "no Markdown left unrendered");
    }
}
